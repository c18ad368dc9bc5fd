// Image folders and single images (PNG/JPEG through OpenCV), labelled by file name or a CSV.
#include "core/io/data_io.h"

#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/io/image_decode_internal.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>

namespace bdl::core {

namespace fs = std::filesystem;

namespace {

constexpr int64_t kMaxPixelBytes = int64_t(8) << 30; // float32 output cap (8 GiB)
constexpr uintmax_t kMaxCsvBytes = uintmax_t(256) << 20;

/// Label and attack target of one image; -1 where unknown.
struct ItemLabels {
    int64_t label = -1;
    int64_t target = -1;
};

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    const size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool allDigits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

/// Parses a whole-number field; `what` and `source` only feed the error message.
int64_t parseInteger(const std::string& text, const std::string& source, const std::string& what) {
    int64_t value = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || res.ec != std::errc() || res.ptr != text.data() + text.size())
        throw Error(source, what + " '" + text + "' is not a whole number in range");
    return value;
}

/// `<prefix>_<label>_<index>.ext` (clean) or `<prefix>_<target>_<label>_<index>.ext` (poisoned),
/// the CSAW naming; anything else leaves both unknown.
ItemLabels labelsFromName(const fs::path& file) {
    std::vector<std::string> parts;
    std::string stem = file.stem().string();
    for (size_t start = 0;;) {
        const size_t us = stem.find('_', start);
        parts.push_back(
            stem.substr(start, us == std::string::npos ? std::string::npos : us - start));
        if (us == std::string::npos)
            break;
        start = us + 1;
    }
    size_t numeric = 0;
    while (numeric < parts.size() && allDigits(parts[parts.size() - 1 - numeric]))
        ++numeric;
    ItemLabels out;
    if (numeric == parts.size() || (numeric != 2 && numeric != 3))
        return out; // no text prefix, or not one of the two patterns
    const std::string src = file.string();
    const size_t first = parts.size() - numeric;
    if (numeric == 3)
        out.target = parseInteger(parts[first], src, "attack target in the file name");
    out.label = parseInteger(parts[parts.size() - 2], src, "label in the file name");
    return out;
}

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
        fields.push_back(trim(line.substr(start, comma - start)));
    fields.push_back(trim(line.substr(start)));
    return fields;
}

/// Reads `file,label[,target]` (header line required, columns in any order); a file name is
/// relative to the image folder. Empty label or target cells mean unknown.
std::map<std::string, ItemLabels> readLabelsCsv(const std::string& csv) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(csv, ec);
    std::ifstream in(csv);
    if (ec || !in)
        throw Error(csv, "cannot open the labels CSV");
    if (size > kMaxCsvBytes)
        throw Error(csv, "the labels CSV is absurdly large");
    std::string line;
    std::getline(in, line);
    if (line.compare(0, 3, "\xEF\xBB\xBF") == 0)
        line.erase(0, 3); // UTF-8 byte order mark written by spreadsheet programs
    std::vector<std::string> header = splitCsv(line);
    for (auto& h : header)
        std::transform(h.begin(), h.end(), h.begin(),
                       [](unsigned char c) { return std::tolower(c); });
    const auto col = [&](const char* name) {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? -1 : int(it - header.begin());
    };
    const int fileCol = col("file"), labelCol = col("label"), targetCol = col("target");
    if (fileCol < 0 || labelCol < 0)
        throw Error(csv, "the labels CSV needs a header line 'file,label[,target]'");
    std::map<std::string, ItemLabels> rows;
    for (int lineNo = 2; std::getline(in, line); ++lineNo) {
        if (trim(line).empty())
            continue;
        const std::vector<std::string> f = splitCsv(line);
        const std::string where = "line " + std::to_string(lineNo);
        if (f.size() != header.size())
            throw Error(csv, where + ": expected " + std::to_string(header.size()) +
                                 " fields, found " + std::to_string(f.size()));
        ItemLabels v;
        const std::string& label = f[size_t(labelCol)];
        v.label = label.empty() ? -1 : parseInteger(label, csv, where + ": label");
        if (targetCol >= 0 && !f[size_t(targetCol)].empty())
            v.target = parseInteger(f[size_t(targetCol)], csv, where + ": attack target");
        if (v.label < -1 || v.target < -1)
            throw Error(csv, where + ": labels and targets must be >= 0 (or empty when unknown)");
        if (!rows.emplace(f[size_t(fileCol)], v).second)
            throw Error(csv, where + ": '" + f[size_t(fileCol)] + "' is listed twice");
    }
    return rows;
}

