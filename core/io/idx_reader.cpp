// IDX files (the MNIST / Fashion-MNIST format), gzip-compressed or plain, read through zlib, from
// a file (loadIdx) or from memory (loadIdxFromMemory): one reader and one parser for both.
#include "core/io/idx_memory.h"

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>

namespace bdl::core {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kImagesMagic = 2051; // 0x00000803: unsigned bytes, 3 dimensions
constexpr uint32_t kLabelsMagic = 2049; // 0x00000801: unsigned bytes, 1 dimension
constexpr int64_t kMaxItems = 10'000'000;
constexpr int64_t kMaxSide = 4096;
constexpr int64_t kMaxPayloadBytes = int64_t(2) << 30; // uint8 payload; float32 output is 4x
constexpr unsigned kReadChunk = 1u << 24;              // gzread takes an unsigned length

/// The file descriptor of an anonymous in-memory file holding `bytes`, positioned at its start.
/// zlib's gz reader takes a descriptor (gzdopen), so memory goes through the very code that reads
/// files: gzip detection, concatenated members, trailing data. Error naming `name` on failure.
int memoryFile(const std::string& bytes, const std::string& name) {
    const int fd = memfd_create("bdl-idx", MFD_CLOEXEC);
    if (fd < 0)
        throw Error(name, std::string("cannot hold the data in memory: ") + std::strerror(errno));
    if (const int err = writeFully(fd, bytes.data(), bytes.size())) {
        ::close(fd);
        throw Error(name, std::string("cannot hold the data in memory: ") + std::strerror(err));
    }
    if (::lseek(fd, 0, SEEK_SET) != 0) {
        const int err = errno;
        ::close(fd);
        throw Error(name, std::string("cannot hold the data in memory: ") + std::strerror(err));
    }
    return fd;
}

/// Selects GzReader's constructor that reads bytes held in memory.
struct FromMemory {};

/// Owns a zlib file opened for reading; gzip or (transparently) plain.
class GzReader {
public:
    /// Opens the file at `path`.
    explicit GzReader(const std::string& path) : m_path(path) {
        m_file = gzopen(path.c_str(), "rb");
        if (!m_file)
            throw Error(path, std::string("cannot open file: ") +
                                  (errno ? std::strerror(errno) : "out of memory"));
        gzbuffer(m_file, 1u << 18);
    }
    /// Reads `bytes` (kept in an anonymous memory file); `name` stands for the path in errors.
    GzReader(FromMemory, const std::string& bytes, const std::string& name) : m_path(name) {
        const int fd = memoryFile(bytes, name);
        m_file = gzdopen(fd, "rb");
        if (!m_file) {
            ::close(fd);
            throw Error(name, "cannot read the data: out of memory");
        }
        gzbuffer(m_file, 1u << 18);
    }
    ~GzReader() { gzclose_r(m_file); }
    GzReader(const GzReader&) = delete;
    GzReader& operator=(const GzReader&) = delete;

    const std::string& path() const { return m_path; }

    /// Reads up to `size` bytes; returns how many arrived before the end of the data.
    int64_t read(unsigned char* dst, int64_t size, const ProgressScope* progress = nullptr) {
        int64_t done = 0;
        while (done < size) {
            const unsigned want = unsigned(std::min<int64_t>(size - done, kReadChunk));
            const int got = gzread(m_file, dst + done, want);
            if (got < 0) {
                int code = 0;
                const char* msg = gzerror(m_file, &code);
                throw Error(m_path, std::string("file is truncated or corrupt (zlib: ") +
                                        (msg ? msg : "error") + ")");
            }
            if (got == 0)
                break;
            done += got;
            if (progress)
                progress->set(double(done) / double(size), "reading " + m_path);
        }
        return done;
    }

    /// Reads the big-endian header: magic, then one uint32 per dimension.
    std::vector<int64_t> header(uint32_t magic, int dims) {
        unsigned char buf[4 * 4] = {};
        const int64_t want = 4 * (1 + dims);
        if (read(buf, want) != want)
            throw Error(m_path, "file is truncated: too short for an IDX header");
        const auto word = [&](int i) {
            const unsigned char* p = buf + 4 * i;
            return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
        };
        if (word(0) != magic)
            throw Error(m_path, "bad magic number " + std::to_string(word(0)) + ": not an IDX " +
                                    (magic == kImagesMagic ? "image" : "label") +
                                    " file (expected " + std::to_string(magic) + ")");
        std::vector<int64_t> out;
        for (int i = 1; i <= dims; ++i)
            out.push_back(int64_t(word(i)));
        return out;
    }

