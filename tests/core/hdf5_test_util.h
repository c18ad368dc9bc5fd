#pragma once
// Test helpers that write small (and deliberately hostile) HDF5 files with the raw HDF5 C API,
// independently of core/hdf5_file.h, so the reader is tested against files it did not write.
// Also a self-removing temporary folder.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bdl::test {

/// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    /// path() + "/" + name
    std::string file(const std::string& name) const;

private:
    std::string m_path;
};

/// Whole file contents (empty when unreadable).
std::string readBytes(const std::string& path);
/// Writes bytes to a file (throws std::runtime_error on failure).
void writeBytes(const std::string& path, const std::string& bytes);

/// An HDF5 file created with H5F_ACC_TRUNC, written through the raw C API. Every call throws
/// std::runtime_error on an HDF5 failure (test setup bugs should be loud). Intermediate groups
/// are created automatically.
class H5TestFile {
public:
    /// Tag for the constructor that opens an existing file read-write instead of creating one.
    struct Modify {};

    explicit H5TestFile(const std::string& path);
    H5TestFile(const std::string& path, Modify);
    ~H5TestFile();
    H5TestFile(const H5TestFile&) = delete;
    H5TestFile& operator=(const H5TestFile&) = delete;

    hid_t id() const { return m_file; }
    /// Closes the file now (the destructor also does).
    void close();

    void group(const std::string& path);
    /// A dataset of any shape and HDF5 type. `data` holds the elements in memType (may be null
    /// to leave the dataset unwritten). maxDims (same rank, H5S_UNLIMITED allowed) and chunk
    /// make an extendible or chunked dataset.
    void dataset(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                 hid_t memType, const void* data, const std::vector<hsize_t>& maxDims = {},
                 const std::vector<hsize_t>& chunk = {});
    /// A dataset made with a caller's creation property list (filters, external storage,
    /// virtual mappings, fill values); `data` may be null as above.
    void datasetWithPlist(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                          hid_t memType, const void* data, hid_t dcpl);
    void floatDataset(const std::string& path, const std::vector<hsize_t>& dims,
                      const std::vector<float>& values);
    void doubleDataset(const std::string& path, const std::vector<hsize_t>& dims,
                       const std::vector<double>& values);
    void int64Dataset(const std::string& path, const std::vector<hsize_t>& dims,
                      const std::vector<int64_t>& values);
    void uint8Dataset(const std::string& path, const std::vector<hsize_t>& dims,
                      const std::vector<uint8_t>& values);
    /// A 1-D dataset of variable-length strings (a wrong dtype where numbers are expected).
    void stringDataset(const std::string& path, const std::vector<std::string>& values);

    /// Replaces (or creates) `link` with an external link to targetFile:targetObject.
    void externalLink(const std::string& link, const std::string& targetFile,
                      const std::string& targetObject);
    /// Replaces (or creates) `link` with a soft link holding `target` (absolute or relative).
    void softLink(const std::string& link, const std::string& target);

    /// Scalar string attribute on "/" or any group/dataset.
    void stringAttr(const std::string& object, const std::string& name, const std::string& value,
                    bool variableLength = true);
    /// 1-D string array attribute; fixed-length ones use the longest length, null-padded (what
    /// numpy/h5py write for bytes arrays).
    void stringArrayAttr(const std::string& object, const std::string& name,
                         const std::vector<std::string>& values, bool variableLength = false);
    /// Empty float64 array attribute, Keras's "no weights" marker.
    void emptyFloat64Attr(const std::string& object, const std::string& name);
    /// 1-D float64 attribute (e.g. a non-empty numeric array where strings are expected).
    void float64ArrayAttr(const std::string& object, const std::string& name,
                          const std::vector<double>& values);

private:
    void ensureParents(const std::string& path);
    hid_t openObject(const std::string& object);

    std::string m_path;
    hid_t m_file = -1;
};

} // namespace bdl::test
