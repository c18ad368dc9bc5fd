// DefenseBarsPlot: bar values exactly as given in two panels, NaN as a gap with a stub, flagged
// groups marked in the tick labels and tooltips, legend, hit testing, themes, export.
#include "widget_test_util.h"

#include "widgets/defense_bars_plot.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

using namespace bdl::widgets;
using bdl::widgets::test::barPoints;
using bdl::widgets::test::kNaN;
using bdl::widgets::test::readAll;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

namespace {

const QStringList kDefenses{QStringLiteral("STRIP"), QStringLiteral("B'"),
                            QStringLiteral("G(B, B')"), QStringLiteral("G'(B0, B')")};

QVector<DefenseGroup> groups() {
    DefenseGroup patch{QStringLiteral("patch → 0"),
                       {93.25, 91.5, 92.0, 90.125},
                       {0.5, 99.75, 1.25, 0.0},
                       false,
                       {}};
    DefenseGroup blend{
        QStringLiteral("blend → 3"), {93.25, kNaN, 88.0}, {12.5, kNaN, 2.0}, false, {}}; // short
    DefenseGroup aware{QStringLiteral("aware → 1"),
                       {92.0, 90.0, 89.5, 91.0},
                       {97.0, 97.0, 3.0, 1.5},
                       true,
                       QStringLiteral("pruning-aware: ASR 97 % after pruning alone")};
    return {patch, blend, aware};
}

// The documented bar centre: side by side in the middle 80 % of the group's unit width.
double defenseBarKey(int group, int defense, int defenses = 4) {
    return group - 0.4 + (defense + 0.5) * 0.8 / defenses;
}

} // namespace

class DefenseBarsPlotTest : public QObject {
    Q_OBJECT

private:
    QCPBars* bars(DefenseBarsPlot& plot, const QString& name) {
        return plot.customPlot()->findChild<QCPBars*>(name);
    }

