// Cancel at random moments: every kind of job the Controller runs is started on the tiny
// workspace, holding every result (curve, sweep, B', STRIP, goodnets), and cancelled at a seeded
// moment drawn uniformly over [0, that job's measured duration], 100 times per kind in a loop
// (fewer for the slowest kinds when the whole would exceed the time budget; the counts are
// printed; BDL_CANCEL_RUNS=N forces N for every kind). After each cancel:
//   - the Controller's results are those from before, byte for byte (as a session serialises
//     them), and what the Worker holds is too: an inspect of one input (B, B', G and its STRIP
//     entropy with the last run's overlays) gives the same answer as before the loop, which is
//     also the next job running to completion;
//   - no file appeared, vanished or changed in the temporary folder (TMPDIR, which this test
//     sets, with the workspace in it) or in the working folder (the current directory and the
//     exports' destination);
//   - no child process is left (no backdoorlab-import helper, running or a zombie).
// A job that ended by itself before its cancel arrived counts as finished and its results become
// the new reference; a kind that never ends as cancelled although asked to stop while it ran, run
// after run, does not check the cancel flag and fails. The seed is $BDL_FAULT_SEED (printed).
#include "../fault_tools/fault_process.h"
#include "gui_test_util.h"

#include "app/gui/analysis_types.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <thread>

using namespace bdl::app;
using namespace bdl::app::test;
namespace fault = bdl::test::fault;

namespace {

constexpr int kRunsPerKind = 100;
/// Budget of the cancel loops of all kinds together (s), measured durations times counts. CI runs
/// the suite on 2 cores within an hour: 60 s leaves every kind at least kMinRuns cancels (the slow
/// kinds) and the quick kinds their 100; BDL_CANCEL_RUNS=100 runs the whole set.
constexpr double kBudgetSeconds = 60.0;
constexpr int kMinRuns = 10;       ///< never fewer per kind
constexpr double kLongJob = 2.0;   ///< s: a kind this slow is timed once, else thrice
constexpr double kDelivery = 2.0;  ///< ms: a cancel this close to the end may come too late
constexpr int kIgnoredCancels = 5; ///< runs finished despite a cancel: with none cancelled, a bug
const QString kNoAnswer = QStringLiteral("the next job did not complete: ");

const TuneSettings kQuick{/*lr=*/1e-3, /*epochs=*/2, /*batchSize=*/16, /*seed=*/0};

struct Kind {
    QString name;
    std::function<bool(Controller&)> start;
    bool replacesWorkspace = false; ///< finishing it drops the results: prepare them again
    double seconds = 0.0;           ///< measured duration of one whole run
    int runs = kRunsPerKind;
};

/// path -> (size, modification time): what a write, a new file or a removal changes.
using FileState = std::map<std::string, std::pair<uintmax_t, int64_t>>;

FileState fileState(const QString& dir) {
    FileState s;
    std::error_code ec;
    const fault::fs::path root(dir.toStdString());
    for (const auto& e : fault::fs::recursive_directory_iterator(root, ec)) {
        const auto t = e.last_write_time(ec).time_since_epoch().count();
        s[fault::fs::relative(e.path(), root).string()] = {e.is_regular_file() ? e.file_size() : 0,
                                                           static_cast<int64_t>(t)};
    }
    return s;
}

QString diff(const FileState& before, const FileState& after) {
    QStringList d;
    for (const auto& [p, v] : after)
        if (!before.count(p))
            d << QStringLiteral("new ") + QString::fromStdString(p);
        else if (before.at(p) != v)
            d << QStringLiteral("changed ") + QString::fromStdString(p);
    for (const auto& [p, v] : before)
        if (!after.count(p))
            d << QStringLiteral("gone ") + QString::fromStdString(p);
    return d.join(QStringLiteral(", "));
}

QString scores(const QVector<ClassScore>& v) {
    QString s;
    for (const ClassScore& c : v)
        s += QStringLiteral("%1:%2 ").arg(c.label).arg(c.probability, 0, 'g', 17);
    return s;
}

/// What an inspect of one input says, every number at full precision.
QString probeText(const InspectResult& r) {
    return QStringLiteral("B %1| B' %2| G %3:%4 | entropy %5 N %6")
        .arg(scores(r.topB), scores(r.topBPrime))
        .arg(r.goodnet.label)
        .arg(r.goodnet.probability, 0, 'g', 17)
        .arg(r.entropy, 0, 'g', 17)
        .arg(r.stripN);
}

} // namespace

class CancelRandomTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;  ///< TMPDIR while the test runs; holds the workspace
    QTemporaryDir m_work; ///< the current directory and the exports' destination
    QByteArray m_oldTmpDir;
    QString m_oldCwd;
    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<Controller> m_c;
    QVector<Kind> m_kinds;
    SessionState m_saved; ///< the full results, for the restore job

    /// Runs a job to its end (event loop running); its outcome: finished, cancelled, failed: ...
    /// With cancelAfterMs >= 0, cancel() is called that long after the start (a thread sleeps
    /// with microsecond precision, then queues the call onto the Controller's thread).
    QString run(const std::function<bool(Controller&)>& start, double cancelAfterMs = -1.0,
                double* elapsedMs = nullptr) {
        Controller& c = *m_c;
        QString outcome;
        QEventLoop loop;
        auto done = [&](const QString& o) {
            outcome = o;
            loop.quit();
        };
        const auto f = connect(&c, &Controller::finished, &loop,
                               [&](const QString&) { done(QStringLiteral("finished")); });
        const auto x = connect(&c, &Controller::cancelled, &loop,
                               [&](const QString&) { done(QStringLiteral("cancelled")); });
        const auto e =
            connect(&c, &Controller::failed, &loop, [&](const QString&, const QString& m) {
                done(QStringLiteral("failed: ") + m);
            });
        QTimer guard;
        guard.setSingleShot(true);
        connect(&guard, &QTimer::timeout, &loop, [&] { done(QStringLiteral("timed out")); });
        guard.start(kJobTimeoutMs);
        QElapsedTimer clock;
        clock.start();
        std::thread canceller;
        if (!start(c)) {
            outcome = QStringLiteral("refused");
        } else {
            if (cancelAfterMs >= 0.0) {
                const auto at = std::chrono::steady_clock::now() +
                                std::chrono::nanoseconds(static_cast<int64_t>(cancelAfterMs * 1e6));
                canceller = std::thread([&c, at] {
                    std::this_thread::sleep_until(at);
                    QMetaObject::invokeMethod(
                        &c, [&c] { c.cancel(); }, Qt::QueuedConnection);
                });
            }
            loop.exec();
        }
        if (elapsedMs)
            *elapsedMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
        if (canceller.joinable())
            canceller.join();
        QCoreApplication::processEvents(); // a cancel queued after the end: a no-op on idle
        disconnect(f);
        disconnect(x);
        disconnect(e);
        return outcome;
    }

    bool runOk(const std::function<bool(Controller&)>& start, const QString& what) {
        const QString o = run(start);
        if (o != QLatin1String("finished"))
            qWarning("%s: %s", qPrintable(what), qPrintable(o));
        return o == QLatin1String("finished");
    }

    /// Every result the views show: open, curve, B', sweep, STRIP, goodnets.
    bool prepareAll() {
        SweepRequest sweep;
        sweep.lrs = {1e-2, 1e-3};
        sweep.ks = {2, 4};
        sweep.epochs = 1;
        sweep.batchSize = 16;
        GoodnetRequest goodnets;
        goodnets.k0 = 2;
        goodnets.tune = kQuick;
        return runOk([this](Controller& c) { return c.openWorkspace(m_ws->request()); },
                     QStringLiteral("open")) &&
               runOk([](Controller& c) { return c.computePruningCurve(); },
                     QStringLiteral("curve")) &&
               runOk([sweep](Controller& c) { return c.runSweep(sweep); },
                     QStringLiteral("sweep")) &&
               runOk([](Controller& c) { return c.fineTuneAt(3, kQuick); },
                     QStringLiteral("fine-tune")) &&
               runOk([](Controller& c) { return c.runStrip(quickStrip()); },
                     QStringLiteral("strip")) &&
               runOk([goodnets](Controller& c) { return c.computeGoodnets(goodnets); },
                     QStringLiteral("goodnets"));
    }

    static StripRequest quickStrip() {
        StripRequest r;
        r.n = 8;
        r.sample = 0;
        r.calibration = 30;
        r.seed = 3;
        return r;
    }

    static InspectRequest probeRequest() {
        InspectRequest r;
        r.setIndex = 2; // the first poisoned set
        r.imageIndex = 5;
        return r;
    }

    /// The Controller's results as a session file holds them.
    QByteArray resultBytes() const {
        SessionState s;
        s.request = m_ws->request();
        s.results = m_c->sessionResults();
        return sessionToBytes(s);
    }

    /// The next job, run to completion: an inspect, which reads B, B', G and the STRIP run.
    QString probe() {
        QSignalSpy spy(m_c.get(), &Controller::inspected);
        const InspectRequest r = probeRequest();
        const QString o = run([r](Controller& c) { return c.inspect(r); });
        if (o != QLatin1String("finished") || spy.count() != 1)
            return kNoAnswer + o;
        return probeText(spy.at(0).at(0).value<InspectResult>());
    }

    /// What a cancel must leave as it was.
    struct Reference {
        QByteArray results; ///< resultBytes()
        QString answer;     ///< probe()
        FileState tmp, work;
    };
    Reference reference();
    void checkNothingChanged(const Reference& ref, const QString& where);
    QVector<Kind> kinds() const;
    void chooseCounts();

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void randomCancelsChangeNothing_data();
    void randomCancelsChangeNothing();
};

