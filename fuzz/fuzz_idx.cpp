// libFuzzer target idx: an IDX labels + images pair (loadIdxFromMemory).
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runIdx, data, size);
}
