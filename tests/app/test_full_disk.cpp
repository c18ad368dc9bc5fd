// Writing onto a full file system: a 1 MiB tmpfs (mounted by the test, so it runs as root and
// skips with a message otherwise) holds an existing small valid output file; backdoorlab-cli then
// writes a bigger one onto it. It must exit 1 with a message that names the file and says "no
// space left on device", keep the old file byte for byte and leave no temporary file there.
// Covered: export --out (Keras .h5), --torchscript and --goodnet-torchscript (TorchScript), eval
// --predictions (CSV) and prune --activations (JSON). The CLI has no figure (PNG/PDF) export; the
// desktop app's figure exports go through QSaveFile (app/desktop, tests/app/desktop).
#include "cli_test_util.h"
#include "fault_tools/fault_process.h"

#include "core/io/keras_io.h"
#include "core/io/torchscript_export.h"
#include "core/nn/architectures.h"
#include "core/nn/model.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cctype>
#include <cerrno>
#include <cstring>

using namespace bdl::test;
using namespace bdl::test::fault;

namespace {

constexpr const char* kDiskSize = "size=1m"; // the old files (~430 KB) fit, B (2.4 MB) does not

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

class FullDisk : public ::testing::Test {
protected:
    void SetUp() override {
        ::setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/0);
        if (::geteuid() != 0)
            GTEST_SKIP() << "not root: cannot mount a small tmpfs to fill (run the tests as root "
                            "to check writes onto a full file system)";
        m_disk = m_dir.path() / "disk";
        fs::create_directory(m_disk);
        if (::mount("tmpfs", m_disk.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, kDiskSize) != 0)
            GTEST_SKIP() << "cannot mount a " << kDiskSize << " tmpfs at " << m_disk << ": "
                         << std::strerror(errno) << " (needs CAP_SYS_ADMIN)";
        m_mounted = true;
    }
    void TearDown() override {
        if (m_mounted && ::umount2(m_disk.c_str(), MNT_DETACH) != 0)
            ADD_FAILURE() << "cannot unmount " << m_disk << ": " << std::strerror(errno);
    }

    /// A model of the given size, written outside the small disk.
    std::string model(const std::string& name, bdl::core::ModelSpec spec, uint64_t seed) {
        bdl::core::Model m(spec);
        m.initialize(seed);
        const std::string path = m_dir.file(name);
        bdl::core::saveKerasWeights(m, path);
        return path;
    }

    /// Fills what is left of the disk (a file that grows until the file system refuses).
    void fill() {
        std::ofstream f(m_disk / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (f.write(block.data(), block.size()))
            f.flush();
    }

    /// Runs the CLI; expects exit 1 with "no space left on device" and `file` in the message,
    /// `file` unchanged and nothing new on the disk.
    void expectNoSpace(std::vector<std::string> args, const fs::path& file) {
        const std::string before = readFile(file);
        const auto names = listDir(m_disk);
        ASSERT_FALSE(before.empty()) << file;
        args.insert(args.begin(), BDL_CLI_EXE);
        args.insert(args.end(), {"--threads", "1", "--quiet"});
        Child c(args, m_dir.path() / "cli.out", m_dir.path() / "cli.err");
        const Exit e = c.wait(300.0);
        const std::string said =
            readFile(m_dir.path() / "cli.err") + readFile(m_dir.path() / "cli.out");
        EXPECT_TRUE(e.exited && e.code == 1)
            << "exit " << e.code << " signal " << e.signal << ": " << said;
        EXPECT_NE(lower(said).find("no space left on device"), std::string::npos)
            << "the message does not say the disk is full: " << said;
        EXPECT_NE(said.find(file.string()), std::string::npos)
            << "the message does not name " << file << ": " << said;
        EXPECT_TRUE(readFile(file) == before) << file << " changed";
        EXPECT_EQ(listDir(m_disk), names) << "files left on the full disk";
    }

    TempDir m_dir;
    fs::path m_disk;
    bool m_mounted = false;
};

/// The CSAW BadNet's full size: MiBs of weights, far more than the small disk holds.
bdl::core::ModelSpec bigSpec() { return bdl::core::csawBadnetSpec(); }

} // namespace

TEST_F(FullDisk, KerasExportKeepsTheOldFileAndSaysNoSpace) {
    const std::string small = model("small.h5", bdl::core::csawBadnetSpec(32, 32, 1, 5), 3);
    const fs::path old = m_disk / "repaired.h5";
    writeFile(old, readFile(small));
    ASSERT_EQ(fs::file_size(old), fs::file_size(small)) << "the old file does not fit the disk";
    const std::string big = model("big.h5", bigSpec(), 4);
    ASSERT_GT(fs::file_size(big), 1024u * 1024u);
    expectNoSpace({"export", "--model", big, "--scale", "1/255", "--out", old.string()}, old);
}

TEST_F(FullDisk, TorchScriptExportsKeepTheOldFileAndSayNoSpace) {
    bdl::core::Model small(bdl::core::csawBadnetSpec(32, 32, 1, 5));
    small.initialize(5);
    const fs::path oldB = m_disk / "repaired.pt", oldG = m_disk / "goodnet.pt";
    bdl::core::saveTorchScript(small, m_dir.file("small.pt"));
    writeFile(oldB, readFile(m_dir.file("small.pt")));
    ASSERT_EQ(fs::file_size(oldB), fs::file_size(m_dir.file("small.pt")));
    const std::string big = model("big.h5", bigSpec(), 6);
    expectNoSpace({"export", "--model", big, "--scale", "1/255", "--torchscript", oldB.string()},
                  oldB);
    writeFile(oldG, readFile(m_dir.file("small.pt")));
    ASSERT_EQ(fs::file_size(oldG), fs::file_size(m_dir.file("small.pt")))
        << "the old file does not fit the disk";
    expectNoSpace(
        {"export", "--model", big, "--scale", "1/255", "--goodnet-torchscript", oldG.string()},
        oldG);
}

// Text outputs are small: the disk is filled up first, around the old file.
TEST_F(FullDisk, CsvAndJsonOutputsKeepTheOldFileAndSayNoSpace) {
    const std::string tiny = writeTinyFixture(m_dir, /*classes=*/5, /*images=*/64);
    const fs::path csv = m_disk / "predictions.csv", json = m_disk / "activations.json";
    writeFile(csv, "set,file,label,target,predicted,max_probability\n");
    writeFile(json, "{}\n");
    fill();
    struct statvfs st {};
    ASSERT_EQ(::statvfs(m_disk.c_str(), &st), 0);
    ASSERT_LT(st.f_bavail * st.f_frsize, 8192u) << "the disk is not full";
    const std::vector<std::string> data{
        "--model", tiny,    "--clean",    m_dir.file("clean.h5"),
        "--scale", "1/255", "--poisoned", m_dir.file("poisoned.h5")};
    std::vector<std::string> eval{"eval", "--predictions", csv.string()};
    eval.insert(eval.end(), data.begin(), data.end());
    expectNoSpace(eval, csv);
    std::vector<std::string> prune{"prune", "--activations", json.string()};
    prune.insert(prune.end(), data.begin(), data.end());
    expectNoSpace(prune, json);
}
