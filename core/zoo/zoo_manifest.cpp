// manifest.json of a zoo: writing and strict reading.
#include "core/base/errors.h"
#include "core/zoo/zoo.h"

#include <nlohmann/json.hpp>

namespace bdl::core {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "backdoorlab-zoo";

Json configJson(const ZooConfig& c) {
    return {{"source", c.source},
            {"seed", c.seed},
            {"train_images", c.trainImages},
            {"validation_images", c.validationImages},
            {"test_images", c.testImages},
            {"epochs", c.epochs},
            {"lr", c.lr},
            {"batch_size", c.batchSize},
            {"poison_rate", c.poisonRate},
            {"blend_alpha", c.blendAlpha}};
}

/// Typed access that names the manifest and the field on failure.
class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}

    const Json& at(const Json& j, const char* key) const {
        if (!j.is_object() || !j.contains(key))
            fail(std::string("missing field '") + key + "'");
        return j.at(key);
    }
    template <typename T>
    T get(const Json& j, const char* key) const {
        const Json& v = at(j, key);
        try {
            return v.get<T>();
        } catch (const nlohmann::json::exception&) {
            fail(std::string("field '") + key + "' has the wrong type");
        }
    }
    const Json& array(const Json& j, const char* key) const {
        const Json& v = at(j, key);
        if (!v.is_array())
            fail(std::string("field '") + key + "' is not a list");
        return v;
    }
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(m_source, "not a valid zoo manifest: " + problem);
    }

private:
    std::string m_source;
};

} // namespace

bool ZooConfig::operator==(const ZooConfig& o) const {
    return source == o.source && seed == o.seed && trainImages == o.trainImages &&
           validationImages == o.validationImages && testImages == o.testImages &&
           epochs == o.epochs && lr == o.lr && batchSize == o.batchSize &&
           poisonRate == o.poisonRate && blendAlpha == o.blendAlpha;
}

const ZooModel* ZooManifest::model(const std::string& id) const {
    for (const auto& x : models)
        if (x.id == id)
            return &x;
    return nullptr;
}

const ZooDataFile* ZooManifest::dataFile(const std::string& id) const {
    for (const auto& x : data)
        if (x.id == id)
            return &x;
    return nullptr;
}

const ZooTrigger* ZooManifest::trigger(const std::string& name) const {
    for (const auto& x : triggers)
        if (x.name == name)
            return &x;
    return nullptr;
}

std::string zooManifestJson(const ZooManifest& m) {
    Json j;
    j["format"] = kFormat;
    j["version"] = m.version;
    j["created"] = m.created;
    j["architecture"] = m.architecture;
    j["input_scale"] = m.inputScale;
    j["classes"] = m.classNames;
    j["seed"] = m.config.seed;
    j["config"] = configJson(m.config);
    j["threads"] = m.threads;
    j["build_seconds"] = m.buildSeconds;
    Json triggers = Json::array();
    for (const auto& t : m.triggers)
        triggers.push_back({{"name", t.name},
                            {"description", t.description},
                            {"target", t.target},
                            {"data", t.dataId}});
    j["triggers"] = triggers;
    Json data = Json::array();
    for (const auto& d : m.data) {
        Json e = {{"id", d.id}, {"file", d.file}, {"role", d.role}, {"use", d.use}};
        if (d.role == "poisoned") {
            e["trigger"] = d.trigger;
            e["target"] = d.target;
        }
        e["images"] = d.images;
        e["bytes"] = d.bytes;
        e["crc32"] = d.crc32;
        data.push_back(e);
    }
    j["data"] = data;
    Json models = Json::array();
    for (const auto& x : m.models) {
        Json asr = Json::object();
        for (const auto& [k, v] : x.asr)
            asr[k] = v;
        models.push_back({{"id", x.id},
                          {"file", x.file},
                          {"title", x.title},
                          {"description", x.description},
                          {"triggers", x.triggers},
                          {"poisoned_train_images", x.poisonedTrainImages},
                          {"train_seconds", x.trainSeconds},
                          {"epoch_loss", x.epochLoss},
                          {"test", {{"cca", x.cca}, {"asr", asr}}},
                          {"bytes", x.bytes},
                          {"crc32", x.crc32}});
    }
    j["models"] = models;
    return j.dump(2) + "\n";
}

