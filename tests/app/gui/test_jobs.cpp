// The fine-pruning jobs through the Controller give the core's numbers: the paper's protocol step
// by step, Liu et al.'s protocol, the learning-rate sweep cell by cell (and picking a cell as
// B'), the activation maps before and after; and a workspace opened from a (reduced) demo zoo.
#include "gui_test_util.h"

#include "app/gui/controller.h"
#include "core/nn/activations.h"
#include "core/base/feedback.h"
#include "core/defenses/fine_pruning.h"
#include "core/zoo/zoo.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>

#include <memory>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

QVector<double> asrOf(const core::EvalReport& e) {
    QVector<double> v;
    for (const auto& s : e.asr)
        v.push_back(s.asr);
    return v;
}

} // namespace

class JobsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_in = std::make_unique<CoreInputs>(*m_ws);
    }

    void paperProtocolStepsEqualTheCores() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy steps(&c, &Controller::finePruneStepReady);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.runPaperProtocol(3, kTune); });
        core::FinePruneConfig cfg;
        cfg.steps = 3;
        cfg.tune = coreTune();
        const auto ref =
            core::finePrune(m_in->b.model, m_in->train, m_in->clean, m_in->poisoned, cfg);
        QCOMPARE(steps.count(), 4); // k = 0 .. 3, live
        for (int i = 0; i < steps.count(); ++i) {
            const auto s = steps.at(i).at(0).value<FinePruneStep>();
            QCOMPARE(s.k, i);
            QCOMPARE(s.steps, 3);
            QCOMPARE(s.channel, static_cast<int>(ref.points[i].channel));
            QVERIFY2(s.cca == ref.points[i].cca, qPrintable(QString::number(i)));
            QCOMPARE(s.asr, QVector<double>(ref.points[i].asr.begin(), ref.points[i].asr.end()));
        }
        QCOMPARE(repaired.count(), 1);
        const auto r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.method, QString(job::kPaper));
        QCOMPARE(r.k, 3);
        QVERIFY(r.ccaAfter == ref.points.back().cca);
        QVERIFY(r.ccaBefore == ref.points.front().cca);
        QCOMPARE(r.prunedChannels.size(), 3);
    }

    void liuProtocolEqualsTheCores() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.runLiuProtocol(4.0, kTune); });
        // the same 80/20 split of the train set as the worker (and the CLI) makes: the core's
        const core::DataSplit split = core::liuHoldOut(m_in->train, /*seed=*/0);
        const auto& validation = split.held;
        const auto& tuneSet = split.rest;
        core::LiuConfig cfg;
        cfg.maxAccuracyDrop = 4.0;
        cfg.tune = coreTune();
        const auto ref = core::liuFinePrune(m_in->b.model, tuneSet, validation, m_in->clean,
                                            m_in->poisoned, cfg);
        QCOMPARE(repaired.count(), 1);
        const auto r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.method, QString(job::kLiu));
        QCOMPARE(r.k, static_cast<int>(ref.stopK));
        QVERIFY(r.ccaPruned == ref.pruned.cca);
        QVERIFY(r.ccaAfter == ref.fineTuned.cca);
        QCOMPARE(r.asrAfter, asrOf(ref.fineTuned));
        QCOMPARE(r.validationCurve.size(), static_cast<qsizetype>(ref.validationCurve.size()));
    }

    void sweepCellsEqualTheCoresAndACellBecomesBPrime() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        SweepRequest req;
        req.lrs = {1e-2, 1e-3};
        req.ks = {2, 4, 6};
        req.epochs = 1;
        req.batchSize = 16;
        QSignalSpy started(&c, &Controller::sweepStarted);
        QSignalSpy cells(&c, &Controller::sweepCellReady);
        QSignalSpy ready(&c, &Controller::sweepReady);
        runToEnd(c, [&] { return c.runSweep(req); });
        QCOMPARE(started.count(), 1);
        QCOMPARE(cells.count(), 6);
        QCOMPARE(ready.count(), 1);
        core::LrSweepConfig cfg;
        cfg.lrs = {1e-2, 1e-3};
        cfg.ks = {2, 4, 6};
        cfg.epochs = 1;
        cfg.batchSize = 16;
        const auto ref =
            core::learningRateSweep(m_in->b.model, m_in->train, m_in->clean, m_in->poisoned, cfg);
        for (int i = 0; i < cells.count(); ++i) {
            const auto cell = cells.at(i).at(0).value<SweepCell>();
            QCOMPARE(cell.lrIndex, i / 3); // lr-major, live
            QCOMPARE(cell.kIndex, i % 3);
            QVERIFY2(cell.cca == ref.cca[cell.lrIndex][cell.kIndex],
                     qPrintable(QString::number(i)));
            for (int s = 0; s < 2; ++s)
                QVERIFY(cell.asr[s] == ref.asr[s][cell.lrIndex][cell.kIndex]);
        }
        const auto sweep = ready.at(0).at(0).value<SweepData>();
        QCOMPARE(sweep.cells.size(), 6);
        QVERIFY(sweep.cell(1, 2) != nullptr);
        QVERIFY(sweep.bestTradeOff(100.0).has_value());

        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.selectRepaired(1, 2); });
        const auto r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.k, 6);
        QCOMPARE(r.lr, 1e-3);
        QVERIFY(r.ccaAfter == ref.cca[1][2]);
        QCOMPARE(r.prunedChannels.size(), 6);
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.selectRepaired(5, 0));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs);
    }

    void activationsBeforeAndAfter() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy data(&c, &Controller::activationsReady);
        runToEnd(c, [&] { return c.computeActivations(); });
        auto a = data.takeFirst().at(0).value<ActivationData>();
        QCOMPARE(a.layer, QStringLiteral("pool_3"));
        QCOMPARE(a.channels, 60);
        QCOMPARE(a.before.size(), 3); // clean test + two poisoned sets
        QVERIFY(a.after.isEmpty());
        QVERIFY(!a.before[0].poisoned && a.before[1].poisoned);
        const auto acts = core::layerActivations(m_in->b.model, m_in->clean.images, "pool_3",
                                                 core::ProgressScope(nullptr));
        const auto ref = core::summarizeActivations(acts, "pool_3", m_in->clean.name);
        QVERIFY(a.before[0].channelMeans ==
                QVector<double>(ref.channelMeans.begin(), ref.channelMeans.end()));
        QCOMPARE(a.before[0].meanMaps.size(), static_cast<qsizetype>(60 * a.height * a.width));
        QVERIFY(a.before[0].meanMaps == QVector<float>(ref.meanMap.begin(), ref.meanMap.end()));

        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.fineTuneAt(4, kTune); });
        runToEnd(c, [&] { return c.computeActivations(); });
        a = data.takeFirst().at(0).value<ActivationData>();
        QCOMPARE(a.after.size(), 3);
        const auto r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(a.prunedChannels, r.prunedChannels);
        for (int ch : a.prunedChannels)
            QCOMPARE(a.after[0].channelMeans[ch], 0.0);
    }

    void opensTheDemoZoo() {
        const core::ZooConfig defaults;
        if (!QFileInfo::exists(QString::fromStdString(defaults.source) +
                               QStringLiteral("/train-images-idx3-ubyte.gz")))
            QSKIP("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        const QString zoo = m_ws->file(QStringLiteral("zoo"));
        Controller c(nullptr, kThreads);
        // no zoo there and building not allowed: a readable failure, nothing built
        QSignalSpy failed(&c, &Controller::failed);
        WorkspaceRequest noBuild = WorkspaceRequest::zoo(QStringLiteral("patch"), zoo);
        noBuild.buildZoo = false;
        QVERIFY(c.openWorkspace(noBuild));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs);
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no usable demo zoo")));
        QVERIFY(!QDir(zoo).exists());

        core::ZooConfig small; // a reduced zoo, reused by the request (any configuration)
        small.trainImages = 1200;
        small.validationImages = 100;
        small.testImages = 200;
        small.epochs = 1;
        const auto manifest = core::buildZoo(small, zoo.toStdString());
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        runToEnd(c, [&] {
            return c.openWorkspace(WorkspaceRequest::zoo(QStringLiteral("patch"), zoo));
        });
        const auto info = opened.at(0).at(0).value<WorkspaceInfo>();
        QCOMPARE(info.zooModel, QStringLiteral("patch"));
        QCOMPARE(info.zooDir, zoo);
        QVERIFY(!info.zooBuilt);
        QCOMPARE(info.architecture, QStringLiteral("csaw-badnet-same:28x28x1:10"));
        QCOMPARE(info.scale, QStringLiteral("1/255"));
        QCOMPARE(info.sets[0].size, 200);
        QCOMPARE(info.sets[1].size, 100); // clean_validation for ranking and fine-tuning
        QCOMPARE(info.poisonedNames.size(), 1);
        QCOMPARE(info.sets[2].targets, QVector<qint64>{0});
        // the curve's unpruned point is the manifest's CCA
        QSignalSpy ready(&c, &Controller::curveReady);
        runToEnd(c, [&] { return c.computePruningCurve(); });
        const auto curve = ready.at(0).at(0).value<CurveData>();
        QVERIFY(std::abs(curve.points[0].cca - manifest.model("patch")->cca) < 1e-9);

        QSignalSpy unknown(&c, &Controller::failed);
        QVERIFY(c.openWorkspace(WorkspaceRequest::zoo(QStringLiteral("nope"), zoo)));
        QTRY_COMPARE_WITH_TIMEOUT(unknown.count(), 1, kJobTimeoutMs);
        QVERIFY(unknown.at(0).at(1).toString().contains(QStringLiteral("no model 'nope'")));
        QVERIFY(c.workspace().has_value()); // the old workspace stays
        QCOMPARE(c.workspace()->zooModel, QStringLiteral("patch"));
    }

private:
    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<CoreInputs> m_in;
};

BDL_REGISTER_GUI_TEST(JobsTest);

#include "test_jobs.moc"
