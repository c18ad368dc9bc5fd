// Dispatch, role rules and label checks shared by every data-set format.
#include "core/io/data_io.h"

#include "core/base/errors.h"
#include "core/nn/metrics.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace bdl::core {

namespace fs = std::filesystem;

namespace {

std::string lowerCase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string itemName(const Dataset& d, int64_t i) {
    if (i >= 0 && i < static_cast<int64_t>(d.itemNames.size()))
        return d.itemNames[static_cast<size_t>(i)];
    return "item " + std::to_string(i);
}

/// Index of the first value outside [lo, hi), or -1.
int64_t firstOutside(const torch::Tensor& values, int64_t lo, int64_t hi) {
    const torch::Tensor bad = ((values < lo) | (values >= hi)).nonzero();
    return bad.numel() == 0 ? -1 : bad[0][0].item<int64_t>();
}

void convertChannels(Dataset& d, int channels) {
    if (channels == 0)
        return;
    if (channels != 1 && channels != 3)
        throw Error(d.source, "cannot convert to " + std::to_string(channels) +
                                  " channels: only 1 (grey) or 3 (RGB) are supported");
    const int64_t have = d.images.size(1);
    if (have == channels)
        return;
    if (have == 1) {
        d.images = d.images.expand({-1, 3, -1, -1}).contiguous();
    } else if (have == 3) {
        // ITU-R BT.601 luma, the weights OpenCV's own RGB->grey conversion uses.
        const torch::Tensor w = torch::tensor({0.299f, 0.587f, 0.114f}).view({1, 3, 1, 1});
        d.images = (d.images * w).sum(1, /*keepdim=*/true).contiguous();
    } else {
        throw Error(d.source, "cannot convert " + std::to_string(have) + " channels to " +
                                  std::to_string(channels));
    }
}

void checkFinite(const Dataset& d) {
    if (!d.images.is_floating_point())
        return; // uint8 pixels (DataSpec::keepUInt8) are always finite
    const int64_t n = d.size();
    const torch::Tensor bad =
        torch::isfinite(d.images).view({n, -1}).all(1).logical_not().nonzero();
    if (bad.numel() > 0)
        throw Error(d.source, "pixel values of " + itemName(d, bad[0][0].item<int64_t>()) +
                                  " are not finite (NaN or Inf)");
}

void applyRole(Dataset& d, const DataSpec& spec) {
    if (spec.role == DataSpec::Clean) {
        if (spec.target)
            throw Error(d.source, "an attack target (:" + std::to_string(*spec.target) +
                                      ") applies only to poisoned data");
        d.targets = torch::Tensor();
        return;
    }
    if (spec.target) {
        if (*spec.target < 0)
            throw Error(d.source,
                        "the attack target must be >= 0, not " + std::to_string(*spec.target));
        d.targets = torch::full({d.size()}, *spec.target, torch::kLong);
        return;
    }
    const int64_t missing = firstOutside(d.targets, 0, INT64_MAX);
    if (missing >= 0)
        throw Error(d.source, "no attack target known for " + itemName(d, missing) +
                                  ": name the images <prefix>_<target>_<label>_<index>.png, add a "
                                  "target column to the labels CSV, or append :TARGET to the path");
}

} // namespace

bool isImageFileName(const std::string& name) {
    const std::string n = lowerCase(name);
    return endsWith(n, ".png") || endsWith(n, ".jpg") || endsWith(n, ".jpeg");
}

bool isHdf5File(const std::string& path) {
    static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    // HDF5 allows a user block before the superblock, so the signature may sit at 0, 512, 1024...
    for (std::streamoff off = 0; off <= (std::streamoff(1) << 30); off = off == 0 ? 512 : off * 2) {
        char buf[8] = {};
        in.seekg(off);
        if (!in.read(buf, sizeof buf))
            return false;
        if (std::equal(buf, buf + 8, kSignature))
            return true;
    }
    return false;
}

