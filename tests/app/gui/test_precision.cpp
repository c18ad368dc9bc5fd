// The inference precision the Open dialog and `backdoorlab --precision` ask for: the window checks
// bfloat16 on the clean test data exactly as `backdoorlab-cli --precision bf16` does, uses what
// that check keeps, says so in the workspace, gives the CLI's STRIP numbers bit for bit, refuses
// a precision it does not know, and keeps the choice in session files.
#include "gui_test_util.h"

#include "app/cli/commands.h"
#include "app/gui/session.h"

#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;
using Json = nlohmann::json;

namespace {

constexpr quint64 kPrecisionSeed = 5;

} // namespace

class PrecisionTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;

    WorkspaceRequest bf16Request() const {
        WorkspaceRequest r = m_ws->request();
        r.seed = kPrecisionSeed;
        r.precision = QStringLiteral("bf16");
        return r;
    }

    /// `backdoorlab-cli strip --precision bf16` on the tiny workspace, in process.
    Json cliStrip() const {
        std::vector<std::string> a{"strip",
                                   "--json",
                                   "--threads",
                                   std::to_string(kThreads),
                                   "--seed",
                                   std::to_string(kPrecisionSeed),
                                   "--model",
                                   m_ws->model.toStdString(),
                                   "--scale",
                                   "1/255",
                                   "--precision",
                                   "bf16",
                                   "--clean",
                                   m_ws->clean.toStdString(),
                                   "--train",
                                   m_ws->train.toStdString(),
                                   "--poisoned",
                                   m_ws->poisonedA.toStdString(),
                                   "--n",
                                   "8",
                                   "--sample",
                                   "40",
                                   "--calibration-size",
                                   "30"};
        std::ostringstream out, err;
        if (runCli(a, out, err) != 0) {
            qWarning("backdoorlab-cli strip failed: %s", err.str().c_str());
            return Json();
        }
        return Json::parse(out.str());
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void aFloat32WorkspaceSaysSo() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(m_ws->request()); });
        QCOMPARE(c.workspace()->precision, QStringLiteral("fp32"));
        QCOMPARE(c.workspace()->precisionRequested, QStringLiteral("fp32"));
        QVERIFY(c.workspace()->precisionNote.isEmpty());
    }

    void bfloat16IsCheckedAndGivesTheClisNumbers() {
        Controller c(nullptr, kThreads);
        WorkspaceRequest r = bf16Request();
        r.poisoned.resize(1); // as the CLI call: the first poisoned set, its target from the file
        runToEnd(c, [&] { return c.openWorkspace(r); });
        const WorkspaceInfo& w = *c.workspace();
        QCOMPARE(w.precisionRequested, QStringLiteral("bf16"));
        // Kept or refused (a CPU without AVX512-BF16, or a flipped top-1 on the random-weight
        // model), the note says which and why, as the CLI's does.
        QVERIFY2(w.precisionNote.startsWith(w.precision + QLatin1Char(':')),
                 qPrintable(w.precisionNote));
        qInfo("precision %s", qPrintable(w.precisionNote));

        StripRequest req;
        req.n = 8;
        req.seed = kPrecisionSeed;
        req.sample = 40;
        req.calibration = 30;
        runToEnd(c, [&] { return c.runStrip(req); });
        const StripData& d = *c.strip();

        const Json j = cliStrip();
        QVERIFY(!j.is_null());
        QCOMPARE(QString::fromStdString(j["precision"]["used"].get<std::string>()), w.precision);
        // The same check, word for word, up to the batch size: that one is timed on each side.
        const auto checkPart = [](const QString& note) {
            return note.left(note.lastIndexOf(QStringLiteral("batch ")));
        };
        QCOMPARE(checkPart(QString::fromStdString(j["precision"]["note"].get<std::string>())),
                 checkPart(w.precisionNote));
        const auto entropies = [](const StripSet& s) {
            return std::vector<double>(s.entropy.begin(), s.entropy.end());
        };
        QVERIFY(j["clean"]["entropy"].get<std::vector<double>>() == entropies(d.sets[1]));
        QVERIFY(j["poisoned"][0]["entropy"].get<std::vector<double>>() == entropies(d.sets[2]));
    }

    void anUnknownPrecisionFailsTheOpenAndKeepsTheWorkspace() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(m_ws->request()); });
        WorkspaceRequest r = m_ws->request();
        r.precision = QStringLiteral("fp16");
        QSignalSpy failed(&c, &Controller::failed);
        QVERIFY(c.openWorkspace(r));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kJobTimeoutMs);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("fp16")) &&
                     message.contains(QStringLiteral("fp32 or bf16")),
                 qPrintable(message));
        QVERIFY(c.workspace());
        QCOMPARE(c.workspace()->precision, QStringLiteral("fp32"));
    }

    void sessionsKeepThePrecision() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(bf16Request()); });
        SessionState saved;
        saved.request = bf16Request();
        saved.results = c.sessionResults();
        const QJsonObject json = sessionToJson(saved);
        SessionState read;
        QString error;
        QVERIFY2(sessionFromJson(json, &read, &error, QStringLiteral("s.bdlsession")),
                 qPrintable(error));
        QCOMPARE(read.request.precision, QStringLiteral("bf16"));
        const WorkspaceInfo& w = *read.results.workspace;
        QCOMPARE(w.precision, c.workspace()->precision);
        QCOMPARE(w.precisionRequested, QStringLiteral("bf16"));
        QCOMPARE(w.precisionNote, c.workspace()->precisionNote);

        // A file written before the precision existed reads as float32.
        QJsonObject old = json;
        QJsonObject request = old.value(QStringLiteral("request")).toObject();
        request.remove(QStringLiteral("precision"));
        old.insert(QStringLiteral("request"), request);
        QJsonObject results = old.value(QStringLiteral("results")).toObject();
        QJsonObject ws = results.value(QStringLiteral("workspace")).toObject();
        for (const char* key : {"precision", "precisionRequested", "precisionNote"})
            ws.remove(QLatin1String(key));
        results.insert(QStringLiteral("workspace"), ws);
        old.insert(QStringLiteral("results"), results);
        SessionState older;
        QVERIFY2(sessionFromJson(old, &older, &error, QStringLiteral("old.bdlsession")),
                 qPrintable(error));
        QVERIFY(older.request.precision.isEmpty());
        QCOMPARE(older.results.workspace->precision, QStringLiteral("fp32"));
        QVERIFY(older.results.workspace->precisionNote.isEmpty());
    }
};

BDL_REGISTER_GUI_TEST(PrecisionTest);

#include "test_precision.moc"
