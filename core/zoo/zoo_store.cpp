// Where a zoo lives and how it is replaced: the XDG folder, checks of an existing zoo, the
// build lock, and the staging folder that replaces the zoo in one rename.
#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/zoo/zoo_internal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace bdl::core {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestFile = "manifest.json";

std::string sysError(const std::string& what) { return what + ": " + std::strerror(errno); }

/// An exclusive flock on "<parent>/.<name>.lock", polled so that a cancel ends the wait.
class ZooLock {
public:
    ZooLock(const fs::path& dir, const ProgressScope& scope) {
        const fs::path lockPath = dir.parent_path() / ("." + dir.filename().string() + ".lock");
        m_fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            throw Error(lockPath.string(), sysError("cannot create the zoo's lock file"));
        bool waiting = false;
        while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                const std::string msg = sysError("cannot lock");
                ::close(m_fd);
                throw Error(lockPath.string(), msg);
            }
            try {
                if (!waiting)
                    scope.set(0.0, "waiting for another process building the zoo");
                waiting = true;
                scope.check();
            } catch (...) {
                ::close(m_fd);
                throw;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    ~ZooLock() { ::close(m_fd); } // closing releases the lock
    ZooLock(const ZooLock&) = delete;
    ZooLock& operator=(const ZooLock&) = delete;

private:
    int m_fd = -1;
};

std::string stagingPrefix(const fs::path& dir) {
    return "." + dir.filename().string() + ".staging-";
}

/// Removes staging folders left by killed builds (we hold the lock, so none is in use).
void removeStaleStaging(const fs::path& dir) {
    std::error_code ec;
    const std::string prefix = stagingPrefix(dir);
    for (const auto& e : fs::directory_iterator(dir.parent_path(), ec))
        if (e.path().filename().string().rfind(prefix, 0) == 0)
            fs::remove_all(e.path(), ec);
}

/// Removes the staging folder unless dismissed (on success it has become the zoo).
class StagingGuard {
public:
    explicit StagingGuard(fs::path p) : m_path(std::move(p)) {}
    ~StagingGuard() {
        if (!m_path.empty()) {
            std::error_code ec;
            fs::remove_all(m_path, ec);
        }
    }
    void dismiss() { m_path.clear(); }
    StagingGuard(const StagingGuard&) = delete;
    StagingGuard& operator=(const StagingGuard&) = delete;

private:
    fs::path m_path;
};

void fsyncDir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// Makes `staging` the zoo at `dir` in one rename; an older zoo there is swapped out and removed.
void replaceDir(const fs::path& staging, const fs::path& dir) {
    if (!fs::exists(dir)) {
        if (std::rename(staging.c_str(), dir.c_str()) != 0)
            throw Error(dir.string(), sysError("cannot move the new zoo into place"));
    } else if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) ==
               0) {
        std::error_code ec;
        fs::remove_all(staging, ec); // now holds the old zoo
    } else {
        // A file system without RENAME_EXCHANGE: move the old zoo aside first.
        const fs::path old = staging.string() + "-old";
        if (std::rename(dir.c_str(), old.c_str()) != 0)
            throw Error(dir.string(), sysError("cannot move the old zoo aside"));
        if (std::rename(staging.c_str(), dir.c_str()) != 0) {
            const std::string msg = sysError("cannot move the new zoo into place");
            std::rename(old.c_str(), dir.c_str());
            throw Error(dir.string(), msg);
        }
        std::error_code ec;
        fs::remove_all(old, ec);
    }
    fsyncDir(dir.parent_path());
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in.good() && !in.eof())
        throw Error(p.string(), "cannot be read");
    return s.str();
}

/// A folder we may replace: absent, empty, or holding a zoo manifest (of any version).
void checkReplaceable(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec))
        return;
    if (!fs::is_directory(dir, ec))
        throw Error(dir.string(), "exists and is not a folder; choose another place for the zoo");
    if (fs::is_empty(dir, ec))
        return;
    const fs::path manifest = dir / kManifestFile;
    bool ours = false;
    if (fs::is_regular_file(manifest, ec)) {
        const std::string text = readText(manifest);
        ours = text.find("\"backdoorlab-zoo\"") != std::string::npos;
    }
    if (!ours)
        throw Error(dir.string(), "is a non-empty folder that is not a BackdoorLab zoo (no zoo "
                                  "manifest.json); refusing to replace it: choose a new or empty "
                                  "folder");
}

fs::path absoluteDir(const std::string& dir) {
    if (dir.empty())
        throw Error("zoo", "no folder given");
    fs::path p = fs::absolute(fs::path(dir)).lexically_normal();
    if (p.filename().empty())
        p = p.parent_path();
    return p;
}