QVector<Kind> CancelRandomTest::kinds() const {
    SweepRequest sweep;
    sweep.lrs = {1e-2, 1e-3};
    sweep.ks = {2, 4};
    sweep.epochs = 1;
    sweep.batchSize = 16;
    GoodnetRequest goodnets;
    goodnets.k0 = 2;
    goodnets.tune = kQuick;
    const WorkspaceRequest request = m_ws->request();
    const SessionState saved = m_saved;
    const QString repaired = m_work.filePath(QStringLiteral("repaired.h5"));
    const QString goodnet = m_work.filePath(QStringLiteral("goodnet.pt"));
    QVector<Kind> k;
    auto add = [&k](const QLatin1String& name, std::function<bool(Controller&)> start,
                    bool replaces = false) {
        k.push_back(Kind{QString(name), std::move(start), replaces});
    };
    add(
        job::kOpen, [request](Controller& c) { return c.openWorkspace(request); }, true);
    add(job::kCurve, [](Controller& c) { return c.computePruningCurve(); });
    add(job::kFineTune, [](Controller& c) { return c.fineTuneAt(3, kQuick); });
    add(job::kPaper, [](Controller& c) { return c.runPaperProtocol(2, kQuick); });
    add(job::kLiu, [](Controller& c) { return c.runLiuProtocol(4.0, kQuick); });
    add(job::kSweep, [sweep](Controller& c) { return c.runSweep(sweep); });
    add(job::kSelect, [](Controller& c) { return c.selectRepaired(1, 1); });
    add(job::kActivations, [](Controller& c) { return c.computeActivations(); });
    add(job::kStrip, [](Controller& c) { return c.runStrip(quickStrip()); });
    add(job::kStripDetail, [](Controller& c) {
        return c.stripDetail(StripDetailRequest{1, 0, 4});
    });
    add(job::kInspect, [](Controller& c) { return c.inspect(probeRequest()); });
    add(job::kGoodnets, [goodnets](Controller& c) { return c.computeGoodnets(goodnets); });
    add(
        job::kRestore, [saved](Controller& c) { return c.restoreSession(saved); }, true);
    add(job::kExport, [repaired](Controller& c) { return c.exportRepaired(repaired); });
    add(job::kGoodnet, [goodnet](Controller& c) { return c.exportGoodnet(goodnet); });
    return k;
}

