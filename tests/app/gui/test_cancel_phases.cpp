// Cancel acts in every phase of every job: each job of the Worker runs once to find its phases
// (the stage templates it reports), then once per phase with cancel() called right after that
// phase's first progress report; the job must end as cancelled, with no result after the cancel.
// Every stage a job reports must come from a known template (else the status bar cannot
// translate it). CancelLatencyBench times the same runs.
#include "gui_test_util.h"
#include "job_phases.h"

#include <QtTest/QTest>

#include <memory>

using namespace bdl::app;
using namespace bdl::app::test;

class CancelPhasesTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void everyPhaseOfEveryJobCancels_data() {
        QTest::addColumn<int>("index");
        const auto cases = jobCases(m_ws->request());
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].job)) << i;
    }

    void everyPhaseOfEveryJobCancels() {
        QFETCH(int, index);
        const JobCase c = jobCases(m_ws->request()).at(index);
        const PhaseRun whole = runPhase(m_ws->request(), c, QString());
        QCOMPARE(whole.outcome, QStringLiteral("finished"));
        QVERIFY2(whole.unknownStages.isEmpty(),
                 qPrintable(QStringLiteral("stages without a template (core/base/stage_text.h, "
                                           "app/gui/stage_text.h): ") +
                            whole.unknownStages.join(QStringLiteral(" | "))));
        QVERIFY2(!whole.phases.isEmpty(), "the job reported no phase");
        qInfo("%s: %s", qPrintable(c.job), qPrintable(whole.phases.join(QStringLiteral(" | "))));
        // The ranking pass reports (and so checks) per batch in every job that ranks: its
        // activations come right after "ranking channels".
        if (!c.expectedSequence.isEmpty()) {
            const qsizetype at = whole.phases.indexOf(c.expectedSequence.first());
            QVERIFY2(at >= 0 &&
                         whole.phases.mid(at, c.expectedSequence.size()) == c.expectedSequence,
                     qPrintable(c.job + QStringLiteral(": expected the phases ") +
                                c.expectedSequence.join(QStringLiteral(" | "))));
        }
        for (const QString& phase : whole.phases) {
            const PhaseRun r = runPhase(m_ws->request(), c, phase);
            const QString where = c.job + QStringLiteral(" at '") + phase + QLatin1Char('\'');
            QVERIFY2(r.cancelRequested, qPrintable(where + QStringLiteral(": phase not reached")));
            QVERIFY2(r.outcome == QLatin1String("cancelled"),
                     qPrintable(where + QStringLiteral(": ended ") + r.outcome));
            QVERIFY2(r.resultSignals == 0,
                     qPrintable(where + QStringLiteral(": a result after the cancel")));
        }
    }
};

BDL_REGISTER_GUI_TEST(CancelPhasesTest);

#include "test_cancel_phases.moc"
