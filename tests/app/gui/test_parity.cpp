// One engine under both faces: every protocol run through the CLI (`--json`, in process, exactly
// what main() runs) and through the desktop app's Controller on the same files and seed gives the
// same numbers, bit for bit: the pruning curve, Liu et al.'s split and fine-pruning, the
// learning-rate sweep's cells, STRIP's entropies, threshold, FRR/FAR/AUROC (with a separate train
// set and with the clean test set in both roles), and the goodnets G and G'.
#include "gui_test_util.h"

#include "app/cli/commands.h"
#include "app/gui/controller.h"
#include "app/gui/strip_math.h"

#include <QtTest/QTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;
using Json = nlohmann::json;

namespace {

constexpr quint64 kParitySeed = 5;
const TuneSettings kParityTune{/*lr=*/1e-3, /*epochs=*/1, /*batchSize=*/16, /*seed=*/kParitySeed};

/// Exact equality, NaN equal to NaN (QCOMPARE on doubles is fuzzy).
bool sameNumber(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

#define EXPECT_SAME(a, b)                                                                          \
    QVERIFY2(sameNumber((a), (b)),                                                                 \
             qPrintable(QStringLiteral("%1 != %2 (%3 vs %4)")                                      \
                            .arg(QString::number((a), 'g', 17), QString::number((b), 'g', 17),     \
                                 QStringLiteral(#a), QStringLiteral(#b))))

} // namespace

class ParityTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;

    /// The CLI's common options for the tiny workspace (as TinyWorkspace::request() opens it).
    std::vector<std::string> inputs(bool withTrain = true) const {
        std::vector<std::string> a{"--json",
                                   "--threads",
                                   std::to_string(kThreads),
                                   "--seed",
                                   std::to_string(kParitySeed),
                                   "--model",
                                   m_ws->model.toStdString(),
                                   "--scale",
                                   "1/255",
                                   "--clean",
                                   m_ws->clean.toStdString(),
                                   "--poisoned",
                                   m_ws->poisonedA.toStdString(),
                                   "--poisoned",
                                   m_ws->poisonedB.toStdString() + ":2"};
        if (withTrain) {
            a.push_back("--train");
            a.push_back(m_ws->train.toStdString());
        }
        return a;
    }

    static std::vector<std::string> tuneArgs() {
        return {"--lr", "1e-3", "--epochs", "1", "--batch-size", "16"};
    }

    /// Runs `backdoorlab-cli command args...` in process and parses its one JSON object.
    Json cli(const std::string& command, std::vector<std::string> args) {
        args.insert(args.begin(), command);
        std::ostringstream out, err;
        const int code = runCli(args, out, err);
        if (code != 0)
            qWarning("backdoorlab-cli %s exited %d: %s %s", command.c_str(), code,
                     err.str().c_str(), out.str().c_str());
        return code == 0 ? Json::parse(out.str()) : Json();
    }

    WorkspaceRequest request(bool withTrain = true) const {
        WorkspaceRequest r = m_ws->request();
        r.seed = kParitySeed;
        if (!withTrain)
            r.trainPath.clear();
        return r;
    }

    /// The STRIP numbers of both faces for one request; `withTrain` false: the clean test set
    /// serves as the train set in both.
    void compareStrip(bool withTrain) {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(request(withTrain)); });
        StripRequest req;
        req.n = 8;
        req.seed = kParitySeed;
        req.sample = 40;
        req.calibration = 30;
        req.rule = StripRule::NormalFit;
        req.frr = 5.0;
        runToEnd(c, [&] { return c.runStrip(req); });
        const StripData& d = *c.strip();

        auto args = inputs(withTrain);
        for (const char* a : {"--n", "8", "--sample", "40", "--calibration-size", "30", "--rule",
                              "normal", "--frr", "5"})
            args.emplace_back(a);
        const Json j = cli("strip", args);
        QVERIFY(!j.is_null());

        // The same inputs scored: the calibration and every set's entropies, in order.
        const auto entropies = [](const StripSet& s) {
            return std::vector<double>(s.entropy.begin(), s.entropy.end());
        };
        QCOMPARE(j["calibration"]["images"].get<int64_t>(),
                 static_cast<int64_t>(d.calibration()->size()));
        QVERIFY(j["clean"]["entropy"].get<std::vector<double>>() == entropies(d.sets[1]));
        for (int i = 0; i < d.poisonedCount(); ++i)
            QVERIFY(j["poisoned"][i]["entropy"].get<std::vector<double>>() ==
                    entropies(d.sets[2 + i]));

        // The threshold from clean calibration data, and the scores there.
        const double threshold = stripRuleThreshold(d, StripRule::NormalFit, 5.0);
        EXPECT_SAME(j["threshold"]["value"].get<double>(), threshold);
        const StripScores s = stripScoresAt(d, threshold);
        EXPECT_SAME(j["calibration"]["frr"].get<double>(), s.calibrationFrr);
        EXPECT_SAME(j["clean"]["frr"].get<double>(), s.frr);
        EXPECT_SAME(j["clean"]["cca"].get<double>(), s.cca);
        QCOMPARE(static_cast<int>(j["poisoned"].size()), d.poisonedCount());
        for (int i = 0; i < d.poisonedCount(); ++i) {
            EXPECT_SAME(j["poisoned"][i]["far"].get<double>(), s.far[i]);
            EXPECT_SAME(j["poisoned"][i]["asr"].get<double>(), s.asr[i]);
            EXPECT_SAME(j["poisoned"][i]["auroc"].get<double>(), s.auroc[i]);
        }
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void pruningCurveIsTheSame() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(request()); });
        runToEnd(c, [&] { return c.computePruningCurve(); });
        const CurveData& g = *c.curve();
        const Json j = cli("prune", inputs());
        QVERIFY(!j.is_null());
        QCOMPARE(static_cast<int>(j["curve"].size()), g.points.size());
        QVERIFY(j["order"].get<std::vector<int>>() ==
                std::vector<int>(g.order.begin(), g.order.end()));
        for (int k = 0; k < g.points.size(); ++k) {
            const Json& p = j["curve"][k];
            QCOMPARE(p["k"].get<int>(), g.points[k].k);
            QCOMPARE(p["channel"].get<int>(), g.points[k].channel);
            EXPECT_SAME(p["cca"].get<double>(), g.points[k].cca);
            for (int i = 0; i < g.poisonedNames.size(); ++i)
                EXPECT_SAME(p["asr"][g.poisonedNames[i].toStdString()].get<double>(),
                            g.points[k].asr[i]);
        }
    }

