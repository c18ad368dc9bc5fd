// libFuzzer target csaw_h5: a CSAW .h5 data set image (loadCsawH5FromImage).
#include "fuzz/fuzz_entries.h"
#include "fuzz/fuzz_hdf5.h"
#include "fuzz/fuzz_main.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    bdl::fuzz::initFuzzTarget();
    bdl::fuzz::keepHdf5FreeLists();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    return bdl::fuzz::runFuzzInput(bdl::fuzz::runCsawH5, data, size);
}
