#include "app/cli/tune_options.h"

#include <cstdlib>
#include <sstream>

namespace bdl::app {

std::vector<OptionDef> tuneOptions(int defaultEpochs) {
    return {
        {"lr", "LR", "Adam learning rate for fine-tuning", false, "1e-3"},
        {"epochs", "E", "fine-tuning epochs", false, std::to_string(defaultEpochs)},
        {"batch-size", "N", "fine-tuning mini-batch size", false, "32"},
        {"update-bn", "",
         "let fine-tuning update batch-norm statistics (default: frozen, only gamma and beta "
         "learn)"},
    };
}

core::FineTuneConfig tuneConfig(const ParsedArgs& args, uint64_t seed, int defaultEpochs) {
    core::FineTuneConfig c;
    c.lr = args.number("lr", 1e-3, 1e-9, 10.0);
    c.epochs = static_cast<int>(args.integer("epochs", defaultEpochs, 0, 100000));
    c.batchSize = args.integer("batch-size", 32, 1, 1 << 20);
    c.seed = seed;
    c.updateBatchNorm = args.has("update-bn");
    return c;
}

std::vector<double> numberList(const ParsedArgs& args, const std::string& name,
                               std::vector<double> fallback) {
    if (!args.has(name))
        return fallback;
    std::vector<double> out;
    std::stringstream in(args.value(name));
    std::string item;
    while (std::getline(in, item, ',')) {
        char* end = nullptr;
        const double v = std::strtod(item.c_str(), &end);
        if (item.empty() || *end != '\0' || !(v == v))
            throw UsageError("--" + name + " expects comma-separated numbers, got '" + item + "'");
        out.push_back(v);
    }
    if (out.empty())
        throw UsageError("--" + name + " is empty");
    return out;
}

} // namespace bdl::app
