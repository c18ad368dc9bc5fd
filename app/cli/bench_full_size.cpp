// `backdoorlab-cli bench --make-full-size DIR`: CSAW-HackML-size data files for the scale checks
// (README "Performance", scripts/scale_check.sh), made from the shared images.
#include "app/cli/bench_workload.h"

#include "core/base/errors.h"
#include "core/io/data_io.h"
#include "core/io/import_client.h"

#include <torch/types.h>

#include <filesystem>
#include <ostream>

namespace bdl::app {

namespace fs = std::filesystem;

namespace {

/// `n` images from `source` cycled, each copy with seeded Gaussian pixel noise (sigma 6, then
/// rounded and clipped to 0..255, so the file stores exact bytes and no two copies are equal).
core::Dataset noisyCopies(const core::Dataset& source, int64_t n, uint64_t seed,
                          const std::string& name) {
    const auto idx = torch::arange(n, torch::kLong) % source.size();
    core::Dataset d = source.select(idx);
    torch::manual_seed(seed);
    d.images = (d.images + 6.0 * torch::randn(d.images.sizes())).round().clamp(0.0, 255.0);
    d.name = name;
    d.itemNames.clear();
    for (int64_t i = 0; i < n; ++i)
        d.itemNames.push_back(name + "#" + std::to_string(i));
    return d;
}

} // namespace

void writeFullSizeData(const std::string& dataDir, const std::string& outDir, std::ostream& log) {
    const fs::path dir = dataDir.empty()
                             ? fs::path(BDL_DEFAULT_SHARED_DIR) / "data" / "youtube_face"
                             : fs::path(dataDir);
    const fs::path clean = dir / "images" / "clean_test";
    const fs::path poisoned = dir / "images" / "sunglasses_poisoned_data";
    if (!fs::is_directory(clean) || !fs::is_directory(poisoned))
        throw core::Error(dir.string(), "--make-full-size needs images/clean_test and "
                                        "images/sunglasses_poisoned_data of the shared data");
    core::DataSpec c;
    c.path = clean.string();
    core::DataSpec p;
    p.path = poisoned.string();
    p.role = core::DataSpec::Poisoned;
    const core::Dataset cleanImages = core::importDataset(c);
    const core::Dataset poisonedImages = core::importDataset(p);
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        throw core::Error(outDir, "cannot create the folder: " + ec.message());
    struct File {
        const char* name;
        const core::Dataset* source;
        int64_t n;
        uint64_t seed;
    };
    // The CSAW-HackML 2020 sizes: 12 830 clean and poisoned test images, 11 547 for validation.
    const File files[] = {{"clean_test.h5", &cleanImages, 12830, 1},
                          {"sunglasses_poisoned_test.h5", &poisonedImages, 12830, 2},
                          {"clean_validation.h5", &cleanImages, 11547, 3}};
    for (const auto& f : files) {
        const fs::path out = fs::path(outDir) / f.name;
        core::saveCsawH5(noisyCopies(*f.source, f.n, f.seed, fs::path(f.name).stem().string()),
                         out.string());
        log << "bench --make-full-size: wrote " << out.string() << " (" << f.n << " images)\n";
    }
}

} // namespace bdl::app
