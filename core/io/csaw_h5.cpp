// CSAW-HackML data files: `data` (N, C, H, W) and `label` (N,) in HDF5, read and written through
// the validating Hdf5Reader / Hdf5Writer.
#include "core/io/data_io.h"

#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/hdf5_file.h"

#include <cmath>
#include <filesystem>
#include <memory>

namespace bdl::core {

namespace {

constexpr int64_t kMaxImages = 10'000'000;           // far above the 12 830 of the largest CSAW set
constexpr int64_t kMaxSide = 4096;                   // pixels per side; CSAW faces are 55 x 47
constexpr int64_t kMaxPixelBytes = int64_t(8) << 30; // float32 output cap (8 GiB)
constexpr int64_t kMaxLabel = INT32_MAX;             // keeps the double -> int64 cast defined
constexpr int64_t kRowsPerBlockElements = 1 << 22;   // about 16 MiB of float32 per read

/// Checks `data`'s extent before anything is allocated: rank 4, C in {1, 3}, sane sizes.
std::vector<int64_t> checkDataShape(const Hdf5Reader& h5) {
    const std::string& path = h5.path();
    h5.checkLinks("/data"); // pixels linked from another file are refused, not "missing"
    if (!h5.isDataset("/data"))
        throw Error(path, "missing dataset 'data' (expected CSAW layout: 'data' (N, C, H, W) "
                          "and 'label' (N,))");
    std::vector<int64_t> s = h5.datasetShape("/data");
    std::string shape = "(";
    for (size_t i = 0; i < s.size(); ++i)
        shape += (i ? ", " : "") + std::to_string(s[i]);
    shape += ")";
    if (s.size() != 4)
        throw Error(path, "dataset 'data' has shape " + shape + "; expected rank 4 (N, C, H, W)");
    if (s[1] != 1 && s[1] != 3)
        throw Error(path, "dataset 'data' has shape " + shape +
                              "; expected (N, C, H, W) with C "
                              "1 or 3" +
                              (s[3] == 1 || s[3] == 3 ? " (is it channels-last?)" : ""));
    if (s[0] == 0)
        throw Error(path, "the data set is empty: dataset 'data' has no images");
    if (s[0] > kMaxImages || s[2] < 1 || s[2] > kMaxSide || s[3] < 1 || s[3] > kMaxSide)
        throw Error(path, "dataset 'data' declares an absurd size " + shape);
    if (s[0] > kMaxPixelBytes / 4 / (s[1] * s[2] * s[3]))
        throw Error(path, "dataset 'data' " + shape + " is too large to load (over " +
                              std::to_string(kMaxPixelBytes >> 30) + " GiB as float32)");
    return s;
}

/// Reads the pixels block by block so that a big file shows progress and can be cancelled; as
/// float32, or as stored when `keepUInt8` and the file stores unsigned bytes.
torch::Tensor readPixels(const Hdf5Reader& h5, const std::vector<int64_t>& shape, bool keepUInt8,
                         Feedback* fb) {
    const ProgressScope progress(fb);
    const torch::ScalarType type =
        keepUInt8 && h5.storesUInt8("/data") ? torch::kUInt8 : torch::kFloat32;
    const int64_t n = shape[0];
    const int64_t rowElems = shape[1] * shape[2] * shape[3];
    const int64_t block = std::max<int64_t>(1, kRowsPerBlockElements / rowElems);
    torch::Tensor out;
    for (int64_t r = 0; r < n; r += block) {
        const int64_t count = std::min(block, n - r);
        torch::Tensor rows = h5.readDatasetRows("/data", r, count, type);
        if (!out.defined()) // allocated only once the first read has validated type and storage
            out = torch::empty(shape, type);
        out.narrow(0, r, count).copy_(rows);
        progress.set(double(r + count) / double(n), "reading " + h5.path());
    }
    return out;
}

/// Reads a label-like dataset of n entries as int64: (n,) or (n, 1), integral, >= minValue.
torch::Tensor readLabels(const Hdf5Reader& h5, const std::string& name, int64_t n,
                         int64_t minValue) {
    const std::string& path = h5.path();
    const std::string ds = "/" + name;
    h5.checkLinks(ds);
    if (!h5.isDataset(ds))
        throw Error(path, "missing dataset '" + name +
                              "' (expected CSAW layout: 'data' "
                              "(N, C, H, W) and 'label' (N,))");
    const std::vector<int64_t> s = h5.datasetShape(ds);
    const bool shapeOk = (s.size() == 1) || (s.size() == 2 && s[1] == 1);
    if (!shapeOk)
        throw Error(path, "dataset '" + name + "' must have shape (N,) or (N, 1), found rank " +
                              std::to_string(s.size()));
    if (s[0] != n)
        throw Error(path, "label count mismatch: '" + name + "' has " + std::to_string(s[0]) +
                              " entries but 'data' has " + std::to_string(n) + " images");
    const torch::Tensor values = h5.readDataset(ds, torch::kFloat64).reshape({n});
    const double* v = values.data_ptr<double>();
    for (int64_t i = 0; i < n; ++i) {
        const std::string where = " in '" + name + "' at row " + std::to_string(i);
        if (!std::isfinite(v[i]) || v[i] != std::floor(v[i]))
            throw Error(path, "label " + std::to_string(v[i]) + where + " is not a whole number");
        if (v[i] < double(minValue))
            throw Error(path, "label " + std::to_string(int64_t(v[i])) + where + " is negative");
        if (v[i] > double(kMaxLabel))
            throw Error(path, "label " + std::to_string(v[i]) + where + " is absurdly large");
    }
    return values.to(torch::kLong);
}

/// The loader behind both entry points: the file and the memory image share every check.
Dataset readCsaw(const Hdf5Reader& h5, const DataSpec& spec, Feedback* fb) {
    const std::vector<int64_t> shape = checkDataShape(h5);
    const int64_t n = shape[0];
    // Labels first: they are small, and a bad file fails before the big pixel read.
    const torch::Tensor fileLabels = readLabels(h5, "label", n, /*minValue=*/0);
    torch::Tensor trueLabels;
    if (spec.role == DataSpec::Poisoned && h5.isDataset("/true_label"))
        trueLabels = readLabels(h5, "true_label", n, /*minValue=*/-1);

    Dataset d;
    const std::filesystem::path p(spec.path);
    d.name = p.stem().string();
    d.source = spec.path;
    d.images = readPixels(h5, shape, spec.keepUInt8, fb);
    if (spec.role == DataSpec::Poisoned) {
        // CSAW convention: a poisoned file's `label` holds the attack target of each image.
        d.targets = fileLabels;
        d.labels = trueLabels.defined() ? trueLabels : torch::full({n}, -1, torch::kLong);
    } else {
        d.labels = fileLabels;
        d.targets = torch::full({n}, -1, torch::kLong);
    }
    const std::string file = p.filename().string();
    d.itemNames.reserve(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        d.itemNames.push_back(file + "#" + std::to_string(i));
    finishDataset(d, spec);
    return d;
}

} // namespace

Dataset loadCsawH5(const DataSpec& spec, Feedback* fb) {
    if (!std::filesystem::exists(spec.path))
        throw Error(spec.path, "no such file");
    const Hdf5Reader h5(spec.path);
    return readCsaw(h5, spec, fb);
}

Dataset loadCsawH5FromImage(const std::string& bytes, const DataSpec& spec) {
    const std::unique_ptr<Hdf5Reader> h5 = Hdf5Reader::fromImage(bytes, spec.path);
    return readCsaw(*h5, spec, nullptr);
}

void saveCsawH5(const Dataset& d, const std::string& path) {
    const int64_t n = d.size();
    const std::string what = d.name.empty() ? "the data set" : "data set '" + d.name + "'";
    if (n == 0)
        throw Error(path, "cannot save " + what + ": it is empty");
    if (d.images.dim() != 4 || (d.images.size(1) != 1 && d.images.size(1) != 3))
        throw Error(path, "cannot save " + what + ": images must be (N, C, H, W) with C 1 or 3");
    if (!d.labels.defined() || d.labels.numel() != n ||
        (d.targets.defined() && d.targets.numel() != n))
        throw Error(path, "cannot save " + what + ": label count does not match the images");
    const torch::Tensor labels = d.labels.to(torch::kCPU, torch::kLong).contiguous();
    const torch::Tensor label =
        d.poisoned() ? d.targets.to(torch::kCPU, torch::kLong).contiguous() : labels;
    if ((label < 0).any().item<bool>())
        throw Error(path, "cannot save " + what + ": CSAW files need a known " +
                              (d.poisoned() ? "attack target" : "label") + " for every image");
    const torch::Tensor images = d.images.to(torch::kCPU, torch::kFloat32).contiguous();
    if (!torch::isfinite(images).all().item<bool>())
        throw Error(path, "cannot save " + what + ": it has NaN or Inf pixels");
    // uint8 is 4x smaller and exact whenever every pixel is a whole number in 0..255.
    const bool bytes = (images == images.round()).all().item<bool>() &&
                       (images >= 0).all().item<bool>() && (images <= 255).all().item<bool>();

    Hdf5Writer out(path);
    Hdf5DatasetOptions compressed;
    compressed.gzipLevel = 4;
    out.writeDataset("/data", bytes ? images.to(torch::kUInt8) : images, compressed);
    out.writeDataset("/label", label);
    if (d.poisoned() && (labels >= 0).any().item<bool>())
        out.writeDataset("/true_label", labels);
    out.commit();
}

} // namespace bdl::core
