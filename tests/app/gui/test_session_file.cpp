// Session files: every field survives a write and a read, and damaged or foreign files are
// refused with a message naming the file and the problem, leaving the caller's state untouched.
#include "gui_test_util.h"

#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace bdl::app;
using namespace bdl::app::test;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SessionState fullState() {
    SessionState s;
    s.request = WorkspaceRequest::zoo(QStringLiteral("multi"), QStringLiteral("/tmp/zoo"));
    s.request.poisoned.push_back({QStringLiteral("/data/p:1.h5"), 3});
    s.request.seed = 18446744073709551615ull; // survives as a string
    s.modelSha256 = QByteArray(32, '\x5a');
    WorkspaceInfo w;
    w.modelPath = QStringLiteral("/tmp/zoo/multi_bd.h5");
    w.architecture = QStringLiteral("csaw-badnet-same:28x28x1:10");
    w.classes = 10;
    w.pruneChannels = 3;
    w.poisonedNames = {QStringLiteral("stripe"), QStringLiteral("cross")};
    DataSetInfo set;
    set.name = QStringLiteral("stripe");
    set.role = DataSetInfo::Poisoned;
    set.size = 9000;
    set.targets = {5};
    w.sets.push_back(set);
    s.results.workspace = w;
    CurveData c;
    c.layer = QStringLiteral("pool_3");
    c.order = {2, 0, 1};
    c.channelMeans = {0.5, 0.25, 0.0};
    c.dormant = {2};
    c.poisonedNames = w.poisonedNames;
    for (int k = 0; k <= 3; ++k)
        c.points.push_back(CurvePoint{k, k == 0 ? -1 : c.order[k - 1], 90.0 - k, {99.5, kNaN}});
    s.results.curve = c;
    SweepData sw;
    sw.lrs = {1e-2, 1e-3};
    sw.ks = {1, 3};
    sw.poisonedNames = w.poisonedNames;
    sw.epochs = 2;
    sw.batchSize = 32;
    sw.seed = 9;
    sw.cells.push_back(SweepCell{1, 1, 1e-3, 3, 88.125, {1.5, 2.5}});
    s.results.sweep = sw;
    RepairResult r;
    r.method = QStringLiteral("fine-tune");
    r.k = 1;
    r.asrBefore = {99.0, 98.0};
    r.asrAfter = {1.0, 2.0};
    r.epochLoss = {0.5, 0.25};
    r.prunedChannels = {2};
    s.results.repaired = r;
    s.results.repairedWeights = QByteArray("\x00\x01\xfe\xff weights", 12);
    RepairResult older = r;
    older.method = QStringLiteral("select-repaired");
    older.k = 3;
    older.lr = 1e-3;
    older.asrAfter = {4.0, 5.5};
    s.results.candidates = {RepairCandidate{3, older, QByteArray("\x07older weights", 14)},
                            RepairCandidate{5, r, s.results.repairedWeights}};
    s.results.currentCandidate = 5;
    StripData st;
    st.request.n = 7;
    st.request.blend = StripBlend::Additive;
    st.request.overlaySource = OverlaySource::CleanTest;
    st.request.rule = StripRule::EqualError;
    st.overlayIndices = {4, 8, 15, 16, 23, 42, 1};
    for (int i = 0; i < 4; ++i) {
        StripSet set2;
        set2.name = QStringLiteral("set %1").arg(i);
        set2.role = i == 0   ? StripSet::Calibration
                    : i == 1 ? StripSet::CleanTest
                             : StripSet::Poisoned;
        set2.indices = {3, 1};
        set2.entropy = {0.125, 1.0 / 3.0};
        set2.predicted = {1, 2};
        set2.reference = {1, -1};
        set2.trueLabel = i >= 2 ? QVector<int>{5, -1} : set2.reference;
        set2.complete = true;
        st.sets.push_back(set2);
    }
    st.classes = 10;
    st.request.autoSplit = false;
    st.splitNote = QStringLiteral("N lowered from 100 to 50");
    s.results.strip = st;
    GoodnetData g;
    g.attack = QStringLiteral("4: multi");
    g.poisonedNames = w.poisonedNames;
    g.k0 = 2;
    g.g.cca = 88.5;
    g.g.asr = {0.5, 0.25};
    g.g.rejectRate = {99.0, 98.5};
    g.pruneOnlyAsr = {97.0, 12.0};
    g.pruningAware = {true, false};
    s.results.goodnets = g;
    s.tune.lr = 0.01;
    s.sweepRequest.ks = {1, 2};
    s.stripRequest.frr = 5.0;
    s.stripThreshold = 0.3;
    ComparisonRow row;
    row.attack = g.attack;
    row.set = QStringLiteral("stripe");
    row.gCca = 88.5;
    row.pruningAware = true;
    s.comparison.push_back(row);
    s.view.insert(QStringLiteral("tab"), 3);
    return s;
}

