#include "core/base/runtime.h"

#include <ATen/Parallel.h>

#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bdl::core {

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

void tuneAllocator() {
#if defined(__GLIBC__)
    constexpr int kMmapThreshold = 256 << 20; // buffers below this come from the heap
    constexpr int kTrimThreshold = 1 << 30;   // keep freed heap memory for the next batch
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
#endif
}

int setThreads(int n) {
    const int count = n > 0 ? n : hardwareThreads();
    at::set_num_threads(count);
    return count;
}

} // namespace bdl::core
