// The demo zoo: a reduced build (fewer images, one epoch) checked through the real loaders, plus
// caching, damage detection, atomic replacement, cancel and determinism.
#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/keras_io.h"
#include "core/io/torchscript_import.h"
#include "core/nn/metrics.h"
#include "core/nn/model.h"
#include "core/zoo/zoo.h"
#include "core/zoo/zoo_workload.h"
#include "tests/core/hdf5_test_util.h"

#include <gtest/gtest.h>
#include <torch/types.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace bdl::core;
namespace fs = std::filesystem;
using bdl::test::readBytes;
using bdl::test::TempDir;
using bdl::test::writeBytes;

namespace {

bool haveFashion() { return fs::exists(ZooConfig().source + "/train-images-idx3-ubyte.gz"); }

#define NEED_FASHION()                                                                             \
    if (!haveFashion()) {                                                                          \
        GTEST_SKIP() << "Fashion-MNIST is not installed at " << ZooConfig().source                 \
                     << " (apt-get install dataset-fashion-mnist)";                                \
    }                                                                                              \
    static_assert(true, "")

DataSpec specOf(const std::string& path) {
    DataSpec s;
    s.path = path;
    return s;
}

ZooConfig reduced() {
    ZooConfig c;
    c.trainImages = 3000;
    c.validationImages = 300;
    c.testImages = 600;
    c.epochs = 1;
    return c;
}

/// One reduced zoo per process, built on first use, with the progress stages it reported.
struct Shared {
    TempDir dir;
    std::string zoo = dir.file("zoo");
    std::set<std::string> stages;
    Feedback progress{[this](double, const std::string& stage) { stages.insert(stage); }};
    ZooManifest manifest = buildZoo(reduced(), zoo, &progress);
};

const Shared& shared() {
    static Shared s;
    return s;
}

std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

void copyZoo(const std::string& from, const std::string& to) {
    fs::copy(from, to, fs::copy_options::recursive);
}

} // namespace

TEST(Zoo, ReducedBuildHasEveryModelAndDataFileInTheManifest) {
    NEED_FASHION();
    const auto& m = shared().manifest;
    EXPECT_EQ(m.version, kZooVersion);
    EXPECT_EQ(m.architecture, "csaw-badnet-same:28x28x1:10");
    EXPECT_EQ(m.inputScale, "1/255");
    ASSERT_EQ(m.models.size(), 6u);
    const std::vector<std::string> ids{"clean", "patch", "blend", "pixels", "multi", "patch-pt"};
    for (size_t i = 0; i < ids.size(); ++i)
        EXPECT_EQ(m.models[i].id, ids[i]);
    ASSERT_NE(m.model("multi"), nullptr);
    EXPECT_EQ(m.model("multi")->triggers, (std::vector<std::string>{"stripe", "checker", "cross"}));
    EXPECT_EQ(m.trigger("stripe")->target, 5);
    EXPECT_EQ(m.trigger("checker")->target, 1);
    EXPECT_EQ(m.trigger("cross")->target, 8);
    EXPECT_EQ(m.trigger("patch")->target, 0);
    EXPECT_EQ(m.data.size(), 2u + 6u);
    // about 10 % of the training images poisoned per backdoored model, none for the reference
    EXPECT_EQ(m.model("clean")->poisonedTrainImages, 0);
    EXPECT_EQ(m.model("patch")->poisonedTrainImages, 300);
    EXPECT_EQ(m.model("multi")->poisonedTrainImages, 300);
    const auto files = entries(shared().zoo);
    // The TorchScript copy holds the patch BadNet's weights: the same figures, read back from the
    // .pt file through the TorchScript reader.
    ASSERT_NE(m.model("patch-pt"), nullptr);
    EXPECT_EQ(m.model("patch-pt")->file, "patch_bd.pt");
    EXPECT_EQ(m.model("patch-pt")->triggers, (std::vector<std::string>{"patch"}));
    EXPECT_NEAR(m.model("patch-pt")->cca, m.model("patch")->cca, 0.05);
    EXPECT_NEAR(m.model("patch-pt")->asr.at("patch"), m.model("patch")->asr.at("patch"), 0.05);
    EXPECT_EQ(files.size(), 6u + 8u + 1u); // models, data, manifest.json: nothing else
    EXPECT_EQ(zooProblem(shared().zoo, &m.config), "");
    // no staging folder or lock left beside it except the lock file
    for (const auto& e : entries(shared().dir.path()))
        EXPECT_TRUE(e == "zoo" || e == ".zoo.lock") << e;
    // The progress names the model being trained all through its epoch (the fine-tuning loop it
    // runs reported "fine-tuning, epoch 1/1" instead).
    const auto& stages = shared().stages;
    EXPECT_TRUE(stages.count("training model 2: blended trigger -> 0, epoch 1/1"))
        << ::testing::PrintToString(stages);
    for (const std::string& stage : stages)
        EXPECT_EQ(stage.rfind("fine-tuning", 0), std::string::npos) << stage;
}