    void fill(DefenseBarsPlot& plot) {
        plot.setDefenses(kDefenses);
        plot.setGroups(groups());
    }

private Q_SLOTS:
    void valuesDrawnAsGiven() {
        DefenseBarsPlot plot;
        fill(plot);
        QCOMPARE(barPoints(bars(plot, QStringLiteral("ccaBars0"))),
                 (QVector<QPointF>{{defenseBarKey(0, 0), 93.25},
                                   {defenseBarKey(1, 0), 93.25},
                                   {defenseBarKey(2, 0), 92.0}}));
        QCOMPARE(barPoints(bars(plot, QStringLiteral("asrBars1"))),
                 (QVector<QPointF>{{defenseBarKey(0, 1), 99.75},
                                   {defenseBarKey(2, 1), 97.0}})); // blend's NaN: no bar
        QCOMPARE(barPoints(bars(plot, QStringLiteral("asrBars3"))),
                 (QVector<QPointF>{{defenseBarKey(0, 3), 0.0},
                                   {defenseBarKey(2, 3), 1.5}})); // blend's missing: no bar
        QCOMPARE(plot.valueAt(0, 2, DefenseBarsPlot::Metric::Asr), 1.25);
        QCOMPARE(plot.valueAt(2, 3, DefenseBarsPlot::Metric::Cca), 91.0);
        QVERIFY(std::isnan(plot.valueAt(1, 1, DefenseBarsPlot::Metric::Cca)));
        QVERIFY(std::isnan(plot.valueAt(1, 3, DefenseBarsPlot::Metric::Asr))); // padded
        QVERIFY(std::isnan(plot.valueAt(3, 0, DefenseBarsPlot::Metric::Asr)));
        QVERIFY(std::isnan(plot.valueAt(0, 4, DefenseBarsPlot::Metric::Asr)));
        // The two panels are separate axis rects sharing the group axis.
        auto* cca = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("ccaRect"));
        auto* asr = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("asrRect"));
        QVERIFY(cca && asr && cca != asr);
        QCOMPARE(bars(plot, QStringLiteral("asrBars0"))->keyAxis()->axisRect(), asr);
        QCOMPARE(asr->axis(QCPAxis::atBottom)->range(), QCPRange(-0.5, 2.5));
        QCOMPARE(cca->axis(QCPAxis::atLeft)->range().lower, 0.0);
        QVERIFY(cca->axis(QCPAxis::atLeft)->range().upper >= 100.0);
    }

    void nanLeavesAStub() {
        DefenseBarsPlot plot;
        fill(plot);
        const QVector<QPointF> ccaStubs = barPoints(bars(plot, QStringLiteral("ccaMissing")));
        QCOMPARE(ccaStubs.size(), 2); // blend: B' and G'
        QCOMPARE(ccaStubs[0].x(), defenseBarKey(1, 1));
        QCOMPARE(ccaStubs[1].x(), defenseBarKey(1, 3));
        QVERIFY(ccaStubs[0].y() > 0.0 && ccaStubs[0].y() <= 5.0);
        QCOMPARE(bars(plot, QStringLiteral("asrMissing"))->dataCount(), 2);
        QCOMPARE(bars(plot, QStringLiteral("ccaMissing"))->brush().style(), Qt::BDiagPattern);

        QCPLegend* legend = plot.customPlot()->legend;
        QCOMPARE(legend->itemCount(), 5); // four defenses and "not measured"
        auto name = [&](int i) {
            return qobject_cast<QCPPlottableLegendItem*>(legend->item(i))->plottable()->name();
        };
        QCOMPARE(name(2), QStringLiteral("G(B, B')"));
        QCOMPARE(name(4), QStringLiteral("not measured"));

        QVector<DefenseGroup> complete = groups();
        complete.remove(1);
        plot.setGroups(complete);
        QCOMPARE(bars(plot, QStringLiteral("ccaMissing"))->dataCount(), 0);
        QCOMPARE(legend->itemCount(), 4);
    }

    void flaggedGroupIsMarked() {
        DefenseBarsPlot plot;
        fill(plot);
        QCOMPARE(plot.groupTickLabel(0), QStringLiteral("patch → 0"));
        const QString flagged = plot.groupTickLabel(2);
        QVERIFY(flagged.startsWith(QStringLiteral("\u26A0 aware → 1\n")));
        QVERIFY(flagged.contains(QStringLiteral("pruning-aware")));
        auto* asr = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("asrRect"));
        auto ticks = asr->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
        QCOMPARE(ticks->ticks().value(2.0), flagged);
        QCOMPARE(ticks->ticks().value(1.0), QStringLiteral("blend → 3"));

        int bands = 0;
        for (auto* item : plot.customPlot()->findChildren<QCPItemRect*>(QStringLiteral("flagBand")))
            bands += item->visible() ? 1 : 0;
        QCOMPARE(bands, 2); // one per panel

        const QString tip = plot.toolTipForBar(2, 1, DefenseBarsPlot::Metric::Asr);
        QCOMPARE(
            tip,
            QStringLiteral(
                "aware → 1\n\u26A0 pruning-aware: ASR 97 % after pruning alone\nB'\nASR 97.00 %"));
        QCOMPARE(plot.toolTipForBar(1, 1, DefenseBarsPlot::Metric::Cca),
                 QStringLiteral("blend → 3\nB'\nCCA not measured"));

        QVector<DefenseGroup> none = groups();
        none[2].flagged = false;
        plot.setGroups(none);
        bands = 0;
        for (auto* item : plot.customPlot()->findChildren<QCPItemRect*>(QStringLiteral("flagBand")))
            bands += item->visible() ? 1 : 0;
        QCOMPARE(bands, 0);
        QCOMPARE(plot.groupTickLabel(2), QStringLiteral("aware → 1"));
    }

    void barAtFindsBarsInBothPanels() {
        DefenseBarsPlot plot;
        fill(plot);
        plot.resize(800, 600);
        plot.show(); // a hidden plot keeps its default viewport: pixel positions need a shown one
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        auto* cca = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("ccaRect"));
        auto* asr = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("asrRect"));
        auto pixel = [](QCPAxisRect* rect, double key, double value) {
            return QPoint(static_cast<int>(rect->axis(QCPAxis::atBottom)->coordToPixel(key)),
                          static_cast<int>(rect->axis(QCPAxis::atLeft)->coordToPixel(value)));
        };
        std::optional<DefenseBarsPlot::Bar> bar = plot.barAt(pixel(asr, defenseBarKey(0, 1), 50.0));
        QVERIFY(bar);
        QCOMPARE(bar->group, 0);
        QCOMPARE(bar->defense, 1);
        QVERIFY(bar->metric == DefenseBarsPlot::Metric::Asr);
        QCOMPARE(plot.toolTipAt(pixel(asr, defenseBarKey(0, 1), 50.0)),
                 QStringLiteral("patch → 0\nB'\nASR 99.75 %"));

        bar = plot.barAt(pixel(cca, defenseBarKey(2, 3), 45.0));
        QVERIFY(bar && bar->group == 2 && bar->defense == 3 &&
                bar->metric == DefenseBarsPlot::Metric::Cca);
        QVERIFY(!plot.barAt(pixel(asr, defenseBarKey(0, 0), 50.0))); // above STRIP's 0.5 % bar
        bar = plot.barAt(pixel(cca, defenseBarKey(1, 1), 1.0));      // the stub of a missing value
        QVERIFY(bar && bar->group == 1 && bar->defense == 1);
        QVERIFY(plot.toolTipAt(pixel(cca, defenseBarKey(1, 1), 1.0))
                    .contains(QStringLiteral("not measured")));
        // Above the bars, the whole group.
        const QString groupTip = plot.toolTipAt(pixel(asr, defenseBarKey(0, 0), 50.0));
        QVERIFY(groupTip.contains(QStringLiteral("STRIP: ASR 0.50 %")));
        QVERIFY(groupTip.contains(QStringLiteral("G'(B0, B'): ASR 0.00 %")));
    }

    void defensesCanChange() {
        DefenseBarsPlot plot;
        fill(plot);
        plot.setDefenses({QStringLiteral("STRIP"), QStringLiteral("B'")});
        QVERIFY(!bars(plot, QStringLiteral("ccaBars2")));
        QCOMPARE(
            barPoints(bars(plot, QStringLiteral("ccaBars1"))),
            (QVector<QPointF>{{defenseBarKey(0, 1, 2), 91.5}, {defenseBarKey(2, 1, 2), 90.0}}));
        QCOMPARE(plot.customPlot()->legend->itemCount(), 3);
    }

    void exportsPngAndThemes() {
        DefenseBarsPlot plot;
        fill(plot);
        plot.resize(800, 600);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(plot.exportTo(dir.filePath(QStringLiteral("fig1.png")), &error),
                 qPrintable(error));
        QVERIFY(readAll(dir.filePath(QStringLiteral("fig1.png"))).startsWith("\x89PNG"));
        const QColor light = bars(plot, QStringLiteral("ccaBars0"))->brush().color();
        plot.replotNow();
        QVERIFY(sameColor(renderImage(plot.customPlot()).pixelColor(3, 3), Qt::white));
        plot.setDarkTheme(true);
        QVERIFY(bars(plot, QStringLiteral("ccaBars0"))->brush().color() != light);
        plot.replotNow();
        QVERIFY(
            sameColor(renderImage(plot.customPlot()).pixelColor(3, 3), QColor(0x23, 0x26, 0x29)));
        auto* asr = plot.customPlot()->findChild<QCPAxisRect*>(QStringLiteral("asrRect"));
        QCOMPARE(asr->axis(QCPAxis::atBottom)->tickLabelColor(), QColor(0xEF, 0xF0, 0xF1));
    }
};

BDL_REGISTER_WIDGET_TEST(DefenseBarsPlotTest);
#include "test_defense_bars_plot.moc"