    void liuSplitFinePruningAndGoodnetsAreTheSame() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(request()); });
        runToEnd(c, [&] { return c.runLiuProtocol(4.0, kParityTune); });
        const RepairResult& g = *c.repaired();

        auto args = inputs();
        for (const auto& a : tuneArgs())
            args.push_back(a);
        for (const char* a : {"--protocol", "liu", "--max-drop", "4"})
            args.emplace_back(a);
        const Json j = cli("fine-prune", args);
        QVERIFY(!j.is_null());
        // The same 20 % held out: the same validation curve, stopping point and scores.
        QCOMPARE(j["stop_k"].get<int>(), g.k);
        EXPECT_SAME(j["base_validation"].get<double>(), g.baseValidation);
        QVERIFY(j["validation_curve"].get<std::vector<double>>() ==
                std::vector<double>(g.validationCurve.begin(), g.validationCurve.end()));
        EXPECT_SAME(j["pruned"]["cca"].get<double>(), g.ccaPruned);
        EXPECT_SAME(j["fine_tuned"]["cca"].get<double>(), g.ccaAfter);
        const QStringList names = c.workspace()->poisonedNames;
        QCOMPARE(names.size(), 2);
        for (int i = 0; i < names.size(); ++i)
            EXPECT_SAME(j["fine_tuned"]["asr"][names[i].toStdString()].get<double>(),
                        g.asrAfter[i]);
        QVERIFY(j["epoch_loss"].get<std::vector<double>>() ==
                std::vector<double>(g.epochLoss.begin(), g.epochLoss.end()));

        // Goodnets of this B': the desktop app's, and the CLI's on the B' the app exports.
        GoodnetRequest gr;
        gr.k0 = 2;
        gr.tune = kParityTune;
        runToEnd(c, [&] { return c.computeGoodnets(gr); });
        const GoodnetData& gd = *c.goodnets();
        const QString bPrime = m_ws->file(QStringLiteral("parity_bprime.h5"));
        runToEnd(c, [&] { return c.exportRepaired(bPrime); });
        auto gargs = inputs();
        for (const auto& a : tuneArgs())
            gargs.push_back(a);
        for (const std::string& a :
             {std::string("--repaired"), bPrime.toStdString(), std::string("--repaired-scale"),
              std::string("1/255"), std::string("--b0-channels"), std::string("2")})
            gargs.push_back(a);
        const Json gj = cli("goodnet", gargs);
        QVERIFY(!gj.is_null());
        const auto compare = [&names](const Json& cliReport, const DefenseScores& app) {
            EXPECT_SAME(cliReport["cca"].get<double>(), app.cca);
            EXPECT_SAME(cliReport["clean_rejected"].get<double>(), app.cleanRejectRate);
            for (int i = 0; i < names.size(); ++i) {
                const Json& set = cliReport["poisoned"][names[i].toStdString()];
                EXPECT_SAME(set["asr"].get<double>(), app.asr[i]);
                EXPECT_SAME(set["rejected"].get<double>(), app.rejectRate[i]);
            }
        };
        compare(gj["g"], gd.g);
        if (QTest::currentTestFailed())
            return;
        compare(gj["g_prime"], gd.gPrime);
        if (QTest::currentTestFailed())
            return;
        EXPECT_SAME(gj["b0_scores"]["cca"].get<double>(), gd.b0.cca);
        EXPECT_SAME(gj["b_prime_scores"]["cca"].get<double>(), gd.bPrime.cca);
    }

    void sweepCellsAreTheSame() {
        Controller c(nullptr, kThreads);
        runToEnd(c, [&] { return c.openWorkspace(request()); });
        SweepRequest req;
        req.lrs = {1e-3, 1e-4};
        req.ks = {1, 3};
        req.epochs = 1;
        req.batchSize = 16;
        req.seed = kParitySeed;
        runToEnd(c, [&] { return c.runSweep(req); });
        const SweepData& d = *c.sweep();

        auto args = inputs();
        for (const char* a :
             {"--epochs", "1", "--batch-size", "16", "--lrs", "1e-3,1e-4", "--ks", "1,3"})
            args.emplace_back(a);
        const Json j = cli("sweep", args);
        QVERIFY(!j.is_null());
        QCOMPARE(d.cells.size(), 4);
        for (const SweepCell& cell : d.cells) {
            EXPECT_SAME(j["cca"][cell.lrIndex][cell.kIndex].get<double>(), cell.cca);
            for (int i = 0; i < d.poisonedNames.size(); ++i)
                EXPECT_SAME(j["asr"][d.poisonedNames[i].toStdString()][cell.lrIndex][cell.kIndex]
                                .get<double>(),
                            cell.asr[i]);
        }
    }

    void stripWithATrainSetIsTheSame() { compareStrip(/*withTrain=*/true); }

    void stripWithTheCleanSetInBothRolesIsTheSame() { compareStrip(/*withTrain=*/false); }
};

BDL_REGISTER_GUI_TEST(ParityTest);

#include "test_parity.moc"
