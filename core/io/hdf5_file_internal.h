#pragma once
// Private to core/hdf5_file*.cpp: small helpers over the HDF5 C API shared by the reader and the
// writer. Not part of the public API (it includes <hdf5.h>).
#include "core/io/hdf5_file.h"

#include <hdf5.h>

#include <torch/types.h>

#include <string>
#include <vector>

namespace bdl::core::hdf5_detail {

/// Owns one HDF5 identifier and closes it with the matching H5*close function.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle(hid_t id, Closer closer) : m_id(id), m_closer(closer) {}
    ~Handle() {
        if (m_id >= 0)
            m_closer(m_id);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return m_id; }
    bool valid() const { return m_id >= 0; }
    /// Gives up ownership: the caller closes the identifier.
    hid_t release() {
        const hid_t id = m_id;
        m_id = -1;
        return id;
    }

private:
    hid_t m_id;
    Closer m_closer;
};

/// HDF5 prints its error stack to stderr by default; we report through Error instead. The
/// setting is per thread in thread-safe builds, so every entry point calls this.
inline void silenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

inline herr_t collectMessage(unsigned n, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::vector<std::string>*>(data);
    if (err->desc && *err->desc)
        out->push_back(err->desc);
    return n < 16 ? 0 : 1;
}

/// The innermost and outermost messages of HDF5's error stack, then clears it.
inline std::string hdf5Detail() {
    std::vector<std::string> msgs;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collectMessage, &msgs);
    H5Eclear2(H5E_DEFAULT);
    if (msgs.empty())
        return std::string();
    std::string detail = " (HDF5: " + msgs.front();
    if (msgs.size() > 1 && msgs.back() != msgs.front())
        detail += "; " + msgs.back();
    return detail + ")";
}

inline std::string at(const std::string& objectPath) { return " at '" + objectPath + "'"; }

/// The components of an HDF5 path; empty and "." components are dropped, as HDF5 does.
inline std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '/') {
            if (!cur.empty() && cur != ".")
                parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty() && cur != ".")
        parts.push_back(cur);
    return parts;
}

/// True when every prefix of objectPath is an existing hard or soft link and the last resolves
/// to an object. Used by the writer on the file it is creating; the reader walks links with
/// checkLinkChain() instead, which also follows soft links to check where they lead.
inline bool pathExists(hid_t file, const std::string& objectPath) {
    std::string prefix;
    for (const auto& part : splitPath(objectPath)) {
        prefix += "/" + part;
        if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) {
            H5Eclear2(H5E_DEFAULT);
            return false;
        }
        // A crafted file could point an external link at any other file: never follow one.
        H5L_info_t info;
        if (H5Lget_info(file, prefix.c_str(), &info, H5P_DEFAULT) < 0 ||
            (info.type != H5L_TYPE_HARD && info.type != H5L_TYPE_SOFT)) {
            H5Eclear2(H5E_DEFAULT);
            return false;
        }
    }
    if (prefix.empty())
        return true;
    htri_t ok = H5Oexists_by_name(file, prefix.c_str(), H5P_DEFAULT);
    H5Eclear2(H5E_DEFAULT);
    return ok > 0;
}

// ---- the reader's refusals (hdf5_file_checks.cpp) ------------------------------------------

/// Turns off HDF5's loading of filter plugins for the whole process, once (thread-safe). A
/// crafted file could otherwise make HDF5 dlopen() a library from HDF5_PLUGIN_PATH.
void disablePluginLoading();

/// An external-link traversal callback that refuses every traversal: set on the reader's link
/// and dataset access property lists, so HDF5 itself never opens another file even where a path
/// reaches an external link that checkLinkChain() did not see.
herr_t refuseExternalLink(const char* parentFile, const char* parentGroup, const char* childFile,
                          const char* childObject, unsigned* accFlags, hid_t fapl, void* data);

/// Where walking an object path link by link ended.
struct LinkCheck {
    enum Status { Ok, Missing, Refused };
    Status status = Ok;
    /// For Refused: which link and why, e.g. "'/a' is an external link to 'b.h5:/x'; links to
    /// other files are refused".
    std::string problem;
};

/// Walks objectPath one component at a time with H5Lget_info: hard links pass, soft links are
/// resolved and their targets walked the same way (at most a few dozen in all), external and
/// user-defined links are refused. Ok means the object exists inside this file.
LinkCheck checkLinkChain(hid_t file, hid_t lapl, const std::string& objectPath);

/// Refuses storage that reaches outside the file or needs more than the built-in filters:
/// virtual layout, external raw storage, filters other than deflate, shuffle and fletcher32, and
/// chunks over 1 GiB. Reads only the creation property list (no raw data, no source file).
void checkDatasetStorage(hid_t ds, const std::string& filePath, const std::string& dsPath);

// ---- one dataset's checks before a read (hdf5_file_datasets.cpp) ----------------------------

/// What inspectDataset() found out about a dataset.
struct DatasetInfo {
    std::vector<int64_t> dims;
    size_t typeSize = 0;  ///< bytes per element in the file
    bool isUInt8 = false; ///< the file type is the standard unsigned 8-bit integer
};

/// Reads a dataset's type class and extent, refusing non-numeric and non-standard types and
/// ranks over the limit.
DatasetInfo inspectDataset(hid_t ds, const std::string& filePath, const std::string& dsPath,
                           const Hdf5Limits& limits);

/// Refuses a dataset whose whole declared extent, in elements or in bytes of the wider of its
/// file type and the memory type, is over the limits. Runs before any allocation or H5Dread,
/// so a compressed dataset declaring terabytes is never decompressed.
void checkDeclaredSize(const DatasetInfo& info, torch::ScalarType dtype,
                       const std::string& filePath, const std::string& dsPath,
                       const Hdf5Limits& limits);

/// Refuses datasets with no stored data, stored data larger than the file, and contiguous data
/// that would lie past the end of the file (a truncated file).
void checkStoredData(hid_t file, hid_t ds, const DatasetInfo& info, const std::string& filePath,
                     const std::string& dsPath);

/// A name for HDF5's core driver that no file can have. With an image the driver tries open()
/// on the name and fails when a file is there ("/dev/null" is not a folder, so open() fails
/// without touching anything), and it tells open files apart by name, so each in-memory file
/// gets its own: two of one name would otherwise share one HDF5 file.
std::string uniqueImageName();

/// Text from a file made safe for a message: printable ASCII only, at most maxChars.
std::string printable(const std::string& text, size_t maxChars = 200);

inline hid_t memTypeFor(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat32:
        return H5T_NATIVE_FLOAT;
    case torch::kFloat64:
        return H5T_NATIVE_DOUBLE;
    case torch::kInt64:
        return H5T_NATIVE_INT64;
    case torch::kInt32:
        return H5T_NATIVE_INT32;
    case torch::kInt16:
        return H5T_NATIVE_INT16;
    case torch::kInt8:
        return H5T_NATIVE_INT8;
    case torch::kUInt8:
        return H5T_NATIVE_UINT8;
    default:
        return -1;
    }
}

inline hid_t fileTypeFor(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat32:
        return H5T_IEEE_F32LE;
    case torch::kFloat64:
        return H5T_IEEE_F64LE;
    case torch::kInt64:
        return H5T_STD_I64LE;
    case torch::kInt32:
        return H5T_STD_I32LE;
    case torch::kInt16:
        return H5T_STD_I16LE;
    case torch::kInt8:
        return H5T_STD_I8LE;
    case torch::kUInt8:
        return H5T_STD_U8LE;
    default:
        return -1;
    }
}

} // namespace bdl::core::hdf5_detail
