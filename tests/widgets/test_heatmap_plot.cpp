// HeatmapPlot: cells stored and drawn where they belong, blank cells NaN, the best trade-off,
// clicks on cells, tooltips, CSV/JSON.
#include "widget_test_util.h"

#include "widgets/heatmap_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>
#include <optional>

using namespace bdl::widgets;
using bdl::widgets::test::parseCsv;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

Q_DECLARE_METATYPE(std::optional<bdl::widgets::HeatmapCell>)

namespace {

const double kNaN = std::nan("");
using Grid = QVector<QVector<double>>;

// A 3 x 4 sweep: lr 1e-2, 1e-3, 1e-4 x k 0, 4, 8, 12.
void setupSweep(HeatmapPlot& plot) {
    plot.setup({1e-2, 1e-3, 1e-4}, {0, 4, 8, 12}, QStringLiteral("CCA"));
}

QPoint cellPixel(HeatmapPlot& plot, int lrIndex, int kIndex) {
    QCustomPlot* cp = plot.customPlot();
    return QPointF(cp->xAxis->coordToPixel(kIndex), cp->yAxis->coordToPixel(lrIndex)).toPoint();
}

} // namespace

class HeatmapPlotTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void blankCellsAreNaN() {
        HeatmapPlot plot;
        setupSweep(plot);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 4; ++c)
                QVERIFY(std::isnan(plot.value(r, c)));
        QVERIFY(std::isnan(plot.value(3, 0)));
        QVERIFY(std::isnan(plot.value(0, -1)));
    }

    void setCellStoresAndDraws() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setCell(1, 2, 93.25);
        plot.setCell(2, 3, 0.5);
        plot.setCell(5, 0, 50.0); // out of range: ignored
        QCOMPARE(plot.value(1, 2), 93.25);
        QCOMPARE(plot.value(2, 3), 0.5);
        QVERIFY(std::isnan(plot.value(0, 0)));
        auto* map = plot.customPlot()->findChild<QCPColorMap*>(QStringLiteral("colorMap"));
        QVERIFY(map);
        QVERIFY(!map->interpolate());
        QCOMPARE(map->data()->cell(2, 1), 93.25); // (key = k index, value = lr index)
        QCOMPARE(map->data()->cell(3, 2), 0.5);
        QVERIFY(std::isnan(map->data()->cell(0, 0)));
        auto* scale = plot.customPlot()->findChild<QCPColorScale*>(QStringLiteral("colorScale"));
        QVERIFY(scale);
        QCOMPARE(scale->dataRange(), QCPRange(0.0, 100.0));
        QCOMPARE(scale->axis()->label(), QStringLiteral("%"));
        QCOMPARE(plot.values().size(), 3);
        QCOMPARE(plot.values()[1].size(), 4);
        QCOMPARE(plot.values()[1][2], 93.25);
        QVERIFY(std::isnan(plot.values()[1][1]));
        plot.setCell(1, 2, kNaN); // blanks it again
        QVERIFY(std::isnan(plot.value(1, 2)));
    }

    void cellsRenderInTheirPlace() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setCell(0, 0, 0.0);
        plot.setCell(2, 3, 100.0);
        plot.setCell(1, 1, 50.0);
        plot.resize(640, 420);
        plot.replotNow();
        const QImage image = renderImage(plot.customPlot());
        auto* map = plot.customPlot()->findChild<QCPColorMap*>(QStringLiteral("colorMap"));
        QCPColorGradient gradient = map->gradient();
        const QCPRange range(0.0, 100.0);
        for (auto [r, c, v] :
             {std::tuple{0, 0, 0.0}, std::tuple{2, 3, 100.0}, std::tuple{1, 1, 50.0}}) {
            const QColor drawn = image.pixelColor(cellPixel(plot, r, c));
            const QColor expected = QColor::fromRgb(gradient.color(v, range));
            QVERIFY2(sameColor(drawn, expected),
                     qPrintable(drawn.name() + QStringLiteral(" vs ") + expected.name()));
        }
        // A blank cell shows the background, not a colour of the scale's low end.
        const QColor blank = image.pixelColor(cellPixel(plot, 0, 3));
        QVERIFY(!sameColor(blank, QColor::fromRgb(gradient.color(0.0, range)), 20));
    }

    void singleRowAndColumnRender() {
        HeatmapPlot plot;
        plot.setup({1e-3}, {7}, QStringLiteral("ASR"));
        plot.setCell(0, 0, 100.0);
        plot.resize(400, 300);
        plot.replotNow();
        const QImage image = renderImage(plot.customPlot());
        auto* map = plot.customPlot()->findChild<QCPColorMap*>(QStringLiteral("colorMap"));
        const QColor expected = QColor::fromRgb(map->gradient().color(100.0, QCPRange(0, 100)));
        QVERIFY(sameColor(image.pixelColor(cellPixel(plot, 0, 0)), expected));
    }

    void bestTradeOff_data() {
        QTest::addColumn<Grid>("cca");
        QTest::addColumn<Grid>("asr");
        QTest::addColumn<double>("limit");
        QTest::addColumn<std::optional<HeatmapCell>>("expected");
        const Grid cca{{95, 90, 80}, {94, 92, 70}};
        const Grid asr{{100, 40, 1}, {99, 5, 0}};
        QTest::newRow("limit 10") << cca << asr << 10.0
                                  << std::optional<HeatmapCell>(HeatmapCell{1, 1});
        QTest::newRow("limit 1") << cca << asr << 1.0
                                 << std::optional<HeatmapCell>(HeatmapCell{0, 2});
        QTest::newRow("limit 100")
            << cca << asr << 100.0 << std::optional<HeatmapCell>(HeatmapCell{0, 0});
        QTest::newRow("none") << cca << asr << -1.0 << std::optional<HeatmapCell>();
        QTest::newRow("NaN skipped") << Grid{{kNaN, 60}} << Grid{{0, 0}} << 5.0
                                     << std::optional<HeatmapCell>(HeatmapCell{0, 1});
        QTest::newRow("tie: lower ASR") << Grid{{90, 90}} << Grid{{3, 2}} << 5.0
                                        << std::optional<HeatmapCell>(HeatmapCell{0, 1});
        QTest::newRow("tie: fewer pruned") << Grid{{90, 90}, {90, 90}} << Grid{{2, 2}, {2, 2}}
                                           << 5.0 << std::optional<HeatmapCell>(HeatmapCell{0, 0});
        QTest::newRow("ragged") << Grid{{50}, {60, 99}} << Grid{{0, 0}, {0}} << 5.0
                                << std::optional<HeatmapCell>(HeatmapCell{1, 0});
        QTest::newRow("empty") << Grid{} << Grid{} << 5.0 << std::optional<HeatmapCell>();
    }

    void bestTradeOff() {
        QFETCH(Grid, cca);
        QFETCH(Grid, asr);
        QFETCH(double, limit);
        QFETCH(std::optional<HeatmapCell>, expected);
        const std::optional<HeatmapCell> got = HeatmapPlot::bestTradeOff(cca, asr, limit);
        QCOMPARE(got.has_value(), expected.has_value());
        if (got) {
            QCOMPARE(got->lrIndex, expected->lrIndex);
            QCOMPARE(got->kIndex, expected->kIndex);
        }
    }

    void bestCellMarker() {
        HeatmapPlot plot;
        setupSweep(plot);
        auto* box = plot.customPlot()->findChild<QCPItemRect*>(QStringLiteral("bestCellMarker"));
        QVERIFY(box && !box->visible());
        plot.setBestCell(2, 1);
        QVERIFY(box->visible());
        QCOMPARE(box->topLeft->coords(), QPointF(0.5, 1.5));
        QCOMPARE(box->bottomRight->coords(), QPointF(1.5, 2.5));
        QVERIFY(plot.bestCell().has_value());
        QVERIFY(plot.toolTipForCell(2, 1).contains(QStringLiteral("best")));
        plot.setBestCell(9, 9);
        QVERIFY(!box->visible());
        QVERIFY(!plot.bestCell().has_value());
    }

    void formatLearningRate_data() {
        QTest::addColumn<double>("lr");
        QTest::addColumn<QString>("text");
        QTest::newRow("1e-2") << 0.01 << QStringLiteral("1e-2");
        QTest::newRow("1e-3") << 1e-3 << QStringLiteral("1e-3");
        QTest::newRow("5e-4") << 5e-4 << QStringLiteral("5e-4");
        QTest::newRow("3e-5") << 3e-5 << QStringLiteral("3e-5");
        QTest::newRow("0.25") << 0.25 << QStringLiteral("0.25");
        QTest::newRow("2.5e-3") << 2.5e-3 << QStringLiteral("0.0025");
        QTest::newRow("1") << 1.0 << QStringLiteral("1");
        QTest::newRow("0") << 0.0 << QStringLiteral("0");
    }

    void formatLearningRate() {
        QFETCH(double, lr);
        QFETCH(QString, text);
        QCOMPARE(HeatmapPlot::formatLearningRate(lr), text);
    }

    void axisLabelsReadable() {
        HeatmapPlot plot;
        setupSweep(plot);
        auto rows = plot.customPlot()->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
        auto columns = plot.customPlot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(rows && columns);
        QCOMPARE(rows->ticks().value(1.0), QStringLiteral("1e-3"));
        QCOMPARE(columns->ticks().value(3.0), QStringLiteral("12"));
        QCOMPARE(plot.customPlot()->yAxis->label(), QStringLiteral("learning rate"));
        QCOMPARE(plot.customPlot()->xAxis->label(), QStringLiteral("channels pruned"));
    }

    void clickEmitsCell() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.resize(640, 420);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        QSignalSpy spy(&plot, &HeatmapPlot::cellClicked);
        for (auto [r, c] : {std::pair{0, 0}, std::pair{2, 3}, std::pair{1, 2}}) {
            spy.clear();
            QTest::mouseClick(plot.customPlot(), Qt::LeftButton, Qt::NoModifier,
                              cellPixel(plot, r, c));
            QCOMPARE(spy.count(), 1);
            QCOMPARE(spy.at(0).at(0).toInt(), r);
            QCOMPARE(spy.at(0).at(1).toInt(), c);
        }
        spy.clear();
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, Qt::NoModifier,
                          QPoint(2, 2)); // margin
        QTest::mouseClick(plot.customPlot(), Qt::RightButton, Qt::NoModifier,
                          cellPixel(plot, 0, 0));
        QCOMPARE(spy.count(), 0);
    }

    void toolTipHasExactValue() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setCell(1, 3, 87.125);
        QCOMPARE(plot.toolTipForCell(1, 3),
                 QStringLiteral("learning rate 1e-3\nchannels pruned: 12\nCCA 87.13 %"));
        QVERIFY(plot.toolTipForCell(0, 0).contains(QStringLiteral("not computed")));
        QVERIFY(plot.toolTipForCell(3, 0).isEmpty());
        plot.resize(640, 420);
        plot.replotNow();
        QCOMPARE(plot.toolTipAt(cellPixel(plot, 1, 3)), plot.toolTipForCell(1, 3));
        QVERIFY(plot.toolTipAt(QPoint(1, 1)).isEmpty());
    }

    void csvRoundTrip() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setValues({{95.5, 100.0 / 3.0}, {kNaN, 0.1, 7.0, 8.0}, {1, 2, 3, 4}});
        const QVector<QStringList> rows = parseCsv(plot.toCsv());
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0],
                 (QStringList{QStringLiteral("learning_rate"), QStringLiteral("0"),
                              QStringLiteral("4"), QStringLiteral("8"), QStringLiteral("12")}));
        const QVector<double> lrs = plot.learningRates();
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(rows[r + 1].size(), 5);
            QCOMPARE(rows[r + 1][0].toDouble(), lrs[r]);
            for (int c = 0; c < 4; ++c) {
                const QString field = rows[r + 1][c + 1];
                if (std::isnan(plot.value(r, c)))
                    QVERIFY(field.isEmpty());
                else
                    QCOMPARE(field.toDouble(), plot.value(r, c));
            }
        }
        QCOMPARE(rows[1][2].toDouble(), 100.0 / 3.0);
    }

    void jsonRoundTrip() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setValues({{95.5, 100.0 / 3.0}, {kNaN, 0.1, 7.0, 8.0}});
        plot.setBestCell(1, 1);
        const QJsonObject root = QJsonDocument::fromJson(plot.toJson()).object();
        QCOMPARE(root.value(QStringLiteral("value")).toString(), QStringLiteral("CCA"));
        QCOMPARE(root.value(QStringLiteral("learning_rates")).toArray().at(2).toDouble(), 1e-4);
        QCOMPARE(root.value(QStringLiteral("channels_pruned")).toArray().at(3).toInt(), 12);
        const QJsonArray values = root.value(QStringLiteral("values")).toArray();
        QCOMPARE(values.size(), 3);
        for (int r = 0; r < 3; ++r) {
            const QJsonArray row = values.at(r).toArray();
            QCOMPARE(row.size(), 4);
            for (int c = 0; c < 4; ++c) {
                if (std::isnan(plot.value(r, c)))
                    QVERIFY(row.at(c).isNull());
                else
                    QCOMPARE(row.at(c).toDouble(), plot.value(r, c));
            }
        }
        const QJsonObject best = root.value(QStringLiteral("best")).toObject();
        QCOMPARE(best.value(QStringLiteral("lr_index")).toInt(), 1);
        QCOMPARE(best.value(QStringLiteral("k_index")).toInt(), 1);
    }

    void exportsFigure() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setValues({{95.5, 90.0}, {80.0, 0.1, 7.0, 8.0}});
        QTemporaryDir dir;
        QString error;
        for (const char* name : {"sweep.png", "sweep.pdf", "sweep.svg"})
            QVERIFY2(plot.exportTo(dir.filePath(QLatin1String(name)), &error), qPrintable(error));
        QVERIFY(bdl::widgets::test::readAll(dir.filePath(QStringLiteral("sweep.png")))
                    .startsWith("\x89PNG"));
    }
};

BDL_REGISTER_WIDGET_TEST(HeatmapPlotTest);
#include "test_heatmap_plot.moc"
