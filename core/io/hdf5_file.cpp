#include "core/io/hdf5_file.h"

#include "core/base/errors.h"
#include "core/io/hdf5_file_internal.h"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <type_traits>

static_assert(std::is_same<hid_t, int64_t>::value, "hdf5_file.h stores hid_t as int64_t");

namespace bdl::core {

using namespace hdf5_detail;

std::string hdf5_detail::uniqueImageName() {
    static std::atomic<uint64_t> counter{0};
    return "/dev/null/bdl-memory-image-" + std::to_string(++counter);
}

namespace {

/// The core driver grows an image by this much when written to (never, read-only).
constexpr size_t kImageIncrement = 64 * 1024;

/// True when the HDF5 signature is at offset 0, 512, 1024, 2048, ... (after a user block).
bool hasHdf5Signature(const std::string& bytes) {
    static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    for (size_t offset = 0; offset + sizeof(kSignature) <= bytes.size();
         offset = offset == 0 ? 512 : offset * 2)
        if (std::memcmp(bytes.data() + offset, kSignature, sizeof(kSignature)) == 0)
            return true;
    return false;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Hdf5Reader: opening

Hdf5Reader::Hdf5Reader(const std::string& path, Hdf5Limits limits)
    : m_path(path), m_limits(limits) {
    silenceHdf5();
    disablePluginLoading();
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
    if (!fapl.valid())
        throw Error(path, "cannot set up HDF5 file access" + hdf5Detail());
    // Read-only opens need no lock; locks fail on some network and read-only file systems.
    H5Pset_file_locking(fapl.get(), false, true);
    open(path, fapl.get());
}

Hdf5Reader::Hdf5Reader(ImageTag, const std::string& bytes, const std::string& name,
                       Hdf5Limits limits)
    : m_path(name), m_limits(limits) {
    silenceHdf5();
    disablePluginLoading();
    if (!hasHdf5Signature(bytes))
        throw Error(name, "not an HDF5 file (no HDF5 signature found)");
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // H5Pset_file_image copies the bytes; HDF5 never writes through the const_cast.
    if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), kImageIncrement, /*backing_store=*/0) < 0 ||
        H5Pset_file_image(fapl.get(), const_cast<char*>(bytes.data()), bytes.size()) < 0)
        throw Error(name, "cannot hold the HDF5 image in memory" + hdf5Detail());
    open(uniqueImageName(), fapl.get());
}

std::unique_ptr<Hdf5Reader> Hdf5Reader::fromImage(const std::string& bytes, const std::string& name,
                                                  Hdf5Limits limits) {
    return std::unique_ptr<Hdf5Reader>(new Hdf5Reader(ImageTag{}, bytes, name, limits));
}

void Hdf5Reader::open(const std::string& hdf5Name, int64_t fapl) {
    H5Pset_elink_file_cache_size(fapl, 0); // never keep another file open (none is opened)
    m_file = H5Fopen(hdf5Name.c_str(), H5F_ACC_RDONLY, fapl);
    if (m_file < 0) {
        std::string detail = hdf5Detail();
        for (size_t pos = detail.find(hdf5Name); hdf5Name != m_path && pos != std::string::npos;
             pos = detail.find(hdf5Name, pos + m_path.size()))
            detail.replace(pos, hdf5Name.size(), m_path);
        throw Error(m_path, "cannot open the HDF5 file" + detail);
    }
    // Every link traversal gets an external-link callback that refuses: a second fence behind
    // the link-by-link checks, should a path reach an external link they did not see.
    m_lapl = H5Pcreate(H5P_LINK_ACCESS);
    m_dapl = H5Pcreate(H5P_DATASET_ACCESS);
    if (m_lapl < 0 || m_dapl < 0 || H5Pset_elink_cb(m_lapl, refuseExternalLink, nullptr) < 0 ||
        H5Pset_elink_cb(m_dapl, refuseExternalLink, nullptr) < 0) {
        const std::string detail = hdf5Detail();
        close();
        throw Error(m_path, "cannot set up HDF5 link access" + detail);
    }
}

void Hdf5Reader::close() noexcept {
    if (m_dapl >= 0)
        H5Pclose(m_dapl);
    if (m_lapl >= 0)
        H5Pclose(m_lapl);
    if (m_file >= 0)
        H5Fclose(m_file);
    H5Eclear2(H5E_DEFAULT);
    m_file = m_lapl = m_dapl = -1;
}

Hdf5Reader::~Hdf5Reader() { close(); }

// ---------------------------------------------------------------------------------------------
// Objects and links

std::string Hdf5Reader::describeFailure(const std::string& what,
                                        const std::string& objectPath) const {
    return what + at(objectPath) + hdf5Detail();
}

