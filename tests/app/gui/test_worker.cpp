// The Worker driven directly, synchronously on the test thread: no exception ever leaves a slot,
// a job cancelled before it starts changes nothing, a failed open keeps the old workspace, and a
// sweep cell whose model was not kept is re-created exactly.
#include "gui_test_util.h"

#include "app/gui/worker.h"
#include "core/base/feedback.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

class WorkerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void jobsWithoutWorkspaceFailReadably() {
        Worker w(kThreads);
        QSignalSpy failed(&w, &Worker::failed);
        QSignalSpy finished(&w, &Worker::finished);
        w.computePruningCurve(w.makeTicket(QString(job::kCurve)));
        w.exportRepaired(m_ws->file(QStringLiteral("x.h5")), w.makeTicket(QString(job::kExport)));
        w.selectRepaired(0, 0, w.makeTicket(QString(job::kSelect)));
        QCOMPARE(failed.count(), 3);
        QCOMPARE(finished.count(), 0);
        for (const auto& f : failed)
            QVERIFY(f.at(1).toString().contains(QStringLiteral("no workspace")));
    }

    void cancelledBeforeStartChangesNothing() {
        Worker w(kThreads);
        QSignalSpy opened(&w, &Worker::workspaceOpened);
        w.openWorkspace(m_ws->request(), w.makeTicket(QString(job::kOpen)));
        QCOMPARE(opened.count(), 1);

        QSignalSpy cancelled(&w, &Worker::cancelled);
        QSignalSpy curve(&w, &Worker::curveReady);
        JobTicket t = w.makeTicket(QString(job::kCurve));
        t.feedback->cancel();
        w.computePruningCurve(t);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(curve.count(), 0);

        // a failed open (bad scale, then a missing poisoned file) keeps the old workspace
        QSignalSpy failed(&w, &Worker::failed);
        WorkspaceRequest bad = m_ws->request();
        bad.scale = QStringLiteral("1/3");
        w.openWorkspace(bad, w.makeTicket(QString(job::kOpen)));
        bad = m_ws->request();
        bad.poisoned.push_back({m_ws->file(QStringLiteral("gone.h5")), -1});
        w.openWorkspace(bad, w.makeTicket(QString(job::kOpen)));
        QCOMPARE(failed.count(), 2);
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("1/3")));
        QVERIFY(failed.at(1).at(1).toString().contains(QStringLiteral("gone.h5")));
        QCOMPARE(opened.count(), 1);
        w.computePruningCurve(w.makeTicket(QString(job::kCurve)));
        QCOMPARE(curve.count(), 1);
        QCOMPARE(curve.at(0).at(0).value<CurveData>().poisonedNames.size(), 2);
    }

    void sweepCellIsRecreatedWhenItsModelWasNotKept() {
        Worker w(kThreads);
        w.setSweepModelBudget(0); // keep no cell model: selectRepaired() replays the row
        w.openWorkspace(m_ws->request(), w.makeTicket(QString(job::kOpen)));
        SweepRequest req;
        req.lrs = {1e-2, 1e-3};
        req.ks = {1, 3};
        req.epochs = 1;
        req.batchSize = 16;
        QSignalSpy ready(&w, &Worker::sweepReady);
        QSignalSpy progress(&w, &Worker::progress);
        w.runSweep(req, w.makeTicket(QString(job::kSweep)));
        QCOMPARE(ready.count(), 1);
        QVERIFY(progress.count() > 0);
        const auto sweep = ready.at(0).at(0).value<SweepData>();
        QSignalSpy repaired(&w, &Worker::repairedReady);
        QSignalSpy activations(&w, &Worker::activationsReady);
        for (int li = 0; li < 2; ++li) {
            for (int ki = 0; ki < 2; ++ki) {
                w.selectRepaired(li, ki, w.makeTicket(QString(job::kSelect)));
                // B' is the replayed cell model: its activations show exactly its pruned channels,
                // and exporting it then scoring the file gives the cell's numbers
                const auto r = repaired.takeLast().at(0).value<RepairResult>();
                QCOMPARE(r.k, sweep.cell(li, ki)->k);
                QCOMPARE(r.prunedChannels.size(), r.k);
                w.computeActivations(w.makeTicket(QString(job::kActivations)));
                QCOMPARE(activations.takeLast().at(0).value<ActivationData>().prunedChannels,
                         r.prunedChannels);
            }
        }
        // the replayed model scores as the cell did
        const QString out = m_ws->file(QStringLiteral("replayed.h5"));
        QSignalSpy exported(&w, &Worker::exported);
        w.exportRepaired(out, w.makeTicket(QString(job::kExport)));
        QCOMPARE(exported.count(), 1);
        WorkspaceRequest again = m_ws->request();
        again.modelPath = out;
        QSignalSpy curve(&w, &Worker::curveReady);
        w.openWorkspace(again, w.makeTicket(QString(job::kOpen)));
        w.computePruningCurve(w.makeTicket(QString(job::kCurve)));
        QCOMPARE(curve.count(), 1);
        const auto c = curve.at(0).at(0).value<CurveData>();
        QVERIFY2(
            c.points[0].cca == sweep.cell(1, 1)->cca,
            qPrintable(QStringLiteral("%1 vs %2").arg(c.points[0].cca).arg(sweep.cell(1, 1)->cca)));
        QCOMPARE(c.points[0].asr, sweep.cell(1, 1)->asr);
    }

private:
    std::unique_ptr<TinyWorkspace> m_ws;
};

BDL_REGISTER_GUI_TEST(WorkerTest);

#include "test_worker.moc"
