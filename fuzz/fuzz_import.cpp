// libFuzzer target import: a payload of the import helper (decodeImportPayload).
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runImport, data, size);
}
