#include "cli_test_util.h"

#include "app/cli/commands.h"
#include "core/nn/architectures.h"
#include "core/io/data_io.h"
#include "core/io/keras_io.h"

#include <gtest/gtest.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <random>
#include <sstream>

namespace bdl::test {

namespace fs = std::filesystem;

nlohmann::json CliRun::json() const {
    std::istringstream in(out);
    std::string line, rest;
    std::getline(in, line);
    std::getline(in, rest, '\0');
    EXPECT_TRUE(rest.empty()) << "more than one line on stdout: " << out;
    return nlohmann::json::parse(line);
}

CliRun runCli(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    CliRun r;
    r.code = app::runCli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

TempDir::TempDir() {
    std::random_device rd;
    m_path = fs::temp_directory_path() / ("bdl-cli-test-" + std::to_string(rd()));
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string youtubeFaceDir() {
    const fs::path p = fs::path(BDL_SHARED_DIR) / "data" / "youtube_face";
    return fs::exists(p / "models") ? p.string() : std::string();
}

std::string writeTinyFixture(const TempDir& dir, int classes, int64_t images) {
    core::Model m(core::csawBadnetSpec(/*height=*/32, /*width=*/32, /*channels=*/1, classes));
    m.initialize(/*seed=*/7);
    const std::string model = dir.file("tiny.h5");
    core::saveKerasWeights(m, model);
    torch::manual_seed(3);
    core::Dataset clean;
    clean.images = torch::randint(0, 256, {images, 1, 32, 32}).to(torch::kFloat32);
    clean.labels = torch::arange(images, torch::kLong) % classes;
    for (int64_t i = 0; i < images; ++i)
        clean.itemNames.push_back("row" + std::to_string(i));
    core::saveCsawH5(clean, dir.file("clean.h5"));
    core::Dataset poisoned = clean;
    poisoned.labels = torch::full({images}, -1, torch::kLong);
    poisoned.targets = torch::zeros({images}, torch::kLong);
    core::saveCsawH5(poisoned, dir.file("poisoned.h5"));
    return model;
}

} // namespace bdl::test