void Hdf5Reader::requireObject(const std::string& objectPath, const char* what) const {
    silenceHdf5();
    const LinkCheck check = checkLinkChain(m_file, m_lapl, objectPath);
    if (check.status == LinkCheck::Refused)
        throw Error(m_path,
                    std::string("missing ") + what + " '" + objectPath + "': " + check.problem);
    if (check.status == LinkCheck::Missing)
        throw Error(m_path, std::string("missing ") + what + at(objectPath));
}

int64_t Hdf5Reader::openObject(const std::string& objectPath) const {
    requireObject(objectPath, "object");
    hid_t id = H5Oopen(m_file, objectPath.c_str(), m_lapl);
    if (id < 0)
        throw Error(m_path, describeFailure("cannot open object", objectPath));
    return id;
}

bool Hdf5Reader::exists(const std::string& objectPath) const {
    silenceHdf5();
    return checkLinkChain(m_file, m_lapl, objectPath).status == LinkCheck::Ok;
}

void Hdf5Reader::checkLinks(const std::string& objectPath) const {
    silenceHdf5();
    const LinkCheck check = checkLinkChain(m_file, m_lapl, objectPath);
    if (check.status == LinkCheck::Refused)
        throw Error(m_path, check.problem);
}

bool Hdf5Reader::isGroup(const std::string& objectPath) const {
    if (!exists(objectPath))
        return false;
    H5O_info_t info;
    if (H5Oget_info_by_name(m_file, objectPath.c_str(), &info, m_lapl) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return false;
    }
    return info.type == H5O_TYPE_GROUP;
}

bool Hdf5Reader::isDataset(const std::string& objectPath) const {
    if (!exists(objectPath))
        return false;
    H5O_info_t info;
    if (H5Oget_info_by_name(m_file, objectPath.c_str(), &info, m_lapl) < 0) {
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
    requireObject(groupPath, "group");
    if (!isGroup(groupPath))
        throw Error(m_path, "missing group" + at(groupPath));
    MemberList list;
    list.max = m_limits.maxMembers;
    hsize_t idx = 0;
    if (H5Literate_by_name(m_file, groupPath.c_str(), H5_INDEX_NAME, H5_ITER_INC, &idx,
                           collectMember, &list, m_lapl) < 0)
        throw Error(m_path, describeFailure("cannot list group members", groupPath));
    if (list.tooMany)
        throw Error(m_path,
                    "too many members (over " + std::to_string(list.max) + ")" + at(groupPath));
    return list.names;
}

// ---------------------------------------------------------------------------------------------
// Attributes

bool Hdf5Reader::hasAttribute(const std::string& objectPath, const std::string& name) const {
    if (!exists(objectPath))
        return false;
    htri_t ok = H5Aexists_by_name(m_file, objectPath.c_str(), name.c_str(), m_lapl);
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
    Handle attr(H5Aopen_by_name(m_file, objectPath.c_str(), name.c_str(), H5P_DEFAULT, m_lapl),
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
        *problem = "string attribute too large (" + std::to_string(n) + " strings)";
        return out;
    }
    std::vector<char*> ptrs(size_t(n), nullptr);
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!mem.valid() || H5Tset_size(mem.get(), H5T_VARIABLE) < 0 ||
        H5Tset_cset(mem.get(), H5Tget_cset(type)) < 0) {
        *problem = "unreadable string type";
        return out;
    }
    const herr_t status = H5Aread(attr, mem.get(), ptrs.data());
    // Each string is bounded on its own (strnlen never runs past the cap) and in total.
    int64_t total = 0;
    for (char* p : ptrs) {
        if (status < 0)
            break;
        const size_t len = p ? strnlen(p, size_t(maxBytes) + 1) : 0;
        total += int64_t(len);
        if (int64_t(len) > maxBytes || total > maxBytes) {
            *problem = "string attribute too large (over " + std::to_string(maxBytes) + " bytes)";
            out.clear();
            break;
        }
        out.emplace_back(p ? p : "", len);
    }
    // Frees what HDF5 allocated, also after a failed read (null entries are skipped).
    H5Dvlen_reclaim(mem.get(), space, H5P_DEFAULT, ptrs.data());
    if (status < 0)
        *problem = "cannot read variable-length string attribute";
    return out;
}

} // namespace

