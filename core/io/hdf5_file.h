#pragma once
/// @file hdf5_file.h
/// A small RAII layer over the HDF5 C API: a validating read-only reader and an atomic writer.
///
/// Why a wrapper: HDF5 1.10.8 trusts the sizes a file declares, and crafted files can make it
/// allocate or overflow. The reader checks ranks, extents, element counts, byte sizes and type
/// classes before any buffer is allocated, silences HDF5's automatic error printing, and turns
/// every failure into bdl::core::Error naming the file and the object path.
///
/// A file may also point outside itself; the reader refuses all of it before any raw data is
/// read: external links (checked link by link along every path, soft links followed to check
/// their targets, and refused again by HDF5's external-link callback as a second fence),
/// user-defined links, external raw storage, virtual datasets, and filters other than deflate,
/// shuffle and fletcher32 (HDF5's plugin loading is switched off for the process on first use).
///
/// The HDF5 headers stay out of this header (handles are kept as int64_t, which is hid_t in
/// HDF5 1.10). Debian's libhdf5 is built thread-safe; one Hdf5Reader or Hdf5Writer object must
/// still be used by one thread at a time.
#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bdl::core {

/// Limits the reader enforces before allocating. The defaults suit model weights and the CSAW
/// data sets (12830 x 3 x 55 x 47 float32 is about 400 MB).
struct Hdf5Limits {
    int maxRank = 8;                        ///< deepest accepted dataset rank
    int64_t maxElements = int64_t(1) << 31; ///< elements a dataset may declare
    int64_t maxBytes = int64_t(8) << 30;    ///< bytes a dataset may declare (file or memory type)
    int64_t maxStringBytes = int64_t(64) << 20; ///< total bytes of one string attribute
    int64_t maxMembers = 1000000;               ///< members listed from one group
};

/// Read-only view of an HDF5 file. Paths are absolute inside the file ("/", "/conv_1/conv_1").
/// Every method throws Error("<file>", "<problem> at '<object>'") on failure; none crashes on a
/// malformed file within the limits of what HDF5 itself detects.
class Hdf5Reader {
public:
    /// Opens `path` read-only. Throws Error when it is missing, unreadable or not HDF5.
    explicit Hdf5Reader(const std::string& path, Hdf5Limits limits = Hdf5Limits());
    /// Opens an HDF5 file held in memory (HDF5's core driver without backing store; the bytes
    /// are copied, so `bytes` may go away afterwards). No file on disk is opened. `name` serves
    /// as path() in messages only. Same checks and errors as the file constructor; for fuzzing
    /// and for files that are already in memory.
    static std::unique_ptr<Hdf5Reader> fromImage(const std::string& bytes, const std::string& name,
                                                 Hdf5Limits limits = Hdf5Limits());
    ~Hdf5Reader();
    Hdf5Reader(const Hdf5Reader&) = delete;
    Hdf5Reader& operator=(const Hdf5Reader&) = delete;

    const std::string& path() const { return m_path; }
    const Hdf5Limits& limits() const { return m_limits; }

    /// True when every component of `objectPath` exists and resolves to an object inside this
    /// file. An object reached through a link to another file does not exist here (false).
    bool exists(const std::string& objectPath) const;
    /// Throws Error when a component of `objectPath` (or the target of a soft link on the way)
    /// is an external or user-defined link; does nothing otherwise, also for missing objects.
    /// Lets a loader report why an object it needs is absent.
    void checkLinks(const std::string& objectPath) const;
    bool isGroup(const std::string& objectPath) const;
    bool isDataset(const std::string& objectPath) const;
    /// Names of a group's direct members, in HDF5's name order.
    std::vector<std::string> members(const std::string& groupPath) const;

    bool hasAttribute(const std::string& objectPath, const std::string& name) const;
    /// Names of an object's attributes.
    std::vector<std::string> attributeNames(const std::string& objectPath) const;
    /// True when the attribute is a string type (scalar or array).
    bool isStringAttribute(const std::string& objectPath, const std::string& name) const;
    /// A scalar (or one-element) string attribute, fixed- or variable-length.
    std::string readStringAttribute(const std::string& objectPath, const std::string& name) const;
    /// A 1-D (or scalar) string attribute, fixed- or variable-length. An empty numeric array is
    /// accepted as an empty list: Keras writes `np.array([], float64)` for weightless layers.
    std::vector<std::string> readStringArrayAttribute(const std::string& objectPath,
                                                      const std::string& name) const;

