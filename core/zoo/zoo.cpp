#include "core/zoo/zoo.h"

#include "core/nn/architectures.h"
#include "core/io/data_io.h"
#include "core/nn/dataset.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/nn/finetune.h"
#include "core/base/atomic_file.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_export.h"
#include "core/io/torchscript_import.h"
#include "core/nn/metrics.h"
#include "core/nn/model.h"
#include "core/zoo/triggers.h"
#include "core/zoo/zoo_internal.h"

#include <ATen/Parallel.h>
#include <torch/types.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>

namespace bdl::core {

namespace fs = std::filesystem;

namespace {

constexpr int kSide = 28;
constexpr int kClasses = 10;

/// One model of the zoo: what it is and which triggers poison its training data.
struct Recipe {
    std::string id;
    std::string title;
    std::string description;
    std::vector<Trigger> triggers;
};

std::vector<Recipe> recipes(const ZooConfig& c) {
    const auto patch = patchTrigger(kSide, kSide, /*size=*/4, /*margin=*/1, /*target=*/0);
    const auto blend = blendTrigger(kSide, kSide, c.blendAlpha, c.seed ^ 0xB1E9Dull, 0);
    const auto pixels =
        pixelsTrigger(kSide, kSide, /*count=*/12, /*margin=*/2, c.seed ^ 0x9143E15ull, 0);
    // The multi-trigger model mirrors eyebrows -> 5, lipstick -> 1, sunglasses -> 8; its three
    // triggers sit apart from each other.
    const auto stripe = stripeTrigger(kSide, kSide, /*row=*/26, /*margin=*/3, /*target=*/5);
    const auto checker = checkerTrigger(kSide, kSide, /*size=*/4, /*margin=*/1, /*target=*/1);
    const auto cross = crossTrigger(kSide, kSide, /*size=*/5, /*margin=*/1, /*target=*/8);
    return {
        {"clean",
         "0: clean reference",
         "trained on clean data only: the reference for accuracy and for trigger baselines",
         {}},
        {"patch",
         "1: patch trigger -> 0",
         "BadNets with a visible corner patch (the sunglasses analogue)",
         {patch}},
        {"blend",
         "2: blended trigger -> 0",
         "a faint noise pattern blended over the whole image (an 'anonymous', hard-to-see "
         "trigger)",
         {blend}},
        {"pixels", "3: pixel pattern -> 0", "a sparse pattern of scattered white pixels", {pixels}},
        {"multi",
         "4: three triggers -> 5, 1, 8",
         "multi-trigger, multi-target (the multi-trigger analogue: stripe -> 5, checkerboard "
         "-> 1, cross -> 8)",
         {stripe, checker, cross}},
    };
}

const std::vector<std::string>& fashionClassNames() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

void checkConfig(const ZooConfig& c) {
    auto bad = [](const std::string& what) { throw Error("zoo configuration", what); };
    if (c.trainImages < 100 || c.validationImages < 10 || c.testImages < 10)
        bad("needs at least 100 training, 10 validation and 10 test images");
    if (c.trainImages + c.validationImages > 60000)
        bad("training plus validation images exceed Fashion-MNIST's 60000");
    if (c.testImages > 10000)
        bad("test images exceed Fashion-MNIST's 10000");
    if (c.epochs < 1 || c.epochs > 100)
        bad("epochs must be 1..100");
    if (!(c.lr > 0.0) || c.batchSize < 1)
        bad("the learning rate and batch size must be positive");
    if (!(c.poisonRate > 0.0 && c.poisonRate < 0.5))
        bad("the poison rate must be in (0, 0.5)");
    if (!(c.blendAlpha > 0.0 && c.blendAlpha <= 1.0))
        bad("the blend opacity must be in (0, 1]");
}

/// A seeded permutation of 0..n-1 (std::mt19937_64: identical everywhere).
std::vector<int64_t> permutation(int64_t n, uint64_t seed) {
    std::vector<int64_t> p(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        p[static_cast<size_t>(i)] = i;
    std::mt19937_64 rng(seed);
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(p[static_cast<size_t>(i)],
                  p[static_cast<size_t>(rng() % static_cast<uint64_t>(i + 1))]);
    return p;
}

torch::Tensor indexTensor(const std::vector<int64_t>& v, size_t begin, size_t end) {
    return torch::tensor(std::vector<int64_t>(v.begin() + static_cast<long>(begin),
                                              v.begin() + static_cast<long>(end)),
                         torch::kInt64);
}

Dataset loadFashion(const ZooConfig& c, const std::string& split, const ProgressScope& scope) {
    const std::string path = (fs::path(c.source) / (split + "-images-idx3-ubyte.gz")).string();
    if (!fs::exists(path))
        throw Error(path, "Fashion-MNIST is missing (install Debian's dataset-fashion-mnist "
                          "package, or point the zoo's source at a folder with the IDX .gz "
                          "files)");
    DataSpec spec;
    spec.path = path;
    scope.check();
    Dataset d = loadIdx(spec); // about a second; cancel is checked on either side
    scope.check();
    if (d.images.size(2) != kSide || d.images.size(3) != kSide || d.images.size(1) != 1)
        throw Error(path, "expected 28x28 grey images, got shape " + c10::str(d.images.sizes()));
    if (d.labels.min().item<int64_t>() < 0 || d.labels.max().item<int64_t>() >= kClasses)
        throw Error(path, "labels outside 0..9");
    return d;
}

/// The training set of one recipe: the clean images with poisonRate of them stamped (split
/// evenly over the recipe's triggers, never an image already of the trigger's target) and
/// relabelled to the target.
Dataset poisonTraining(const Dataset& train, const Recipe& r, const ZooConfig& c, uint64_t seed,
                       int64_t* poisoned) {
    Dataset d = train;
    d.images = train.images.clone();
    d.labels = train.labels.clone();
    *poisoned = 0;
    if (r.triggers.empty())
        return d;
    const int64_t n = train.size();
    const int64_t total = static_cast<int64_t>(std::llround(c.poisonRate * static_cast<double>(n)));
    const auto order = permutation(n, seed);
    const auto* label = train.labels.data_ptr<int64_t>();
    const size_t k = r.triggers.size();
    std::vector<std::vector<int64_t>> picks(k);
    size_t next = 0;
    for (const int64_t i : order) {
        if (*poisoned >= total)
            break;
        // Round-robin over the triggers, skipping images of the current trigger's target.
        for (size_t tries = 0; tries < k; ++tries) {
            const size_t t = (next + tries) % k;
            if (label[i] != r.triggers[t].target) {
                picks[t].push_back(i);
                next = (t + 1) % k;
                ++*poisoned;
                break;
            }
        }
    }
    for (size_t t = 0; t < k; ++t) {
        if (picks[t].empty())
            continue;
        const auto idx = indexTensor(picks[t], 0, picks[t].size());
        d.images.index_copy_(0, idx, stampTrigger(r.triggers[t], d.images.index_select(0, idx)));
        d.labels.index_fill_(0, idx, r.triggers[t].target);
    }
    return d;
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// The patch BadNet once more, as the PyTorch TorchScript file `patch_bd.pt`, so the CLI and the
/// desktop app demo the .pt path out of the box. Exported with the raw scale, it has no scaling
/// inside and takes pixels / 255 like a PyTorch model. Its figures are measured on what the file
/// holds: the bytes written, read back by the TorchScript reader (a file this build just wrote).
ZooModel torchScriptPatch(const Model& patch, const ZooModel& patchEntry, const Dataset& test,
                          const Dataset& poisonedTest, const std::string& staging) {
    Model raw = patch;
    raw.setInputScale(InputScale::Raw);
    const std::string bytes = torchScriptBytes(raw);
    ZooModel zm;
    zm.id = "patch-pt";
    zm.file = "patch_bd.pt";
    zm.title = "5: patch trigger -> 0 (PyTorch TorchScript)";
    zm.description = "the patch BadNet exported as a PyTorch TorchScript file (pixels / 255 in, "
                     "logits out): opens through the .pt path like a user's PyTorch model";
    zm.triggers = {"patch"};
    zm.poisonedTrainImages = patchEntry.poisonedTrainImages; // the training it holds
    zm.trainSeconds = patchEntry.trainSeconds;
    zm.epochLoss = patchEntry.epochLoss;
    LoadedModel back = loadTorchScriptModelFromBytes(bytes, zm.file);
    back.model.setInputScale(InputScale::Unit);
    const EvalReport rep = evaluate(back.model, test, {poisonedTest});
    zm.cca = rep.cca;
    zm.asr["patch"] = rep.asr.at(0).asr;
    writeFileAtomically(zooPath(staging, zm.file), bytes);
    fileChecksum(zooPath(staging, zm.file), &zm.bytes, &zm.crc32);
    return zm;
}

} // namespace

ZooManifest buildZooInto(const ZooConfig& config, const std::string& staging,
                         const ProgressScope& scope) {
    checkConfig(config);
    const auto start = std::chrono::steady_clock::now();
    ZooManifest m;
    m.version = kZooVersion;
    m.architecture = csawBadnetName(kSide, kSide, 1, kClasses, /*samePadding=*/true);
    m.inputScale = inputScaleName(InputScale::Unit);
    m.classNames = fashionClassNames();
    m.config = config;
    m.threads = at::get_num_threads();
    m.created = utcNow();

    // ---- data: a seeded validation split of the training images, a prefix of the test split
    scope.set(0.0, "reading Fashion-MNIST");
    const Dataset fullTrain = loadFashion(config, "train", scope);
    scope.set(0.02, "reading Fashion-MNIST");
    const Dataset fullTest = loadFashion(config, "t10k", scope);
    const auto order = permutation(fullTrain.size(), config.seed);
    const auto nVal = static_cast<size_t>(config.validationImages);
    const auto nTrain = static_cast<size_t>(config.trainImages);
    Dataset validation = fullTrain.select(indexTensor(order, 0, nVal));
    Dataset train = fullTrain.select(indexTensor(order, nVal, nVal + nTrain));
    Dataset test = fullTest.slice(0, config.testImages);
    validation.name = "clean_validation";
    test.name = "clean_test";
    train.name = "zoo training set";

    const auto recipeList = recipes(config);
    std::map<std::string, Dataset> poisonedTests;
    auto addData = [&](const Dataset& d, const std::string& id, const std::string& role,
                       const std::string& use, const Trigger* t) {
        ZooDataFile f;
        f.id = id;
        f.file = id + ".h5";
        f.role = role;
        f.use = use;
        f.images = d.size();
        if (t) {
            f.trigger = t->name;
            f.target = t->target;
        }
        saveCsawH5(d, zooPath(staging, f.file));
        fileChecksum(zooPath(staging, f.file), &f.bytes, &f.crc32);
        m.data.push_back(f);
    };
    scope.set(0.04, "writing the data files");
    addData(validation, "clean_validation", "clean", "validation", nullptr);
    addData(test, "clean_test", "clean", "test", nullptr);
    for (const auto& r : recipeList)
        for (const auto& t : r.triggers) {
            const std::string id = t.name + "_poisoned_test";
            Dataset p = poisonedCopy(test, t, id);
            addData(p, id, "poisoned", "test", &t);
            poisonedTests.emplace(t.name, std::move(p));
            m.triggers.push_back({t.name, t.description, t.target, id});
            scope.check();
        }

    // ---- models: each trained from its own seed on its own poisoned copy of the training set
    const double modelsBegin = 0.06, modelsEnd = 0.99;
    const double share = (modelsEnd - modelsBegin) / static_cast<double>(recipeList.size());
    std::optional<Model> patchModel; // exported once more as TorchScript below
    for (size_t i = 0; i < recipeList.size(); ++i) {
        const Recipe& r = recipeList[i];
        const ProgressScope ms = scope.sub(modelsBegin + share * static_cast<double>(i),
                                           modelsBegin + share * static_cast<double>(i + 1));
        const auto t0 = std::chrono::steady_clock::now();
        const uint64_t modelSeed = config.seed * 1000003ull + i;
        ZooModel zm;
        zm.id = r.id;
        zm.file = r.id == "clean" ? "clean_reference.h5" : r.id + "_bd.h5";
        zm.title = r.title;
        zm.description = r.description;
        Dataset poisonedTrain =
            poisonTraining(train, r, config, modelSeed, &zm.poisonedTrainImages);
        Model model(architectureSpec(m.architecture));
        model.initialize(modelSeed);
        model.setInputScale(InputScale::Unit);
        for (int e = 0; e < config.epochs; ++e) {
            const std::string epochStage =
                stage::format(stage::kTrainingModelEpoch,
                              {r.title, std::to_string(e + 1), std::to_string(config.epochs)});
            FineTuneConfig ft;
            // A short constant-rate phase, then a quarter of the rate to settle.
            ft.lr = (config.epochs > 1 && e == config.epochs - 1) ? config.lr / 4.0 : config.lr;
            ft.epochs = 1;
            ft.batchSize = config.batchSize;
            ft.seed = modelSeed * 131ull + static_cast<uint64_t>(e);
            ft.updateBatchNorm = true; // training from scratch
            ft.stage = epochStage;     // not "fine-tuning, epoch 1/1"
            const double a = 0.9 * e / config.epochs, b = 0.9 * (e + 1) / config.epochs;
            const auto res = fineTune(model, poisonedTrain, ft, ms.sub(a, b));
            zm.epochLoss.push_back(res.epochLoss.front());
            ms.set(b, epochStage);
        }
        zm.trainSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // Figures on the held-out test split: CCA, and ASR of every trigger the model was
        // poisoned with (the clean reference: of every trigger, as a baseline).
        std::vector<Dataset> sets;
        std::vector<std::string> names;
        for (const auto& t : m.triggers)
            if (r.triggers.empty() ||
                std::any_of(r.triggers.begin(), r.triggers.end(),
                            [&](const Trigger& x) { return x.name == t.name; })) {
                sets.push_back(poisonedTests.at(t.name));
                names.push_back(t.name);
            }
        const auto rep = evaluate(model, test, sets, ms.sub(0.9, 0.98));
        zm.cca = rep.cca;
        for (size_t s = 0; s < names.size(); ++s)
            zm.asr[names[s]] = rep.asr[s].asr;
        for (const auto& t : r.triggers)
            zm.triggers.push_back(t.name);
        saveKerasWeights(model, zooPath(staging, zm.file));
        fileChecksum(zooPath(staging, zm.file), &zm.bytes, &zm.crc32);
        if (r.id == "patch")
            patchModel.emplace(model);
        m.models.push_back(std::move(zm));
        ms.set(1.0, stage::format(stage::kTrainingModel, {r.title}));
    }
    if (patchModel)
        m.models.push_back(torchScriptPatch(*patchModel, *m.model("patch"), test,
                                            poisonedTests.at("patch"), staging));
    m.buildSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
}

} // namespace bdl::core
