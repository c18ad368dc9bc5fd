// Without a clean train set: the seeded hold-out the Open dialog asks for by default (the core's
// holdOutSplit, the same split as `backdoorlab-cli --hold-out`), and the in-sample mark of every
// result when the clean test set serves as the train set (WorkspaceInfo::inSample,
// RepairResult::inSample, the CLI's "in_sample"), kept by session files.
#include "gui_test_util.h"

#include "app/cli/commands.h"
#include "app/gui/session.h"
#include "core/io/data_io.h"

#include <QtCore/QJsonObject>
#include <QtTest/QTest>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;
using Json = nlohmann::json;

namespace {

constexpr quint64 kSeed = 5;
constexpr int kPercent = 20;

} // namespace

class HoldOutTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;

    /// The tiny workspace without its train set; `percent` > 0 holds that share out.
    WorkspaceRequest noTrain(int percent) const {
        WorkspaceRequest r = m_ws->request();
        r.trainPath.clear();
        r.seed = kSeed;
        r.holdOutPercent = percent;
        r.holdOutSeed = kSeed;
        return r;
    }

    /// `backdoorlab-cli prune` on the tiny workspace, without --train, in process.
    Json cliPrune(const std::vector<std::string>& extra) const {
        std::vector<std::string> a{"prune",      "--json",
                                   "--threads",  std::to_string(kThreads),
                                   "--seed",     std::to_string(kSeed),
                                   "--model",    m_ws->model.toStdString(),
                                   "--scale",    "1/255",
                                   "--clean",    m_ws->clean.toStdString(),
                                   "--poisoned", m_ws->poisonedA.toStdString(),
                                   "--poisoned", m_ws->poisonedB.toStdString() + ":2"};
        a.insert(a.end(), extra.begin(), extra.end());
        std::ostringstream out, err;
        if (runCli(a, out, err) != 0) {
            qWarning("backdoorlab-cli prune failed: %s", err.str().c_str());
            return Json();
        }
        return Json::parse(out.str());
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void holdOutIsTheCoresSplitAndTheClis() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(noTrain(kPercent)); });
        const WorkspaceInfo& w = *c.workspace();
        QVERIFY(!w.inSample);
        QCOMPARE(w.holdOutPercent, kPercent);
        QCOMPARE(w.holdOutSeed, kSeed);
        QVERIFY(!w.sets[1].sameAsCleanTest);

        // The core's split of the clean data: held part = train, rest = clean test.
        core::DataSpec spec;
        spec.path = m_ws->clean.toStdString();
        const core::Dataset all = core::loadDataset(spec);
        const core::DataSplit parts = core::holdOutSplit(all, kPercent, kSeed);
        QCOMPARE(w.sets[0].size, static_cast<qint64>(parts.rest.size())); // 77 of 96
        QCOMPARE(w.sets[1].size, static_cast<qint64>(parts.held.size())); // 19
        QCOMPARE(w.sets[0].size + w.sets[1].size, static_cast<qint64>(all.size()));
        QCOMPARE(w.sets[1].name, QString::fromStdString(parts.held.name));

        // The CLI's --hold-out: the same split, so the same ranking and curve, bit for bit.
        runToEnd(c, [&] { return c.computePruningCurve(); });
        const CurveData& g = *c.curve();
        const Json j = cliPrune({"--hold-out", std::to_string(kPercent)});
        QVERIFY(!j.is_null());
        QCOMPARE(j["in_sample"].get<bool>(), false);
        QCOMPARE(j["hold_out"]["percent"].get<int>(), kPercent);
        QCOMPARE(j["hold_out"]["train"].get<qint64>(), w.sets[1].size);
        QCOMPARE(j["hold_out"]["clean_test"].get<qint64>(), w.sets[0].size);
        QVERIFY(j["order"].get<std::vector<int>>() ==
                std::vector<int>(g.order.begin(), g.order.end()));
        QCOMPARE(static_cast<int>(j["curve"].size()), g.points.size());
        for (int k = 0; k < g.points.size(); ++k)
            QVERIFY(j["curve"][k]["cca"].get<double>() == g.points[k].cca);

        // Fine-tuned on the held-out part: not in-sample.
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        QVERIFY(!c.repaired()->inSample);
    }

    void cleanTestAsTrainIsInSample() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(noTrain(0)); });
        const WorkspaceInfo& w = *c.workspace();
        QVERIFY(w.inSample);
        QCOMPARE(w.holdOutPercent, 0);
        QVERIFY(w.sets[1].sameAsCleanTest);
        QCOMPARE(w.sets[0].size, w.sets[1].size);
        runToEnd(c, [&] { return c.fineTuneAt(2, kTune); });
        QVERIFY(c.repaired()->inSample);

        const Json j = cliPrune({});
        QVERIFY(!j.is_null());
        QCOMPARE(j["in_sample"].get<bool>(), true);
        QVERIFY(!j.contains("hold_out"));
    }

    void aTrainSetIsNotInSample() {
        Controller c(nullptr, kThreads);
        WorkspaceRequest r = m_ws->request();
        r.holdOutPercent = kPercent; // ignored: there is a train set
        runToEnd(c, [&] { return c.openWorkspace(r); });
        QVERIFY(!c.workspace()->inSample);
        QCOMPARE(c.workspace()->holdOutPercent, 0);
        QCOMPARE(c.workspace()->sets[0].size, qint64{96});
        runToEnd(c, [&] { return c.fineTuneAt(1, kTune); });
        QVERIFY(!c.repaired()->inSample);
    }

    void sessionsKeepTheMarkAndTheHoldOut() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(noTrain(0)); });
        runToEnd(c, [&] { return c.fineTuneAt(1, kTune); });
        SessionState saved;
        saved.request = noTrain(0);
        saved.request.holdOutPercent = 30; // a request field that must come back
        saved.request.holdOutSeed = 18446744073709551615ull;
        saved.results = c.sessionResults();
        ComparisonRow row;
        row.attack = QStringLiteral("tiny");
        row.set = QStringLiteral("patch");
        row.inSample = true;
        saved.comparison = {row};
        const QJsonObject json = sessionToJson(saved);

        SessionState read;
        QString error;
        QVERIFY2(sessionFromJson(json, &read, &error, QStringLiteral("s.bdlsession")),
                 qPrintable(error));
        QVERIFY(read.results.workspace->inSample);
        QVERIFY(read.results.repaired->inSample);
        QCOMPARE(read.request.holdOutPercent, 30);
        QCOMPARE(read.request.holdOutSeed, 18446744073709551615ull);
        QCOMPARE(read.comparison.size(), 1);
        QVERIFY(read.comparison[0].inSample);

        // A file written before these members existed still reads; its workspace is in-sample
        // exactly when its train set was the clean test set.
        QJsonObject old = json;
        QJsonObject request = old.value(QStringLiteral("request")).toObject();
        request.remove(QStringLiteral("holdOutPercent"));
        request.remove(QStringLiteral("holdOutSeed"));
        old.insert(QStringLiteral("request"), request);
        QJsonObject results = old.value(QStringLiteral("results")).toObject();
        QJsonObject ws = results.value(QStringLiteral("workspace")).toObject();
        for (const char* key : {"inSample", "holdOutPercent", "holdOutSeed"})
            ws.remove(QLatin1String(key));
        results.insert(QStringLiteral("workspace"), ws);
        QJsonObject repaired = results.value(QStringLiteral("repaired")).toObject();
        repaired.remove(QStringLiteral("inSample"));
        results.insert(QStringLiteral("repaired"), repaired);
        old.insert(QStringLiteral("results"), results);
        SessionState older;
        QVERIFY2(sessionFromJson(old, &older, &error, QStringLiteral("old.bdlsession")),
                 qPrintable(error));
        QVERIFY(older.results.workspace->inSample);
        QCOMPARE(older.request.holdOutPercent, 0);
        QVERIFY(!older.results.repaired->inSample);
    }
};

BDL_REGISTER_GUI_TEST(HoldOutTest);

#include "test_hold_out.moc"
