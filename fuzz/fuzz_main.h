#pragma once
/// @file fuzz_main.h
/// The libFuzzer side of every target: one input through its entry (fuzz_entries.h), where any
/// exception other than core::Error (which the entries swallow) aborts with its type and message
/// so that libFuzzer records the input as a crash.
#include <opencv2/core.hpp>
#include <torch/types.h>
#include <torch/utils.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

namespace bdl::fuzz {

/// One-time setup: single-threaded LibTorch and OpenCV (one fuzz job per core, and stable
/// coverage).
inline void initFuzzTarget() {
    torch::set_num_threads(1);
    cv::setNumThreads(0);
}

/// Runs `entry` on the input; aborts on an exception that escapes it.
template <class Entry>
int runFuzzInput(Entry entry, const uint8_t* data, size_t size) {
    try {
        entry(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "==BDL-FUZZ== uncaught %s: %s\n", typeid(e).name(), e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "==BDL-FUZZ== uncaught exception of a non-std type\n");
        std::abort();
    }
    return 0;
}

} // namespace bdl::fuzz
