// The goodnets job gives the core's numbers for G(B, B') and G'(B0, B'), and a session saved to a
// file and restored into a new Controller shows the same results, with B' restored bit for bit.
#include "gui_test_util.h"

#include "app/gui/controller.h"
#include "app/gui/session.h"
#include "core/defenses/goodnet.h"
#include "core/defenses/pruning.h"
#include "core/defenses/pruning_aware.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"

#include <QtCore/QFile>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>
#include <memory>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

void compareScores(const DefenseScores& got, const core::GoodnetReport& want) {
    QCOMPARE(got.cca, want.cca);
    QCOMPARE(got.cleanRejectRate, want.cleanRejectRate);
    QCOMPARE(got.asr.size(), static_cast<qsizetype>(want.poisoned.size()));
    for (size_t i = 0; i < want.poisoned.size(); ++i) {
        QCOMPARE(got.asr[static_cast<int>(i)], want.poisoned[i].asr);
        QCOMPARE(got.rejectRate[static_cast<int>(i)], want.poisoned[i].rejectRate);
    }
}

} // namespace

class SessionJobsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_in = std::make_unique<CoreInputs>(*m_ws);
    }

    void goodnetsNeedARepairedModel() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.computeGoodnets(GoodnetRequest{}));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed[0][1].toString().contains(QStringLiteral("repaired")));
        QVERIFY(!c.goodnets());
    }

    void goodnetsEqualTheCores() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        QVERIFY(c.repaired());
        QVERIFY(!c.repairedWeights().isEmpty());
        GoodnetRequest request;
        request.k0 = 1;
        request.tune = kTune;
        QSignalSpy ready(&c, &Controller::goodnetsReady);
        runToEnd(c, [&] { return c.computeGoodnets(request); });
        QCOMPARE(ready.count(), 1);
        const GoodnetData d = ready[0][0].value<GoodnetData>();
        QCOMPARE(d.k0, 1);
        QCOMPARE(d.poisonedNames.size(), 2);

        // B' through an export and the core's loader: G(B, B') must equal core::goodnet().
        const QString bPrimePath = m_ws->file(QStringLiteral("bprime.h5"));
        runToEnd(c, [&] { return c.exportRepaired(bPrimePath); });
        core::LoadedModel bPrime = core::loadKerasModel(bPrimePath.toStdString());
        bPrime.model.setInputScale(m_in->b.model.inputScale());
        compareScores(d.g, core::goodnet(m_in->b.model, bPrime.model, m_in->clean, m_in->poisoned));
        QCOMPARE(d.bPrime.cca, c.repaired()->ccaAfter);
        QCOMPARE(d.b.cca, c.repaired()->ccaBefore);

        // B0 as the core makes it, then G'(B0, B').
        torch::manual_seed(0);
        const core::Model b0 = core::makeB0(m_in->b.model, m_in->train, 1, coreTune());
        compareScores(d.gPrime, core::goodnet(b0, bPrime.model, m_in->clean, m_in->poisoned));
        const core::EvalReport b0Eval = core::evaluate(b0, m_in->clean, m_in->poisoned);
        QCOMPARE(d.b0.cca, b0Eval.cca);

        // Pruning-aware: Liu et al.'s definition on B's pruning curve, as the core applies it
        // (no curve job ran here: the goodnets job computed the curve itself).
        const core::PruningAwareness aware = core::pruningAwareness(
            core::pruningCurve(m_in->b.model, m_in->train, m_in->clean, m_in->poisoned).points);
        QCOMPARE(d.pruneOnlyK, static_cast<int>(aware.kStar));
        QCOMPARE(d.pruneOnlyCca, aware.ccaAtKStar);
        QCOMPARE(d.pruneOnlyAsr.size(), static_cast<qsizetype>(aware.asrAtKStar.size()));
        for (int i = 0; i < d.pruneOnlyAsr.size(); ++i) {
            QCOMPARE(d.pruneOnlyAsr[i], aware.asrAtKStar[static_cast<size_t>(i)]);
            QCOMPARE(d.pruningAware[i], bool(aware.aware[static_cast<size_t>(i)]));
        }
        QCOMPARE(d.pruningAwareMargin, 4.0);
        QCOMPARE(d.pruningAwareAsr, 50.0);
    }

    void savedSessionRestoresTheSameNumbers() {
        const QString path = m_ws->file(QStringLiteral("analysis.bdlsession"));
        SessionState saved;
        GoodnetData goodnets;
        {
            Controller c(nullptr, kThreads);
            openTiny(c, *m_ws);
            runToEnd(c, [&] { return c.computePruningCurve(); });
            runToEnd(c, [&] { return c.fineTuneAt(1, kTune); });
            GoodnetRequest request;
            request.k0 = 1;
            request.tune = kTune;
            runToEnd(c, [&] { return c.computeGoodnets(request); });
            goodnets = *c.goodnets();
            saved.request = m_ws->request();
            saved.modelSha256 = fileSha256(m_ws->model);
            saved.results = c.sessionResults();
            saved.tune = kTune;
            saved.stripThreshold = 0.25;
            ComparisonRow row;
            row.attack = QStringLiteral("tiny");
            row.set = QStringLiteral("patch");
            row.gCca = goodnets.g.cca;
            saved.comparison.push_back(row);
            QString error;
            QVERIFY2(writeSessionFile(path, saved, &error), qPrintable(error));
        }
        SessionState loaded;
        QString error;
        QVERIFY2(readSessionFile(path, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.stripThreshold, 0.25);
        QCOMPARE(loaded.comparison.size(), 1);
        QCOMPARE(loaded.comparison[0].gCca, goodnets.g.cca);
        QVERIFY(std::isnan(loaded.comparison[0].stripCca)); // NaN survives as null

        Controller c(nullptr, kThreads);
        QSignalSpy curve(&c, &Controller::curveReady);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        QSignalSpy restoredGoodnets(&c, &Controller::goodnetsReady);
        runToEnd(c, [&] { return c.restoreSession(loaded); });
        QCOMPARE(curve.count(), 1);
        QCOMPARE(repaired.count(), 1);
        QCOMPARE(restoredGoodnets.count(), 1);
        const CurveData& before = *saved.results.curve;
        QCOMPARE(c.curve()->points.size(), before.points.size());
        for (int k = 0; k < before.points.size(); ++k) {
            QCOMPARE(c.curve()->points[k].cca, before.points[k].cca);
            QCOMPARE(c.curve()->points[k].asr, before.points[k].asr);
        }
        QCOMPARE(c.repaired()->ccaAfter, saved.results.repaired->ccaAfter);
        QCOMPARE(c.repaired()->asrAfter, saved.results.repaired->asrAfter);
        QCOMPARE(c.repairedWeights(), saved.results.repairedWeights);
        QCOMPARE(c.goodnets()->gPrime.cca, goodnets.gPrime.cca);

        // B' itself came back: recomputing the goodnets on the restored workspace gives the
        // saved numbers again (B0 is re-made from the same seed).
        GoodnetRequest request;
        request.k0 = 1;
        request.tune = kTune;
        runToEnd(c, [&] { return c.computeGoodnets(request); });
        QCOMPARE(c.goodnets()->g.cca, goodnets.g.cca);
        QCOMPARE(c.goodnets()->g.asr, goodnets.g.asr);
        QCOMPARE(c.goodnets()->bPrime.asr, goodnets.bPrime.asr);
    }

    void aChangedModelFileIsRefused() {
        TinyWorkspace other;
        SessionState state;
        state.request = other.request();
        state.modelSha256 = fileSha256(other.model);
        QFile f(other.model);
        QVERIFY(f.open(QIODevice::Append));
        f.write("x"); // the file on disk is no longer the one the session saw
        f.close();
        Controller c(nullptr, kThreads);
        QSignalSpy failed(&c, &Controller::failed);
        QSignalSpy opened(&c, &Controller::workspaceOpened);
        QVERIFY(c.restoreSession(state));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed[0][1].toString().contains(other.model));
        QVERIFY(failed[0][1].toString().contains(QStringLiteral("changed")));
        QCOMPARE(opened.count(), 0);
    }

    void damagedWeightsRestoreNothing() {
        Controller first(nullptr, kThreads);
        openTiny(first, *m_ws);
        runToEnd(first, [&] { return first.fineTuneAt(1, kTune); });
        SessionState state;
        state.request = m_ws->request();
        state.results = first.sessionResults();
        state.results.repairedWeights.chop(16); // truncated
        Controller c(nullptr, kThreads);
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.restoreSession(state));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed[0][1].toString().contains(QStringLiteral("B' weights")),
                 qPrintable(failed[0][1].toString()));
        QVERIFY(!c.repaired());
    }

private:
    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<CoreInputs> m_in;
};

BDL_REGISTER_GUI_TEST(SessionJobsTest);

#include "test_session_jobs.moc"
