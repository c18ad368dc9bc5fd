#include "core/io/hdf5_file.h"

#include "core/base/errors.h"
#include "core/io/hdf5_file_internal.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <type_traits>

static_assert(std::is_same<hid_t, int64_t>::value, "hdf5_file.h stores hid_t as int64_t");

namespace bdl::core {

using namespace hdf5_detail;

namespace {

/// Chunks above this are refused: HDF5 allocates a whole chunk to read any part of it.
constexpr int64_t kMaxChunkBytes = int64_t(1) << 30;

/// Multiplies dims with overflow detection; returns -1 on overflow past `cap`.
int64_t checkedProduct(const std::vector<int64_t>& dims, int64_t cap) {
    int64_t n = 1;
    for (int64_t d : dims) {
        if (d != 0 && n > cap / d)
            return -1;
        n *= d;
    }
    return n;
}

struct DatasetInfo {
    std::vector<int64_t> dims;
    size_t typeSize = 0;
};

} // namespace

// ---------------------------------------------------------------------------------------------
// Hdf5Reader

Hdf5Reader::Hdf5Reader(const std::string& path, Hdf5Limits limits)
    : m_path(path), m_limits(limits) {
    silenceHdf5();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(path, std::string("cannot open file: ") + std::strerror(errno));
    if (!S_ISREG(st.st_mode))
        throw Error(path, "not a regular file");
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw Error(path, "not an HDF5 file (no HDF5 signature found)");
    }
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // Read-only opens need no lock; locks fail on some network and read-only file systems.
    if (fapl.valid())
        H5Pset_file_locking(fapl.get(), false, true);
    m_file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.valid() ? fapl.get() : H5P_DEFAULT);
    if (m_file < 0)
        throw Error(path, "cannot open the HDF5 file" + hdf5Detail());
}

Hdf5Reader::~Hdf5Reader() {
    if (m_file >= 0)
        H5Fclose(m_file);
}

std::string Hdf5Reader::describeFailure(const std::string& what,
                                        const std::string& objectPath) const {
    return what + at(objectPath) + hdf5Detail();
}

int64_t Hdf5Reader::openObject(const std::string& objectPath) const {
    silenceHdf5();
    if (!pathExists(m_file, objectPath))
        throw Error(m_path, "missing object" + at(objectPath));
    hid_t id = H5Oopen(m_file, objectPath.c_str(), H5P_DEFAULT);
    if (id < 0)
        throw Error(m_path, describeFailure("cannot open object", objectPath));
    return id;
}

bool Hdf5Reader::exists(const std::string& objectPath) const {
    silenceHdf5();
    return pathExists(m_file, objectPath);
}