    /// Extent of a dataset (empty for a scalar). Throws for ranks above the limit and for
    /// storage the reader refuses (virtual, external, foreign filters), like the reads.
    std::vector<int64_t> datasetShape(const std::string& datasetPath) const;
    /// True when the dataset's element type in the file is the standard unsigned 8-bit integer
    /// (CSAW pixels as Keras users save them): rows read as kUInt8 are then exact.
    bool storesUInt8(const std::string& datasetPath) const;
    /// Reads a whole numeric dataset (integer or float class in the file) converted to `dtype`
    /// (kFloat32, kFloat64, kInt64, kInt32, kUInt8, ...). Returns a contiguous CPU tensor of the
    /// dataset's shape. Throws on string/compound data, zero extents (unless allowEmpty), refused
    /// storage, or a declared size (extent x the wider of the file and memory element sizes)
    /// over the limits; all of these before anything is allocated or decompressed.
    torch::Tensor readDataset(const std::string& datasetPath,
                              torch::ScalarType dtype = torch::kFloat32,
                              bool allowEmpty = false) const;
    /// Reads rows [begin, begin + count) along the first dimension (for batched, cancellable
    /// reads of large data sets). Same checks as readDataset, on the whole declared extent.
    torch::Tensor readDatasetRows(const std::string& datasetPath, int64_t begin, int64_t count,
                                  torch::ScalarType dtype = torch::kFloat32) const;

private:
    struct ImageTag {};
    Hdf5Reader(ImageTag, const std::string& bytes, const std::string& name, Hdf5Limits limits);
    /// Opens hdf5Name with fapl and makes the access property lists; closes all on failure.
    void open(const std::string& hdf5Name, int64_t fapl);
    void close() noexcept;
    /// Throws "missing <what> '<path>'" (with the reason when a link was refused) unless the
    /// object exists inside the file.
    void requireObject(const std::string& objectPath, const char* what) const;
    int64_t openObject(const std::string& objectPath) const;
    /// Opens a dataset and refuses storage outside the file or behind foreign filters (caller
    /// closes).
    int64_t openDataset(const std::string& datasetPath) const;
    std::string describeFailure(const std::string& what, const std::string& objectPath) const;

    std::string m_path;
    Hdf5Limits m_limits;
    int64_t m_file = -1;
    int64_t m_lapl = -1; ///< link access: refuses external-link traversal
    int64_t m_dapl = -1; ///< dataset access: the same refusal
};

/// How a string attribute is stored: h5py writes Python str as variable-length UTF-8 and numpy
/// bytes arrays (Keras 2.2-2.4 layer_names) as fixed-length, null-padded ASCII.
enum class Hdf5StringStorage { Variable, Fixed };

/// Options of one written dataset.
struct Hdf5DatasetOptions {
    int gzipLevel = 0;     ///< 0 = contiguous, no filter (what Keras writes); 1..9 = deflate
    int64_t chunkRows = 0; ///< rows per chunk when compressed (0 = about 1 MiB of rows)
};

/// Writes a new HDF5 file atomically: the file is built in memory and commit() writes it with
/// writeFileAtomically (a temporary in the same folder, fsync'ed and renamed onto `path`).
/// Destroying an uncommitted writer writes nothing, so a failed or cancelled save never leaves a
/// partial file and a full disk leaves the old file intact.
/// Every method throws Error naming the destination path and the object.
class Hdf5Writer {
public:
    explicit Hdf5Writer(const std::string& path);
    ~Hdf5Writer();
    Hdf5Writer(const Hdf5Writer&) = delete;
    Hdf5Writer& operator=(const Hdf5Writer&) = delete;

    const std::string& path() const { return m_path; }

    /// Creates a group (and missing parents).
    void createGroup(const std::string& groupPath);
    /// Writes a tensor as a dataset of the same shape (parents are created). Supported dtypes:
    /// float32, float64, int64, int32, int16, int8, uint8, bool (as uint8).
    void writeDataset(const std::string& datasetPath, const torch::Tensor& data,
                      const Hdf5DatasetOptions& options = Hdf5DatasetOptions());
    /// A scalar string attribute on a group or dataset ("/" for the root).
    void writeStringAttribute(const std::string& objectPath, const std::string& name,
                              const std::string& value,
                              Hdf5StringStorage storage = Hdf5StringStorage::Variable);
    /// A 1-D string array attribute. Fixed storage uses the longest string's length, like numpy.
    /// An empty list is written as an empty float64 array, as Keras does.
    void writeStringArrayAttribute(const std::string& objectPath, const std::string& name,
                                   const std::vector<std::string>& values,
                                   Hdf5StringStorage storage = Hdf5StringStorage::Fixed);
    /// Assembles the file and writes it atomically onto path(). The writer is unusable afterwards.
    void commit();
    /// Assembles the file and returns its bytes without writing anything (for callers that check
    /// for cancel before they write). The writer is unusable afterwards.
    std::string takeBytes();

private:
    void ensureParents(const std::string& objectPath);
    void discard() noexcept;

    std::string m_path;
    int64_t m_file = -1;
};

} // namespace bdl::core
