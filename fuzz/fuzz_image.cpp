// libFuzzer target image: a picture for the inspector (decodeImageForModel).
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runImage, data, size);
}