ZooManifest buildLocked(const ZooConfig& config, const fs::path& dir, const ProgressScope& scope) {
    checkReplaceable(dir);
    removeStaleStaging(dir);
    std::random_device rd;
    const fs::path staging = dir.parent_path() / (stagingPrefix(dir) + std::to_string(::getpid()) +
                                                  "-" + std::to_string(rd()));
    std::error_code ec;
    if (!fs::create_directory(staging, ec))
        throw Error(staging.string(), "cannot create the zoo's staging folder: " + ec.message());
    StagingGuard guard(staging);
    ZooManifest m = buildZooInto(config, staging.string(), scope.sub(0.0, 0.99));
    writeFileAtomically((staging / kManifestFile).string(), zooManifestJson(m));
    scope.check(); // the last point where a cancel leaves the old state
    fsyncDir(staging);
    replaceDir(staging, dir);
    guard.dismiss();
    scope.set(1.0, "zoo ready");
    return m;
}

} // namespace

std::string defaultZooDir() {
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && xdg[0] == '/')
        return (fs::path(xdg) / "backdoorlab" / "zoo").string();
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        throw Error("zoo", "neither XDG_DATA_HOME nor HOME is set; give the zoo folder explicitly");
    return (fs::path(home) / ".local" / "share" / "backdoorlab" / "zoo").string();
}

std::string zooPath(const std::string& dir, const std::string& file) {
    return (fs::path(dir) / file).string();
}

void fileChecksum(const std::string& path, uint64_t* bytes, uint32_t* crc) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot be opened for reading");
    uLong c = crc32(0L, Z_NULL, 0);
    uint64_t n = 0;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        const auto got = in.gcount();
        if (got > 0) {
            c = crc32(c, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(got));
            n += static_cast<uint64_t>(got);
        }
    }
    if (in.bad())
        throw Error(path, "read error");
    *bytes = n;
    *crc = static_cast<uint32_t>(c);
}

std::string zooProblem(const std::string& dirArg, const ZooConfig* config, ZooManifest* out) {
    const fs::path dir = absoluteDir(dirArg);
    const fs::path manifestPath = dir / kManifestFile;
    std::error_code ec;
    if (!fs::is_regular_file(manifestPath, ec))
        return "no zoo yet (no " + manifestPath.string() + ")";
    ZooManifest m;
    try {
        m = parseZooManifest(readText(manifestPath), manifestPath.string());
    } catch (const Error& e) {
        return e.what();
    }
    if (m.version != kZooVersion)
        return "the zoo has version " + std::to_string(m.version) + ", this program makes " +
               std::to_string(kZooVersion);
    if (config && m.config != *config)
        return "the zoo was built with another configuration (seed, sizes or training)";
    auto check = [&](const std::string& file, uint64_t bytes, uint32_t crc) -> std::string {
        const std::string p = zooPath(dir.string(), file);
        if (!fs::is_regular_file(p, ec))
            return p + " is missing";
        uint64_t b = 0;
        uint32_t c = 0;
        try {
            fileChecksum(p, &b, &c);
        } catch (const Error& e) {
            return e.what();
        }
        if (b != bytes || c != crc)
            return p + " is damaged (size or CRC-32 differs from the manifest)";
        return {};
    };
    for (const auto& d : m.data)
        if (auto p = check(d.file, d.bytes, d.crc32); !p.empty())
            return p;
    for (const auto& x : m.models)
        if (auto p = check(x.file, x.bytes, x.crc32); !p.empty())
            return p;
    if (out)
        *out = std::move(m);
    return {};
}

ZooManifest buildZoo(const ZooConfig& config, const std::string& dirArg, Feedback* fb) {
    const fs::path dir = absoluteDir(dirArg);
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec)
        throw Error(dir.parent_path().string(), "cannot create the folder: " + ec.message());
    const ProgressScope scope(fb);
    ZooLock lock(dir, scope);
    return buildLocked(config, dir, scope);
}

ZooStatus ensureZoo(const ZooConfig& config, const std::string& dirArg, bool force, Feedback* fb,
                    bool anyConfig) {
    const fs::path dir = absoluteDir(dirArg);
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec)
        throw Error(dir.parent_path().string(), "cannot create the folder: " + ec.message());
    const ProgressScope scope(fb);
    ZooLock lock(dir, scope);
    ZooStatus status;
    status.reason = force
                        ? "rebuild asked for (--force)"
                        : zooProblem(dir.string(), anyConfig ? nullptr : &config, &status.manifest);
    if (status.reason.empty())
        return status;
    status.manifest = buildLocked(config, dir, scope);
    status.built = true;
    return status;
}

} // namespace bdl::core