bool Hdf5Reader::isGroup(const std::string& objectPath) const {
    if (!exists(objectPath))
        return false;
    H5O_info_t info;
    if (H5Oget_info_by_name(m_file, objectPath.c_str(), &info, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    return info.type == H5O_TYPE_GROUP;
}

bool Hdf5Reader::isDataset(const std::string& objectPath) const {
    if (!exists(objectPath))
        return false;
    H5O_info_t info;
    if (H5Oget_info_by_name(m_file, objectPath.c_str(), &info, H5P_DEFAULT) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    return info.type == H5O_TYPE_DATASET;
}

namespace {
struct MemberList {
    std::vector<std::string> names;
    int64_t max = 0;
    bool tooMany = false;
};

herr_t collectMember(hid_t, const char* name, const H5L_info_t*, void* data) {
    auto* list = static_cast<MemberList*>(data);
    if (int64_t(list->names.size()) >= list->max) {
        list->tooMany = true;
        return 1;
    }
    list->names.emplace_back(name);
    return 0;
}
} // namespace

std::vector<std::string> Hdf5Reader::members(const std::string& groupPath) const {
    if (!isGroup(groupPath))
        throw Error(m_path, "missing group" + at(groupPath));
    Handle group(H5Gopen2(m_file, groupPath.c_str(), H5P_DEFAULT), H5Gclose);
    if (!group.valid())
        throw Error(m_path, describeFailure("cannot open group", groupPath));
    MemberList list;
    list.max = m_limits.maxMembers;
    hsize_t idx = 0;
    if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collectMember, &list) < 0)
        throw Error(m_path, describeFailure("cannot list group members", groupPath));
    if (list.tooMany)
        throw Error(m_path,
                    "too many members (over " + std::to_string(list.max) + ")" + at(groupPath));
    return list.names;
}

bool Hdf5Reader::hasAttribute(const std::string& objectPath, const std::string& name) const {
    if (!exists(objectPath))
        return false;
    htri_t ok = H5Aexists_by_name(m_file, objectPath.c_str(), name.c_str(), H5P_DEFAULT);
    H5Eclear2(H5E_DEFAULT);
    return ok > 0;
}

namespace {
herr_t collectAttrName(hid_t, const char* name, const H5A_info_t*, void* data) {
    auto* out = static_cast<std::vector<std::string>*>(data);
    if (out->size() >= 100000)
        return 1;
    out->emplace_back(name);
    return 0;
}
} // namespace

std::vector<std::string> Hdf5Reader::attributeNames(const std::string& objectPath) const {
    Handle obj(openObject(objectPath), H5Oclose);
    std::vector<std::string> names;
    hsize_t idx = 0;
    if (H5Aiterate2(obj.get(), H5_INDEX_NAME, H5_ITER_INC, &idx, collectAttrName, &names) < 0)
        throw Error(m_path, describeFailure("cannot list attributes", objectPath));
    return names;
}

bool Hdf5Reader::isStringAttribute(const std::string& objectPath, const std::string& name) const {
    if (!hasAttribute(objectPath, name))
        return false;
    Handle attr(H5Aopen_by_name(m_file, objectPath.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
    if (!attr.valid()) {
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    return type.valid() && H5Tget_class(type.get()) == H5T_STRING;
}

namespace {

/// Reads n strings of an attribute whose type is a string class, within a byte cap.
std::vector<std::string> readAttrStrings(hid_t attr, hid_t type, hid_t space, int64_t n,
                                         int64_t maxBytes, std::string* problem) {
    std::vector<std::string> out;
    if (n == 0)
        return out;
    htri_t variable = H5Tis_variable_str(type);
    if (variable < 0) {
        *problem = "unreadable string type";
        return out;
    }
    if (!variable) {
        size_t size = H5Tget_size(type);
        if (size == 0 || int64_t(size) > maxBytes / n) {
            *problem = "string attribute too large or malformed";
            return out;
        }
        std::vector<char> buf(size * size_t(n), '\0');
        Handle mem(H5Tcopy(type), H5Tclose);
        if (!mem.valid() || H5Aread(attr, mem.get(), buf.data()) < 0) {
            *problem = "cannot read string attribute";
            return out;
        }
        bool spacePad = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
        for (int64_t i = 0; i < n; ++i) {
            const char* s = buf.data() + size_t(i) * size;
            size_t len = strnlen(s, size);
            if (spacePad)
                while (len > 0 && s[len - 1] == ' ')
                    --len;
            out.emplace_back(s, len);
        }
        return out;
    }
    if (n > maxBytes / int64_t(sizeof(char*))) {
        *problem = "string attribute has too many elements";
        return out;
    }
    std::vector<char*> ptrs(size_t(n), nullptr);
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.get(), H5T_VARIABLE);
    H5Tset_cset(mem.get(), H5Tget_cset(type));
    if (H5Aread(attr, mem.get(), ptrs.data()) < 0) {
        *problem = "cannot read variable-length string attribute";
        return out;
    }
    int64_t total = 0;
    for (char* p : ptrs) {
        size_t len = p ? strnlen(p, size_t(maxBytes)) : 0;
        total += int64_t(len);
        if (total > maxBytes) {
            *problem = "string attribute too large";
            out.clear();
            break;
        }
        out.emplace_back(p ? p : "", len);
    }
    H5Dvlen_reclaim(mem.get(), space, H5P_DEFAULT, ptrs.data());
    return out;
}

} // namespace

std::vector<std::string> Hdf5Reader::readStringArrayAttribute(const std::string& objectPath,
                                                              const std::string& name) const {
    silenceHdf5();
    const std::string where = at(objectPath + "' attribute '" + name);
    if (!hasAttribute(objectPath, name))
        throw Error(m_path, "missing attribute" + where);
    Handle attr(H5Aopen_by_name(m_file, objectPath.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose);
    if (!attr.valid())
        throw Error(m_path, "cannot open attribute" + where + hdf5Detail());
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    if (!type.valid() || !space.valid())
        throw Error(m_path, "unreadable attribute" + where + hdf5Detail());
    H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
    int rank = H5Sget_simple_extent_ndims(space.get());
    if (spaceClass == H5S_NO_CLASS || rank < 0 || rank > 1)
        throw Error(m_path, "attribute is not a scalar or 1-D array" + where);
    hssize_t n = spaceClass == H5S_NULL ? 0 : H5Sget_simple_extent_npoints(space.get());
    if (n < 0)
        throw Error(m_path, "unreadable attribute extent" + where);
    H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_STRING) {
        // Keras stores "no weights" as an empty float64 array rather than an empty string list.
        if ((cls == H5T_FLOAT || cls == H5T_INTEGER) && n == 0)
            return {};
        throw Error(m_path, "attribute is not a string (wrong type)" + where);
    }
    std::string problem;
    auto values = readAttrStrings(attr.get(), type.get(), space.get(), int64_t(n),
                                  m_limits.maxStringBytes, &problem);
    if (!problem.empty())
        throw Error(m_path, problem + where + hdf5Detail());
    return values;
}

std::string Hdf5Reader::readStringAttribute(const std::string& objectPath,
                                            const std::string& name) const {
    auto values = readStringArrayAttribute(objectPath, name);
    if (values.size() != 1)
        throw Error(m_path, "expected one string, found " + std::to_string(values.size()) +
                                at(objectPath + "' attribute '" + name));
    return values.front();
}

namespace {

/// Checks a dataset's type, extent and chunk shape against the limits before anything is
/// allocated; throws Error.
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
    if (info.typeSize == 0 || info.typeSize > 8)
        throw Error(filePath, "unsupported numeric element size " + std::to_string(info.typeSize) +
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
            throw Error(filePath, "dataset extent too large" + at(dsPath));
        info.dims.push_back(int64_t(d));
    }
    Handle dcpl(H5Dget_create_plist(ds), H5Pclose);
    if (!dcpl.valid())
        throw Error(filePath, "unreadable dataset layout" + at(dsPath) + hdf5Detail());
    // Virtual and external storage would make HDF5 read other files named inside this one.
    const H5D_layout_t layout = H5Pget_layout(dcpl.get());
    if (layout == H5D_VIRTUAL || H5Pget_external_count(dcpl.get()) != 0)
        throw Error(filePath, "datasets stored in other files are not supported" + at(dsPath));
    // Refuse chunk shapes that would make HDF5 allocate an absurd buffer per chunk.
    if (layout == H5D_CHUNKED && rank > 0) {
        std::vector<hsize_t> chunk(size_t(rank), 0);
        if (H5Pget_chunk(dcpl.get(), rank, chunk.data()) < 0)
            throw Error(filePath, "unreadable chunk layout" + at(dsPath) + hdf5Detail());
        int64_t bytes = int64_t(info.typeSize);
        for (hsize_t c : chunk) {
            if (c == 0 || int64_t(c) > kMaxChunkBytes / bytes)
                throw Error(filePath, "dataset chunk too large" + at(dsPath));
            bytes *= int64_t(c);
        }
    }
    return info;
}

/// Refuses a selection of `n` elements over the limits, then checks the stored bytes.
void checkReadSize(hid_t file, hid_t ds, const DatasetInfo& info, int64_t n,
                   torch::ScalarType dtype, const std::string& filePath, const std::string& dsPath,
                   const Hdf5Limits& limits) {
    if (n < 0 || n > limits.maxElements)
        throw Error(filePath, "dataset too large (declared size over " +
                                  std::to_string(limits.maxElements) + " elements)" + at(dsPath));
    int64_t elemBytes = std::max<int64_t>(int64_t(info.typeSize), torch::elementSize(dtype));
    if (n > limits.maxBytes / elemBytes)
        throw Error(filePath, "dataset too large (declared size over " +
                                  std::to_string(limits.maxBytes >> 20) + " MiB)" + at(dsPath));
    if (n == 0)
        return;
    haddr_t offset = H5Dget_offset(ds); // HADDR_UNDEF for chunked or unwritten storage
    hsize_t stored = H5Dget_storage_size(ds);
    H5Eclear2(H5E_DEFAULT);
    if (stored == 0)
        throw Error(filePath,
                    "dataset has no stored data (declared but never written)" + at(dsPath));
    if (offset != HADDR_UNDEF) {
        // Contiguous storage: the declared bytes must lie inside the file.
        hsize_t fileSize = 0;
        H5Fget_filesize(file, &fileSize);
        H5Eclear2(H5E_DEFAULT);
        int64_t total =
            checkedProduct(info.dims, std::numeric_limits<int64_t>::max() / int64_t(info.typeSize));
        if (total < 0 || stored < hsize_t(total) * info.typeSize || offset + stored > fileSize)
            throw Error(filePath, "dataset data lies beyond the end of the file (truncated or "
                                  "corrupt)" +
                                      at(dsPath));
    }
}

} // namespace

std::vector<int64_t> Hdf5Reader::datasetShape(const std::string& datasetPath) const {
    silenceHdf5();
    if (!isDataset(datasetPath))
        throw Error(m_path, "missing dataset" + at(datasetPath));
    Handle ds(H5Dopen2(m_file, datasetPath.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid())
        throw Error(m_path, describeFailure("cannot open dataset", datasetPath));
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0 || rank > m_limits.maxRank)
        throw Error(m_path,
                    "dataset rank " + std::to_string(rank) + " is not supported" + at(datasetPath));
    std::vector<hsize_t> dims(size_t(rank), 0);
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        throw Error(m_path, describeFailure("unreadable dataset extent", datasetPath));
    return std::vector<int64_t>(dims.begin(), dims.end());
}

int64_t Hdf5Reader::openDatasetForRead(const std::string& datasetPath,
                                       torch::ScalarType dtype) const {
    silenceHdf5();
    if (memTypeFor(dtype) < 0)
        throw Error(m_path, std::string("unsupported target dtype ") + c10::toString(dtype) +
                                at(datasetPath));
    if (!isDataset(datasetPath))
        throw Error(m_path, "missing dataset" + at(datasetPath));
    const hid_t ds = H5Dopen2(m_file, datasetPath.c_str(), H5P_DEFAULT);
    if (ds < 0)
        throw Error(m_path, describeFailure("cannot open dataset", datasetPath));
    return ds;
}

torch::Tensor Hdf5Reader::readDataset(const std::string& datasetPath, torch::ScalarType dtype,
                                      bool allowEmpty) const {
    const hid_t memType = memTypeFor(dtype);
    Handle ds(openDatasetForRead(datasetPath, dtype), H5Dclose);
    DatasetInfo info = inspectDataset(ds.get(), m_path, datasetPath, m_limits);
    int64_t n = checkedProduct(info.dims, std::numeric_limits<int64_t>::max());
    if (n == 0 && !allowEmpty)
        throw Error(m_path, "dataset is empty (a zero dimension)" + at(datasetPath));
    checkReadSize(m_file, ds.get(), info, n, dtype, m_path, datasetPath, m_limits);
    torch::Tensor out = torch::empty(info.dims, torch::TensorOptions().dtype(dtype));
    if (n == 0)
        return out;
    if (H5Dread(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data_ptr()) < 0)
        throw Error(m_path, describeFailure("cannot read dataset", datasetPath));
    return out;
}

torch::Tensor Hdf5Reader::readDatasetRows(const std::string& datasetPath, int64_t begin,
                                          int64_t count, torch::ScalarType dtype) const {
    const hid_t memType = memTypeFor(dtype);
    Handle ds(openDatasetForRead(datasetPath, dtype), H5Dclose);
    DatasetInfo info = inspectDataset(ds.get(), m_path, datasetPath, m_limits);
    if (info.dims.empty())
        throw Error(m_path, "dataset is a scalar, rows cannot be read" + at(datasetPath));
    if (begin < 0 || count < 0 || begin > info.dims[0] || count > info.dims[0] - begin)
        throw Error(m_path, "rows [" + std::to_string(begin) + ", " +
                                std::to_string(begin + count) + ") out of range (" +
                                std::to_string(info.dims[0]) + " rows)" + at(datasetPath));
    std::vector<int64_t> shape = info.dims;
    shape[0] = count;
    int64_t n = checkedProduct(shape, std::numeric_limits<int64_t>::max());
    checkReadSize(m_file, ds.get(), info, n, dtype, m_path, datasetPath, m_limits);
    torch::Tensor out = torch::empty(shape, torch::TensorOptions().dtype(dtype));
    if (n == 0)
        return out;
    std::vector<hsize_t> start(info.dims.size(), 0), extent(shape.begin(), shape.end());
    start[0] = hsize_t(begin);
    Handle fileSpace(H5Dget_space(ds.get()), H5Sclose);
    Handle memSpace(H5Screate_simple(int(extent.size()), extent.data(), nullptr), H5Sclose);
    if (!fileSpace.valid() || !memSpace.valid() ||
        H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, extent.data(),
                            nullptr) < 0 ||
        H5Dread(ds.get(), memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, out.data_ptr()) <
            0)
        throw Error(m_path, describeFailure("cannot read dataset rows", datasetPath));
    return out;
}

} // namespace bdl::core
