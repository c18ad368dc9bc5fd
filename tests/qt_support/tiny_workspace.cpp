#include "tiny_workspace.h"

#include "core/nn/architectures.h"
#include "core/io/data_io.h"
#include "core/io/keras_io.h"
#include "core/nn/model.h"

#include <QtCore/QFile>
#include <torch/types.h>
#include <torch/utils.h>

#include <string>

namespace bdl::app::test {

namespace {

constexpr int kClasses = 4;

core::Dataset randomSet(int64_t n, uint64_t seed, const std::string& name) {
    torch::manual_seed(seed);
    core::Dataset d;
    d.name = name;
    d.images = torch::randint(0, 256, {n, 1, 32, 32}).to(torch::kFloat32);
    d.labels = torch::arange(n, torch::kLong) % kClasses;
    for (int64_t i = 0; i < n; ++i)
        d.itemNames.push_back(name + "#" + std::to_string(i));
    return d;
}

/// Clean images with a white 4x4 corner patch, relabelled to `target`.
core::Dataset poisonedSet(int64_t n, uint64_t seed, int64_t target, const std::string& name) {
    core::Dataset d = randomSet(n, seed, name);
    d.images.slice(2, 26, 30).slice(3, 26, 30).fill_(255.0f);
    d.labels = torch::full({n}, -1, torch::kLong);
    d.targets = torch::full({n}, target, torch::kLong);
    return d;
}

} // namespace

TinyWorkspace::TinyWorkspace() {
    core::Model m(core::csawBadnetSpec(/*height=*/32, /*width=*/32, /*channels=*/1, kClasses));
    m.initialize(/*seed=*/7);
    model = file(QStringLiteral("tiny.h5"));
    clean = file(QStringLiteral("clean_test.h5"));
    train = file(QStringLiteral("clean_train.h5"));
    poisonedA = file(QStringLiteral("patch_poisoned.h5"));
    poisonedB = file(QStringLiteral("other_poisoned.h5"));
    core::saveKerasWeights(m, model.toStdString());
    core::saveCsawH5(randomSet(96, 3, "clean_test"), clean.toStdString());
    core::saveCsawH5(randomSet(80, 4, "clean_train"), train.toStdString());
    core::saveCsawH5(poisonedSet(64, 5, 0, "patch"), poisonedA.toStdString());
    core::saveCsawH5(poisonedSet(48, 6, 1, "other"), poisonedB.toStdString());
}

WorkspaceRequest TinyWorkspace::request() const {
    WorkspaceRequest r;
    r.modelPath = model;
    r.scale = QStringLiteral("1/255");
    r.cleanTestPath = clean;
    r.trainPath = train;
    r.poisoned = {PoisonedSource{poisonedA, -1}, PoisonedSource{poisonedB, 2}};
    return r;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace bdl::app::test
