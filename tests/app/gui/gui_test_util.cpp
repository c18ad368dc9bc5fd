#include "gui_test_util.h"

#include "core/io/data_io.h"
#include "core/io/keras_io.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <string>

namespace bdl::app::test {

namespace {

core::Dataset load(const QString& path, core::DataSpec::Role role, int target = -1) {
    core::DataSpec spec;
    spec.path = path.toStdString();
    spec.role = role;
    if (target >= 0)
        spec.target = target;
    spec.channels = 1;
    return core::loadDataset(spec);
}

} // namespace

CoreInputs::CoreInputs(const TinyWorkspace& w)
    : b(core::loadKerasModel(w.model.toStdString())), clean(load(w.clean, core::DataSpec::Clean)),
      train(load(w.train, core::DataSpec::Clean)) {
    b.model.setInputScale(core::InputScale::Unit);
    poisoned.push_back(load(w.poisonedA, core::DataSpec::Poisoned));
    poisoned.push_back(load(w.poisonedB, core::DataSpec::Poisoned, 2));
}

void runToEnd(Controller& c, const std::function<bool()>& start) {
    QSignalSpy finished(&c, &Controller::finished);
    QSignalSpy failed(&c, &Controller::failed);
    QSignalSpy cancelled(&c, &Controller::cancelled);
    QVERIFY(start());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() + cancelled.count() > 0,
                             kJobTimeoutMs);
    QVERIFY2(failed.isEmpty(),
             qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(1).toString()));
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(finished.count(), 1);
    QVERIFY(!c.busy());
}

void openTiny(Controller& c, const TinyWorkspace& w) {
    runToEnd(c, [&] { return c.openWorkspace(w.request()); });
}

core::FineTuneConfig coreTune(const TuneSettings& t) {
    core::FineTuneConfig c;
    c.lr = t.lr;
    c.epochs = t.epochs;
    c.batchSize = t.batchSize;
    c.seed = t.seed;
    return c;
}

} // namespace bdl::app::test
