// libFuzzer target result: a result file of the CLI (resultFromBytes, File > Open Result).
#include "fuzz/fuzz_result_entry.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        bdl::fuzz::runResult(std::string(reinterpret_cast<const char*>(data), size));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "==BDL-FUZZ== uncaught %s: %s\n", typeid(e).name(), e.what());
        std::abort();
    }
    return 0;
}
