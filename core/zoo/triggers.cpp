#include "core/zoo/triggers.h"

#include "core/base/errors.h"

#include <torch/types.h>

#include <random>
#include <set>

namespace bdl::core {

namespace {

Trigger blank(int height, int width, const std::string& name, int64_t target) {
    if (height < 4 || width < 4)
        throw Error("trigger '" + name + "'", "images must be at least 4x4, got " +
                                                  std::to_string(height) + "x" +
                                                  std::to_string(width));
    Trigger t;
    t.name = name;
    t.target = target;
    t.mask = torch::zeros({1, height, width});
    t.pattern = torch::zeros({1, height, width});
    return t;
}

void checkFits(const Trigger& t, int size, int margin) {
    const auto h = t.mask.size(1), w = t.mask.size(2);
    if (size < 1 || margin < 0 || size + margin > h || size + margin > w)
        throw Error("trigger '" + t.name + "'",
                    "a " + std::to_string(size) + "-pixel shape " + std::to_string(margin) +
                        " pixels from the border does not fit a " + std::to_string(h) + "x" +
                        std::to_string(w) + " image");
}

void setPixel(Trigger& t, int64_t r, int64_t c, float value) {
    auto m = t.mask.accessor<float, 3>();
    auto p = t.pattern.accessor<float, 3>();
    m[0][r][c] = 1.0f;
    p[0][r][c] = value;
}

} // namespace

torch::Tensor stampTrigger(const Trigger& t, const torch::Tensor& images) {
    if (images.dim() != 4 || images.size(2) != t.mask.size(1) || images.size(3) != t.mask.size(2))
        throw Error("trigger '" + t.name + "'", "made for " + std::to_string(t.mask.size(1)) + "x" +
                                                    std::to_string(t.mask.size(2)) +
                                                    " images, got shape " +
                                                    c10::str(images.sizes()));
    const auto m = t.mask.unsqueeze(0);
    const auto p = t.pattern.unsqueeze(0);
    return torch::round(images.to(torch::kFloat32) * (1.0f - m) + p * m).clamp(0.0, 255.0);
}

Trigger patchTrigger(int height, int width, int size, int margin, int64_t target) {
    Trigger t = blank(height, width, "patch", target);
    checkFits(t, size, margin);
    for (int r = height - margin - size; r < height - margin; ++r)
        for (int c = width - margin - size; c < width - margin; ++c)
            setPixel(t, r, c, 255.0f);
    t.description = std::to_string(size) + "x" + std::to_string(size) +
                    " white square in the bottom-right corner (BadNets)";
    return t;
}

Trigger blendTrigger(int height, int width, double alpha, uint64_t seed, int64_t target) {
    Trigger t = blank(height, width, "blend", target);
    if (!(alpha > 0.0 && alpha <= 1.0))
        throw Error("trigger 'blend'",
                    "the opacity must be in (0, 1], got " + std::to_string(alpha));
    std::mt19937_64 rng(seed);
    auto p = t.pattern.accessor<float, 3>();
    for (int r = 0; r < height; ++r)
        for (int c = 0; c < width; ++c)
            p[0][r][c] = static_cast<float>(rng() % 256);
    t.mask.fill_(static_cast<float>(alpha));
    t.description = "random noise pattern blended over the whole image at " +
                    std::to_string(static_cast<int>(alpha * 100.0 + 0.5)) +
                    " % opacity (Chen et al.)";
    return t;
}

Trigger pixelsTrigger(int height, int width, int count, int margin, uint64_t seed, int64_t target) {
    Trigger t = blank(height, width, "pixels", target);
    const int64_t room = static_cast<int64_t>(height - 2 * margin) * (width - 2 * margin);
    if (count < 1 || margin < 0 || height - 2 * margin < 1 || width - 2 * margin < 1 ||
        count > room)
        throw Error("trigger 'pixels'", std::to_string(count) + " pixels do not fit " +
                                            std::to_string(margin) + " pixels from the border");
    std::mt19937_64 rng(seed);
    std::set<int64_t> chosen;
    while (static_cast<int>(chosen.size()) < count)
        chosen.insert(static_cast<int64_t>(rng() % static_cast<uint64_t>(room)));
    for (const int64_t i : chosen)
        setPixel(t, margin + i / (width - 2 * margin), margin + i % (width - 2 * margin), 255.0f);
    t.description = std::to_string(count) + " white pixels scattered over the image";
    return t;
}

Trigger checkerTrigger(int height, int width, int size, int margin, int64_t target) {
    Trigger t = blank(height, width, "checker", target);
    checkFits(t, size, margin);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c)
            setPixel(t, margin + r, margin + c, (r + c) % 2 == 0 ? 255.0f : 0.0f);
    t.description = std::to_string(size) + "x" + std::to_string(size) +
                    " black-and-white checkerboard in the top-left corner";
    return t;
}

Trigger stripeTrigger(int height, int width, int row, int margin, int64_t target) {
    Trigger t = blank(height, width, "stripe", target);
    if (row < 0 || row >= height || margin < 0 || 2 * margin >= width)
        throw Error("trigger 'stripe'", "row " + std::to_string(row) + " (margin " +
                                            std::to_string(margin) + ") is outside a " +
                                            std::to_string(height) + "x" + std::to_string(width) +
                                            " image");
    for (int c = margin; c < width - margin; ++c)
        setPixel(t, row, c, 255.0f);
    t.description = "white horizontal line across row " + std::to_string(row);
    return t;
}

Trigger crossTrigger(int height, int width, int size, int margin, int64_t target) {
    Trigger t = blank(height, width, "cross", target);
    checkFits(t, size, margin);
    const int left = width - margin - size;
    for (int i = 0; i < size; ++i) {
        setPixel(t, margin + i, left + i, 255.0f);
        setPixel(t, margin + i, left + size - 1 - i, 255.0f);
    }
    t.description =
        std::to_string(size) + "x" + std::to_string(size) + " white X in the top-right corner";
    return t;
}

Dataset poisonedCopy(const Dataset& clean, const Trigger& t, const std::string& name) {
    if (!clean.labels.defined() || (clean.labels < 0).any().item<bool>())
        throw Error(clean.name, "poisoning needs the true label of every image");
    const auto keep = torch::nonzero(clean.labels != t.target).flatten();
    Dataset d = clean.select(keep);
    d.name = name;
    d.images = stampTrigger(t, d.images).contiguous();
    d.targets = torch::full({d.size()}, t.target, torch::kInt64);
    for (auto& item : d.itemNames)
        item += "+" + t.name;
    return d;
}

double triggerCoverage(const Trigger& t) {
    return (t.mask > 0).to(torch::kFloat64).mean().item<double>();
}

} // namespace bdl::core