void CancelRandomTest::initTestCase() {
    QVERIFY(m_tmp.isValid() && m_work.isValid());
    m_oldTmpDir = qgetenv("TMPDIR");
    qputenv("TMPDIR", QFile::encodeName(m_tmp.path()));
    QCOMPARE(QDir::tempPath(), QDir::cleanPath(m_tmp.path()));
    m_oldCwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_work.path()));
    m_ws = std::make_unique<TinyWorkspace>(); // in the new TMPDIR
    QVERIFY(m_ws->dir.path().startsWith(m_tmp.path()));
    m_c = std::make_unique<Controller>(nullptr, kThreads);
    QVERIFY(prepareAll());
    m_saved.request = m_ws->request();
    m_saved.results = m_c->sessionResults();
    m_saved.modelSha256 = fileSha256(m_ws->model);
    m_kinds = kinds();
    // Whole runs of each kind (in this order: each leaves what the next needs), timed: the
    // median of 3, or 1 run for a kind that takes longer than kLongJob.
    for (Kind& k : m_kinds) {
        std::vector<double> ms;
        while (ms.empty() || (ms.size() < 3 && ms.front() < kLongJob * 1e3)) {
            ms.push_back(0.0);
            const QString o = run(k.start, -1.0, &ms.back());
            QVERIFY2(o == QLatin1String("finished"), qPrintable(k.name + QStringLiteral(": ") + o));
            if (k.replacesWorkspace)
                QVERIFY(prepareAll());
        }
        std::sort(ms.begin(), ms.end());
        k.seconds = ms[ms.size() / 2] / 1e3;
    }
    chooseCounts();
}

void CancelRandomTest::cleanupTestCase() {
    m_c.reset();
    QDir::setCurrent(m_oldCwd);
    if (m_oldTmpDir.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", m_oldTmpDir);
}

/// 100 runs per kind unless the loops would take longer than the budget: then the slowest kinds
/// get fewer (at least kMinRuns), the quick ones keep 100.
void CancelRandomTest::chooseCounts() {
    const int forced = qEnvironmentVariableIntValue("BDL_CANCEL_RUNS");
    // A cancelled run costs half its duration on average, then the probe (an inspect).
    double probeSeconds = 0.0;
    for (const Kind& k : m_kinds)
        if (k.name == job::kInspect)
            probeSeconds = k.seconds;
    auto cost = [&](const Kind& k) { return k.seconds / 2.0 + probeSeconds + 0.002; };
    QVector<Kind*> bySpeed;
    for (Kind& k : m_kinds) {
        k.runs = forced > 0 ? forced : kRunsPerKind;
        bySpeed.push_back(&k);
    }
    std::sort(bySpeed.begin(), bySpeed.end(),
              [](const Kind* a, const Kind* b) { return a->seconds > b->seconds; });
    double total = 0.0;
    for (const Kind& k : m_kinds)
        total += k.runs * cost(k);
    for (Kind* k : bySpeed) {
        if (forced > 0 || total <= kBudgetSeconds)
            break;
        const double others = total - k->runs * cost(*k);
        const int fit = static_cast<int>((kBudgetSeconds - others) / cost(*k));
        const int runs = std::clamp(fit, kMinRuns, k->runs);
        total = others + runs * cost(*k);
        k->runs = runs;
    }
    for (const Kind& k : m_kinds)
        qInfo("%-16s %7.1f ms a run, %3d cancels%s", qPrintable(k.name), k.seconds * 1e3, k.runs,
              forced <= 0 && k.runs < kRunsPerKind ? " (fewer than 100: time budget)" : "");
    qInfo("estimated %.0f s for the cancel loops; seed %llu", total,
          static_cast<unsigned long long>(fault::faultSeed()));
}

void CancelRandomTest::randomCancelsChangeNothing_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_kinds.size(); ++i)
        QTest::newRow(qPrintable(m_kinds[i].name)) << i;
}

