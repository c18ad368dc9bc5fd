#include "core/base/runtime.h"

#include "core/base/errors.h"

#include <ATen/Parallel.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>
#include <torch/cuda.h>

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

namespace {

/// The compute device as (type, index + 1) in one word, so that worker threads read it without a
/// lock. 0 is the CPU (type 0, index -1: what a CPU tensor's device() is).
std::atomic<int32_t> g_computeDevice{0};

int32_t packDevice(c10::Device d) {
    return (static_cast<int32_t>(d.type()) << 8) | (static_cast<int32_t>(d.index()) + 1);
}

c10::Device unpackDevice(int32_t v) {
    return c10::Device(static_cast<c10::DeviceType>(v >> 8),
                       static_cast<c10::DeviceIndex>((v & 0xff) - 1));
}

} // namespace

bool parseComputeDevice(const std::string& text, c10::Device* out, std::string* why) {
    auto refuse = [&] {
        if (why)
            *why = "unknown device '" + text + "' (cpu, cuda or cuda:N)";
        return false;
    };
    if (text == "cpu") {
        *out = c10::Device(c10::kCPU);
        return true;
    }
    const std::string cuda = "cuda";
    if (text.compare(0, cuda.size(), cuda) != 0)
        return refuse();
    if (text.size() == cuda.size()) {
        *out = c10::Device(c10::kCUDA, 0);
        return true;
    }
    const std::string index = text.substr(cuda.size() + 1);
    if (text[cuda.size()] != ':' || index.empty() || index.size() > 2 ||
        index.find_first_not_of("0123456789") != std::string::npos)
        return refuse();
    *out = c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(std::stoi(index)));
    return true;
}

c10::Device setComputeDevice(const std::string& text) {
    c10::Device d(c10::kCPU);
    std::string why;
    if (!parseComputeDevice(text, &d, &why))
        throw Error(text, why);
    if (d.is_cuda()) {
        if (!c10::impl::hasDeviceGuardImpl(c10::kCUDA))
            throw Error(text, "this LibTorch build has no CUDA support (Debian's libtorch-dev is "
                              "CPU-only); build BackdoorLab against a CUDA LibTorch to run on a "
                              "GPU");
        const size_t count = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
        if (count == 0) {
            const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
            throw Error(text, std::string("no CUDA device visible (CUDA_VISIBLE_DEVICES=") +
                                  (visible ? visible : "unset") + ")");
        }
        if (static_cast<size_t>(d.index()) >= count)
            throw Error(text, "there is no CUDA device " + std::to_string(d.index()) + ": " +
                                  std::to_string(count) +
                                  " visible (cuda:0 .. cuda:" + std::to_string(count - 1) + ")");
    }
    g_computeDevice.store(packDevice(d));
    return d;
}

c10::Device computeDevice() { return unpackDevice(g_computeDevice.load()); }

std::string computeDeviceName() { return computeDevice().str(); }

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
