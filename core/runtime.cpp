#include "core/runtime.h"

#include <ATen/Parallel.h>

#include <thread>

namespace bdl::core {

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

int setThreads(int n) {
    const int count = n > 0 ? n : hardwareThreads();
    at::set_num_threads(count);
    return count;
}

} // namespace bdl::core