ZooManifest parseZooManifest(const std::string& text, const std::string& source) {
    const Reader r(source);
    Json j;
    try {
        j = Json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        r.fail(std::string("malformed JSON (") + e.what() + ")");
    }
    if (!j.is_object() || r.get<std::string>(j, "format") != kFormat)
        r.fail(std::string("the format is not '") + kFormat + "'");
    ZooManifest m;
    m.version = r.get<int>(j, "version");
    if (m.version != kZooVersion)
        return m; // the caller rebuilds; the rest may follow another schema
    m.created = r.get<std::string>(j, "created");
    m.architecture = r.get<std::string>(j, "architecture");
    m.inputScale = r.get<std::string>(j, "input_scale");
    m.classNames = r.get<std::vector<std::string>>(j, "classes");
    const Json& c = r.at(j, "config");
    m.config.source = r.get<std::string>(c, "source");
    m.config.seed = r.get<uint64_t>(c, "seed");
    m.config.trainImages = r.get<int64_t>(c, "train_images");
    m.config.validationImages = r.get<int64_t>(c, "validation_images");
    m.config.testImages = r.get<int64_t>(c, "test_images");
    m.config.epochs = r.get<int>(c, "epochs");
    m.config.lr = r.get<double>(c, "lr");
    m.config.batchSize = r.get<int64_t>(c, "batch_size");
    m.config.poisonRate = r.get<double>(c, "poison_rate");
    m.config.blendAlpha = r.get<double>(c, "blend_alpha");
    m.threads = r.get<int>(j, "threads");
    m.buildSeconds = r.get<double>(j, "build_seconds");
    for (const auto& t : r.array(j, "triggers"))
        m.triggers.push_back({r.get<std::string>(t, "name"), r.get<std::string>(t, "description"),
                              r.get<int64_t>(t, "target"), r.get<std::string>(t, "data")});
    for (const auto& e : r.array(j, "data")) {
        ZooDataFile d;
        d.id = r.get<std::string>(e, "id");
        d.file = r.get<std::string>(e, "file");
        d.role = r.get<std::string>(e, "role");
        d.use = r.get<std::string>(e, "use");
        if (d.role == "poisoned") {
            d.trigger = r.get<std::string>(e, "trigger");
            d.target = r.get<int64_t>(e, "target");
        } else if (d.role != "clean") {
            r.fail("data '" + d.id + "' has an unknown role '" + d.role + "'");
        }
        d.images = r.get<int64_t>(e, "images");
        d.bytes = r.get<uint64_t>(e, "bytes");
        d.crc32 = r.get<uint32_t>(e, "crc32");
        m.data.push_back(d);
    }
    for (const auto& e : r.array(j, "models")) {
        ZooModel x;
        x.id = r.get<std::string>(e, "id");
        x.file = r.get<std::string>(e, "file");
        x.title = r.get<std::string>(e, "title");
        x.description = r.get<std::string>(e, "description");
        x.triggers = r.get<std::vector<std::string>>(e, "triggers");
        x.poisonedTrainImages = r.get<int64_t>(e, "poisoned_train_images");
        x.trainSeconds = r.get<double>(e, "train_seconds");
        x.epochLoss = r.get<std::vector<double>>(e, "epoch_loss");
        const Json& test = r.at(e, "test");
        x.cca = r.get<double>(test, "cca");
        x.asr = r.get<std::map<std::string, double>>(test, "asr");
        x.bytes = r.get<uint64_t>(e, "bytes");
        x.crc32 = r.get<uint32_t>(e, "crc32");
        m.models.push_back(std::move(x));
    }
    // File names must stay inside the zoo folder, and references must resolve.
    auto plainName = [&](const std::string& f) {
        if (f.empty() || f.find('/') != std::string::npos || f == "." || f == ".." ||
            f.front() == '.')
            r.fail("file name '" + f + "' is not a plain file name");
    };
    for (const auto& d : m.data)
        plainName(d.file);
    for (const auto& x : m.models) {
        plainName(x.file);
        for (const auto& t : x.triggers)
            if (!m.trigger(t))
                r.fail("model '" + x.id + "' names an unknown trigger '" + t + "'");
    }
    for (const auto& t : m.triggers)
        if (!m.dataFile(t.dataId))
            r.fail("trigger '" + t.name + "' names unknown data '" + t.dataId + "'");
    return m;
}

} // namespace bdl::core