std::vector<std::string> Hdf5Reader::readStringArrayAttribute(const std::string& objectPath,
                                                              const std::string& name) const {
    silenceHdf5();
    const std::string where = at(objectPath + "' attribute '" + name);
    checkLinks(objectPath);
    if (!hasAttribute(objectPath, name))
        throw Error(m_path, "missing attribute" + where);
    Handle attr(H5Aopen_by_name(m_file, objectPath.c_str(), name.c_str(), H5P_DEFAULT, m_lapl),
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

// ---------------------------------------------------------------------------------------------
// Datasets

int64_t Hdf5Reader::openDataset(const std::string& datasetPath) const {
    requireObject(datasetPath, "dataset");
    if (!isDataset(datasetPath))
        throw Error(m_path, "missing dataset" + at(datasetPath));
    Handle ds(H5Dopen2(m_file, datasetPath.c_str(), m_dapl), H5Dclose);
    if (!ds.valid())
        throw Error(m_path, describeFailure("cannot open dataset", datasetPath));
    // Before the extent is asked for: HDF5 opens a virtual dataset's sources to compute it.
    checkDatasetStorage(ds.get(), m_path, datasetPath);
    return ds.release();
}

std::vector<int64_t> Hdf5Reader::datasetShape(const std::string& datasetPath) const {
    Handle ds(openDataset(datasetPath), H5Dclose);
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0 || rank > m_limits.maxRank)
        throw Error(m_path,
                    "dataset rank " + std::to_string(rank) + " is not supported" + at(datasetPath));
    std::vector<hsize_t> dims(size_t(rank), 0);
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        throw Error(m_path, describeFailure("unreadable dataset extent", datasetPath));
    for (hsize_t d : dims)
        if (d > hsize_t(std::numeric_limits<int64_t>::max()))
            throw Error(m_path, "dataset too large (an extent over 2^63)" + at(datasetPath));
    return std::vector<int64_t>(dims.begin(), dims.end());
}

bool Hdf5Reader::storesUInt8(const std::string& datasetPath) const {
    silenceHdf5();
    Handle ds(openDataset(datasetPath), H5Dclose);
    return inspectDataset(ds.get(), m_path, datasetPath, m_limits).isUInt8;
}

torch::Tensor Hdf5Reader::readDataset(const std::string& datasetPath, torch::ScalarType dtype,
                                      bool allowEmpty) const {
    silenceHdf5();
    const hid_t memType = memTypeFor(dtype);
    if (memType < 0)
        throw Error(m_path, std::string("unsupported target dtype ") + c10::toString(dtype) +
                                at(datasetPath));
    Handle ds(openDataset(datasetPath), H5Dclose);
    const DatasetInfo info = inspectDataset(ds.get(), m_path, datasetPath, m_limits);
    checkDeclaredSize(info, dtype, m_path, datasetPath, m_limits);
    int64_t n = 1;
    for (int64_t d : info.dims)
        n *= d; // cannot overflow: checkDeclaredSize bounded the product
    if (n == 0 && !allowEmpty)
        throw Error(m_path, "dataset is empty (a zero dimension)" + at(datasetPath));
    if (n > 0)
        checkStoredData(m_file, ds.get(), info, m_path, datasetPath);
    torch::Tensor out = torch::empty(info.dims, torch::TensorOptions().dtype(dtype));
    if (n == 0)
        return out;
    if (H5Dread(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data_ptr()) < 0)
        throw Error(m_path, describeFailure("cannot read dataset", datasetPath));
    return out;
}

torch::Tensor Hdf5Reader::readDatasetRows(const std::string& datasetPath, int64_t begin,
                                          int64_t count, torch::ScalarType dtype) const {
    silenceHdf5();
    const hid_t memType = memTypeFor(dtype);
    if (memType < 0)
        throw Error(m_path, std::string("unsupported target dtype ") + c10::toString(dtype) +
                                at(datasetPath));
    Handle ds(openDataset(datasetPath), H5Dclose);
    const DatasetInfo info = inspectDataset(ds.get(), m_path, datasetPath, m_limits);
    if (info.dims.empty())
        throw Error(m_path, "dataset is a scalar, rows cannot be read" + at(datasetPath));
    checkDeclaredSize(info, dtype, m_path, datasetPath, m_limits);
    if (begin < 0 || count < 0 || begin > info.dims[0] || count > info.dims[0] - begin)
        throw Error(m_path, "rows [" + std::to_string(begin) + ", " +
                                std::to_string(begin + count) + ") out of range (" +
                                std::to_string(info.dims[0]) + " rows)" + at(datasetPath));
    std::vector<int64_t> shape = info.dims;
    shape[0] = count;
    int64_t n = 1;
    for (int64_t d : shape)
        n *= d; // at most the declared product, which checkDeclaredSize bounded
    if (n > 0)
        checkStoredData(m_file, ds.get(), info, m_path, datasetPath);
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
