// The B' candidates of the Controller: every B' made stays in the list with its scores and
// weights; a candidate is made current again with exactly its model, exported without changing
// B', dropped with the workspace, kept within the cap, refused while a job runs, and saved and
// restored with a session (also from a session saved before the list existed).
#include "gui_test_util.h"

#include "app/gui/controller.h"
#include "app/gui/session.h"
#include "core/io/keras_io.h"
#include "core/nn/metrics.h"

#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>

#include <cmath>
#include <memory>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

/// An exported Keras B' read back through the core (at the tiny workspace's scale).
core::LoadedModel loadExport(const QString& path) {
    core::LoadedModel m = core::loadKerasModel(path.toStdString());
    m.model.setInputScale(core::InputScale::Unit);
    return m;
}

/// Whether two models hold the same weights, layer by layer.
bool sameWeights(const core::Model& a, const core::Model& b) {
    const auto layers = a.weightedLayers();
    if (layers != b.weightedLayers())
        return false;
    for (const auto& layer : layers) {
        const auto x = a.kerasWeights(layer), y = b.kerasWeights(layer);
        if (x.size() != y.size())
            return false;
        for (size_t i = 0; i < x.size(); ++i)
            if (!torch::equal(x[i], y[i]))
                return false;
    }
    return true;
}

} // namespace

class CandidatesTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<CoreInputs> m_in;

    /// Opens the tiny workspace on `c` and fine-tunes at k = 2, then at k = 6.
    void twoCandidates(Controller& c) {
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        runToEnd(c, [&] { return c.fineTuneAt(6, kTune); });
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_in = std::make_unique<CoreInputs>(*m_ws);
    }

    void everyNewRepairedModelIsACandidate() {
        Controller c(nullptr, kThreads);
        QSignalSpy changed(&c, &Controller::candidatesChanged);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        openTiny(c, *m_ws);
        QVERIFY(c.candidates().isEmpty());
        QCOMPARE(c.currentCandidate(), -1);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        const QByteArray firstWeights = c.repairedWeights();
        runToEnd(c, [&] { return c.fineTuneAt(6, kTune); });
        QCOMPARE(changed.count(), 2);
        QCOMPARE(repaired.count(), 2);
        const QVector<RepairCandidate>& list = c.candidates();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].id, 1);
        QCOMPARE(list[1].id, 2);
        QCOMPARE(c.currentCandidate(), 2);
        for (int i = 0; i < 2; ++i) {
            const auto r = repaired.at(i).at(0).value<RepairResult>();
            QCOMPARE(list[i].result.k, r.k);
            QCOMPARE(list[i].result.method, QString(job::kFineTune));
            QCOMPARE(list[i].result.ccaAfter, r.ccaAfter);
            QCOMPARE(list[i].result.asrAfter, r.asrAfter);
            QCOMPARE(list[i].result.description, r.description);
        }
        QCOMPARE(list[0].result.k, 2);
        QCOMPARE(list[1].result.k, 6);
        QCOMPARE(list[0].weights, firstWeights);
        QCOMPARE(list[1].weights, c.repairedWeights());
        QVERIFY(list[0].weights != list[1].weights);
        QCOMPARE(c.candidate(1)->result.k, 2);
        QVERIFY(!c.candidate(3));
        // The session holds the list and which one is B'.
        const SessionResults s = c.sessionResults();
        QCOMPARE(s.candidates.size(), 2);
        QCOMPARE(s.currentCandidate, 2);
    }

    void aCandidateIsMadeCurrentWithItsOwnModel() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        const QString firstAtTheTime = m_ws->file(QStringLiteral("first_then.h5"));
        runToEnd(c, [&] { return c.exportRepaired(firstAtTheTime); });
        runToEnd(c, [&] { return c.fineTuneAt(6, kTune); });
        const RepairCandidate first = c.candidates()[0];

        QSignalSpy repaired(&c, &Controller::repairedReady);
        QSignalSpy changed(&c, &Controller::candidatesChanged);
        runToEnd(c, [&] { return c.selectCandidate(1); });
        QCOMPARE(repaired.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(c.candidates().size(), 2); // no new candidate
        QCOMPARE(c.currentCandidate(), 1);
        const auto r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.k, 2);
        QCOMPARE(r.ccaAfter, first.result.ccaAfter);
        QCOMPARE(r.asrAfter, first.result.asrAfter);
        QCOMPARE(c.repaired()->ccaAfter, first.result.ccaAfter);
        QCOMPARE(c.repaired()->prunedChannels, first.result.prunedChannels);
        QCOMPARE(c.repairedWeights(), first.weights);

        // B' on the worker is the first model again: its export is the one written back then,
        // and it scores the same.
        const QString firstNow = m_ws->file(QStringLiteral("first_now.h5"));
        runToEnd(c, [&] { return c.exportRepaired(firstNow); });
        const core::LoadedModel then = loadExport(firstAtTheTime);
        const core::LoadedModel now = loadExport(firstNow);
        QVERIFY(sameWeights(then.model, now.model));
        const core::EvalReport a = core::evaluate(then.model, m_in->clean, m_in->poisoned);
        const core::EvalReport b = core::evaluate(now.model, m_in->clean, m_in->poisoned);
        QCOMPARE(b.cca, a.cca);
        for (size_t i = 0; i < a.asr.size(); ++i)
            QCOMPARE(b.asr[i].asr, a.asr[i].asr);

        // An id not in the list fails on the worker, naming it; B' stays.
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.selectCandidate(42));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), QString(job::kSelectCandidate));
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("#42")),
                 qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(c.currentCandidate(), 1);
    }

    void aCandidateIsExportedWithoutChangingRepaired() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        const QString firstAtTheTime = m_ws->file(QStringLiteral("export_first_then.h5"));
        runToEnd(c, [&] { return c.exportRepaired(firstAtTheTime); });
        runToEnd(c, [&] { return c.fineTuneAt(6, kTune); });
        const RepairCandidate second = c.candidates()[1];

        QSignalSpy repaired(&c, &Controller::repairedReady);
        QSignalSpy changed(&c, &Controller::candidatesChanged);
        QSignalSpy exported(&c, &Controller::exported);
        const QString h5 = m_ws->file(QStringLiteral("candidate_1.h5"));
        runToEnd(c, [&] { return c.exportCandidate(1, h5); });
        QCOMPARE(exported.count(), 1);
        QCOMPARE(exported.at(0).at(0).toString(), QString(job::kExportCandidate));
        QCOMPARE(exported.at(0).at(1).toString(), h5);
        // B' is still the second candidate.
        QCOMPARE(repaired.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(c.currentCandidate(), 2);
        QCOMPARE(c.repaired()->k, 6);
        QCOMPARE(c.repairedWeights(), second.weights);

        // The file is the first candidate: its weights and scores, not B''s.
        const core::LoadedModel file = loadExport(h5);
        const core::LoadedModel then = loadExport(firstAtTheTime);
        QVERIFY(sameWeights(file.model, then.model));
        const core::EvalReport e = core::evaluate(file.model, m_in->clean, m_in->poisoned);
        const core::EvalReport t = core::evaluate(then.model, m_in->clean, m_in->poisoned);
        QCOMPARE(e.cca, t.cca);
        for (size_t i = 0; i < e.asr.size(); ++i)
            QCOMPARE(e.asr[i].asr, t.asr[i].asr);
        const RepairResult& first = c.candidates()[0].result;
        QVERIFY(std::abs(e.cca - first.ccaAfter) <= 100.0 / 96 + 1e-9); // masks baked in
        const QString currentNow = m_ws->file(QStringLiteral("export_current.h5"));
        runToEnd(c, [&] { return c.exportRepaired(currentNow); });
        QVERIFY(!sameWeights(loadExport(currentNow).model, file.model));

        // TorchScript by the suffix; an unknown suffix fails naming the file and writes nothing.
        const QString pt = m_ws->file(QStringLiteral("candidate_1.pt"));
        runToEnd(c, [&] { return c.exportCandidate(1, pt); });
        QVERIFY(readAll(pt).startsWith("PK"));
        QSignalSpy failed(&c, &Controller::failed);
        const QString txt = m_ws->file(QStringLiteral("candidate_1.txt"));
        QVERIFY(c.exportCandidate(1, txt));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(1).toString().contains(txt));
        QVERIFY(!QFileInfo::exists(txt));
    }

    void aNewWorkspaceEmptiesTheList() {
        Controller c(nullptr, kThreads);
        twoCandidates(c);
        QSignalSpy changed(&c, &Controller::candidatesChanged);
        openTiny(c, *m_ws);
        QCOMPARE(changed.count(), 1);
        QVERIFY(c.candidates().isEmpty());
        QCOMPARE(c.currentCandidate(), -1);
        runToEnd(c, [&] { return c.fineTuneAt(1, kTune); });
        QCOMPARE(c.candidates().size(), 1);
        QCOMPARE(c.candidates()[0].id, 1); // numbered afresh
    }

    void requestsWhileBusyAreRefused() {
        Controller c(nullptr, kThreads);
        twoCandidates(c);
        QSignalSpy refused(&c, &Controller::refused);
        QVERIFY(c.computePruningCurve());
        QVERIFY(!c.selectCandidate(1));
        QVERIFY(!c.exportCandidate(1, m_ws->file(QStringLiteral("busy.h5"))));
        QCOMPARE(refused.count(), 2);
        QCOMPARE(refused.at(0).at(0).toString(), QString(job::kSelectCandidate));
        QCOMPARE(refused.at(1).at(0).toString(), QString(job::kExportCandidate));
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        QCOMPARE(c.currentCandidate(), 2);
        QVERIFY(!QFileInfo::exists(m_ws->file(QStringLiteral("busy.h5"))));

        // A selection cancelled at once changes nothing.
        QSignalSpy cancelled(&c, &Controller::cancelled);
        QVERIFY(c.selectCandidate(1));
        c.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!c.busy(), kJobTimeoutMs);
        if (cancelled.count() == 1) // (else it had finished already)
            QCOMPARE(c.currentCandidate(), 2);
    }

    // Sweep cells made current are candidates too; picking the same cell again adds none; past
    // kMaxRepairCandidates the oldest candidate goes (never B': the newest is B').
    void theListIsCapped() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        SweepRequest sweep;
        sweep.lrs = {1e-2, 1e-3, 1e-4};
        sweep.ks = {1, 2, 3, 4, 5, 6, 7};
        sweep.epochs = 1;
        sweep.batchSize = 16;
        runToEnd(c, [&] { return c.runSweep(sweep); });
        runToEnd(c, [&] { return c.selectRepaired(0, 0); });
        runToEnd(c, [&] { return c.selectRepaired(0, 1); });
        runToEnd(c, [&] { return c.selectRepaired(0, 0); }); // the same model: #1 again
        QCOMPARE(c.candidates().size(), 2);
        QCOMPARE(c.currentCandidate(), 1);
        QCOMPARE(c.candidates()[0].result.method, QString(job::kSelect));
        for (int lr = 0; lr < 3; ++lr)
            for (int k = 0; k < 7; ++k)
                if (lr > 0 || k > 1)
                    runToEnd(c, [&] { return c.selectRepaired(lr, k); });
        QCOMPARE(kMaxRepairCandidates, 20);
        QCOMPARE(c.candidates().size(), kMaxRepairCandidates); // 21 made
        QCOMPARE(c.currentCandidate(), 21);
        QCOMPARE(c.candidates()[0].id, 2);
        QCOMPARE(c.candidates().constLast().id, 21);
        runToEnd(c, [&] { return c.fineTuneAt(3, kTune); });
        QCOMPARE(c.candidates().size(), kMaxRepairCandidates);
        QCOMPARE(c.candidates()[0].id, 3);
        QCOMPARE(c.currentCandidate(), 22);
        QCOMPARE(c.candidates().constLast().result.method, QString(job::kFineTune));
    }

    // The weights kept are bounded too: 12 candidates of 4 MiB (as a session could hold from a
    // bigger net) and B' come back as the newest that fit kMaxRepairCandidateBytes, and B'.
    void theWeightsKeptAreBounded() {
        SessionState state;
        {
            Controller c(nullptr, kThreads);
            openTiny(c, *m_ws);
            runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
            state.request = m_ws->request();
            state.results = c.sessionResults();
        }
        const RepairCandidate current = state.results.candidates.constFirst();
        state.results.candidates.clear();
        const qint64 big = qint64{4} << 20;
        for (int id = 1; id <= 12; ++id)
            state.results.candidates.push_back(
                RepairCandidate{id, current.result, QByteArray(big, static_cast<char>(id))});
        state.results.candidates.push_back(RepairCandidate{13, current.result, current.weights});
        state.results.currentCandidate = 13;
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.restoreSession(state); });
        const qint64 fit = (kMaxRepairCandidateBytes - current.weights.size()) / big; // 7
        QCOMPARE(c.candidates().size(), fit + 1);
        QCOMPARE(c.candidates().constFirst().id, 13 - static_cast<int>(fit));
        QCOMPARE(c.currentCandidate(), 13);
        qint64 bytes = 0;
        for (const RepairCandidate& k : c.candidates())
            bytes += k.weights.size();
        QVERIFY(bytes <= kMaxRepairCandidateBytes);
    }

    void aSessionKeepsTheListAndTheCurrentOne() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("candidates.bdlsession"));
        QVector<RepairCandidate> before;
        {
            Controller c(nullptr, kThreads);
            twoCandidates(c);
            runToEnd(c, [&] { return c.selectCandidate(1); });
            before = c.candidates();
            SessionState state;
            state.request = m_ws->request();
            state.modelSha256 = fileSha256(m_ws->model);
            state.results = c.sessionResults();
            QCOMPARE(state.results.currentCandidate, 1);
            QString error;
            QVERIFY2(writeVerifiedSessionFile(path, state, &error), qPrintable(error));
        }
        SessionState loaded;
        QString error;
        QVERIFY2(readSessionFile(path, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.results.candidates.size(), 2);
        QCOMPARE(loaded.results.currentCandidate, 1);

        Controller c(nullptr, kThreads);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.restoreSession(loaded); });
        QCOMPARE(repaired.count(), 1);
        QCOMPARE(c.currentCandidate(), 1);
        QCOMPARE(c.candidates().size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(c.candidates()[i].id, before[i].id);
            QCOMPARE(c.candidates()[i].weights, before[i].weights);
            QCOMPARE(c.candidates()[i].result.k, before[i].result.k);
            QCOMPARE(c.candidates()[i].result.ccaAfter, before[i].result.ccaAfter);
            QCOMPARE(c.candidates()[i].result.asrAfter, before[i].result.asrAfter);
            QCOMPARE(c.candidates()[i].result.description, before[i].result.description);
        }
        QCOMPARE(c.repaired()->k, 2);
        QCOMPARE(c.repairedWeights(), before[0].weights);

        // The other one, from the file, is made current through the sandboxed helper.
        runToEnd(c, [&] { return c.selectCandidate(2); });
        QCOMPARE(c.repaired()->k, 6);
        QCOMPARE(c.repaired()->ccaAfter, before[1].result.ccaAfter);
        QCOMPARE(c.repairedWeights(), before[1].weights);
        // Numbering goes on after the restored ids.
        runToEnd(c, [&] { return c.fineTuneAt(4, kTune); });
        QCOMPARE(c.candidates().constLast().id, 3);

        // Damaged weights of a candidate are refused when it is used, naming it.
        SessionState damaged = loaded;
        damaged.results.candidates[1].weights.chop(16);
        Controller d(nullptr, kThreads);
        runToEnd(d, [&] { return d.restoreSession(damaged); });
        QSignalSpy failed(&d, &Controller::failed);
        QVERIFY(d.selectCandidate(2));
        QTRY_VERIFY_WITH_TIMEOUT(!d.busy(), kJobTimeoutMs);
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("B' candidate #2")),
                 qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(d.currentCandidate(), 1);
        QCOMPARE(d.repaired()->k, 2);
    }

    void anOlderSessionRestoresItsRepairedModelAsTheOnlyCandidate() {
        SessionState state;
        {
            Controller c(nullptr, kThreads);
            twoCandidates(c);
            state.request = m_ws->request();
            state.results = c.sessionResults();
        }
        state.results.candidates.clear(); // as saved before the list existed
        state.results.currentCandidate = -1;
        SessionState loaded;
        QString error;
        QVERIFY2(sessionFromBytes(sessionToBytes(state), &loaded, &error, QString()),
                 qPrintable(error));
        QVERIFY(loaded.results.candidates.isEmpty());
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.restoreSession(loaded); });
        QCOMPARE(c.candidates().size(), 1);
        QCOMPARE(c.currentCandidate(), 1);
        QCOMPARE(c.candidates()[0].result.k, 6);
        QCOMPARE(c.candidates()[0].weights, state.results.repairedWeights);
    }
};

BDL_REGISTER_GUI_TEST(CandidatesTest);

#include "test_candidates.moc"
