// libFuzzer target torchscript: a TorchScript archive (loadTorchScriptModelFromBytes), the reader
// the import helper runs on .pt files.
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runTorchScript, data, size);
}