TEST(Zoo, DataFilesLoadThroughTheCsawReader) {
    NEED_FASHION();
    const auto& s = shared();
    const auto* val = s.manifest.dataFile("clean_validation");
    ASSERT_NE(val, nullptr);
    const auto v = loadDataset(specOf(zooPath(s.zoo, val->file)));
    EXPECT_EQ(v.size(), 300);
    EXPECT_EQ(v.images.sizes(), (std::vector<int64_t>{300, 1, 28, 28}));
    EXPECT_FALSE(v.poisoned());
    EXPECT_GE(v.labels.min().item<int64_t>(), 0);
    const auto* cross = s.manifest.dataFile("cross_poisoned_test");
    ASSERT_NE(cross, nullptr);
    EXPECT_EQ(cross->target, 8);
    DataSpec spec = specOf(zooPath(s.zoo, cross->file));
    spec.role = DataSpec::Poisoned;
    const auto p = loadDataset(spec);
    EXPECT_EQ(p.size(), cross->images);
    EXPECT_TRUE(torch::equal(p.targets, torch::full({p.size()}, 8, torch::kInt64)));
    EXPECT_FALSE((p.labels == 8).any().item<bool>()); // the target class is left out
    EXPECT_GE(p.labels.min().item<int64_t>(), 0);     // true labels are kept
    // the test split: clean_test plus the target-class images make up the poisoned set
    const auto t = loadDataset(specOf(zooPath(s.zoo, "clean_test.h5")));
    EXPECT_EQ(t.size(), 600);
    EXPECT_EQ(p.size(), (t.labels != 8).sum().item<int64_t>());
}

TEST(Zoo, ModelsLoadAndReproduceTheManifestFigures) {
    NEED_FASHION();
    const auto& s = shared();
    const auto test = loadDataset(specOf(zooPath(s.zoo, "clean_test.h5")));
    for (const auto& zm : s.manifest.models) {
        const bool torchScript = zm.file.size() > 3 && zm.file.substr(zm.file.size() - 3) == ".pt";
        auto lm = torchScript ? loadTorchScriptModel(zooPath(s.zoo, zm.file))
                              : loadKerasModel(zooPath(s.zoo, zm.file));
        if (!torchScript)
            EXPECT_EQ(lm.architecture, s.manifest.architecture);
        else
            EXPECT_EQ(lm.format, ModelFormat::TorchScript);
        lm.model.setInputScale(InputScale::Unit);
        std::vector<Dataset> sets;
        for (const auto& t : zm.triggers) {
            DataSpec spec = specOf(zooPath(s.zoo, s.manifest.dataFile(t + "_poisoned_test")->file));
            spec.role = DataSpec::Poisoned;
            sets.push_back(loadDataset(spec));
        }
        const auto rep = evaluate(lm.model, test, sets);
        EXPECT_NEAR(rep.cca, zm.cca, 1e-9) << zm.id;
        for (size_t i = 0; i < zm.triggers.size(); ++i)
            EXPECT_NEAR(rep.asr[i].asr, zm.asr.at(zm.triggers[i]), 1e-9) << zm.id;
        EXPECT_GT(zm.cca, 50.0) << zm.id; // one epoch on 3000 images still learns the task
        EXPECT_EQ(zm.epochLoss.size(), 1u);
    }
    // Even the reduced zoo plants the visible patch: far above the clean model's baseline.
    EXPECT_GT(s.manifest.model("patch")->asr.at("patch"),
              s.manifest.model("clean")->asr.at("patch") + 40.0);
}