void CancelRandomTest::randomCancelsChangeNothing() {
    QFETCH(int, index);
    Kind& k = m_kinds[index];
    std::mt19937_64 rng(fault::faultSeed() ^ qHash(k.name));
    std::uniform_real_distribution<double> moment(0.0, k.seconds * 1e3);
    Reference ref = reference();
    QVERIFY2(!ref.answer.startsWith(kNoAnswer), qPrintable(ref.answer));
    int cancelled = 0, finished = 0;
    double latencyMs = 0.0, ignoredMs = 0.0;
    int finishedAfterCancel = 0; ///< finished although the cancel came well before the end
    for (int i = 0; i < k.runs; ++i) {
        const double at = moment(rng);
        const QString where = QStringLiteral("%1, run %2, cancel at %3 ms of %4: ")
                                  .arg(k.name)
                                  .arg(i)
                                  .arg(at, 0, 'f', 3)
                                  .arg(k.seconds * 1e3, 0, 'f', 1);
        double elapsed = 0.0;
        const QString outcome = run(k.start, at, &elapsed);
        // How long the job ran on after the cancel (a finished one: after it was asked to stop).
        const double after = elapsed - at;
        if (at < elapsed)
            (outcome == QLatin1String("finished") ? ignoredMs : latencyMs) =
                std::max(outcome == QLatin1String("finished") ? ignoredMs : latencyMs, after);
        if (outcome == QLatin1String("finished") && after > kDelivery)
            ++finishedAfterCancel;
        if (outcome == QLatin1String("finished")) {
            // Ended before the cancel arrived: what it made is the new reference.
            ++finished;
            if (k.replacesWorkspace)
                QVERIFY(prepareAll());
            ref = reference();
            continue;
        }
        ++cancelled;
        QVERIFY2(outcome == QLatin1String("cancelled"), qPrintable(where + outcome));
        checkNothingChanged(ref, where);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%s: %d cancelled (at most %.1f ms from the cancel to the end), %d finished anyway "
          "(at most %.1f ms after the cancel)",
          qPrintable(k.name), cancelled, latencyMs, finished, ignoredMs);
    // Every job checks the flag (controller.h): one that was asked to stop while it ran, again
    // and again, and never did, ignores it.
    QVERIFY2(cancelled > 0 || finishedAfterCancel < kIgnoredCancels,
             qPrintable(QStringLiteral("%1: asked to stop while it ran in %2 of %3 runs, it never "
                                       "ended as cancelled (it ran on for up to %4 ms after the "
                                       "cancel): the job does not check the cancel flag")
                            .arg(k.name)
                            .arg(finishedAfterCancel)
                            .arg(k.runs)
                            .arg(ignoredMs, 0, 'f', 1)));
}

CancelRandomTest::Reference CancelRandomTest::reference() {
    return Reference{resultBytes(), probe(), fileState(m_tmp.path()), fileState(m_work.path())};
}

void CancelRandomTest::checkNothingChanged(const Reference& ref, const QString& where) {
    QVERIFY2(resultBytes() == ref.results,
             qPrintable(where + QStringLiteral("the Controller's results changed")));
    const auto children = fault::findProcesses(std::string(), ::getpid());
    QVERIFY2(children.empty(), qPrintable(where + QStringLiteral("child processes left:") +
                                          QString::fromStdString(fault::describe(children))));
    const FileState t = fileState(m_tmp.path()), w = fileState(m_work.path());
    QVERIFY2(t == ref.tmp, qPrintable(where + QStringLiteral("in TMPDIR: ") + diff(ref.tmp, t)));
    QVERIFY2(w == ref.work,
             qPrintable(where + QStringLiteral("in the working folder: ") + diff(ref.work, w)));
    const QString now = probe();
    QVERIFY2(now == ref.answer,
             qPrintable(where + QStringLiteral("the next job, an inspect, says ") + now +
                        QStringLiteral("; before: ") + ref.answer));
}

BDL_REGISTER_GUI_TEST(CancelRandomTest);

#include "test_cancel_random.moc"
