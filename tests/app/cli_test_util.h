#pragma once
// Helpers for running backdoorlab-cli in-process and building tiny fixtures.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace bdl::test {

struct CliRun {
    int code = -1;
    std::string out;
    std::string err;
    /// stdout parsed as one JSON object (fails the test if it is not exactly one).
    nlohmann::json json() const;
};

CliRun runCli(const std::vector<std::string>& args);

/// A fresh temporary folder, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    std::filesystem::path path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// The shared YouTube-Face folder, or empty when absent.
std::string youtubeFaceDir();

/// Writes a tiny csaw-badnet-shaped weights file (random weights, seed) and CSAW-layout data files
/// (clean with labels 0..classes-1 and poisoned with target 0) into dir. Returns the model path.
std::string writeTinyFixture(const TempDir& dir, int classes = 5, int64_t images = 12);

} // namespace bdl::test