TEST(Zoo, ManifestRoundTripsAndRejectsHostileFileNames) {
    NEED_FASHION();
    const auto& m = shared().manifest;
    const std::string json = zooManifestJson(m);
    const auto back = parseZooManifest(json, "m.json");
    EXPECT_EQ(zooManifestJson(back), json);
    EXPECT_TRUE(back.config == m.config);
    std::string hostile = json;
    const auto at = hostile.find("\"clean_test.h5\"");
    ASSERT_NE(at, std::string::npos);
    hostile.replace(at, 15, "\"../../etc/passwd\"");
    try {
        parseZooManifest(hostile, "m.json");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("m.json"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("not a plain file name"), std::string::npos);
    }
    EXPECT_THROW(parseZooManifest("{\"format\": \"backdoorlab-zoo\"", "m.json"), Error);
    EXPECT_THROW(parseZooManifest("{\"format\": \"other\", \"version\": 1}", "m.json"), Error);
    EXPECT_THROW(parseZooManifest("[]", "m.json"), Error);
}

TEST(Zoo, ValidZooIsReusedAndDamageOrVersionTriggersARebuild) {
    NEED_FASHION();
    TempDir tmp;
    const std::string zoo = tmp.file("zoo");
    copyZoo(shared().zoo, zoo);
    const auto cfg = reduced();
    const auto before = fs::last_write_time(zoo + "/patch_bd.h5");
    auto st = ensureZoo(cfg, zoo, false);
    EXPECT_FALSE(st.built);
    EXPECT_EQ(fs::last_write_time(zoo + "/patch_bd.h5"), before);

    // Another configuration: rebuilt for the zoo command, reused for a mere user of the zoo.
    ZooConfig other = cfg;
    other.seed = 99;
    EXPECT_NE(zooProblem(zoo, &other).find("configuration"), std::string::npos);
    EXPECT_EQ(zooProblem(zoo, nullptr), "");

    // One flipped byte in a data file is noticed and repaired by a rebuild.
    std::string bytes = readBytes(zoo + "/blend_poisoned_test.h5");
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
    writeBytes(zoo + "/blend_poisoned_test.h5", bytes);
    const std::string problem = zooProblem(zoo, &cfg);
    EXPECT_NE(problem.find("blend_poisoned_test.h5"), std::string::npos) << problem;
    EXPECT_NE(problem.find("damaged"), std::string::npos) << problem;
    st = ensureZoo(cfg, zoo, false);
    EXPECT_TRUE(st.built);
    EXPECT_EQ(zooProblem(zoo, &cfg), "");
    EXPECT_EQ(readBytes(zoo + "/blend_poisoned_test.h5"),
              readBytes(shared().zoo + "/blend_poisoned_test.h5")); // deterministic

    // An older version is rebuilt.
    std::string manifest = readBytes(zoo + "/manifest.json");
    const auto v = manifest.find("\"version\": " + std::to_string(kZooVersion));
    ASSERT_NE(v, std::string::npos);
    manifest.replace(v, 12, "\"version\": 0");
    writeBytes(zoo + "/manifest.json", manifest);
    EXPECT_NE(zooProblem(zoo, &cfg).find("version 0"), std::string::npos);
    st = ensureZoo(cfg, zoo, false);
    EXPECT_TRUE(st.built);
    EXPECT_NE(st.reason.find("version 0"), std::string::npos);
    // --force always rebuilds
    EXPECT_TRUE(ensureZoo(cfg, zoo, true).built);
}

TEST(Zoo, SameSeedGivesIdenticalFiles) {
    NEED_FASHION();
    // The shared zoo and the rebuilds above used the same seed and thread count.
    TempDir tmp;
    const auto m = buildZoo(reduced(), tmp.file("again"));
    for (size_t i = 0; i < m.models.size(); ++i) {
        EXPECT_EQ(m.models[i].crc32, shared().manifest.models[i].crc32) << m.models[i].id;
        EXPECT_EQ(m.models[i].cca, shared().manifest.models[i].cca);
    }
    for (size_t i = 0; i < m.data.size(); ++i)
        EXPECT_EQ(m.data[i].crc32, shared().manifest.data[i].crc32) << m.data[i].id;
}