    /// Fills a tensor completely or throws naming the shortfall; trailing bytes are an error too.
    void payload(torch::Tensor& dst, const std::string& declared, const ProgressScope* progress) {
        const int64_t want = dst.numel();
        const int64_t got = read(dst.data_ptr<unsigned char>(), want, progress);
        if (got != want)
            throw Error(m_path, "file is truncated: it declares " + declared + " (" +
                                    std::to_string(want) + " bytes of data) but holds only " +
                                    std::to_string(got));
        unsigned char extra = 0;
        if (read(&extra, 1) != 0)
            throw Error(m_path, "file is longer than its header declares (" + declared + ")");
    }

private:
    std::string m_path;
    gzFile m_file = nullptr;
};

/// "train-images-idx3-ubyte.gz" -> "train-labels-idx1-ubyte.gz" (with or without .gz).
std::string labelsPathFor(const std::string& imagesPath) {
    const fs::path p(imagesPath);
    std::string name = p.filename().string();
    const std::string from = "images-idx3-ubyte", to = "labels-idx1-ubyte";
    const size_t at = name.rfind(from);
    if (at == std::string::npos)
        throw Error(imagesPath, "cannot tell where its labels are: expected a name like "
                                "train-images-idx3-ubyte.gz beside train-labels-idx1-ubyte.gz");
    name.replace(at, from.size(), to);
    const fs::path same = p.parent_path() / name;
    std::error_code ec; // a link loop or unreadable entry counts as absent
    if (fs::exists(same, ec))
        return same.string();
    // The labels may be compressed when the images are not, or the other way round.
    const fs::path other = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0
                               ? p.parent_path() / name.substr(0, name.size() - 3)
                               : p.parent_path() / (name + ".gz");
    if (fs::exists(other, ec))
        return other.string();
    throw Error(same.string(), "labels file not found (needed for " + imagesPath + ")");
}

/// "x-images-idx3-ubyte.gz" -> "x-labels-idx1-ubyte.gz"; "<name> (labels)" for other names.
std::string labelsNameFor(const std::string& imagesName) {
    const std::string from = "images-idx3-ubyte", to = "labels-idx1-ubyte";
    const size_t slash = imagesName.rfind('/');
    const size_t at = imagesName.rfind(from);
    if (at == std::string::npos || (slash != std::string::npos && at < slash))
        return imagesName + " (labels)";
    return std::string(imagesName).replace(at, from.size(), to);
}

/// The parser both entry points share. `openLabels` opens the labels once the images header has
/// been checked (a file load reports a bad images file before a missing labels file).
Dataset readIdx(GzReader& images, const std::function<std::unique_ptr<GzReader>()>& openLabels,
                const DataSpec& spec, const ProgressScope& progress) {
    const std::vector<int64_t> dims = images.header(kImagesMagic, 3);
    const int64_t n = dims[0], rows = dims[1], cols = dims[2];
    const std::string declared =
        std::to_string(n) + " images of " + std::to_string(rows) + "x" + std::to_string(cols);
    if (n == 0)
        throw Error(spec.path, "the data set is empty: the IDX file declares 0 images");
    if (n > kMaxItems || rows < 1 || rows > kMaxSide || cols < 1 || cols > kMaxSide ||
        n > kMaxPayloadBytes / (rows * cols))
        throw Error(spec.path, "declares an absurd size: " + declared);

    const std::unique_ptr<GzReader> labelFile = openLabels();
    const int64_t nLabels = labelFile->header(kLabelsMagic, 1)[0];
    if (nLabels != n)
        throw Error(labelFile->path(), "label count mismatch: " + std::to_string(nLabels) +
                                           " labels but " + spec.path + " has " +
                                           std::to_string(n) + " images");
    torch::Tensor labels = torch::empty({n}, torch::kUInt8);
    labelFile->payload(labels, std::to_string(n) + " labels", nullptr);

    torch::Tensor pixels = torch::empty({n, 1, rows, cols}, torch::kUInt8);
    const ProgressScope reading = progress.sub(0.0, 0.9);
    images.payload(pixels, declared, &reading);

    Dataset d;
    d.name = fs::path(spec.path).filename().string();
    d.name = d.name.substr(0, d.name.find('.'));
    d.source = spec.path;
    d.images = pixels.to(torch::kFloat32);
    d.labels = labels.to(torch::kLong);
    d.targets = torch::full({n}, -1, torch::kLong);
    const std::string file = fs::path(spec.path).filename().string();
    d.itemNames.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        d.itemNames.push_back(file + "#" + std::to_string(i));
    finishDataset(d, spec);
    progress.set(1.0, "reading " + spec.path);
    return d;
}

} // namespace

Dataset loadIdx(const DataSpec& spec, Feedback* fb) {
    const ProgressScope progress(fb);
    if (!fs::exists(spec.path))
        throw Error(spec.path, "no such file");
    const std::string labelsPath = labelsPathFor(spec.path);
    GzReader images(spec.path);
    return readIdx(
        images, [&] { return std::make_unique<GzReader>(labelsPath); }, spec, progress);
}

Dataset loadIdxFromMemory(const std::string& imagesBytes, const std::string& labelsBytes,
                          const DataSpec& spec) {
    const ProgressScope progress(nullptr);
    GzReader images(FromMemory{}, imagesBytes, spec.path);
    const std::string labelsName = labelsNameFor(spec.path);
    return readIdx(
        images, [&] { return std::make_unique<GzReader>(FromMemory{}, labelsBytes, labelsName); },
        spec, progress);
}

} // namespace bdl::core
