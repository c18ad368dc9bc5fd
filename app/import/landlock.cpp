// Step 5 of the confinement (sandbox.h): a Landlock domain that lets the helper read its input
// and nothing else. Uses the raw system calls with this file's own copies of the UAPI constants:
// Debian 12's linux-libc-dev (6.1) stops at ABI 2, while the kernels the helper runs on may
// offer more (truncate, TCP, ioctl on devices, scopes).
#include "app/import/sandbox.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace bdl::app {

namespace {

// ---- UAPI (include/uapi/linux/landlock.h, kernel 6.12) ----------------------------------------
constexpr uint32_t kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;

constexpr uint64_t kFsExecute = 1ULL << 0;
constexpr uint64_t kFsWriteFile = 1ULL << 1;
constexpr uint64_t kFsReadFile = 1ULL << 2;
constexpr uint64_t kFsReadDir = 1ULL << 3;
constexpr uint64_t kFsTruncate = 1ULL << 14;             // ABI 3
constexpr uint64_t kFsIoctlDev = 1ULL << 15;             // ABI 5
constexpr uint64_t kNetBindTcp = 1ULL << 0;              // ABI 4
constexpr uint64_t kNetConnectTcp = 1ULL << 1;           // ABI 4
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0; // ABI 6
constexpr uint64_t kScopeSignal = 1ULL << 1;             // ABI 6

/// struct landlock_ruleset_attr as of ABI 6; the size passed to the kernel is cut to the
/// fields the running ABI knows (a larger struct with non-zero tail is refused with E2BIG).
struct RulesetAttr {
    uint64_t handledAccessFs = 0;
    uint64_t handledAccessNet = 0; // ABI 4
    uint64_t scoped = 0;           // ABI 6
};

struct __attribute__((packed)) PathBeneathAttr {
    uint64_t allowedAccess = 0;
    int32_t parentFd = -1;
};

/// Every file-system right of `abi`: ABI 1 has bits 0-12, ABI 2 adds REFER (13), ABI 3
/// TRUNCATE (14), ABI 5 IOCTL_DEV (15).
uint64_t fsRights(int abi) {
    uint64_t rights = (1ULL << 13) - 1;
    if (abi >= 2)
        rights |= 1ULL << 13;
    if (abi >= 3)
        rights |= kFsTruncate;
    if (abi >= 5)
        rights |= kFsIoctlDev;
    return rights;
}

/// The rights a rule may grant on a file (not a folder).
constexpr uint64_t kFileRights =
    kFsExecute | kFsWriteFile | kFsReadFile | kFsTruncate | kFsIoctlDev;

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0)
            close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

void addRule(int ruleset, const ReadablePath& p, uint64_t handled) {
    const Fd target(open(p.path.c_str(), O_PATH | O_CLOEXEC));
    if (target.get() < 0)
        throw SandboxError("landlock", errnoText("open " + p.path));
    PathBeneathAttr rule;
    rule.allowedAccess = (p.beneath ? kFsReadFile | kFsReadDir : kFsReadFile) & handled;
    rule.parentFd = target.get();
    if (!p.beneath)
        rule.allowedAccess &= kFileRights;
    if (syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0) != 0)
        throw SandboxError("landlock", errnoText("add rule for " + p.path));
}

/// Threads of this process (field 20 of /proc/self/stat), 0 when unknown.
long threadCount() {
    std::FILE* f = std::fopen("/proc/self/stat", "re");
    if (!f)
        return 0;
    char buf[1024] = {};
    const size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    const char* p = std::strrchr(buf, ')'); // the command name may hold spaces
    for (int field = 2; p && field < 20; ++field)
        p = std::strchr(p + 1, ' ');
    return p ? std::strtol(p + 1, nullptr, 10) : 0;
}

} // namespace

bool restrictFiles(const std::vector<ReadablePath>& paths) {
    // Required by Landlock and seccomp alike without CAP_SYS_ADMIN; also bars set-uid gains.
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        throw SandboxError("no_new_privs", errnoText("PR_SET_NO_NEW_PRIVS"));
    const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
    if (abi < 0) {
        if (errno != ENOSYS && errno != EOPNOTSUPP)
            throw SandboxError("landlock", errnoText("ABI version"));
        std::fprintf(stderr, "sandbox: landlock unavailable, file reads are not confined\n");
        return false;
    }
    // A domain confines the thread that makes it (and threads it starts later), not the others.
    const long threads = threadCount();
    if (threads > 1)
        throw SandboxError("landlock", std::to_string(threads) + " threads are running; only " +
                                           "this one would be confined");
    RulesetAttr attr;
    attr.handledAccessFs = fsRights(static_cast<int>(abi));
    size_t size = sizeof attr.handledAccessFs;
    if (abi >= 4) { // no rule for TCP: neither bind nor connect
        attr.handledAccessNet = kNetBindTcp | kNetConnectTcp;
        size = offsetof(RulesetAttr, scoped);
    }
    if (abi >= 6) { // no abstract Unix sockets or signals outside this domain
        attr.scoped = kScopeAbstractUnixSocket | kScopeSignal;
        size = sizeof attr;
    }
    const Fd ruleset(static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, size, 0)));
    if (ruleset.get() < 0)
        throw SandboxError("landlock", errnoText("create ruleset"));
    for (const ReadablePath& p : paths)
        addRule(ruleset.get(), p, attr.handledAccessFs);
    if (syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0)
        throw SandboxError("landlock", errnoText("restrict self"));
    return true;
}

} // namespace bdl::app
