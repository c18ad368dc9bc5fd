#include "core/base/runtime.h"

#include <ATen/Parallel.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <unistd.h>
#endif

namespace bdl::core {

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

int defaultThreads() { return hardwareThreads(); }

namespace {
std::atomic<bool> g_allocatorTuned{false};
} // namespace

void tuneAllocator() {
#if defined(__GLIBC__)
    const bool mmapSet = mallopt(M_MMAP_THRESHOLD, kMallocMmapThreshold) == 1;
    const bool trimSet = mallopt(M_TRIM_THRESHOLD, kMallocTrimThreshold) == 1;
    g_allocatorTuned.store(mmapSet && trimSet);
#endif
}

bool allocatorTuned() { return g_allocatorTuned.load(); }

int setThreads(int n) {
    const int count = n > 0 ? n : defaultThreads();
    at::set_num_threads(count);
    return count;
}

const char* openMpWaitPolicy() {
    const char* p = std::getenv("OMP_WAIT_POLICY");
    return p ? p : "";
}

const char* usePassiveOpenMpWait(char** argv) {
#if defined(__linux__)
    if (!std::getenv("OMP_WAIT_POLICY") && !std::getenv("GOMP_SPINCOUNT") && argv && argv[0]) {
        // Set before the exec; the new image finds it set and does not exec again.
        setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        execv("/proc/self/exe", argv);
        unsetenv("OMP_WAIT_POLICY"); // the exec failed: libgomp runs with its defaults
    }
#else
    (void)argv;
#endif
    return openMpWaitPolicy();
}

} // namespace bdl::core
