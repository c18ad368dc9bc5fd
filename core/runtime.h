#pragma once
/// @file runtime.h
/// Process-wide LibTorch settings. Debian's LibTorch defaults to one intra-op thread.

namespace bdl::core {

/// Sets LibTorch's intra-op thread count; n <= 0 means the number of cores. Returns the count set.
/// Call once at start-up from the main thread (and again inside a worker thread: OpenMP pools are
/// per thread).
int setThreads(int n);

/// The number of hardware threads (at least 1).
int hardwareThreads();

} // namespace bdl::core
