#include "core/nn/architectures.h"

#include "core/base/errors.h"

#include <cstdio>

namespace bdl::core {

namespace {

LayerSpec conv(const std::string& name, const std::string& in, int filters, int k,
               bool same = false) {
    LayerSpec l = makeLayer(name, LayerKind::Conv2D, {in});
    l.filters = filters;
    l.kernel = {k, k};
    l.samePadding = same;
    l.activation = ActivationKind::Relu;
    return l;
}

LayerSpec pool(const std::string& name, const std::string& in) {
    LayerSpec l = makeLayer(name, LayerKind::MaxPooling2D, {in});
    l.poolSize = {2, 2};
    l.strides = {2, 2};
    return l;
}

LayerSpec dense(const std::string& name, const std::string& in, int units, ActivationKind a) {
    LayerSpec l = makeLayer(name, LayerKind::Dense, {in});
    l.units = units;
    l.activation = a;
    return l;
}

} // namespace

ModelSpec csawBadnetSpec(int height, int width, int channels, int classes, bool samePadding) {
    ModelSpec s;
    s.name = csawBadnetName(height, width, channels, classes, samePadding);
    LayerSpec in = makeLayer("input", LayerKind::Input, {});
    in.inputShape = {height, width, channels};
    s.layers.push_back(in);
    s.layers.push_back(conv("conv_1", "input", /*filters=*/20, /*kernel=*/4, samePadding));
    s.layers.push_back(pool("pool_1", "conv_1"));
    s.layers.push_back(conv("conv_2", "pool_1", /*filters=*/40, /*kernel=*/3, samePadding));
    s.layers.push_back(pool("pool_2", "conv_2"));
    s.layers.push_back(conv("conv_3", "pool_2", /*filters=*/60, /*kernel=*/3, samePadding));
    s.layers.push_back(pool("pool_3", "conv_3"));
    s.layers.push_back(conv("conv_4", "pool_3", /*filters=*/80, /*kernel=*/2));
    s.layers.push_back(makeLayer("flatten_1", LayerKind::Flatten, {"pool_3"}));
    s.layers.push_back(makeLayer("flatten_2", LayerKind::Flatten, {"conv_4"}));
    s.layers.push_back(dense("fc_1", "flatten_1", /*units=*/160, ActivationKind::Linear));
    s.layers.push_back(dense("fc_2", "flatten_2", /*units=*/160, ActivationKind::Linear));
    s.layers.push_back(makeLayer("add_1", LayerKind::Add, {"fc_1", "fc_2"}));
    LayerSpec act = makeLayer("activation_1", LayerKind::Activation, {"add_1"});
    act.activation = ActivationKind::Relu;
    s.layers.push_back(act);
    s.layers.push_back(dense("output", "activation_1", classes, ActivationKind::Softmax));
    s.output = "output";
    return s;
}

std::string csawBadnetName(int height, int width, int channels, int classes, bool samePadding) {
    if (height == 55 && width == 47 && channels == 3 && classes == 1283 && !samePadding)
        return "csaw-badnet";
    return std::string(samePadding ? "csaw-badnet-same:" : "csaw-badnet:") +
           std::to_string(height) + "x" + std::to_string(width) + "x" + std::to_string(channels) +
           ":" + std::to_string(classes);
}

std::vector<std::string> architectureNames() {
    return {"csaw-badnet", "csaw-badnet:HxWxC:CLASSES", "csaw-badnet-same:HxWxC:CLASSES"};
}

ModelSpec architectureSpec(const std::string& name) {
    if (name == "csaw-badnet")
        return csawBadnetSpec();
    int h = 0, w = 0, c = 0, k = 0;
    char tail = 0;
    if (std::sscanf(name.c_str(), "csaw-badnet:%dx%dx%d:%d%c", &h, &w, &c, &k, &tail) == 4) {
        // The smallest input that survives conv_1..pool_3 and conv_4 (2x2 on pool_3) is 31 x 31.
        if (h < 31 || w < 31 || h > 4096 || w > 4096 || c < 1 || c > 4 || k < 2 || k > 100000)
            throw Error("architecture '" + name +
                        "': sizes out of range (input at least 31x31 and "
                        "at most 4096x4096, 1-4 channels, 2-100000 classes)");
        return csawBadnetSpec(h, w, c, k);
    }
    if (std::sscanf(name.c_str(), "csaw-badnet-same:%dx%dx%d:%d%c", &h, &w, &c, &k, &tail) == 4) {
        // With same-padded convolutions only the pooling shrinks: pool_3 must stay >= 2x2.
        if (h < 16 || w < 16 || h > 4096 || w > 4096 || c < 1 || c > 4 || k < 2 || k > 100000)
            throw Error("architecture '" + name +
                        "': sizes out of range (input at least 16x16 and "
                        "at most 4096x4096, 1-4 channels, 2-100000 classes)");
        return csawBadnetSpec(h, w, c, k, /*samePadding=*/true);
    }
    std::string known;
    for (const auto& n : architectureNames())
        known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown architecture '" + name + "' (known: " + known + ")");
}

} // namespace bdl::core
