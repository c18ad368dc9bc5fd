#include "core/base/atomic_file.h"

#include "core/base/errors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace bdl::core {

namespace {

std::string errnoText() { return std::strerror(errno); }

void fsyncPath(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

std::string parentDir(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

} // namespace

std::string temporaryPathFor(const std::string& path) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08llx",
                  static_cast<unsigned long long>(rng() & 0xffffffffULL));
    return path + suffix;
}

void removeTemporary(const std::string& tmp) noexcept { ::unlink(tmp.c_str()); }

void commitTemporary(const std::string& tmp, const std::string& path) {
    const int fd = ::open(tmp.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
        const std::string why = errnoText();
        if (fd >= 0)
            ::close(fd);
        removeTemporary(tmp);
        throw Error(path, "cannot flush the written file: " + why);
    }
    ::close(fd);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errnoText();
        removeTemporary(tmp);
        throw Error(path, "cannot replace the file: " + why);
    }
    fsyncPath(parentDir(path));
}

int writeFully(int fd, const void* data, size_t size) noexcept {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? errno : ENOSPC;
        p += n;
        size -= size_t(n);
    }
    return 0;
}

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    const std::string tmp = temporaryPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(path, "cannot create a file in its folder: " + errnoText());
    if (const int err = writeFully(fd, bytes.data(), bytes.size())) {
        ::close(fd);
        removeTemporary(tmp);
        throw Error(path, "write failed: " + std::string(std::strerror(err)));
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = errnoText();
        removeTemporary(tmp);
        throw Error(path, "write failed: " + why);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = errnoText();
        removeTemporary(tmp);
        throw Error(path, "cannot replace the file: " + why);
    }
    fsyncPath(parentDir(path));
}

} // namespace bdl::core
