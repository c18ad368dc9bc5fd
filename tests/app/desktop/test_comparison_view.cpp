// The Comparison tab on a tiny workspace: rows from a real B' and real goodnets (the numbers of
// GoodnetData, exactly, in the rows, the table and the bars), STRIP scores, the pruning-aware
// flag (Liu et al.'s definition on B's curve, stated next to it; rows of older sessions shown but
// not judged), rows kept across workspaces, setRows/rows and the CSV/JSON/session round trips,
// remove and clear.
// The functions run in order on one window.
#include "desktop_test_util.h"

#include "app/desktop/comparison_view.h"
#include "app/desktop/export_menu.h"
#include "app/desktop/main_window.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"
#include "widgets/defense_bars_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

#include <cmath>
#include <limits>
#include <memory>

namespace bdl::app::test {

namespace {

using Metric = widgets::DefenseBarsPlot::Metric;

/// Equal as numbers, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool sameRow(const ComparisonRow& a, const ComparisonRow& b) {
    return a.attack == b.attack && a.set == b.set && same(a.stripCca, b.stripCca) &&
           same(a.stripAsr, b.stripAsr) && same(a.bPrimeCca, b.bPrimeCca) &&
           same(a.bPrimeAsr, b.bPrimeAsr) && same(a.gCca, b.gCca) && same(a.gAsr, b.gAsr) &&
           same(a.gPrimeCca, b.gPrimeCca) && same(a.gPrimeAsr, b.gPrimeAsr) &&
           a.pruningAware == b.pruningAware && same(a.pruneOnlyAsr, b.pruneOnlyAsr) &&
           a.pruneOnlyK == b.pruneOnlyK && same(a.pruneOnlyCca, b.pruneOnlyCca) &&
           same(a.pruneBaseCca, b.pruneBaseCca) &&
           same(a.pruningAwareMargin, b.pruningAwareMargin) &&
           same(a.pruningAwareAsr, b.pruningAwareAsr) &&
           a.stripThresholdText == b.stripThresholdText;
}

/// k* of Liu et al.'s definition, computed here from the curve's points (an oracle independent
/// of core::pruningAwareness): the last k before the CCA first falls more than `margin` points.
int kStarOf(const CurveData& curve, double margin) {
    int star = 0;
    for (const CurvePoint& p : curve.points) {
        if (p.cca < curve.points[0].cca - margin)
            break;
        star = p.k;
    }
    return star;
}

double jsonDouble(const QJsonValue& v) { return v.isNull() ? ComparisonRow::kNone : v.toDouble(); }

ComparisonRow syntheticRow(const QString& attack, const QString& set, bool aware) {
    ComparisonRow r;
    r.attack = attack;
    r.set = set;
    r.stripCca = 88.125;
    r.stripAsr = 12.5;
    r.bPrimeCca = 90.0;
    r.bPrimeAsr = 1.0 / 3.0;
    r.gCca = 89.25; // G and G' left at NaN for gPrime
    r.gAsr = 0.0;
    r.pruningAware = aware;
    r.pruneOnlyAsr = aware ? 97.5 : 3.0;
    r.pruneOnlyK = 6;
    r.pruneOnlyCca = 91.25;
    r.pruneBaseCca = 94.5;
    r.pruningAwareMargin = 4.0;
    r.pruningAwareAsr = 50.0;
    r.stripThresholdText = QStringLiteral("manual: 0.3, with \"quotes\"");
    return r;
}

} // namespace

class ComparisonViewTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    Controller* controller() const { return m_window->controller(); }
    ComparisonView* view() const { return m_window->comparisonView(); }
    QPushButton* button(const char* name) const {
        auto* b = view()->findChild<QPushButton*>(QString::fromLatin1(name));
        if (!b)
            qFatal("no button %s", name);
        return b;
    }
    QString cell(int row, int col) const {
        QTableWidgetItem* item = view()->table()->item(row, col);
        return item ? item->text() : QStringLiteral("<none>");
    }
    int rowOf(const QString& attack, const QString& set) const {
        const auto rows = view()->rows();
        for (int i = 0; i < rows.size(); ++i)
            if (rows[i].attack == attack && rows[i].set == set)
                return i;
        return -1;
    }
    /// Table and bars show row i of rows() exactly (two decimals in the table, en dash for NaN).
    void checkShown(int i) {
        const ComparisonRow r = view()->rows()[i];
        const double numbers[] = {r.stripCca, r.stripAsr, r.bPrimeCca, r.bPrimeAsr,
                                  r.gCca,     r.gAsr,     r.gPrimeCca, r.gPrimeAsr};
        for (int c = 0; c < 8; ++c) {
            const QString expected = std::isnan(numbers[c]) ? QString(QChar(0x2013))
                                                            : QString::number(numbers[c], 'f', 2);
            QCOMPARE(cell(i, 2 + c), expected);
        }
        widgets::DefenseBarsPlot* bars = view()->barsPlot();
        for (int d = 0; d < 4; ++d) {
            QVERIFY(same(bars->valueAt(i, d, Metric::Cca), numbers[2 * d]));
            QVERIFY(same(bars->valueAt(i, d, Metric::Asr), numbers[2 * d + 1]));
        }
        QCOMPARE(bars->groups()[i].flagged, r.pruningAware && !std::isnan(r.pruneOnlyAsr));
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        m_window->tabs()->setCurrentWidget(view());
    }

    void startsEmptyWithTheGoodnetsButtonOff() {
        QCOMPARE(view()->objectName(), QStringLiteral("comparisonView"));
        QVERIFY(view()->rows().isEmpty());
        QCOMPARE(view()->table()->rowCount(), 0);
        QCOMPARE(view()->table()->objectName(), QStringLiteral("comparisonTable"));
        QCOMPARE(view()->barsPlot()->defenses(),
                 QStringList({QStringLiteral("STRIP"), QStringLiteral("B'"),
                              QStringLiteral("G(B, B')"), QStringLiteral("G'(B0, B')")}));
        QVERIFY(!button("goodnetsButton")->isEnabled()); // no B' yet
        QCOMPARE(view()->findChild<QSpinBox*>(QStringLiteral("goodnetK0"))->value(), 2);
        QVERIFY(!button("clearComparison")->isEnabled());
    }

    void repairedModelFillsBPrimeAtOnce() {
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        TuneSettings tune;
        tune.epochs = 1;
        QVERIFY(controller()->fineTuneAt(1, tune));
        QVERIFY(!button("goodnetsButton")->isEnabled()); // busy
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        const RepairResult& b = *controller()->repaired();
        const WorkspaceInfo& info = *controller()->workspace();
        QCOMPARE(view()->rows().size(), info.poisonedNames.size());
        for (int i = 0; i < info.poisonedNames.size(); ++i) {
            const ComparisonRow r = view()->rows()[i];
            QCOMPARE(r.attack, ComparisonView::attackName(info));
            QCOMPARE(r.set, info.poisonedNames[i]);
            QCOMPARE(r.bPrimeCca, b.ccaAfter);
            QCOMPARE(r.bPrimeAsr, b.asrAfter[i]);
            QVERIFY(std::isnan(r.gCca) && std::isnan(r.gPrimeAsr) && std::isnan(r.stripCca));
            checkShown(i);
        }
        QVERIFY(button("goodnetsButton")->isEnabled());
    }

    void goodnetsFillTheRowsTableAndBarsExactly() {
        QSignalSpy goodnets(controller(), &Controller::goodnetsReady);
        QTest::mouseClick(button("goodnetsButton"), Qt::LeftButton);
        QVERIFY(controller()->busy());
        QVERIFY(waitIdle(*m_window, [&] { return !goodnets.isEmpty(); }));
        QVERIFY(!m_window->findChild<QWidget*>(QStringLiteral("errorBanner"))->isVisible());
        const GoodnetData data = goodnets.takeFirst().at(0).value<GoodnetData>();
        QCOMPARE(data.k0, 2);
        // Same keys as the B' rows: no row added.
        QCOMPARE(view()->rows().size(), data.poisonedNames.size());
        for (int i = 0; i < data.poisonedNames.size(); ++i) {
            const int row = rowOf(data.attack, data.poisonedNames[i]);
            QVERIFY2(row >= 0,
                     qPrintable(data.attack + QStringLiteral(" / ") + data.poisonedNames[i]));
            const ComparisonRow r = view()->rows()[row];
            QCOMPARE(r.bPrimeCca, data.bPrime.cca);
            QCOMPARE(r.bPrimeAsr, data.bPrime.asr[i]);
            QCOMPARE(r.gCca, data.g.cca);
            QCOMPARE(r.gAsr, data.g.asr[i]);
            QCOMPARE(r.gPrimeCca, data.gPrime.cca);
            QCOMPARE(r.gPrimeAsr, data.gPrime.asr[i]);
            QCOMPARE(r.pruningAware, bool(data.pruningAware[i]));
            QCOMPARE(r.pruneOnlyAsr, data.pruneOnlyAsr[i]);
            QCOMPARE(r.pruneOnlyK, data.pruneOnlyK);
            QCOMPARE(r.pruneOnlyCca, data.pruneOnlyCca);
            QCOMPARE(r.pruneBaseCca, data.b.cca);
            QCOMPARE(r.pruningAwareMargin, data.pruningAwareMargin);
            QCOMPARE(r.pruningAwareAsr, data.pruningAwareAsr);
            checkShown(row);
            QCOMPARE(cell(row, 10),
                     (data.pruningAware[i] ? QStringLiteral("yes: ASR %1 % at k* = %2")
                                           : QStringLiteral("no: ASR %1 % at k* = %2"))
                         .arg(ComparisonView::numberText(data.pruneOnlyAsr[i]))
                         .arg(data.pruneOnlyK));
            QVERIFY(view()->table()->item(row, 10)->toolTip().contains(
                QStringLiteral("k* = %1, the most channels").arg(data.pruneOnlyK)));
        }
    }

    void pruningAwareFollowsLiuEtAlOnBsCurve() {
        // The goodnets above judged B on its pruning curve (the window computed it on opening):
        // k* is where the clean accuracy first falls more than 4 points, the ASR is B pruned
        // alone there, and the flag is that ASR >= 50 %. B' was made at k = 1; on this workspace
        // k* is further, so the ASR at the k of B' (the rule before) would not match.
        const GoodnetData& data = *controller()->goodnets();
        const CurveData& curve = *controller()->curve();
        const int kStar = kStarOf(curve, 4.0);
        QVERIFY2(kStar != controller()->repaired()->k, "the workspace must tell the rules apart");
        QCOMPARE(data.pruneOnlyK, kStar);
        QCOMPARE(data.pruningAwareMargin, 4.0);
        QCOMPARE(data.pruningAwareAsr, 50.0);
        QCOMPARE(data.pruneOnlyCca, curve.points[kStar].cca);
        QCOMPARE(data.pruneOnlyAsr, curve.points[kStar].asr);
        for (int i = 0; i < data.pruneOnlyAsr.size(); ++i)
            QCOMPARE(bool(data.pruningAware[i]), curve.points[kStar].asr[i] >= 50.0);
        // The definition, with its numbers, next to the flag: a visible note and the column
        // header's tooltip.
        auto* definition = view()->findChild<QLabel*>(QStringLiteral("pruningAwareDefinition"));
        QVERIFY(definition && definition->isVisible());
        QCOMPARE(definition->text(), view()->definitionText());
        for (const QString& part :
             {QStringLiteral("Liu et al."), QStringLiteral("dormant"),
              QStringLiteral("more than 4 points"), QStringLiteral("at least 50 %")})
            QVERIFY2(definition->text().contains(part), qPrintable(definition->text()));
        QCOMPARE(view()->table()->horizontalHeaderItem(10)->toolTip(), definition->text());
    }

    void stripRunAndThresholdFollowTheStripTab() {
        QSignalSpy ready(controller(), &Controller::stripReady);
        StripRequest request;
        request.n = 20;
        request.sample = 40;
        request.calibration = 40;
        QVERIFY(controller()->runStrip(request));
        QVERIFY(waitIdle(*m_window, [&] { return !ready.isEmpty(); }));
        StripView* strip = m_window->stripView();
        const WorkspaceInfo& info = *controller()->workspace();
        auto check = [&] {
            const StripScores s = strip->scores();
            QCOMPARE(s.asr.size(), info.poisonedNames.size());
            for (int i = 0; i < info.poisonedNames.size(); ++i) {
                const int row = rowOf(ComparisonView::attackName(info), info.poisonedNames[i]);
                QVERIFY(row >= 0);
                QCOMPARE(view()->rows()[row].stripCca, s.cca);
                QCOMPARE(view()->rows()[row].stripAsr, s.asr[i]);
                QCOMPARE(view()->rows()[row].stripThresholdText, strip->thresholdText());
                checkShown(row);
            }
        };
        check();
        // A dragged (manual) threshold: every clean input flagged, STRIP CCA 0.
        strip->setThreshold(1e6);
        QCOMPARE(strip->scores().cca, 0.0);
        check();
        strip->setThreshold(std::numeric_limits<double>::quiet_NaN()); // back to the rule
        check();
    }

    void stripScoresFillTheStripColumns() {
        const WorkspaceInfo& info = *controller()->workspace();
        StripScores s;
        s.threshold = 0.25;
        s.cca = 87.5;
        s.asr = {10.0, 62.5};
        view()->setStripScores(s, QStringLiteral("normal fit, FRR 1 %: 0.250"));
        for (int i = 0; i < 2; ++i) {
            const int row = rowOf(ComparisonView::attackName(info), info.poisonedNames[i]);
            QVERIFY(row >= 0);
            QCOMPARE(view()->rows()[row].stripCca, 87.5);
            QCOMPARE(view()->rows()[row].stripAsr, s.asr[i]);
            QCOMPARE(view()->rows()[row].stripThresholdText,
                     QStringLiteral("normal fit, FRR 1 %: 0.250"));
            checkShown(row);
            QVERIFY(view()->table()->item(row, 2)->toolTip().contains(QStringLiteral("0.250")));
        }
        // Scores without a run change nothing.
        const auto before = view()->rows();
        view()->setStripScores(StripScores(), QString());
        QCOMPARE(view()->rows().size(), before.size());
        for (int i = 0; i < before.size(); ++i)
            QVERIFY(sameRow(view()->rows()[i], before[i]));
    }

    void aFlaggedRowShowsTheFlag() {
        QVector<ComparisonRow> rows = view()->rows();
        rows << syntheticRow(QStringLiteral("blend"), QStringLiteral("blend_test"), true)
             << syntheticRow(QStringLiteral("blend"), QStringLiteral("other"), false);
        view()->setRows(rows);
        const int flagged = static_cast<int>(rows.size()) - 2;
        checkShown(flagged);
        checkShown(flagged + 1);
        QVERIFY(view()->barsPlot()->groups()[flagged].flagged);
        QCOMPARE(view()->barsPlot()->groups()[flagged].flagText,
                 QStringLiteral("pruning-aware: ASR 97.50 % at k* = 6"));
        QVERIFY(!view()->barsPlot()->groups()[flagged + 1].flagged);
        QCOMPARE(cell(flagged, 10), QStringLiteral("yes: ASR 97.50 % at k* = 6"));
        QCOMPARE(cell(flagged + 1, 10), QStringLiteral("no: ASR 3.00 % at k* = 6"));
        QCOMPARE(view()->table()->item(flagged, 10)->toolTip(),
                 QStringLiteral("B pruned alone (no fine-tuning), lowest mean activation first: "
                                "k* = 6, the most channels pruned before its CCA first falls "
                                "more than 4 points below 94.50 % (CCA 91.25 % at k*). ASR "
                                "there: 97.50 %, at least the threshold of 50 %."));
        const QString note = view()->flagText();
        QVERIFY2(note.contains(QStringLiteral("blend \u00b7 blend_test: pruning-aware: ASR 97.50 % "
                                              "at k* = 6 (B pruned alone; CCA 91.25 %, unpruned "
                                              "94.50 %)")),
                 qPrintable(note));
        QVERIFY(!note.contains(QStringLiteral("other:")));
        auto* label = view()->findChild<QLabel*>(QStringLiteral("pruningAwareNote"));
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), note);
    }

    void aRowOfAnOlderSessionIsShownButNotJudged() {
        // Saved before the definition: ASR at the k of B', no margin. Never flagged.
        ComparisonRow old = syntheticRow(QStringLiteral("old"), QStringLiteral("patch"), true);
        old.pruneOnlyCca = old.pruneBaseCca = ComparisonRow::kNone;
        old.pruningAwareMargin = old.pruningAwareAsr = ComparisonRow::kNone;
        QVector<ComparisonRow> rows = view()->rows();
        rows << old;
        view()->setRows(rows);
        const int row = static_cast<int>(rows.size()) - 1;
        QVERIFY(cell(row, 10).startsWith(QStringLiteral("not judged")));
        QVERIFY(cell(row, 10).contains(QStringLiteral("97.50")));
        QVERIFY(!view()->barsPlot()->groups()[row].flagged);
        QVERIFY(!view()->flagText().contains(QStringLiteral("old \u00b7 patch")));
        rows.removeLast();
        view()->setRows(rows);
    }

    void sessionsKeepTheVerdictAndReadOlderFiles() {
        SessionState state;
        state.comparison = view()->rows();
        GoodnetData g = *controller()->goodnets();
        state.results.goodnets = g;
        SessionState back;
        QString error;
        QVERIFY2(sessionFromJson(sessionToJson(state), &back, &error), qPrintable(error));
        QCOMPARE(back.comparison.size(), state.comparison.size());
        for (int i = 0; i < state.comparison.size(); ++i)
            QVERIFY(sameRow(back.comparison[i], state.comparison[i]));
        QCOMPARE(back.results.goodnets->pruneOnlyK, g.pruneOnlyK);
        QCOMPARE(back.results.goodnets->pruneOnlyCca, g.pruneOnlyCca);
        QCOMPARE(back.results.goodnets->pruningAwareMargin, 4.0);
        QCOMPARE(back.results.goodnets->pruningAwareAsr, 50.0);

        // A file written before the definition has none of the new members: it still reads,
        // with NaN margins (shown as not judged).
        QJsonObject json = sessionToJson(state);
        const QStringList added{QStringLiteral("pruneOnlyCca"), QStringLiteral("pruneBaseCca"),
                                QStringLiteral("pruningAwareMargin"),
                                QStringLiteral("pruningAwareAsr")};
        QJsonArray rows = json.value(QStringLiteral("comparison")).toArray();
        QVERIFY(!rows.isEmpty());
        for (int i = 0; i < rows.size(); ++i) {
            QJsonObject o = rows[i].toObject();
            for (const QString& key : added)
                o.remove(key);
            rows[i] = o;
        }
        json.insert(QStringLiteral("comparison"), rows);
        QJsonObject results = json.value(QStringLiteral("results")).toObject();
        QJsonObject goodnets = results.value(QStringLiteral("goodnets")).toObject();
        QVERIFY(goodnets.contains(QStringLiteral("pruningAwareMargin")));
        for (const QString& key : added)
            goodnets.remove(key);
        results.insert(QStringLiteral("goodnets"), goodnets);
        json.insert(QStringLiteral("results"), results);
        SessionState old;
        QVERIFY2(sessionFromJson(json, &old, &error), qPrintable(error));
        QCOMPARE(old.comparison.size(), state.comparison.size());
        QVERIFY(std::isnan(old.comparison[0].pruningAwareMargin));
        QVERIFY(std::isnan(old.results.goodnets->pruningAwareMargin));
        QCOMPARE(old.results.goodnets->pruneOnlyAsr, g.pruneOnlyAsr);
    }

    void rowsRoundTripThroughSetRowsCsvAndJson() {
        const QVector<ComparisonRow> rows = view()->rows();
        view()->setRows({});
        QVERIFY(view()->rows().isEmpty());
        QCOMPARE(view()->table()->rowCount(), 0);
        QVERIFY(view()->flagText().isEmpty());
        view()->setRows(rows);
        QCOMPARE(view()->rows().size(), rows.size());
        for (int i = 0; i < rows.size(); ++i)
            QVERIFY(sameRow(view()->rows()[i], rows[i]));

        const QJsonObject json = QJsonDocument::fromJson(view()->toJson().toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("defenses")).toArray().size(), 4);
        const QJsonArray jrows = json.value(QStringLiteral("rows")).toArray();
        QCOMPARE(jrows.size(), rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject o = jrows[i].toObject();
            QCOMPARE(o.value(QStringLiteral("attack")).toString(), rows[i].attack);
            QVERIFY(same(jsonDouble(o.value(QStringLiteral("g_prime_asr"))), rows[i].gPrimeAsr));
            QVERIFY(same(jsonDouble(o.value(QStringLiteral("b_prime_asr"))), rows[i].bPrimeAsr));
            QCOMPARE(o.value(QStringLiteral("pruning_aware")).toBool(), rows[i].pruningAware);
            QVERIFY(
                same(jsonDouble(o.value(QStringLiteral("prune_only_cca"))), rows[i].pruneOnlyCca));
            QVERIFY(same(jsonDouble(o.value(QStringLiteral("pruning_aware_margin"))),
                         rows[i].pruningAwareMargin));
        }
        const QStringList lines = view()->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), rows.size() + 1);
        QVERIFY(lines[0].startsWith(QStringLiteral("attack,set,strip_cca,strip_asr")));
        // The synthetic flagged row: exact numbers, NaN as an empty field, quoted text.
        const QString last = lines[lines.size() - 2];
        QVERIFY2(
            last.startsWith(QStringLiteral("blend,blend_test,88.125,12.5,90,0.3333333333333333,"
                                           "89.25,0,,,true,97.5,6,")),
            qPrintable(last));
        QVERIFY2(last.endsWith(QStringLiteral("\"manual: 0.3, with \"\"quotes\"\"\",false,91.25,"
                                              "94.5,4,50")),
                 qPrintable(last));
        QVERIFY(lines[0].endsWith(
            QStringLiteral("in_sample,prune_only_cca,prune_base_cca,pruning_aware_margin,"
                           "pruning_aware_asr_threshold")));
    }

    void exportsTheFigureAndTheRows() {
        ExportMenu* menu = m_window->exportMenu();
        QVERIFY(menu->figureIds().contains(QStringLiteral("comparison")));
        QVERIFY(menu->dataIds().contains(QStringLiteral("comparison")));
        const QString csv = m_ws->file(QStringLiteral("comparison.csv"));
        const QString json = m_ws->file(QStringLiteral("comparison.json"));
        const QString png = m_ws->file(QStringLiteral("comparison.png"));
        QVERIFY(menu->exportData(QStringLiteral("comparison"), csv));
        QVERIFY(menu->exportData(QStringLiteral("comparison"), json));
        QVERIFY(menu->exportFigure(QStringLiteral("comparison"), png));
        QCOMPARE(readAll(csv), view()->toCsv().toUtf8());
        QCOMPARE(readAll(json), view()->toJson().toUtf8());
        QVERIFY(!QImage(png, "PNG").isNull());
    }

    void rowsStayWhenAWorkspaceOpens() {
        const QVector<ComparisonRow> rows = view()->rows();
        QSignalSpy opened(controller(), &Controller::workspaceOpened);
        QVERIFY(m_window->openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(*m_window, [&] { return !opened.isEmpty(); }));
        QCOMPARE(view()->rows().size(), rows.size());
        for (int i = 0; i < rows.size(); ++i)
            QVERIFY(sameRow(view()->rows()[i], rows[i]));
        QVERIFY(!button("goodnetsButton")->isEnabled()); // the new workspace has no B'
    }

    void removeAndClear() {
        const int before = static_cast<int>(view()->rows().size());
        QVERIFY(before >= 3);
        QVERIFY(!button("removeComparisonRow")->isEnabled());
        const ComparisonRow second = view()->rows()[1];
        view()->table()->selectRow(0);
        QVERIFY(button("removeComparisonRow")->isEnabled());
        QTest::mouseClick(button("removeComparisonRow"), Qt::LeftButton);
        QCOMPARE(view()->rows().size(), before - 1);
        QCOMPARE(view()->table()->rowCount(), before - 1);
        QVERIFY(sameRow(view()->rows()[0], second));
        QCOMPARE(view()->barsPlot()->groups().size(), before - 1);
        QVERIFY(button("clearComparison")->isEnabled());
        QTest::mouseClick(button("clearComparison"), Qt::LeftButton);
        QVERIFY(view()->rows().isEmpty());
        QCOMPARE(view()->table()->rowCount(), 0);
        QVERIFY(view()->barsPlot()->groups().isEmpty());
        QVERIFY(!button("clearComparison")->isEnabled());
    }
};

BDL_REGISTER_DESKTOP_TEST(ComparisonViewTest);

} // namespace bdl::app::test

#include "test_comparison_view.moc"