void finishDataset(Dataset& d, const DataSpec& spec) {
    const int64_t n = d.size();
    if (n == 0)
        throw Error(d.source, "the data set is empty");
    if (!d.labels.defined() || d.labels.numel() != n || !d.targets.defined() ||
        d.targets.numel() != n || static_cast<int64_t>(d.itemNames.size()) != n)
        throw Error(d.source, "internal error: labels, targets or names do not match the images");
    const int64_t badLabel = firstOutside(d.labels, -1, INT64_MAX);
    if (badLabel >= 0)
        throw Error(d.source, "label " + std::to_string(d.labels[badLabel].item<int64_t>()) +
                                  " of " + itemName(d, badLabel) + " is negative");
    applyRole(d, spec);
    if (spec.modelInput[0] > 0) // the stored shape, before a channel conversion hides it
        checkImageShape(d.images, spec.modelInput, d.source, /*checkChannels=*/spec.channels == 0);
    convertChannels(d, spec.channels);
    checkFinite(d);
    d.images = d.images.contiguous();
}

Dataset loadDataset(const DataSpec& spec, Feedback* fb) {
    if (spec.path.empty())
        throw Error("no data path given");
    std::error_code ec;
    const fs::file_status st = fs::status(spec.path, ec);
    if (ec || !fs::exists(st))
        throw Error(spec.path, "no such file or folder");
    if (fs::is_directory(st))
        return loadImageFolder(spec, fb);
    if (!fs::is_regular_file(st))
        throw Error(spec.path, "not a regular file or folder");
    if (!spec.labelsCsv.empty())
        throw Error(spec.path, "a labels CSV applies only to image folders");
    const std::string name = lowerCase(fs::path(spec.path).filename().string());
    if (endsWith(name, ".h5") || endsWith(name, ".hdf5") || isHdf5File(spec.path))
        return loadCsawH5(spec, fb);
    if (endsWith(name, "-idx3-ubyte.gz") || endsWith(name, "-idx3-ubyte"))
        return loadIdx(spec, fb);
    if (isImageFileName(name))
        return loadImageFile(spec);
    throw Error(spec.path, "unknown data format: expected an .h5/.hdf5 file, an image folder, a "
                           "PNG/JPEG image or an *-idx3-ubyte[.gz] file");
}

DataSpec parseDataArg(const std::string& arg, DataSpec::Role role) {
    if (arg.empty())
        throw Error("no data path given");
    DataSpec spec;
    spec.role = role;
    spec.path = arg;
    std::error_code ec;
    if (fs::exists(arg, ec))
        return spec; // an existing path wins over a PATH:TARGET reading
    const size_t colon = arg.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == arg.size())
        return spec;
    const std::string digits = arg.substr(colon + 1);
    if (!std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
        return spec;
    int64_t target = 0;
    const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), target);
    if (res.ec != std::errc())
        throw Error(arg, "attack target " + digits + " is out of range");
    spec.path = arg.substr(0, colon);
    spec.target = target;
    return spec;
}

void validateLabels(const Dataset& d, int64_t numClasses) {
    const std::string src = d.source.empty() ? d.name : d.source;
    const std::string classes =
        std::to_string(numClasses) + " classes: 0.." + std::to_string(numClasses - 1);
    if (numClasses <= 0)
        throw Error(src, "the model has no classes");
    if (d.labels.defined()) {
        const int64_t i = firstOutside(d.labels, -1, numClasses);
        if (i >= 0)
            throw Error(src, "label " + std::to_string(d.labels[i].item<int64_t>()) + " of " +
                                 itemName(d, i) + " is not a class of the model (" + classes + ")");
    }
    if (d.targets.defined()) {
        const int64_t i = firstOutside(d.targets, 0, numClasses);
        if (i >= 0)
            throw Error(src, "attack target " + std::to_string(d.targets[i].item<int64_t>()) +
                                 " of " + itemName(d, i) + " is not a class of the model (" +
                                 classes + ")");
    }
}

} // namespace bdl::core
