#pragma once
/// @file runtime.h
/// Process-wide LibTorch and OpenMP settings. Debian's LibTorch defaults to one intra-op thread.
///
/// Threads on a shared machine: LibTorch's intra-op pool and OpenBLAS (Debian's openblas-openmp)
/// both run on libgomp, whose idle threads spin for 300 000 iterations before they sleep. Beside
/// another busy process on the same cores a spinning thread burns the time slice its partner
/// needs to finish its half of the work, and every parallel region then waits for the scheduler:
/// a 10-epoch fine-tuning went from 19.5 s to about 8 minutes. With OMP_WAIT_POLICY=PASSIVE idle
/// threads sleep at once, and a job on a shared machine slows down in proportion to the CPU it
/// gets (tools/shared_cpu_bench.sh measures both; DEVELOPERS.md lists the numbers).
/// usePassiveOpenMpWait() sets it for the desktop app and the CLI unless the user chose.
///
/// The compute device: where new models are allocated (Model's constructor reads
/// computeDevice()) and so where every forward pass, ranking, fine-tuning step and STRIP blend on
/// them runs; data sets stay on the CPU and each batch is moved to the model's device inside the
/// batched loops. The default is the CPU. Debian's LibTorch is CPU-only: setComputeDevice("cuda")
/// there throws an Error that says so; a build against a CUDA LibTorch runs on a GPU.
#include <c10/core/Device.h>

#include <string>

namespace bdl::core {

/// Sets LibTorch's intra-op thread count; n <= 0 means defaultThreads(). Returns the count set.
/// Call once at start-up from the main thread (and again inside a worker thread: OpenMP pools are
/// per thread).
int setThreads(int n);

/// The intra-op thread count used when none is asked for: the number of hardware threads (every
/// core: with the passive wait policy, a thread whose core is taken sleeps instead of spinning,
/// so using every core costs little when the machine is shared and is fastest when it is not).
int defaultThreads();

/// Keeps large tensor buffers in the heap instead of fresh mmap()s: glibc maps every block over
/// its (adaptive) mmap threshold anew and page-faults it on each use, which made batched inference
/// 2x slower than with reused memory (measured: 4 300 vs 10 000 img/s on csaw-badnet, 2 cores).
/// Sets the mmap threshold to 256 MiB and the trim threshold to 1 GiB. Call once at start-up,
/// before threads start; a no-op outside glibc.
void tuneAllocator();

/// The thresholds tuneAllocator() sets (glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD, bytes).
inline constexpr int kMallocMmapThreshold = 256 << 20; // buffers below this come from the heap
inline constexpr int kMallocTrimThreshold = 1 << 30;   // keep freed heap memory for the next batch

/// Whether tuneAllocator() ran in this process and set them (false outside glibc).
bool allocatorTuned();

/// The number of hardware threads (at least 1).
int hardwareThreads();

/// Makes idle OpenMP threads sleep instead of spin (see the file comment). libgomp reads its
/// environment once, when it is loaded, before main() runs, so a setenv() in main() alone changes
/// nothing (checked: GOMP_SPINCOUNT stays 300000). Therefore, when neither OMP_WAIT_POLICY nor
/// GOMP_SPINCOUNT is set, this sets OMP_WAIT_POLICY=PASSIVE and re-executes the program
/// (/proc/self/exe with the same argv) so that libgomp sees it; it then does not return. When the
/// user set either variable (OMP_WAIT_POLICY=ACTIVE keeps libgomp's spinning), or on a platform
/// without /proc, or when the exec fails, it returns and the program runs as it is.
/// Call first thing in main(), before any thread starts and before anything is printed.
/// Returns the wait policy in effect: "PASSIVE", the user's value, or "" for libgomp's default.
const char* usePassiveOpenMpWait(char** argv);

/// Parses a device name: "cpu", "cuda" (= "cuda:0") or "cuda:N". Returns false and sets *why
/// (when given) for anything else; says nothing about whether the device exists.
bool parseComputeDevice(const std::string& text, c10::Device* out, std::string* why = nullptr);

/// Makes `text` (parseComputeDevice) the compute device. Throws Error(text, problem) when the text
/// does not parse, when CUDA is asked for and this LibTorch has no CUDA support (Debian's), when
/// the build has CUDA but no device is visible (the message gives CUDA_VISIBLE_DEVICES), or when
/// the index is not below the device count. Returns the device set. Call at start-up, before any
/// model is made (models made earlier stay where they are: Model::to moves one); any thread may
/// read computeDevice() afterwards.
c10::Device setComputeDevice(const std::string& text);

/// The compute device (the CPU unless setComputeDevice chose another).
c10::Device computeDevice();

/// "cpu" or "cuda:0": computeDevice() as text, for reports and logs.
std::string computeDeviceName();

/// The OMP_WAIT_POLICY libgomp saw at load time as far as this process knows (the environment
/// variable, "" when unset).
const char* openMpWaitPolicy();

} // namespace bdl::core
