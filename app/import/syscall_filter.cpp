// Step 6 of the confinement (sandbox.h): the seccomp allow-list, applied last, right before the
// file is parsed. The list was taken from `strace -f` runs of the confined helper on every kind of
// input (Keras weights and whole models, CSAW .h5, image folders with and without a labels CSV,
// single PNG/JPEG files, gzip and plain IDX); see the groups below for why each call is there.
#include "app/import/sandbox.h"

#include <seccomp.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace bdl::app {

namespace {

// ---- the SIGSYS report -------------------------------------------------------------------------

/// System call names by number, filled before the filter is loaded: libseccomp's resolver
/// allocates, which a signal handler may not do.
constexpr int kNamedCalls = 512;
constexpr size_t kNameLength = 28;
char g_names[kNamedCalls][kNameLength];

void fillNames() {
    for (int nr = 0; nr < kNamedCalls; ++nr) {
        char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
        std::strncpy(g_names[nr], name ? name : "?", kNameLength - 1);
        std::free(name);
    }
}

/// Appends `text` to buf at *at (async-signal-safe).
void append(char* buf, size_t size, size_t* at, const char* text) {
    while (*text && *at + 1 < size)
        buf[(*at)++] = *text++;
}

/// Writes the report, then dies of SIGSYS so that the parent sees the signal.
extern "C" void onForbiddenCall(int, siginfo_t* info, void*) {
    const int nr = info->si_syscall;
    char digits[12];
    int n = 0;
    for (unsigned v = nr < 0 ? 0U : unsigned(nr); n == 0 || v > 0; v /= 10)
        digits[n++] = char('0' + v % 10);
    char line[128];
    size_t at = 0;
    append(line, sizeof line, &at, "sandbox: forbidden system call ");
    while (n > 0 && at + 1 < sizeof line)
        line[at++] = digits[--n];
    append(line, sizeof line, &at, " (");
    append(line, sizeof line, &at, nr >= 0 && nr < kNamedCalls ? g_names[nr] : "?");
    append(line, sizeof line, &at, ")\n");
    (void)!write(STDERR_FILENO, line, at);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGSYS, &dfl, nullptr);
    // Pending until the handler returns and SIGSYS is unblocked, then fatal.
    tgkill(getpid(), gettid(), SIGSYS);
}

void installReport() {
    fillNames();
    struct sigaction sa {};
    sa.sa_sigaction = onForbiddenCall;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSYS, &sa, nullptr) != 0)
        throw SandboxError("seccomp", errnoText("SIGSYS handler"));
}

// ---- the filter --------------------------------------------------------------------------------

/// A libseccomp filter under construction; released by the destructor.
class Filter {
public:
    Filter() : m_ctx(seccomp_init(SCMP_ACT_TRAP)) {
        if (!m_ctx)
            throw SandboxError("seccomp", "seccomp_init failed");
    }
    ~Filter() { seccomp_release(m_ctx); }
    Filter(const Filter&) = delete;
    Filter& operator=(const Filter&) = delete;

    /// Adds a rule for `name` (skipped when this architecture lacks the call).
    template <typename... Cmp>
    void rule(uint32_t action, const char* name, Cmp... cmp) {
        const int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || nr < 0)
            return;
        const scmp_arg_cmp args[] = {cmp..., scmp_arg_cmp{}};
        const int rc = seccomp_rule_add_array(m_ctx, action, nr, sizeof...(Cmp), args);
        if (rc != 0)
            throw SandboxError("seccomp",
                               std::string("rule for ") + name + ": " + std::strerror(-rc));
    }
    void allow(std::initializer_list<const char*> names) {
        for (const char* name : names)
            rule(SCMP_ACT_ALLOW, name);
    }
    void attribute(scmp_filter_attr attr, uint32_t value) {
        const int rc = seccomp_attr_set(m_ctx, attr, value);
        if (rc != 0)
            throw SandboxError("seccomp", std::string("attribute: ") + std::strerror(-rc));
    }
    void load() {
        const int rc = seccomp_load(m_ctx);
        if (rc != 0)
            throw SandboxError("seccomp", std::string("load: ") + std::strerror(-rc));
    }

private:
    scmp_filter_ctx m_ctx;
};

const uint32_t kRefuse = SCMP_ACT_ERRNO(EACCES);

/// Argument `index` compared with `op` (libseccomp's SCMP_A<n> macros are C compound literals).
scmp_arg_cmp arg(unsigned index, scmp_compare op, scmp_datum_t a, scmp_datum_t b = 0) {
    return scmp_arg_cmp{index, op, a, b};
}
/// Argument `index` with the bits of `mask` equal to `value`.
scmp_arg_cmp bits(unsigned index, scmp_datum_t mask, scmp_datum_t value) {
    return arg(index, SCMP_CMP_MASKED_EQ, mask, value);
}

