// The weights of Keras models nested as layers (see keras_nested_weights.h).
#include "core/io/keras_nested_weights.h"

#include "core/base/errors.h"

#include <map>
#include <set>

namespace bdl::core::keras_detail {

namespace {

/// Where one weight of the nested model's group goes: a layer and its Model::weightNames index.
struct Slot {
    std::string layer;
    size_t index = 0;
};

/// A weighted layer of the nested model and its Keras weight names ("kernel:0", ...).
struct Wanted {
    const KerasNestedModel::Layer* layer = nullptr;
    std::vector<std::string> names;
};

std::vector<Wanted> wantedLayers(const KerasNestedModel& nested, const Model& model) {
    std::vector<Wanted> out;
    for (const auto& l : nested.layers) {
        if (!model.spec().find(l.name))
            continue; // taken out of the graph (a per-channel Rescaling read as normalisation)
        auto names = model.weightNames(l.name);
        if (!names.empty())
            out.push_back({&l, std::move(names)});
    }
    return out;
}

/// "kernel:0" -> "kernel" (TensorFlow's output index is not part of the weight's identity).
std::string bare(const std::string& name) {
    const size_t colon = name.rfind(':');
    if (colon == std::string::npos || colon + 1 == name.size() ||
        name.find_first_not_of("0123456789", colon + 1) != std::string::npos)
        return name;
    return name.substr(0, colon);
}

/// Maps each file name "<...>/<inner layer>/<weight>" onto the first layer of that Keras name
/// still missing that weight; false when one does not match.
bool slotsByName(const std::vector<Wanted>& wanted, const std::vector<std::string>& fileNames,
                 std::vector<Slot>* out) {
    std::map<std::string, std::vector<size_t>> byKerasName; // a name may repeat across depths
    for (size_t w = 0; w < wanted.size(); ++w)
        byKerasName[wanted[w].layer->kerasName].push_back(w);
    std::set<std::pair<size_t, size_t>> filled; // (wanted index, weight index)
    for (const auto& file : fileNames) {
        const size_t slash = file.rfind('/');
        if (slash == std::string::npos)
            return false;
        const size_t before = file.rfind('/', slash == 0 ? 0 : slash - 1);
        const size_t start = before == std::string::npos || before >= slash ? 0 : before + 1;
        const std::string owner = file.substr(start, slash - start);
        const std::string weight = bare(file.substr(slash + 1));
        auto candidates = byKerasName.find(owner);
        if (candidates == byKerasName.end())
            return false;
        bool found = false;
        for (size_t w : candidates->second) {
            if (found)
                break;
            for (size_t i = 0; i < wanted[w].names.size() && !found; ++i) {
                if (bare(wanted[w].names[i]) == weight && filled.insert({w, i}).second) {
                    out->push_back({wanted[w].layer->name, i});
                    found = true;
                }
            }
        }
        if (!found)
            return false;
    }
    return true;
}

bool trainableWeight(const Wanted& w, size_t i) {
    const std::string b = bare(w.names[i]);
    return w.layer->trainable && b != "moving_mean" && b != "moving_variance";
}

/// Keras's legacy order: the trainable weights of all layers, then the non-trainable ones.
std::vector<Slot> slotsInKerasOrder(const std::vector<Wanted>& wanted) {
    std::vector<Slot> out;
    for (bool trainable : {true, false})
        for (const auto& w : wanted)
            for (size_t i = 0; i < w.names.size(); ++i)
                if (trainableWeight(w, i) == trainable)
                    out.push_back({w.layer->name, i});
    return out;
}

size_t weightCount(const std::vector<Wanted>& wanted) {
    size_t n = 0;
    for (const auto& w : wanted)
        n += w.names.size();
    return n;
}

/// The slots of `fileNames`; throws when their count is not the layers' count.
std::vector<Slot> slotsFor(const KerasNestedModel& nested, const std::vector<Wanted>& wanted,
                           const std::vector<std::string>& fileNames, const std::string& path) {
    const size_t expected = weightCount(wanted);
    if (fileNames.size() != expected) {
        std::string layers;
        for (const auto& w : wanted)
            layers +=
                (layers.empty() ? "" : ", ") + w.layer->name + " " + std::to_string(w.names.size());
        throw Error(path, "nested model '" + nested.name + "': the file has " +
                              std::to_string(fileNames.size()) + " weights, its layers expect " +
                              std::to_string(expected) + " (" + layers + ")");
    }
    std::vector<Slot> slots;
    if (slotsByName(wanted, fileNames, &slots))
        return slots;
    return slotsInKerasOrder(wanted);
}

/// Prefixes a problem with the nested model unless it already names it.
Error inNested(const std::string& path, const KerasNestedModel& nested, const Error& e) {
    const std::string prefix = "nested model '" + nested.name + "'";
    const std::string& p = e.problem();
    return Error(path, p.find(prefix) == std::string::npos ? prefix + ": " + p : p);
}

} // namespace

const KerasNestedModel* findNested(const std::vector<KerasNestedModel>& nested,
                                   const std::string& layer) {
    for (const auto& n : nested)
        if (n.name == layer)
            return &n;
    return nullptr;
}

std::map<std::string, std::string> nestedOwners(const std::vector<KerasNestedModel>& nested) {
    std::map<std::string, std::string> out;
    for (const auto& n : nested)
        for (const auto& l : n.layers)
            out.emplace(l.name, n.name);
    return out;
}

std::vector<std::string> weightedGroups(const Model& model,
                                        const std::vector<KerasNestedModel>& nested) {
    const auto owners = nestedOwners(nested);
    std::vector<std::string> out;
    for (const auto& layer : model.weightedLayers())
        if (!owners.count(layer))
            out.push_back(layer);
    for (const auto& n : nested)
        if (!wantedLayers(n, model).empty())
            out.push_back(n.name);
    return out;
}

void loadNestedWeights(const Hdf5Reader& file, const std::string& group,
                       const KerasNestedModel& nested, const std::vector<std::string>& fileNames,
                       Model& model) {
    const auto wanted = wantedLayers(nested, model);
    const auto slots = slotsFor(nested, wanted, fileNames, file.path());
    std::map<std::string, std::vector<torch::Tensor>> tensors;
    for (const auto& w : wanted)
        tensors[w.layer->name].resize(w.names.size());
    try {
        for (size_t i = 0; i < fileNames.size(); ++i)
            tensors[slots[i].layer][slots[i].index] = file.readDataset(group + "/" + fileNames[i]);
        for (const auto& w : wanted)
            model.setKerasWeights(w.layer->name, tensors[w.layer->name]);
    } catch (const Error& e) {
        throw inNested(file.path(), nested, e);
    }
}

std::vector<std::string> nestedWeightNames(const KerasNestedModel& nested, const Model& model,
                                           const std::vector<std::string>* source) {
    const auto wanted = wantedLayers(nested, model);
    // Read back the way loadNestedWeights read them (by name, else in Keras's order).
    if (source && source->size() == weightCount(wanted))
        return *source;
    std::vector<std::string> out;
    for (const auto& slot : slotsInKerasOrder(wanted))
        for (const auto& w : wanted)
            if (w.layer->name == slot.layer)
                out.push_back(w.layer->kerasName + "/" + w.names[slot.index]);
    return out;
}

std::vector<torch::Tensor> nestedKerasWeights(const KerasNestedModel& nested, const Model& model,
                                              const std::vector<std::string>& names,
                                              const std::string& path) {
    const auto wanted = wantedLayers(nested, model);
    const auto slots = slotsFor(nested, wanted, names, path);
    std::map<std::string, std::vector<torch::Tensor>> weights;
    for (const auto& w : wanted)
        weights[w.layer->name] = model.kerasWeights(w.layer->name);
    std::vector<torch::Tensor> out;
    for (const auto& slot : slots)
        out.push_back(weights.at(slot.layer).at(slot.index));
    return out;
}

} // namespace bdl::core::keras_detail
