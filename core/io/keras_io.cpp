#include "core/io/keras_io.h"

#include "core/nn/architectures.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_config.h"
#include "core/io/keras_config_write.h"
#include "core/io/keras_nested_weights.h"

#include <algorithm>
#include <memory>
#include <set>

namespace bdl::core {

const char* modelFormatName(ModelFormat f) {
    switch (f) {
    case ModelFormat::WeightsOnly:
        return "weights-only";
    case ModelFormat::WholeModel:
        return "whole-model";
    case ModelFormat::TorchScript:
        return "torchscript";
    }
    return "?";
}

namespace {

const char* const kModelWeightsGroup = "/model_weights";
const char* const kTopLevelGroup = "top_level_model_weights";
const char* const kDefaultKerasVersion = "2.4.0";
const char* const kDefaultBackend = "tensorflow";

std::string child(const std::string& root, const std::string& name) {
    return (root == "/" ? std::string() : root) + "/" + name;
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

/// Builds a Model, re-labelling spec errors with the file they came from.
Model buildModel(ModelSpec spec, const std::string& path) {
    try {
        return Model(std::move(spec));
    } catch (const Error& e) {
        throw Error(path, e.problem());
    }
}

/// The layer_names of a weights root and each listed layer's weight_names.
void readLayout(const Hdf5Reader& file, const std::string& root, LoadedModel& out) {
    if (!file.hasAttribute(root, "layer_names"))
        throw Error(file.path(), "missing layer_names attribute at '" + root + "'");
    out.layerNames = file.readStringArrayAttribute(root, "layer_names");
    std::set<std::string> seen;
    for (const auto& layer : out.layerNames) {
        if (!seen.insert(layer).second)
            throw Error(file.path(), "layer '" + layer + "' listed twice in layer_names");
        const std::string group = child(root, layer);
        file.checkLinks(group); // a group linked from another file is refused, not "missing"
        if (!file.isGroup(group))
            throw Error(file.path(), "layer '" + layer + "': missing group '" + group + "'");
        if (!file.hasAttribute(group, "weight_names"))
            throw Error(file.path(), "layer '" + layer + "': missing weight_names attribute");
        out.weightNames[layer] = file.readStringArrayAttribute(group, "weight_names");
    }
}

/// The file's weighted layers must be exactly the model's weighted layers (a nested model's
/// weights count as one layer, the nested model).
void checkLayerMatch(const std::string& path, const Model& model, const LoadedModel& loaded,
                     const std::string& what, const std::vector<KerasNestedModel>& nested = {}) {
    std::set<std::string> inFile;
    for (const auto& [layer, names] : loaded.weightNames)
        if (!names.empty())
            inFile.insert(layer);
    std::vector<std::string> missing, unexpected;
    for (const auto& layer : keras_detail::weightedGroups(model, nested))
        if (!inFile.erase(layer))
            missing.push_back(layer);
    unexpected.assign(inFile.begin(), inFile.end());
    if (missing.empty() && unexpected.empty())
        return;
    std::string msg = "layers do not match " + what + ":";
    if (!missing.empty())
        msg += " missing layer(s) " + joinNames(missing) + ";";
    if (!unexpected.empty())
        msg += " unexpected layer(s) " + joinNames(unexpected) + ";";
    msg.pop_back();
    throw Error(path, msg);
}

void loadWeights(const Hdf5Reader& file, const std::string& root, LoadedModel& out,
                 const std::vector<KerasNestedModel>& nested = {}) {
    for (const auto& n : nested) {
        const auto names = out.weightNames.find(n.name);
        if (names != out.weightNames.end() && !names->second.empty())
            keras_detail::loadNestedWeights(file, child(root, n.name), n, names->second, out.model);
    }
    const auto owners = keras_detail::nestedOwners(nested);
    for (const auto& layer : out.model.weightedLayers()) {
        if (owners.count(layer))
            continue;
        const auto& fileNames = out.weightNames.at(layer);
        const auto expected = out.model.weightNames(layer);
        if (fileNames.size() != expected.size())
            throw Error(file.path(),
                        "layer '" + layer + "': the file has " + std::to_string(fileNames.size()) +
                            " weights, the model expects " + std::to_string(expected.size()) +
                            " (" + joinNames(expected) + ")");
        std::vector<torch::Tensor> tensors;
        try {
            for (const auto& name : fileNames)
                tensors.push_back(file.readDataset(child(child(root, layer), name)));
            out.model.setKerasWeights(layer, tensors);
        } catch (const Error& e) {
            const std::string& p = e.problem();
            throw Error(file.path(), p.find("'" + layer + "'") == std::string::npos
                                         ? "layer '" + layer + "': " + p
                                         : p);
        }
    }
}

/// Keeps the root's single-string attributes (keras_version, backend, model_config, ...) so a
/// save can reproduce them; string arrays (layer_names) are kept elsewhere.
void readRootAttributes(const Hdf5Reader& file, LoadedModel& out) {
    for (const auto& name : file.attributeNames("/")) {
        if (!file.isStringAttribute("/", name))
            continue;
        auto values = file.readStringArrayAttribute("/", name);
        if (values.size() == 1 && name != "layer_names")
            out.rootAttributes[name] = values.front();
    }
}

/// The input normalisation and channel masks a BackdoorLab-written model_config carries as
/// per-channel Rescaling layers (keras_config.h).
void applyFolded(Model& model, const KerasFoldedLayers& folded, const std::string& path) {
    try {
        if (!folded.inputScale.empty()) {
            InputNormalization norm; // x * s + o = (x - mean) / std
            for (size_t c = 0; c < folded.inputScale.size(); ++c) {
                norm.std.push_back(1.0 / folded.inputScale[c]);
                norm.mean.push_back(-folded.inputOffset[c] / folded.inputScale[c]);
            }
            model.setInputNormalization(norm);
        }
        for (const auto& [layer, mask] : folded.channelMasks) {
            if (int64_t(mask.size()) != model.outputShape(layer).channels())
                throw Error(path, "layer '" + layer + "': a channel mask of " +
                                      std::to_string(mask.size()) + " values for " +
                                      std::to_string(model.outputShape(layer).channels()) +
                                      " channels");
            std::vector<float> m(mask.begin(), mask.end());
            model.setChannelMask(layer, torch::tensor(m));
        }
    } catch (const Error& e) {
        throw Error(path, e.problem());
    }
}

LoadedModel loadWholeModel(const Hdf5Reader& file) {
    const std::string& path = file.path();
    KerasFoldedLayers folded;
    std::vector<KerasNestedModel> nested;
    ModelSpec spec = parseKerasModelConfig(file.readStringAttribute("/", "model_config"), path,
                                           &folded, &nested);
    const std::string name = spec.name;
    LoadedModel out{
        buildModel(std::move(spec), path), ModelFormat::WholeModel, path, name, {}, {}, {}, false};
    applyFolded(out.model, folded, path);
    file.checkLinks(kModelWeightsGroup);
    if (!file.isGroup(kModelWeightsGroup))
        throw Error(path, "whole-model file without a /model_weights group (missing weights)");
    readLayout(file, kModelWeightsGroup, out);
    out.topLevelWeightsGroup = file.isGroup(child(kModelWeightsGroup, kTopLevelGroup));
    checkLayerMatch(path, out.model, out, "its model_config", nested);
    loadWeights(file, kModelWeightsGroup, out, nested);
    return out;
}

LoadedModel loadWeightsOnly(const Hdf5Reader& file, const std::string& arch) {
    // Files this app writes name their architecture (Keras ignores the extra attribute).
    std::string name = arch;
    if (name.empty() && file.hasAttribute("/", kArchitectureAttribute) &&
        file.isStringAttribute("/", kArchitectureAttribute))
        name = file.readStringAttribute("/", kArchitectureAttribute);
    if (name.empty())
        name = kDefaultArchitecture;
    LoadedModel out{buildModel(architectureSpec(name), file.path()),
                    ModelFormat::WeightsOnly,
                    file.path(),
                    name,
                    {},
                    {},
                    {},
                    false};
    readLayout(file, "/", out);
    checkLayerMatch(file.path(), out.model, out, "architecture '" + name + "'");
    loadWeights(file, "/", out);
    return out;
}

/// The loader behind both entry points: the file and the memory image share every check.
LoadedModel loadFromReader(const Hdf5Reader& file, const std::string& arch) {
    LoadedModel out = [&] {
        if (file.hasAttribute("/", "model_config"))
            return loadWholeModel(file);
        if (file.hasAttribute("/", "layer_names"))
            return loadWeightsOnly(file, arch);
        throw Error(file.path(), "not a Keras model file (missing layer_names and model_config "
                                 "attributes)");
    }();
    readRootAttributes(file, out);
    return out;
}

} // namespace

LoadedModel loadKerasModel(const std::string& path, const std::string& arch) {
    const Hdf5Reader file(path);
    return loadFromReader(file, arch);
}

LoadedModel loadKerasModelFromImage(const std::string& bytes, const std::string& name,
                                    const std::string& arch) {
    const std::unique_ptr<Hdf5Reader> file = Hdf5Reader::fromImage(bytes, name);
    return loadFromReader(*file, arch);
}

// ---------------------------------------------------------------------------------------------
// Writing

namespace {

/// The layer order to write: the source file's layer_names when they are all layers of the model
/// (or its nested models) and include every weighted one (this keeps a file's own order and
/// omissions, e.g. the implicit input of a Keras 2.2 Sequential), else the spec's order, where a
/// nested model's layers are one entry, the nested model.
std::vector<std::string> layerOrder(const Model& model, const LoadedModel* from,
                                    const std::vector<KerasNestedModel>& nested) {
    std::vector<std::string> specOrder;
    std::set<std::string> listedNested;
    const auto owners = keras_detail::nestedOwners(nested);
    for (const auto& l : model.spec().layers) {
        auto owner = owners.find(l.name);
        if (owner == owners.end())
            specOrder.push_back(l.name);
        else if (listedNested.insert(owner->second).second)
            specOrder.push_back(owner->second);
    }
    if (!from || from->layerNames.empty())
        return specOrder;
    std::set<std::string> names(from->layerNames.begin(), from->layerNames.end());
    for (const auto& n : from->layerNames)
        if (!model.spec().find(n) && !keras_detail::findNested(nested, n))
            return specOrder;
    for (const auto& w : keras_detail::weightedGroups(model, nested))
        if (!names.count(w))
            return specOrder;
    return from->layerNames;
}

/// Weight names to write for a layer: the source file's spelling when it has the right count,
/// else Keras's "<layer>/<name>".
std::vector<std::string> weightNamesFor(const Model& model, const std::string& layer,
                                        const LoadedModel* from) {
    const auto names = model.weightNames(layer);
    if (from) {
        auto it = from->weightNames.find(layer);
        if (it != from->weightNames.end() && it->second.size() == names.size())
            return it->second;
    }
    std::vector<std::string> out;
    for (const auto& n : names)
        out.push_back(layer + "/" + n);
    return out;
}

void writeLayers(Hdf5Writer& w, const std::string& root, const Model& model,
                 const LoadedModel* from, Hdf5StringStorage storage,
                 const std::vector<KerasNestedModel>& nested = {}) {
    const auto order = layerOrder(model, from, nested);
    w.createGroup(root);
    w.writeStringArrayAttribute(root, "layer_names", order, storage);
    for (const auto& layer : order) {
        const std::string group = child(root, layer);
        w.createGroup(group);
        // A nested model keeps its weights in one group (keras_nested_weights.h).
        const KerasNestedModel* n = keras_detail::findNested(nested, layer);
        const std::vector<std::string>* source = nullptr;
        if (n && from && from->weightNames.count(layer))
            source = &from->weightNames.at(layer);
        const auto names = n ? keras_detail::nestedWeightNames(*n, model, source)
                             : weightNamesFor(model, layer, from);
        w.writeStringArrayAttribute(group, "weight_names", names, storage);
        if (names.empty())
            continue;
        const auto tensors = n ? keras_detail::nestedKerasWeights(*n, model, names, w.path())
                               : model.kerasWeights(layer);
        for (size_t i = 0; i < names.size(); ++i)
            w.writeDataset(child(group, names[i]), tensors[i].to(torch::kFloat32));
    }
}

/// A whole-model layout copies the source's model_config, so it must describe this model.
/// Returns the models nested in it, whose weights the layout groups per nested model.
std::vector<KerasNestedModel> checkSameArchitecture(const Model& model, const LoadedModel& from,
                                                    const std::string& path) {
    auto it = from.rootAttributes.find("model_config");
    if (it == from.rootAttributes.end())
        throw Error(path, "cannot write a whole model: the layout source " + from.source +
                              " has no model_config");
    std::vector<KerasNestedModel> nested;
    Model described =
        buildModel(parseKerasModelConfig(it->second, from.source, nullptr, &nested), from.source);
    bool same = described.weightedLayers() == model.weightedLayers();
    for (const auto& layer : model.weightedLayers()) {
        if (!same)
            break;
        same = described.kerasWeightShapes(layer) == model.kerasWeightShapes(layer);
    }
    if (!same)
        throw Error(path, "cannot write a whole model: the model does not match the "
                          "model_config of " +
                              from.source + " (different layers or shapes)");
    return nested;
}

std::string attributeOr(const LoadedModel* from, const std::string& key, const char* dflt) {
    if (from) {
        auto it = from->rootAttributes.find(key);
        if (it != from->rootAttributes.end())
            return it->second;
    }
    return dflt;
}

/// A copy of the model with its channel masks baked into the weights, so a pruned model is
/// saved pruned. Returns nullptr when no mask is set (nothing to copy).
std::unique_ptr<Model> bakedCopy(const Model& model) {
    for (const auto& l : model.spec().layers) {
        if (model.channelMask(l.name).defined()) {
            auto copy = std::make_unique<Model>(model);
            copy->bakeChannelMasks();
            return copy;
        }
    }
    return nullptr;
}

} // namespace

std::string kerasWeightsBytes(const Model& input, const std::string& path,
                              const LoadedModel* from) {
    auto baked = bakedCopy(input);
    const Model& model = baked ? *baked : input;
    if (from && from->format == ModelFormat::TorchScript) {
        // No model_config to copy: write the graph's Keras translation as a whole model.
        KerasTranslation keras = translateToKeras(model, path);
        LoadedModel layout{std::move(keras.model),
                           ModelFormat::WholeModel,
                           from->source,
                           model.spec().name,
                           {{"model_config", keras.modelConfig},
                            {"keras_version", kDefaultKerasVersion},
                            {"backend", kDefaultBackend}},
                           {},
                           {},
                           false};
        return kerasWeightsBytes(layout.model, path, &layout);
    }
    const bool whole = from && from->format == ModelFormat::WholeModel;
    std::vector<KerasNestedModel> nested;
    if (whole)
        nested = checkSameArchitecture(model, *from, path);
    const std::string version = attributeOr(from, "keras_version", kDefaultKerasVersion);
    const std::string backend = attributeOr(from, "backend", kDefaultBackend);
    Hdf5Writer w(path);
    if (!whole) {
        w.writeStringAttribute("/", "backend", backend);
        w.writeStringAttribute("/", "keras_version", version);
        // A non-default csaw-badnet variant records its sizes, which the weights cannot tell;
        // files of the default architecture keep exactly the Keras layout.
        const std::string& arch = model.spec().name;
        if (arch != kDefaultArchitecture && arch.rfind("csaw-badnet", 0) == 0)
            w.writeStringAttribute("/", kArchitectureAttribute, arch);
        // Keras 2.2-2.4 (h5py 2) wrote names as fixed-length byte strings.
        writeLayers(w, "/", model, from, Hdf5StringStorage::Fixed);
    } else {
        for (const auto& [key, value] : from->rootAttributes)
            w.writeStringAttribute("/", key, value);
        // Keras >= 2.5 (h5py 3) writes variable-length UTF-8 names.
        writeLayers(w, kModelWeightsGroup, model, from, Hdf5StringStorage::Variable, nested);
        w.writeStringAttribute(kModelWeightsGroup, "backend", backend);
        w.writeStringAttribute(kModelWeightsGroup, "keras_version", version);
        if (from->topLevelWeightsGroup) {
            const std::string top = child(kModelWeightsGroup, kTopLevelGroup);
            w.createGroup(top);
            w.writeStringArrayAttribute(top, "weight_names", {});
        }
    }
    return w.takeBytes();
}

void saveKerasWeights(const Model& model, const std::string& path, const LoadedModel* from) {
    writeFileAtomically(path, kerasWeightsBytes(model, path, from));
}

} // namespace bdl::core
