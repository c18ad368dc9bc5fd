// libFuzzer target keras_h5: a Keras .h5 model file image (loadKerasModelFromImage).
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_hdf5.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    bdl::fuzz::keepHdf5FreeLists();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runKerasH5, data, size);
}