TEST(Zoo, CancelLeavesTheOldZooAndNoStagingBehind) {
    NEED_FASHION();
    TempDir tmp;
    const std::string zoo = tmp.file("zoo");
    // Cancelled first build: nothing at all.
    {
        const ZooConfig cfg = reduced();
        Feedback cancelAt([&cancelAt](double f, const std::string&) {
            if (f > 0.3)
                cancelAt.cancel();
        });
        EXPECT_THROW(buildZoo(cfg, zoo, &cancelAt), Cancelled);
        EXPECT_FALSE(fs::exists(zoo));
    }
    for (const auto& e : entries(tmp.path()))
        EXPECT_EQ(e, ".zoo.lock");
    // Cancelled rebuild: the old zoo is still whole.
    copyZoo(shared().zoo, zoo);
    Feedback cancelAt([&cancelAt](double f, const std::string&) {
        if (f > 0.5)
            cancelAt.cancel();
    });
    EXPECT_THROW(ensureZoo(reduced(), zoo, /*force=*/true, &cancelAt), Cancelled);
    EXPECT_EQ(zooProblem(zoo, &shared().manifest.config), "");
    EXPECT_EQ(entries(tmp.path()), (std::vector<std::string>{".zoo.lock", "zoo"}));
}

TEST(Zoo, RefusesToReplaceAFolderThatIsNotAZoo) {
    TempDir tmp;
    const std::string dir = tmp.file("documents");
    fs::create_directories(dir);
    writeBytes(dir + "/thesis.txt", "precious");
    try {
        buildZoo(reduced(), dir);
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("documents"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("not a BackdoorLab zoo"), std::string::npos);
    }
    EXPECT_EQ(readBytes(dir + "/thesis.txt"), "precious");
    EXPECT_EQ(entries(dir), (std::vector<std::string>{"thesis.txt"}));
}

TEST(Zoo, MissingSourceNamesThePathAndThePackage) {
    TempDir tmp;
    ZooConfig cfg = reduced();
    cfg.source = tmp.file("no-such-folder");
    try {
        buildZoo(cfg, tmp.file("zoo"));
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("dataset-fashion-mnist"), std::string::npos);
    }
    EXPECT_FALSE(fs::exists(tmp.file("zoo")));
}

TEST(Zoo, DefaultFolderFollowsXdg) {
    const char* oldXdg = std::getenv("XDG_DATA_HOME");
    const std::string keepXdg = oldXdg ? oldXdg : "";
    setenv("XDG_DATA_HOME", "/data/xdg", 1);
    EXPECT_EQ(defaultZooDir(), "/data/xdg/backdoorlab/zoo");
    setenv("XDG_DATA_HOME", "relative/ignored", 1); // the spec says: absolute paths only
    const char* home = std::getenv("HOME");
    if (home) {
        EXPECT_EQ(defaultZooDir(), std::string(home) + "/.local/share/backdoorlab/zoo");
    }
    if (oldXdg)
        setenv("XDG_DATA_HOME", keepXdg.c_str(), 1);
    else
        unsetenv("XDG_DATA_HOME");
}

TEST(Zoo, WorkloadResolutionGivesEachModelItsFilesInTheirRoles) {
    NEED_FASHION();
    const auto& s = shared();
    const ZooWorkload w = resolveZooWorkload(s.zoo, "multi", /*allowBuild=*/false, nullptr);
    EXPECT_EQ(w.dir, s.zoo);
    EXPECT_FALSE(w.built);
    EXPECT_EQ(w.model, zooPath(s.zoo, s.manifest.model("multi")->file));
    EXPECT_EQ(w.clean, zooPath(s.zoo, s.manifest.dataFile("clean_test")->file));
    EXPECT_EQ(w.train, zooPath(s.zoo, s.manifest.dataFile("clean_validation")->file));
    EXPECT_EQ(w.scale, "1/255");
    ASSERT_EQ(w.poisoned.size(), 3u); // its own three triggers
    for (const auto& p : w.poisoned)
        EXPECT_TRUE(fs::exists(p)) << p;
    EXPECT_EQ(resolveZooWorkload(s.zoo, "patch", false, nullptr).poisoned.size(), 1u);
    // The clean reference gets every trigger's set, as a baseline.
    EXPECT_EQ(resolveZooWorkload(s.zoo, "clean", false, nullptr).poisoned.size(),
              s.manifest.triggers.size());
    EXPECT_THROW(resolveZooWorkload(s.zoo, "nosuch", false, nullptr), UnknownZooModel);
    // No zoo and no permission to build: an error naming the folder; nothing is created.
    TempDir empty;
    const std::string missing = empty.file("nozoo");
    bool told = false;
    try {
        resolveZooWorkload(missing, "patch", false, nullptr,
                           [&](const std::string&) { told = true; });
        FAIL() << "resolved a zoo that does not exist";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), missing);
        EXPECT_NE(std::string(e.what()).find("no usable demo zoo"), std::string::npos);
    }
    EXPECT_FALSE(told);
    EXPECT_FALSE(fs::exists(missing));
}