bool sameDouble(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

} // namespace

class SessionFileTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFieldSurvivesARoundTrip() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.bdlsession"));
        const SessionState s = fullState();
        QString error;
        QVERIFY2(writeSessionFile(path, s, &error), qPrintable(error));
        SessionState r;
        QVERIFY2(readSessionFile(path, &r, &error), qPrintable(error));
        // Writing what was read gives the same JSON: nothing was lost or changed.
        QCOMPARE(QJsonDocument(sessionToJson(r)).toJson(),
                 QJsonDocument(sessionToJson(s)).toJson());
        QCOMPARE(r.request.seed, s.request.seed);
        QCOMPARE(r.request.poisoned[0].path, QStringLiteral("/data/p:1.h5"));
        QCOMPARE(r.modelSha256, s.modelSha256);
        QCOMPARE(r.results.repairedWeights, s.results.repairedWeights);
        QCOMPARE(r.results.currentCandidate, 5);
        QCOMPARE(r.results.candidates.size(), 2);
        QCOMPARE(r.results.candidates[0].id, 3);
        QCOMPARE(r.results.candidates[0].weights, s.results.candidates[0].weights);
        QCOMPARE(r.results.candidates[0].result.asrAfter, (QVector<double>{4.0, 5.5}));
        QCOMPARE(r.results.candidates[0].result.method, QStringLiteral("select-repaired"));
        QCOMPARE(r.results.candidates[1].id, 5); // B': stored once, as results.repaired
        QCOMPARE(r.results.candidates[1].weights, s.results.repairedWeights);
        QCOMPARE(r.results.candidates[1].result.k, 1);
        const QJsonArray saved = sessionToJson(s)
                                     .value(QStringLiteral("results"))
                                     .toObject()
                                     .value(QStringLiteral("candidates"))
                                     .toArray();
        QCOMPARE(saved.size(), 2);
        QCOMPARE(saved[1].toObject().keys(), QStringList{QStringLiteral("id")});
        QVERIFY(sameDouble(r.results.curve->points[2].asr[1], kNaN));
        QCOMPARE(r.results.curve->points[2].cca, 88.0);
        QCOMPARE(r.results.strip->sets[3].entropy[1], 1.0 / 3.0); // doubles exactly
        QCOMPARE(r.results.strip->request.blend, StripBlend::Additive);
        QCOMPARE(r.results.strip->request.rule, StripRule::EqualError);
        QCOMPARE(r.results.strip->request.autoSplit, false);
        QCOMPARE(r.results.strip->splitNote, QStringLiteral("N lowered from 100 to 50"));
        QCOMPARE(r.results.strip->sets[2].trueLabel, (QVector<int>{5, -1}));
        QCOMPARE(r.results.goodnets->pruningAware, (QVector<bool>{true, false}));
        QCOMPARE(r.results.sweep->seed, quint64{9});
        QCOMPARE(r.comparison[0].pruningAware, true);
        QVERIFY(std::isnan(r.comparison[0].stripAsr));
        QCOMPARE(r.view.value(QStringLiteral("tab")).toInt(), 3);
    }

    // writeVerifiedSessionFile() reads the list back byte for byte; a session saved before the
    // list existed reads back without one (the Controller makes its B' the only candidate).
    void candidatesSurviveAVerifiedSave() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v.bdlsession"));
        SessionState s = fullState();
        s.results.workspace.reset(); // no request check: this state opens nothing
        QString error;
        QVERIFY2(writeVerifiedSessionFile(path, s, &error), qPrintable(error));
        SessionState r;
        QVERIFY2(readSessionFile(path, &r, &error), qPrintable(error));
        QCOMPARE(sessionToBytes(r), readAll(path));

        QJsonObject root = sessionToJson(fullState());
        QJsonObject results = root.value(QStringLiteral("results")).toObject();
        results.remove(QStringLiteral("candidates"));
        results.remove(QStringLiteral("currentCandidate"));
        root.insert(QStringLiteral("results"), results);
        SessionState old;
        QVERIFY2(sessionFromJson(root, &old, &error), qPrintable(error));
        QVERIFY(old.results.candidates.isEmpty());
        QCOMPARE(old.results.currentCandidate, -1);
        QVERIFY(old.results.repaired.has_value());
    }

    // Sessions written before STRIP kept true classes and the automatic split still open: a
    // clean set's labels are its true classes, a poisoned set's are unknown, autoSplit is on.
    void olderStripResultsReadBackWithDefaults() {
        QJsonObject root = sessionToJson(fullState());
        QJsonObject results = root.value(QStringLiteral("results")).toObject();
        QJsonObject strip = results.value(QStringLiteral("strip")).toObject();
        QJsonArray sets = strip.value(QStringLiteral("sets")).toArray();
        for (int i = 0; i < sets.size(); ++i) {
            QJsonObject set = sets[i].toObject();
            set.remove(QStringLiteral("trueLabel"));
            sets[i] = set;
        }
        strip.insert(QStringLiteral("sets"), sets);
        strip.remove(QStringLiteral("splitNote"));
        QJsonObject request = strip.value(QStringLiteral("request")).toObject();
        request.remove(QStringLiteral("autoSplit"));
        strip.insert(QStringLiteral("request"), request);
        results.insert(QStringLiteral("strip"), strip);
        root.insert(QStringLiteral("results"), results);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.bdlsession"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(root).toJson());
        f.close();
        SessionState r;
        QString error;
        QVERIFY2(readSessionFile(path, &r, &error), qPrintable(error));
        QCOMPARE(r.results.strip->sets[1].trueLabel, (QVector<int>{1, -1})); // the references
        QCOMPARE(r.results.strip->sets[2].trueLabel, (QVector<int>{-1, -1}));
        QVERIFY(r.results.strip->splitNote.isEmpty());
        QVERIFY(r.results.strip->request.autoSplit);
    }

    void damagedFilesAreRefusedByName_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const QByteArray good = QJsonDocument(sessionToJson(fullState())).toJson();
        QTest::newRow("truncated") << good.left(good.size() / 2) << QStringLiteral("JSON error");
        QTest::newRow("not json") << QByteArray("\x89PNG....") << QStringLiteral("not a session");
        QTest::newRow("foreign json")
            << QByteArray("{\"a\": 1}") << QStringLiteral("not a BackdoorLab session");
        auto edited = [](const std::function<void(QJsonObject&)>& edit) {
            QJsonObject root = sessionToJson(fullState());
            edit(root);
            return QJsonDocument(root).toJson();
        };
        // Edits one member of results.<part>, copying the nested objects back up.
        auto inResults = [&](const char* part, const std::function<void(QJsonObject&)>& edit) {
            return edited([&](QJsonObject& root) {
                QJsonObject results = root.value(QStringLiteral("results")).toObject();
                QJsonObject o = results.value(QLatin1String(part)).toObject();
                edit(o);
                results.insert(QLatin1String(part), o);
                root.insert(QStringLiteral("results"), results);
            });
        };
        QTest::newRow("newer") << edited([](QJsonObject& r) {
            r.insert(QStringLiteral("version"), 7);
        }) << QStringLiteral("version 7");
        QTest::newRow("wrong type") << inResults("sweep", [](QJsonObject& o) {
            o.insert(QStringLiteral("epochs"), QStringLiteral("two"));
        }) << QStringLiteral("results.sweep.epochs");
        QTest::newRow("short vector") << inResults("sweep", [](QJsonObject& o) {
            QJsonArray cells = o.value(QStringLiteral("cells")).toArray();
            QJsonObject cell = cells[0].toObject();
            cell.insert(QStringLiteral("asr"), QJsonArray{1.5});
            cells[0] = cell;
            o.insert(QStringLiteral("cells"), cells);
        }) << QStringLiteral("results.sweep.cells[0].asr");
        QTest::newRow("bad base64") << edited([](QJsonObject& root) {
            QJsonObject results = root.value(QStringLiteral("results")).toObject();
            results.insert(QStringLiteral("repairedWeights"), QStringLiteral("!!notbase64!!"));
            root.insert(QStringLiteral("results"), results);
        }) << QStringLiteral("repairedWeights");
        // Edits entry `i` of results.candidates.
        auto inCandidate = [&](int i, const std::function<void(QJsonObject&)>& edit) {
            return edited([&](QJsonObject& root) {
                QJsonObject results = root.value(QStringLiteral("results")).toObject();
                QJsonArray list = results.value(QStringLiteral("candidates")).toArray();
                QJsonObject e = list[i].toObject();
                edit(e);
                list[i] = e;
                results.insert(QStringLiteral("candidates"), list);
                root.insert(QStringLiteral("results"), results);
            });
        };
        QTest::newRow("candidate bad base64") << inCandidate(0, [](QJsonObject& e) {
            e.insert(QStringLiteral("weights"), QStringLiteral("!!notbase64!!"));
        }) << QStringLiteral("results.candidates[0].weights: not valid base64");
        QTest::newRow("candidate without weights")
            << inCandidate(0, [](QJsonObject& e) { e.remove(QStringLiteral("weights")); })
            << QStringLiteral("results.candidates[0].weights");
        QTest::newRow("candidate id of a wrong type") << inCandidate(0, [](QJsonObject& e) {
            e.insert(QStringLiteral("id"), QStringLiteral("three"));
        }) << QStringLiteral("results.candidates[0].id");
        QTest::newRow("candidate id twice")
            << inCandidate(1, [](QJsonObject& e) { e.insert(QStringLiteral("id"), 3); })
            << QStringLiteral("results.candidates[1].id");
        QTest::newRow("candidate repair of a wrong type") << inCandidate(0, [](QJsonObject& e) {
            QJsonObject repair = e.value(QStringLiteral("repair")).toObject();
            repair.insert(QStringLiteral("k"), true);
            e.insert(QStringLiteral("repair"), repair);
        }) << QStringLiteral("results.candidates[0].repair.k");
        QTest::newRow("candidates not a list") << edited([](QJsonObject& root) {
            QJsonObject results = root.value(QStringLiteral("results")).toObject();
            results.insert(QStringLiteral("candidates"), QStringLiteral("all"));
            root.insert(QStringLiteral("results"), results);
        }) << QStringLiteral("results.candidates");
        QTest::newRow("current candidate not listed") << edited([](QJsonObject& root) {
            QJsonObject results = root.value(QStringLiteral("results")).toObject();
            QJsonArray list = results.value(QStringLiteral("candidates")).toArray();
            list.removeLast(); // the entry of B' (#5)
            results.insert(QStringLiteral("candidates"), list);
            root.insert(QStringLiteral("results"), results);
        }) << QStringLiteral("results.currentCandidate");
        QTest::newRow("candidates without B'") << edited([](QJsonObject& root) {
            QJsonObject results = root.value(QStringLiteral("results")).toObject();
            results.remove(QStringLiteral("repaired"));
            results.remove(QStringLiteral("repairedWeights"));
            root.insert(QStringLiteral("results"), results);
        }) << QStringLiteral("results.candidates");
        QTest::newRow("negative entropy") << inResults("strip", [](QJsonObject& o) {
            QJsonArray sets = o.value(QStringLiteral("sets")).toArray();
            QJsonObject set = sets[0].toObject();
            set.insert(QStringLiteral("entropy"), QJsonArray{-0.125, 0.5});
            sets[0] = set;
            o.insert(QStringLiteral("sets"), sets);
        }) << QStringLiteral("entropy[0]");
    }

    void damagedFilesAreRefusedByName() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.bdlsession"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        f.close();
        SessionState state;
        state.stripThreshold = 0.75; // untouched on failure
        QString error;
        QVERIFY(!readSessionFile(path, &state, &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.contains(problem), qPrintable(error));
        QCOMPARE(state.stripThreshold, 0.75);
        QCOMPARE(readAll(path), bytes); // the input file is never modified
    }

    void aMissingFolderFailsWithoutWriting() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/dir/a.bdlsession"));
        QString error;
        QVERIFY(!writeSessionFile(path, fullState(), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void anExistingFileIsReplacedWhole() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.bdlsession"));
        QString error;
        QVERIFY(writeSessionFile(path, SessionState(), &error));
        QVERIFY(writeSessionFile(path, fullState(), &error));
        SessionState r;
        QVERIFY2(readSessionFile(path, &r, &error), qPrintable(error));
        QVERIFY(r.results.strip.has_value());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // no temporary left behind
    }
};

BDL_REGISTER_GUI_TEST(SessionFileTest);

#include "test_session_file.moc"