/// Opens for reading only: any write, create, truncate or append flag fails with EACCES (Landlock
/// refuses them too; this also holds where Landlock is missing).
void addOpens(Filter& f) {
    const scmp_datum_t writeFlags[] = {O_WRONLY, O_RDWR,   O_CREAT,
                                       O_TRUNC,  O_APPEND, O_TMPFILE & ~O_DIRECTORY};
    scmp_datum_t all = 0;
    for (const scmp_datum_t flag : writeFlags)
        all |= flag;
    f.rule(SCMP_ACT_ALLOW, "openat", bits(2, all, 0));
    f.rule(SCMP_ACT_ALLOW, "open", bits(1, all, 0));
    for (const scmp_datum_t flag : writeFlags) {
        f.rule(kRefuse, "openat", bits(2, flag, flag));
        f.rule(kRefuse, "open", bits(1, flag, flag));
    }
    f.rule(SCMP_ACT_ERRNO(ENOSYS), "openat2"); // glibc falls back to openat
    f.rule(kRefuse, "creat");
}

/// Memory: the allocator and LibTorch map and return memory all the time; nothing may become
/// executable (no code is loaded once confined; a mapping with PROT_EXEC fails with EACCES).
void addMemory(Filter& f) {
    f.allow({"brk", "munmap", "mremap", "madvise"});
    f.allow({"mbind"}); // OpenBLAS binds each new work buffer to a NUMA node
    for (const char* call : {"mmap", "mprotect"}) {
        f.rule(SCMP_ACT_ALLOW, call, bits(2, PROT_EXEC, 0));
        f.rule(kRefuse, call, bits(2, PROT_EXEC, PROT_EXEC));
    }
}

/// Threads and processes: no new process (fork fails with EPERM); threads only by clone() with
/// CLONE_THREAD and no new namespace (that raises SIGSYS), should a library still start one;
/// clone3's flags cannot be inspected, so it fails with ENOSYS and glibc falls back to clone().
void addProcesses(Filter& f) {
    constexpr scmp_datum_t kNamespaces = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                         CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
    f.rule(SCMP_ACT_ALLOW, "clone", bits(0, CLONE_THREAD | kNamespaces, CLONE_THREAD));
    f.rule(SCMP_ACT_ERRNO(EPERM), "clone", bits(0, CLONE_THREAD, 0));
    f.rule(SCMP_ACT_ERRNO(ENOSYS), "clone3");
    f.rule(SCMP_ACT_ERRNO(EPERM), "fork");
    f.rule(SCMP_ACT_ERRNO(EPERM), "vfork");
    f.allow({"futex", "set_robust_list", "rseq", "sched_yield", "sched_getaffinity", "gettid",
             "getpid", "exit", "exit_group"});
}

/// Signals: handlers and masks (the SIGSYS report itself), and signals to this process only.
void addSignals(Filter& f) {
    f.allow({"rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack"});
    const scmp_datum_t self = scmp_datum_t(getpid());
    f.rule(SCMP_ACT_ALLOW, "tgkill", arg(0, SCMP_CMP_EQ, self));
    f.rule(SCMP_ACT_ALLOW, "kill", arg(0, SCMP_CMP_EQ, self));
}

/// Sockets fail with EACCES (libraries may try one and cope): there is no network anyway.
void addSockets(Filter& f) {
    for (const char* call :
         {"socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "sendto",
          "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "getsockopt", "setsockopt",
          "shutdown", "getsockname", "getpeername"})
        f.rule(kRefuse, call);
}

} // namespace

void restrictSystemCalls() {
    installReport();
    Filter f;
    f.attribute(SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS); // no 32-bit entry points
    f.attribute(SCMP_FLTATR_CTL_TSYNC, 1);                       // every thread, should any exist
    addOpens(f);
    addMemory(f);
    addProcesses(f);
    addSignals(f);
    addSockets(f);
    // Reading the input: descriptors, positions, metadata (stat and its older names), folder
    // listings, and the working folder (HDF5 makes relative paths absolute).
    f.allow({"read", "pread64", "lseek", "close", "fstat", "newfstatat", "statx", "stat", "lstat",
             "getdents64", "getcwd"});
    // opendir() checks and marks its descriptor; nothing else of fcntl (no locks, no F_SETFL).
    for (const scmp_datum_t cmd : {F_GETFD, F_SETFD, F_GETFL})
        f.rule(SCMP_ACT_ALLOW, "fcntl", arg(1, SCMP_CMP_EQ, cmd));
#if defined(BDL_SANITIZE)
    // Sanitizer builds only (scripts/test.sh --sanitize): UBSan's vptr check tests whether
    // memory is readable by writing it into a pipe of its own (sanitizer_common's
    // IsAccessibleMemoryRange), so pipes and writes to any descriptor are let through there.
    // Files still cannot be opened for writing (the opens above, and Landlock).
    f.allow({"pipe2", "pipe", "write", "writev"});
#else
    // Output: the payload on stdout, progress and diagnostics on stderr; nowhere else.
    for (const char* call : {"write", "writev"}) {
        f.rule(SCMP_ACT_ALLOW, call, arg(0, SCMP_CMP_EQ, STDOUT_FILENO));
        f.rule(SCMP_ACT_ALLOW, call, arg(0, SCMP_CMP_EQ, STDERR_FILENO));
    }
#endif
    // Clocks (the vDSO answers most calls without entering the kernel).
    f.allow({"clock_gettime", "clock_getres", "gettimeofday", "clock_nanosleep", "nanosleep"});
    f.load();
}

} // namespace bdl::app
