#pragma once
// Raw HDF5 C API writing for the hostile corpus: files the reader did not write itself, with the
// features a reader must refuse (external links and storage, virtual datasets, unknown filters,
// huge declared extents, odd types). Every failure throws std::runtime_error: a generator that
// cannot build its file is a broken test, not a passing one.
#include <hdf5.h>

#include <string>
#include <vector>

namespace bdl::hostile {

/// Throws std::runtime_error("HDF5 corpus setup failed: what") for a negative status.
void h5check(herr_t status, const std::string& what);
/// The same for an identifier; returns it.
hid_t h5id(hid_t id, const std::string& what);

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class H5Handle {
public:
    H5Handle(hid_t id, herr_t (*closer)(hid_t)) : m_id(id), m_close(closer) {}
    ~H5Handle() { reset(); }
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    hid_t get() const { return m_id; }
    void reset();

private:
    hid_t m_id;
    herr_t (*m_close)(hid_t);
};

/// How a dataset is stored.
struct DatasetLayout {
    std::vector<hsize_t> chunk;   ///< chunked layout when not empty
    std::vector<hsize_t> maxDims; ///< extendible extent (H5S_UNLIMITED allowed)
    bool deflate = false;         ///< gzip filter (needs chunk)
    H5Z_filter_t extraFilter = 0; ///< a further mandatory filter (registered by the caller)
    bool lateAllocation = false;  ///< H5D_ALLOC_TIME_LATE and no fill: nothing is stored
    std::string externalFile;     ///< raw data in this external file (never written to)
    hsize_t externalBytes = 0;    ///< size of the external segment
};

/// An HDF5 file written through the raw C API.
class H5Writer {
public:
    /// Creates (truncates) `path`; `latest` selects the newest file format (needed for large
    /// attributes and virtual datasets); `open` opens an existing file read-write instead.
    enum Mode { Create, CreateLatest, Open };
    explicit H5Writer(const std::string& path, Mode mode = Create);
    ~H5Writer();
    H5Writer(const H5Writer&) = delete;
    H5Writer& operator=(const H5Writer&) = delete;

    hid_t id() const { return m_file; }
    void close();

    /// Creates the group and its missing parents.
    void group(const std::string& path);
    /// Unlinks a dataset or group (the old bytes stay in the file as garbage).
    void remove(const std::string& path);
    /// Deletes an attribute of an object.
    void removeAttr(const std::string& object, const std::string& name);
    /// Creates a dataset (parents created) and returns it open; data is written by the caller.
    hid_t create(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                 const DatasetLayout& layout = {});
    /// Creates and writes a dataset in one go (`data` in memType; null leaves it unwritten).
    void dataset(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                 hid_t memType, const void* data, const DatasetLayout& layout = {});
    void floats(const std::string& path, const std::vector<hsize_t>& dims,
                const std::vector<float>& values);
    void int64s(const std::string& path, const std::vector<hsize_t>& dims,
                const std::vector<int64_t>& values);
    void bytes(const std::string& path, const std::vector<hsize_t>& dims,
               const std::vector<uint8_t>& values);

    /// Scalar string attribute (variable-length UTF-8 or fixed-length null-padded).
    void stringAttr(const std::string& object, const std::string& name, const std::string& value,
                    bool variableLength = true);
    /// 1-D string array attribute.
    void stringArrayAttr(const std::string& object, const std::string& name,
                         const std::vector<std::string>& values, bool variableLength);
    /// 1-D float64 attribute (empty: Keras's "no weights" marker).
    void doubleArrayAttr(const std::string& object, const std::string& name,
                         const std::vector<double>& values);

private:
    void ensureParents(const std::string& path);
    void attribute(const std::string& object, const std::string& name, hid_t type, hid_t space,
                   const void* buf);

    std::string m_path;
    hid_t m_file = -1;
};

/// Registers (once per process) a pass-through filter under an id no reader knows, so that a
/// dataset can be written naming it as mandatory. Returns the id.
H5Z_filter_t registerUnknownFilter();

/// Writes one pre-filtered chunk directly (H5Dwrite_chunk), bypassing the filter pipeline.
void writeRawChunk(hid_t dataset, const std::vector<hsize_t>& offset, const std::string& bytes);

/// Raw zlib (deflate, as HDF5's gzip filter stores it) of `zeros` zero bytes, built in pieces so
/// a bomb of hundreds of MB needs no buffer of that size.
std::string deflateZeros(size_t zeros, bool gzipWrapper = false);

} // namespace bdl::hostile
