// The Hdf5Reader's checks of one dataset before it is read: a standard numeric type, a rank and
// a declared size within the limits, and stored data that fits in the file. Metadata only.
#include "core/base/errors.h"
#include "core/io/hdf5_file_internal.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace bdl::core::hdf5_detail {

namespace {

/// "1000000x3x1000x1000" ("scalar" for rank 0).
std::string extentsText(const std::vector<int64_t>& dims) {
    std::string out;
    for (int64_t d : dims)
        out += (out.empty() ? "" : "x") + std::to_string(d);
    return out.empty() ? "scalar" : out;
}

std::string humanBytes(int64_t bytes) {
    char buf[64];
    if (bytes >= (int64_t(1) << 30))
        std::snprintf(buf, sizeof(buf), "%.1f GiB", double(bytes) / double(int64_t(1) << 30));
    else
        std::snprintf(buf, sizeof(buf), "%.1f MiB", double(bytes) / double(1 << 20));
    return buf;
}

/// True for the standard integer types (8 to 64 bits, either sign and byte order) and the IEEE
/// 32/64-bit floats. HDF5 1.10.8 converts other precisions and bit offsets with bit copies that
/// crafted files can send out of bounds (a 64-bit integer of 0-bit precision: SIGBUS).
bool isStandardNumericType(hid_t type) {
    const hid_t standard[] = {H5T_STD_I8LE,   H5T_STD_I8BE,   H5T_STD_U8LE,   H5T_STD_U8BE,
                              H5T_STD_I16LE,  H5T_STD_I16BE,  H5T_STD_U16LE,  H5T_STD_U16BE,
                              H5T_STD_I32LE,  H5T_STD_I32BE,  H5T_STD_U32LE,  H5T_STD_U32BE,
                              H5T_STD_I64LE,  H5T_STD_I64BE,  H5T_STD_U64LE,  H5T_STD_U64BE,
                              H5T_IEEE_F32LE, H5T_IEEE_F32BE, H5T_IEEE_F64LE, H5T_IEEE_F64BE};
    for (const hid_t candidate : standard)
        if (H5Tequal(type, candidate) > 0)
            return true;
    H5Eclear2(H5E_DEFAULT);
    return false;
}

} // namespace

DatasetInfo inspectDataset(hid_t ds, const std::string& filePath, const std::string& dsPath,
                           const Hdf5Limits& limits) {
    DatasetInfo info;
    Handle type(H5Dget_type(ds), H5Tclose);
    Handle space(H5Dget_space(ds), H5Sclose);
    if (!type.valid() || !space.valid())
        throw Error(filePath, "unreadable dataset" + at(dsPath) + hdf5Detail());
    H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
        throw Error(filePath, "dataset is not numeric (wrong dtype: HDF5 class " +
                                  std::to_string(int(cls)) + ")" + at(dsPath));
    info.typeSize = H5Tget_size(type.get());
    info.isUInt8 =
        cls == H5T_INTEGER && info.typeSize == 1 && H5Tget_sign(type.get()) == H5T_SGN_NONE;
    if (info.typeSize == 0 || info.typeSize > 8)
        throw Error(filePath, "unsupported numeric element size " + std::to_string(info.typeSize) +
                                  at(dsPath));
    if (!isStandardNumericType(type.get()))
        throw Error(filePath, "dataset has a non-standard " +
                                  std::string(cls == H5T_FLOAT ? "floating-point" : "integer") +
                                  " type (" + std::to_string(info.typeSize) +
                                  " bytes with unusual precision, offset or layout); only the "
                                  "standard 8- to 64-bit integers and IEEE 32/64-bit floats are "
                                  "read" +
                                  at(dsPath));
    H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
    if (spaceClass != H5S_SIMPLE && spaceClass != H5S_SCALAR)
        throw Error(filePath, "dataset has no data space" + at(dsPath));
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0 || rank > limits.maxRank)
        throw Error(filePath, "dataset rank " + std::to_string(rank) + " is over the limit of " +
                                  std::to_string(limits.maxRank) + at(dsPath));
    std::vector<hsize_t> dims(size_t(rank), 0);
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        throw Error(filePath, "unreadable dataset extent" + at(dsPath) + hdf5Detail());
    for (hsize_t d : dims) {
        if (d > hsize_t(std::numeric_limits<int64_t>::max()))
            throw Error(filePath, "dataset too large (an extent over 2^63)" + at(dsPath));
        info.dims.push_back(int64_t(d));
    }
    return info;
}

void checkDeclaredSize(const DatasetInfo& info, torch::ScalarType dtype,
                       const std::string& filePath, const std::string& dsPath,
                       const Hdf5Limits& limits) {
    const int64_t elemBytes = std::max<int64_t>(int64_t(info.typeSize), torch::elementSize(dtype));
    int64_t n = 1, bytes = 0;
    bool overflow = false;
    for (int64_t d : info.dims)
        overflow = overflow || __builtin_mul_overflow(n, d, &n);
    overflow = overflow || __builtin_mul_overflow(n, elemBytes, &bytes);
    if (!overflow && n <= limits.maxElements && bytes <= limits.maxBytes)
        return;
    const std::string size =
        overflow ? "over 2^63 bytes" : std::to_string(bytes) + " bytes, " + humanBytes(bytes);
    throw Error(filePath, "dataset too large: it declares " + extentsText(info.dims) +
                              " elements of " + std::to_string(elemBytes) + " bytes (" + size +
                              "), over the limits of " + std::to_string(limits.maxElements) +
                              " elements and " + humanBytes(limits.maxBytes) + at(dsPath));
}

void checkStoredData(hid_t file, hid_t ds, const DatasetInfo& info, const std::string& filePath,
                     const std::string& dsPath) {
    haddr_t offset = H5Dget_offset(ds); // HADDR_UNDEF for chunked or unwritten storage
    hsize_t stored = H5Dget_storage_size(ds);
    H5Eclear2(H5E_DEFAULT);
    if (stored == 0)
        throw Error(filePath,
                    "dataset has no stored data (declared but never written)" + at(dsPath));
    hsize_t fileSize = 0;
    H5Fget_filesize(file, &fileSize);
    H5Eclear2(H5E_DEFAULT);
    // Any layout: the stored bytes (for chunks, the sum of their stored sizes) must fit in the
    // file. HDF5 allocates and fills a chunk's claimed size before inflating it.
    if (stored > fileSize)
        throw Error(filePath, "dataset claims " + std::to_string(stored) +
                                  " bytes of stored data in a file of " + std::to_string(fileSize) +
                                  " bytes (corrupt or hostile)" + at(dsPath));
    if (offset == HADDR_UNDEF)
        return;
    // Contiguous storage: the declared bytes must lie inside the file.
    uint64_t total = info.typeSize, end = 0;
    bool overflow = false;
    for (int64_t d : info.dims)
        overflow = overflow || __builtin_mul_overflow(total, uint64_t(d), &total);
    overflow = overflow || __builtin_add_overflow(uint64_t(offset), uint64_t(stored), &end);
    if (overflow || stored < total || end > fileSize)
        throw Error(filePath,
                    "dataset data lies beyond the end of the file (truncated or corrupt)" +
                        at(dsPath));
}

} // namespace bdl::core::hdf5_detail
