#include "core/io/keras_io.h"

#include "core/nn/architectures.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file.h"
#include "core/io/keras_config.h"

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

/// The file's weighted layers must be exactly the model's weighted layers.
void checkLayerMatch(const std::string& path, const Model& model, const LoadedModel& loaded,
                     const std::string& what) {
    std::set<std::string> inFile;
    for (const auto& [layer, names] : loaded.weightNames)
        if (!names.empty())
            inFile.insert(layer);
    std::vector<std::string> missing, unexpected;
    for (const auto& layer : model.weightedLayers())
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

void loadWeights(const Hdf5Reader& file, const std::string& root, LoadedModel& out) {
    for (const auto& layer : out.model.weightedLayers()) {
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

LoadedModel loadWholeModel(const Hdf5Reader& file) {
    const std::string& path = file.path();
    ModelSpec spec = parseKerasModelConfig(file.readStringAttribute("/", "model_config"), path);
    const std::string name = spec.name;
    LoadedModel out{
        buildModel(std::move(spec), path), ModelFormat::WholeModel, path, name, {}, {}, {}, false};
    file.checkLinks(kModelWeightsGroup);
    if (!file.isGroup(kModelWeightsGroup))
        throw Error(path, "whole-model file without a /model_weights group (missing weights)");
    readLayout(file, kModelWeightsGroup, out);
    out.topLevelWeightsGroup = file.isGroup(child(kModelWeightsGroup, kTopLevelGroup));
    checkLayerMatch(path, out.model, out, "its model_config");
    loadWeights(file, kModelWeightsGroup, out);
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
/// and include every weighted one (this keeps a file's own order and omissions, e.g. the
/// implicit input of a Keras 2.2 Sequential), else the spec's order.
std::vector<std::string> layerOrder(const Model& model, const LoadedModel* from) {
    std::vector<std::string> specOrder;
    for (const auto& l : model.spec().layers)
        specOrder.push_back(l.name);
    if (!from || from->layerNames.empty())
        return specOrder;
    std::set<std::string> names(from->layerNames.begin(), from->layerNames.end());
    for (const auto& n : from->layerNames)
        if (!model.spec().find(n))
            return specOrder;
    for (const auto& w : model.weightedLayers())
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
                 const LoadedModel* from, Hdf5StringStorage storage) {
    const auto order = layerOrder(model, from);
    w.createGroup(root);
    w.writeStringArrayAttribute(root, "layer_names", order, storage);
    for (const auto& layer : order) {
        const std::string group = child(root, layer);
        w.createGroup(group);
        const auto names = weightNamesFor(model, layer, from);
        w.writeStringArrayAttribute(group, "weight_names", names, storage);
        if (names.empty())
            continue;
        const auto tensors = model.kerasWeights(layer);
        for (size_t i = 0; i < names.size(); ++i)
            w.writeDataset(child(group, names[i]), tensors[i].to(torch::kFloat32));
    }
}

/// A whole-model layout copies the source's model_config, so it must describe this model.
void checkSameArchitecture(const Model& model, const LoadedModel& from, const std::string& path) {
    auto it = from.rootAttributes.find("model_config");
    if (it == from.rootAttributes.end())
        throw Error(path, "cannot write a whole model: the layout source " + from.source +
                              " has no model_config");
    Model described = buildModel(parseKerasModelConfig(it->second, from.source), from.source);
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
    if (from && from->format == ModelFormat::TorchScript)
        throw Error(path, "a model read from TorchScript (" + from->source +
                              ") cannot be written as a Keras .h5 file yet: its graph has no "
                              "Keras model_config to go with the weights. Export it as "
                              "TorchScript instead (--torchscript FILE.pt, or File > Export > "
                              "TorchScript)");
    auto baked = bakedCopy(input);
    const Model& model = baked ? *baked : input;
    const bool whole = from && from->format == ModelFormat::WholeModel;
    if (whole)
        checkSameArchitecture(model, *from, path);
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
        writeLayers(w, kModelWeightsGroup, model, from, Hdf5StringStorage::Variable);
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
