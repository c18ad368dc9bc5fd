#include "app/cli/zoo_options.h"

namespace bdl::app {

std::vector<OptionDef> zooOptions() {
    const core::ZooConfig d;
    return {
        {"seed", "N", "seed of the data split, triggers, poisoning and training", false,
         std::to_string(d.seed)},
        {"epochs", "N", "training epochs per model", false, std::to_string(d.epochs)},
        {"batch-size", "N", "training batch size", false, std::to_string(d.batchSize)},
        {"lr", "X", "Adam learning rate (the last epoch runs at a quarter of it)", false, "0.001"},
        {"train-images", "N", "training images", false, std::to_string(d.trainImages)},
        {"validation-images", "N", "clean validation images", false,
         std::to_string(d.validationImages)},
        {"test-images", "N", "test images", false, std::to_string(d.testImages)},
        {"source", "DIR", "folder with Fashion-MNIST's IDX .gz files", false, d.source},
        {"threads", "N", "LibTorch intra-op threads", false, "number of cores"},
        {"json", "", "print exactly one JSON object on stdout"},
        {"quiet", "",
         "no progress on stderr (else a bar on a terminal, a line per 5 % otherwise; --json "
         "shows none either)"},
        {"help", "", "show this help"},
    };
}

core::ZooConfig zooConfigFromArgs(const ParsedArgs& a, bool* explicitly) {
    core::ZooConfig c;
    if (explicitly) {
        *explicitly = false;
        for (const char* n : {"seed", "epochs", "batch-size", "lr", "train-images",
                              "validation-images", "test-images", "source"})
            *explicitly = *explicitly || a.has(n);
    }
    c.seed = static_cast<uint64_t>(a.integer("seed", static_cast<long long>(c.seed), 0, 1LL << 62));
    c.epochs = static_cast<int>(a.integer("epochs", c.epochs, 1, 100));
    c.batchSize = a.integer("batch-size", c.batchSize, 1, 4096);
    c.lr = a.number("lr", c.lr, 1e-6, 1.0);
    c.trainImages = a.integer("train-images", c.trainImages, 100, 60000);
    c.validationImages = a.integer("validation-images", c.validationImages, 10, 60000);
    c.testImages = a.integer("test-images", c.testImages, 10, 10000);
    if (c.trainImages + c.validationImages > 60000)
        throw UsageError("--train-images plus --validation-images must be at most 60000");
    c.source = a.value("source", c.source);
    return c;
}

std::string zooDirFromArgs(const ParsedArgs& a, const std::string& name) {
    return a.has(name) ? a.value(name) : core::defaultZooDir();
}

} // namespace bdl::app
