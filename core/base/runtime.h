#pragma once
/// @file runtime.h
/// Process-wide LibTorch settings. Debian's LibTorch defaults to one intra-op thread.

namespace bdl::core {

/// Sets LibTorch's intra-op thread count; n <= 0 means the number of cores. Returns the count set.
/// Call once at start-up from the main thread (and again inside a worker thread: OpenMP pools are
/// per thread).
int setThreads(int n);

/// Keeps large tensor buffers in the heap instead of fresh mmap()s: glibc maps every block over
/// its (adaptive) mmap threshold anew and page-faults it on each use, which made batched inference
/// 2x slower than with reused memory (measured: 4 300 vs 10 000 img/s on csaw-badnet, 2 cores).
/// Sets the mmap threshold to 256 MiB and the trim threshold to 1 GiB. Call once at start-up,
/// before threads start; a no-op outside glibc.
void tuneAllocator();

/// The number of hardware threads (at least 1).
int hardwareThreads();

} // namespace bdl::core
