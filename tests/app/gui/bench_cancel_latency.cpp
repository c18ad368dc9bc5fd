// CancelLatencyBench (bench_qt, not CTest): how long each job takes to end after cancel(), per
// phase, on the tiny workspace and (when ../shared is there) on the YouTube-Face sunglasses
// BadNet with its 100-image folders. Each row's figure bounds the time from cancel() to the end
// of the job when the request arrives at the worst moment of that phase: the longest time
// between two progress reports in the phase (each report is followed by a cancel check; from an
// uncancelled run) plus the time the job then takes to end (cancel() right after the phase's
// first report, until cancelled() with the partial results dropped). The target is 100 ms in
// every phase. What the runs assert: CancelPhasesTest.
#include "gui_test_util.h"
#include "job_phases.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtTest/QTest>

#include <algorithm>
#include <map>
#include <memory>

using namespace bdl::app;
using namespace bdl::app::test;

namespace {

/// ../shared/data/youtube_face: $BDL_SHARED_DIR, else the first "shared" beside an ancestor of
/// the test executable's folder; empty when absent.
QString youtubeFaceDir() {
    const QString env = qEnvironmentVariable("BDL_SHARED_DIR");
    if (!env.isEmpty())
        return QFileInfo::exists(env + QStringLiteral("/data/youtube_face"))
                   ? env + QStringLiteral("/data/youtube_face")
                   : QString();
    QDir d(QCoreApplication::applicationDirPath());
    for (int up = 0; up < 8 && d.cdUp(); ++up)
        if (QFileInfo::exists(d.filePath(QStringLiteral("shared/data/youtube_face/models"))))
            return d.filePath(QStringLiteral("shared/data/youtube_face"));
    return QString();
}

} // namespace

class CancelLatencyBench : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::map<QString, WorkspaceRequest> m_requests; ///< by data name
    std::map<QString, double> m_worst;              ///< by data name

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_requests[QStringLiteral("tiny")] = m_ws->request();
        const QString yt = youtubeFaceDir();
        if (yt.isEmpty()) {
            qInfo(
                "../shared/data/youtube_face not found (set BDL_SHARED_DIR): tiny workspace only");
            return;
        }
        WorkspaceRequest r;
        r.modelPath = yt + QStringLiteral("/models/sunglasses_bd_weights.h5");
        r.scale = QStringLiteral("1/255");
        r.cleanTestPath = yt + QStringLiteral("/images/clean_test");
        r.poisoned.push_back({yt + QStringLiteral("/images/sunglasses_poisoned_data"), -1});
        m_requests[QStringLiteral("youtube-face")] = r;
    }

    void cancelLatency_data() {
        QTest::addColumn<QString>("data");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("phase");
        for (const auto& [name, request] : m_requests) {
            const auto cases = jobCases(request);
            for (int i = 0; i < cases.size(); ++i) {
                const PhaseRun whole = runPhase(request, cases[i], QString());
                for (const QString& p : whole.phases)
                    QTest::addRow("%s / %s / %s", qPrintable(name), qPrintable(cases[i].job),
                                  qPrintable(p))
                        << name << i << p;
            }
        }
    }

    void cancelLatency() {
        QFETCH(QString, data);
        QFETCH(int, index);
        QFETCH(QString, phase);
        const WorkspaceRequest& request = m_requests.at(data);
        const JobCase c = jobCases(request).at(index);
        const PhaseRun whole = runPhase(request, c, QString());
        const PhaseRun r = runPhase(request, c, phase);
        QVERIFY(r.cancelRequested);
        QCOMPARE(r.outcome, QStringLiteral("cancelled"));
        const double bound = whole.longestGapMs.value(phase) + r.cancelLatencyMs;
        m_worst[data] = std::max(m_worst[data], bound);
        QTest::setBenchmarkResult(bound, QTest::WalltimeMilliseconds);
    }

    void cleanupTestCase() {
        for (const auto& [name, worst] : m_worst)
            qInfo("cancel latency on %s: worst phase %.2f ms", qPrintable(name), worst);
    }
};

BDL_REGISTER_GUI_TEST(CancelLatencyBench);

#include "bench_cancel_latency.moc"
