// The Controller on a tiny workspace: it opens it, runs the pruning curve with the core's
// numbers, answers the slider, refuses a second job, cancels without losing results, reports
// errors, exports valid files and never overwrites an old file on a failed export.
#include "gui_test_util.h"

#include "app/gui/controller.h"
#include "core/base/errors.h"
#include "core/base/runtime.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"
#include "core/defenses/pruning.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>

#include <memory>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

bool sameAsr(const QVector<double>& a, const std::vector<double>& b) {
    return a == QVector<double>(b.begin(), b.end());
}

/// B pruned at k (ranked on the train set), scored by evaluate().
core::EvalReport evaluatePruned(const CoreInputs& in, int64_t k) {
    core::Model m(in.b.model);
    const auto order = core::rankChannels(m, in.train, std::string());
    core::applyPruning(m, m.defaultPruneLayer(), order, k);
    return core::evaluate(m, in.clean, in.poisoned);
}

} // namespace

class ControllerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        QVERIFY(m_ws->dir.isValid());
        m_in = std::make_unique<CoreInputs>(*m_ws);
    }

    void computeProcessSettingsMatchTheCli() {
        // Under ctest OMP_WAIT_POLICY is set, so no re-execution happens; the policy is left
        // alone and the allocator is tuned as backdoorlab-cli tunes it.
        const QByteArray before = qgetenv("OMP_WAIT_POLICY");
        if (before.isEmpty())
            qputenv("OMP_WAIT_POLICY", "PASSIVE");
        char name[] = "bdl_gui_tests";
        char* argv[] = {name, nullptr};
        const QString policy = useComputeProcessSettings(argv);
        QCOMPARE(policy, QString::fromLatin1(qgetenv("OMP_WAIT_POLICY")));
#if defined(__GLIBC__)
        QVERIFY(core::allocatorTuned());
#endif
    }

    void opensWorkspaceAndReportsIt() {
        Controller c(nullptr, kThreads);
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        QSignalSpy busy(&c, &Controller::busyChanged);
        openTiny(c, *m_ws);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(busy.count(), 2); // true, then false
        QVERIFY(busy.at(0).at(0).toBool());
        QVERIFY(!busy.at(1).at(0).toBool());
        const auto info = opened.at(0).at(0).value<WorkspaceInfo>();
        QVERIFY(c.workspace().has_value());
        QCOMPARE(info.modelPath, m_ws->model);
        QCOMPARE(info.format, QStringLiteral("weights-only"));
        QCOMPARE(info.architecture, QStringLiteral("csaw-badnet:32x32x1:4"));
        QCOMPARE(info.classes, 4);
        QCOMPARE(info.height, 32);
        QCOMPARE(info.channels, 1);
        QCOMPARE(info.scale, QStringLiteral("1/255"));
        QVERIFY(info.detectedScale == QStringLiteral("1/255") ||
                info.detectedScale == QStringLiteral("raw"));
        // the detection's accuracies are the core's
        core::Model probe(m_in->b.model);
        const auto det = core::detectInputScale(probe, m_in->clean);
        QCOMPARE(info.accUnit, det.accUnit);
        QCOMPARE(info.accRaw, det.accRaw);
        QCOMPARE(info.pruneLayer, QStringLiteral("pool_3"));
        QCOMPARE(info.pruneChannels, 60);
        QCOMPARE(info.sets.size(), 4);
        QCOMPARE(info.sets[0].role, DataSetInfo::CleanTest);
        QCOMPARE(info.sets[0].size, 96);
        QCOMPARE(info.sets[1].role, DataSetInfo::CleanTrain);
        QCOMPARE(info.sets[1].size, 80);
        QVERIFY(!info.sets[1].sameAsCleanTest);
        QCOMPARE(info.sets[2].role, DataSetInfo::Poisoned);
        QCOMPARE(info.sets[2].size, 64);
        QCOMPARE(info.sets[2].targets, QVector<qint64>{0});
        QCOMPARE(info.sets[3].targets, QVector<qint64>{2}); // the request's target wins
        QCOMPARE(info.poisonedNames.size(), 2);
    }

    void missingModelFailsNamingTheFile() {
        Controller c(nullptr, kThreads);
        QSignalSpy failed(&c, &Controller::failed);
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        WorkspaceRequest r = m_ws->request();
        r.modelPath = m_ws->file(QStringLiteral("no_such_model.h5"));
        QVERIFY(c.openWorkspace(r));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs);
        QCOMPARE(failed.at(0).at(0).toString(), QString(job::kOpen));
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("no_such_model.h5")), qPrintable(message));
        QVERIFY(!c.busy());
        QCOMPARE(opened.count(), 0);
        QVERIFY(!c.workspace());
        // a job on no workspace fails readably too
        QVERIFY(c.computePruningCurve());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, kJobTimeoutMs);
        QVERIFY(failed.at(1).at(1).toString().contains(QStringLiteral("no workspace")));
    }

    void curveEqualsTheCoresAndFillsLive() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy started(&c, &Controller::curveStarted);
        QSignalSpy points(&c, &Controller::curvePointReady);
        QSignalSpy ready(&c, &Controller::curveReady);
        runToEnd(c, [&] { return c.computePruningCurve(); });
        QCOMPARE(started.count(), 1);
        QCOMPARE(ready.count(), 1);
        const auto curve = ready.at(0).at(0).value<CurveData>();
        const core::PruningCurve ref =
            core::pruningCurve(m_in->b.model, m_in->train, m_in->clean, m_in->poisoned);
        QCOMPARE(curve.layer, QString::fromStdString(ref.layer));
        QCOMPARE(curve.order, QVector<int>(ref.order.begin(), ref.order.end()));
        QVERIFY(curve.channelMeans ==
                QVector<double>(ref.channelMeans.begin(), ref.channelMeans.end()));
        QCOMPARE(curve.dormant, QVector<int>(ref.dormant.begin(), ref.dormant.end()));
        QCOMPARE(curve.points.size(), static_cast<qsizetype>(ref.points.size()));
        QCOMPARE(points.count(), curve.points.size()); // one live signal per k
        for (int k = 0; k < curve.points.size(); ++k) {
            const auto live = points.at(k).at(0).value<CurvePoint>();
            QCOMPARE(live.k, k);
            QCOMPARE(curve.points[k].k, static_cast<int>(ref.points[k].k));
            QCOMPARE(curve.points[k].channel, static_cast<int>(ref.points[k].channel));
            QVERIFY2(curve.points[k].cca == ref.points[k].cca, qPrintable(QString::number(k)));
            QVERIFY(sameAsr(curve.points[k].asr, ref.points[k].asr));
            QVERIFY(live.cca == curve.points[k].cca && live.asr == curve.points[k].asr);
        }
        QVERIFY(c.curve().has_value());
        QCOMPARE(c.curve()->points.size(), curve.points.size());
    }

    void sliderAnswersFromTheCachedCurve() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.computePruningCurve(); });
        const core::PruningCurve ref =
            core::pruningCurve(m_in->b.model, m_in->train, m_in->clean, m_in->poisoned);
        QSignalSpy slider(&c, &Controller::sliderChanged);
        for (int k : {0, 1, 7, 30, 60}) {
            QVERIFY(c.requestSliderK(k)); // synchronous: no worker round trip
            QCOMPARE(slider.count(), 1);
            const auto r = slider.takeFirst().at(0).value<SliderReadout>();
            QCOMPARE(r.k, k);
            QCOMPARE(r.channels, 60);
            QVERIFY(r.fromCurve);
            QVERIFY(r.cca == ref.points[k].cca);
            QVERIFY(sameAsr(r.asr, ref.points[k].asr));
            QCOMPARE(r.prunedChannels.size(), k);
            // ...and evaluate() of the pruned model agrees, up to float ties of the incremental
            // evaluator; with every channel pruned all logits tie (zero biases), so not at k = C
            if (k == 60)
                continue;
            const auto e = evaluatePruned(*m_in, k);
            QVERIFY2(std::abs(r.cca - e.cca) <= 100.0 / 96 + 1e-9,
                     qPrintable(QStringLiteral("k %1: %2 vs %3").arg(k).arg(r.cca).arg(e.cca)));
        }
        QVERIFY(c.requestSliderK(1000)); // clamped to C
        QCOMPARE(slider.takeFirst().at(0).value<SliderReadout>().k, 60);
    }

    void sliderWithoutCurveEvaluatesOnWorkerNewestWins() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy slider(&c, &Controller::sliderChanged);
        QVERIFY(!c.requestSliderK(7));
        QTRY_COMPARE_WITH_TIMEOUT(slider.count(), 1, kJobTimeoutMs);
        auto r = slider.takeFirst().at(0).value<SliderReadout>();
        QCOMPARE(r.k, 7);
        QVERIFY(!r.fromCurve);
        const auto e = evaluatePruned(*m_in, 7);
        QVERIFY(r.cca == e.cca);
        QCOMPARE(r.asr, (QVector<double>{e.asr[0].asr, e.asr[1].asr}));

        // a fast drag: only the newest pending k is evaluated, no queue of stale requests
        for (int k = 1; k <= 40; ++k)
            c.requestSliderK(k);
        QTRY_VERIFY_WITH_TIMEOUT(
            !slider.isEmpty() && slider.last().at(0).value<SliderReadout>().k == 40, kJobTimeoutMs);
        QTest::qWait(200);
        QVERIFY2(slider.count() < 40, qPrintable(QString::number(slider.count())));
        QCOMPARE(slider.last().at(0).value<SliderReadout>().k, 40);
    }

    void refusesASecondJobWhileBusy() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy refused(&c, &Controller::refused);
        QSignalSpy cancelled(&c, &Controller::cancelled);
        QVERIFY(c.fineTuneAt(3, TuneSettings{1e-3, 100000, 16, 0}));
        QVERIFY(c.busy());
        QCOMPARE(c.currentJob(), QString(job::kFineTune));
        QVERIFY(!c.computePruningCurve());
        QCOMPARE(refused.count(), 1);
        QCOMPARE(refused.at(0).at(0).toString(), QString(job::kCurve));
        c.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kJobTimeoutMs);
        QVERIFY(!c.busy());
        runToEnd(c, [&] { return c.computePruningCurve(); }); // accepted again
    }

    void cancelMidJobKeepsPreviousResults() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.computePruningCurve(); });
        runToEnd(c, [&] { return c.fineTuneAt(2, TuneSettings{1e-3, 1, 16, 0}); });
        const CurveData curve = *c.curve();
        const RepairResult repaired = *c.repaired();

        QSignalSpy cancelled(&c, &Controller::cancelled);
        QSignalSpy finished(&c, &Controller::finished);
        QSignalSpy newRepaired(&c, &Controller::repairedReady);
        QSignalSpy progress(&c, &Controller::progressChanged);
        QSignalSpy busy(&c, &Controller::busyChanged);
        const auto conn = connect(&c, &Controller::progressChanged, &c, [&c] { c.cancel(); });
        QVERIFY(c.fineTuneAt(5, TuneSettings{1e-3, 100000, 16, 0})); // hours if not cancelled
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kJobTimeoutMs);
        disconnect(conn);
        QVERIFY(progress.count() >= 1);
        const auto p = progress.at(0).at(0).value<ProgressInfo>();
        QCOMPARE(p.job, QString(job::kFineTune));
        QVERIFY(p.fraction >= 0.0 && p.fraction <= 1.0 && p.elapsedS >= 0.0);
        QCOMPARE(cancelled.at(0).at(0).toString(), QString(job::kFineTune));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(newRepaired.count(), 0);
        QVERIFY(!c.busy());
        QCOMPARE(busy.count(), 2);
        QCOMPARE(c.curve()->points.size(), curve.points.size());
        QVERIFY(c.curve()->points.last().cca == curve.points.last().cca);
        QCOMPARE(c.repaired()->k, repaired.k);
        QVERIFY(c.repaired()->ccaAfter == repaired.ccaAfter);

        // a curve job cancelled at once: its live points are dropped, the old curve stays
        QSignalSpy points(&c, &Controller::curvePointReady);
        QVERIFY(c.computePruningCurve());
        c.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 2, kJobTimeoutMs);
        QVERIFY(c.curve().has_value());
        QCOMPARE(c.curve()->points.size(), curve.points.size());
        QVERIFY(c.readoutAt(60).has_value());

        // B' from before the cancel is still the one exported
        const QString out = m_ws->file(QStringLiteral("after_cancel.h5"));
        runToEnd(c, [&] { return c.exportRepaired(out); });
        const auto loaded = core::loadKerasModel(out.toStdString());
        QCOMPARE(static_cast<int>(loaded.model.numClasses()), 4);
    }

    void exportsLoadableFiles() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.exportRepaired(m_ws->file(QStringLiteral("none.h5"))));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs); // no B' yet
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no repaired model")));

        QSignalSpy repairedSpy(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.fineTuneAt(5, TuneSettings{1e-3, 1, 16, 0}); });
        const auto r = repairedSpy.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.k, 5);
        QCOMPARE(r.prunedChannels.size(), 5);
        QVERIFY(r.hasPruned);

        QSignalSpy exported(&c, &Controller::exported);
        const QString h5 = m_ws->file(QStringLiteral("repaired.h5"));
        runToEnd(c, [&] { return c.exportRepaired(h5); });
        QCOMPARE(exported.count(), 1);
        QCOMPARE(exported.at(0).at(1).toString(), h5);
        auto loaded = core::loadKerasModel(h5.toStdString());
        QCOMPARE(QString::fromStdString(loaded.architecture),
                 QStringLiteral("csaw-badnet:32x32x1:4"));
        loaded.model.setInputScale(core::InputScale::Unit);
        // the pruning is baked in: the pruned channels' conv_3 kernels and biases are zero
        const auto w = loaded.model.kerasWeights("conv_3");
        for (int ch : r.prunedChannels) {
            QCOMPARE(w[0].select(3, ch).abs().max().item<float>(), 0.0f);
            QCOMPARE(w[1][ch].item<float>(), 0.0f);
        }
        const auto e = core::evaluate(loaded.model, m_in->clean, m_in->poisoned);
        QVERIFY(std::abs(e.cca - r.ccaAfter) <= 100.0 / 96 + 1e-9);

        const QString pt = m_ws->file(QStringLiteral("repaired.pt"));
        const QString goodnet = m_ws->file(QStringLiteral("goodnet.pt"));
        runToEnd(c, [&] { return c.exportRepaired(pt); });
        runToEnd(c, [&] { return c.exportGoodnet(goodnet); });
        QVERIFY(readAll(pt).startsWith("PK")); // TorchScript is a zip archive
        QVERIFY(readAll(goodnet).startsWith("PK"));
    }

    // A model opened from TorchScript (the app's own export of a repaired tiny B', read back
    // through the helper) is repaired again and written as Keras: a whole model (the graph's
    // Keras translation) that scores what the session showed.
    void torchScriptModelExportsAsKeras() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, TuneSettings{1e-3, 1, 16, 0}); });
        const QString pt = m_ws->file(QStringLiteral("b_prime.pt"));
        runToEnd(c, [&] { return c.exportRepaired(pt); });
        WorkspaceRequest req = m_ws->request();
        req.modelPath = pt;
        req.scale = QStringLiteral("raw"); // the export takes raw pixels
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        runToEnd(c, [&] { return c.openWorkspace(req); });
        QCOMPARE(opened.count(), 1);
        QSignalSpy repairedSpy(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.fineTuneAt(3, TuneSettings{1e-3, 1, 16, 0}); });
        const auto r = repairedSpy.at(0).at(0).value<RepairResult>();
        const QString h5 = m_ws->file(QStringLiteral("from_pt.h5"));
        QSignalSpy exported(&c, &Controller::exported);
        runToEnd(c, [&] { return c.exportRepaired(h5); });
        QCOMPARE(exported.count(), 1);
        auto loaded = core::loadKerasModel(h5.toStdString());
        QCOMPARE(loaded.format, core::ModelFormat::WholeModel);
        loaded.model.setInputScale(core::InputScale::Raw);
        QVERIFY(!loaded.model.inputNormalization().empty()); // the export's x / 255
        const auto e = core::evaluate(loaded.model, m_in->clean, m_in->poisoned);
        QVERIFY2(std::abs(e.cca - r.ccaAfter) <= 100.0 / 96 + 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(e.cca).arg(r.ccaAfter)));
    }

    void failedExportLeavesTheOldFile() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, TuneSettings{1e-3, 1, 16, 0}); });
        const QString old = m_ws->file(QStringLiteral("old.h5"));
        runToEnd(c, [&] { return c.exportRepaired(old); });
        const QByteArray before = readAll(old);
        QVERIFY(!before.isEmpty());

        QSignalSpy failed(&c, &Controller::failed);
        const QString under = old + QStringLiteral("/new.h5"); // a folder that is a file
        QVERIFY(c.exportRepaired(under));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs);
        QCOMPARE(failed.at(0).at(0).toString(), QString(job::kExport));
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("old.h5/new.h5")),
                 qPrintable(failed.at(0).at(1).toString()));
        QVERIFY(!c.busy());
        QCOMPARE(readAll(old), before);
        QVERIFY(!QFileInfo::exists(under));

        QVERIFY(c.exportGoodnet(old + QStringLiteral("/g.pt")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, kJobTimeoutMs);
        QVERIFY(c.exportRepaired(m_ws->file(QStringLiteral("model.txt"))));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 3, kJobTimeoutMs);
        QVERIFY(failed.at(2).at(1).toString().contains(QStringLiteral("model.txt")));
        QCOMPARE(readAll(old), before);
    }

    void destructorStopsARunningJob() {
        auto c = std::make_unique<Controller>(nullptr, kThreads);
        openTiny(*c, *m_ws);
        QSignalSpy progress(c.get(), &Controller::progressChanged);
        QVERIFY(c->fineTuneAt(3, TuneSettings{1e-3, 100000, 16, 0}));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, kJobTimeoutMs);
        // Cancels, quits and waits: a destructor that let the 100000 epochs run would hit the
        // test's timeout. How long it takes: ControllerBench::destructorStopsARunningJob.
        c.reset();
    }

private:
    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<CoreInputs> m_in;
};

BDL_REGISTER_GUI_TEST(ControllerTest);

#include "test_controller.moc"