/// Decodes one image as RGB (or grey) 8-bit, through the size- and truncation-checked decoder;
/// throws Error naming the file.
cv::Mat readImage(const fs::path& file, int channels) {
    const std::string name = file.string();
    cv::Mat img =
        image_detail::decodeWithinBudget(image_detail::readImageFileBytes(name), name,
                                         channels == 1 ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
    if (img.depth() != CV_8U)
        throw Error(name, "unsupported pixel depth after decoding");
    if (img.channels() == 3)
        cv::cvtColor(img, img, cv::COLOR_BGR2RGB); // OpenCV decodes to BGR; the models expect RGB
    return img.isContinuous() ? img : img.clone();
}

/// Loads the files into one (N, C, H, W) float32 tensor; every image must match the first.
torch::Tensor readImages(const std::vector<fs::path>& files, int channels, Feedback* fb) {
    const ProgressScope progress(fb);
    const int64_t n = static_cast<int64_t>(files.size());
    torch::Tensor out;
    cv::Size firstSize;
    for (int64_t i = 0; i < n; ++i) {
        const cv::Mat img = readImage(files[size_t(i)], channels);
        if (i == 0) {
            firstSize = img.size();
            const int64_t perImage = int64_t(img.channels()) * img.rows * img.cols;
            if (n > kMaxPixelBytes / 4 / perImage)
                throw Error(files[0].parent_path().string(),
                            "too many images to load (over " +
                                std::to_string(kMaxPixelBytes >> 30) + " GiB)");
            out = torch::empty({n, img.channels(), img.rows, img.cols}, torch::kFloat32);
        } else if (img.size() != firstSize) {
            throw Error(files[size_t(i)].string(),
                        "image is " + std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                            " but " + files[0].filename().string() + " is " +
                            std::to_string(firstSize.width) + "x" +
                            std::to_string(firstSize.height) +
                            " (width x height); all images of a set must share one size");
        }
        const torch::Tensor hwc =
            torch::from_blob(img.data, {img.rows, img.cols, img.channels()}, torch::kUInt8);
        out[i].copy_(hwc.permute({2, 0, 1}));
        progress.set(double(i + 1) / double(n), "reading images");
    }
    return out;
}

void checkChannels(const DataSpec& spec) {
    if (spec.channels != 0 && spec.channels != 1 && spec.channels != 3)
        throw Error(spec.path, "cannot load images with " + std::to_string(spec.channels) +
                                   " channels: only 1 (grey) or 3 (RGB) are supported");
}

/// Reads the files, labels them and applies the spec's role.
Dataset buildSet(const std::vector<fs::path>& files, const std::vector<ItemLabels>& labels,
                 const std::string& name, const DataSpec& spec, Feedback* fb) {
    Dataset d;
    d.name = name;
    d.source = spec.path;
    d.images = readImages(files, spec.channels, fb);
    const int64_t n = static_cast<int64_t>(files.size());
    d.labels = torch::empty({n}, torch::kLong);
    d.targets = torch::empty({n}, torch::kLong);
    int64_t* label = d.labels.data_ptr<int64_t>();
    int64_t* target = d.targets.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
        label[i] = labels[size_t(i)].label;
        target[i] = labels[size_t(i)].target;
        d.itemNames.push_back(files[size_t(i)].filename().string());
    }
    finishDataset(d, spec);
    return d;
}

} // namespace

Dataset loadImageFolder(const DataSpec& spec, Feedback* fb) {
    checkChannels(spec);
    const fs::path dir(spec.path);
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entryEc; // a symlink loop or dangling link is not an image: skipped
        if (it->is_regular_file(entryEc) && isImageFileName(it->path().filename().string()))
            files.push_back(it->path());
    }
    if (ec)
        throw Error(spec.path, "cannot list the folder: " + ec.message());
    if (files.empty())
        throw Error(spec.path, "the data set is empty: no PNG or JPEG images in the folder");
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return a.filename().string() < b.filename().string();
    });

    std::string csv = spec.labelsCsv;
    std::error_code csvEc;
    if (csv.empty() && fs::is_regular_file(dir / "labels.csv", csvEc))
        csv = (dir / "labels.csv").string();
    std::vector<ItemLabels> labels;
    if (!csv.empty()) {
        std::map<std::string, ItemLabels> rows = readLabelsCsv(csv);
        for (const auto& f : files) {
            const auto it = rows.find(f.filename().string());
            if (it == rows.end())
                throw Error(csv, "image '" + f.filename().string() + "' of " + spec.path +
                                     " is not listed in the labels CSV");
            labels.push_back(it->second);
            rows.erase(it);
        }
        if (!rows.empty())
            throw Error(csv, "lists '" + rows.begin()->first + "', which is not an image in " +
                                 spec.path);
    } else {
        for (const auto& f : files)
            labels.push_back(labelsFromName(f));
    }
    fs::path named = fs::absolute(dir).lexically_normal();
    if (named.filename().empty())
        named = named.parent_path(); // "folder/" names the folder
    return buildSet(files, labels, named.filename().string(), spec, fb);
}

Dataset loadImageFile(const DataSpec& spec) {
    checkChannels(spec);
    const fs::path file(spec.path);
    return buildSet({file}, {labelsFromName(file)}, file.stem().string(), spec, nullptr);
}

} // namespace bdl::core
