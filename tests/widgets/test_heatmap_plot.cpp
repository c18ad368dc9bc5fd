// HeatmapPlot: cells stored and drawn where they belong, blank cells NaN, the best trade-off, the
// marked (B') cell, values drawn in the cells, clicks on cells, tooltips and their notes, CSV/JSON.
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
using bdl::widgets::test::kNaN;
using bdl::widgets::test::parseCsv;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

Q_DECLARE_METATYPE(std::optional<bdl::widgets::HeatmapCell>)

namespace {

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

    void markedCellIsOutlinedLabelledAndExported() {
        HeatmapPlot plot;
        setupSweep(plot);
        QCustomPlot* cp = plot.customPlot();
        auto* box = cp->findChild<QCPItemRect*>(QStringLiteral("markedCellMarker"));
        auto* label = cp->findChild<QCPItemText*>(QStringLiteral("markedCellLabel"));
        QVERIFY(box && !box->visible() && label && !label->visible());
        plot.setCell(1, 2, 80.0);
        plot.setMarkedCell(1, 2, QStringLiteral("B'"), QStringLiteral("B': the model in use"));
        QVERIFY(box->visible() && label->visible());
        QCOMPARE(label->text(), QStringLiteral("B'"));
        // Inside cell (1, 2): x in (1.5, 2.5), y in (0.5, 1.5).
        const QPointF tl = box->topLeft->coords(), br = box->bottomRight->coords();
        QVERIFY(tl.x() > 1.5 && tl.x() < 2.0 && br.x() < 2.5 && br.x() > 2.0);
        QVERIFY(tl.y() > 0.5 && tl.y() < 1.0 && br.y() < 1.5 && br.y() > 1.0);
        QCOMPARE(plot.markedCell()->lrIndex, 1);
        QCOMPARE(plot.markedCell()->kIndex, 2);
        QCOMPARE(plot.markedLabel(), QStringLiteral("B'"));
        QVERIFY(plot.toolTipForCell(1, 2).endsWith(QStringLiteral("\nB': the model in use")));
        QVERIFY(!plot.toolTipForCell(1, 1).contains(QStringLiteral("B'")));
        // Independent of the best cell, kept when values change.
        plot.setBestCell(0, 0);
        plot.setCell(1, 2, 70.0);
        plot.setValues({{1.0}, {2.0, 3.0, 4.0}});
        QCOMPARE(plot.markedCell()->kIndex, 2);
        QCOMPARE(plot.bestCell()->kIndex, 0);
        // Drawn: the label's colour shows up in the cell.
        plot.resize(640, 420);
        plot.replotNow();
        const QImage image = renderImage(cp);
        const QPoint centre = cellPixel(plot, 1, 2);
        const int half = static_cast<int>(cp->xAxis->coordToPixel(2.5) - centre.x());
        bool found = false;
        for (int y = centre.y() - half; !found && y <= centre.y() + half; ++y)
            for (int x = centre.x() - half; !found && x <= centre.x() + half; ++x)
                found = sameColor(image.pixelColor(x, y), QColor(0xE6, 0x1E, 0x6E), 8);
        QVERIFY(found);
        const QJsonObject marked = QJsonDocument::fromJson(plot.toJson())
                                       .object()
                                       .value(QStringLiteral("marked"))
                                       .toObject();
        QCOMPARE(marked.value(QStringLiteral("lr_index")).toInt(), 1);
        QCOMPARE(marked.value(QStringLiteral("k_index")).toInt(), 2);
        QCOMPARE(marked.value(QStringLiteral("label")).toString(), QStringLiteral("B'"));
        // Out of range removes it; setup() clears it.
        plot.setMarkedCell(7, 0, QStringLiteral("B'"));
        QVERIFY(!plot.markedCell() && !box->visible() && !label->visible());
        QVERIFY(QJsonDocument::fromJson(plot.toJson())
                    .object()
                    .value(QStringLiteral("marked"))
                    .isNull());
        plot.setMarkedCell(0, 0, QStringLiteral("B'"));
        setupSweep(plot);
        QVERIFY(!plot.markedCell() && !box->visible());
    }

    void showValuesDrawsEveryComputedCell() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setCell(0, 0, 87.64);
        plot.setCell(2, 3, 3.0);
        QCustomPlot* cp = plot.customPlot();
        auto texts = [cp] { return cp->findChildren<QCPItemText*>(QStringLiteral("cellValue")); };
        QVERIFY(!plot.showValues());
        QCOMPARE(plot.drawnValueCount(), 0);
        QVERIFY(texts().isEmpty());
        plot.resize(640, 420);
        plot.replotNow();
        const QImage without = renderImage(cp);

        plot.setShowValues(true);
        QCOMPARE(plot.drawnValueCount(), 2);
        QCOMPARE(plot.cellText(0, 0), QStringLiteral("87.6"));
        QCOMPARE(plot.cellText(2, 3), QStringLiteral("3.0"));
        QVERIFY(plot.cellText(1, 1).isEmpty()); // blank
        QVERIFY(plot.cellText(9, 9).isEmpty());
        QStringList shown;
        for (QCPItemText* t : texts())
            shown << t->text();
        shown.sort();
        QCOMPARE(shown, (QStringList{QStringLiteral("3.0"), QStringLiteral("87.6")}));
        // Readable on its cell: dark text on the light (high) end of viridis, light on the dark.
        QCOMPARE(plot.cellTextColor(0, 0), QColor(Qt::black));
        QCOMPARE(plot.cellTextColor(2, 3), QColor(Qt::white));
        plot.replotNow();
        QVERIFY(renderImage(cp) != without);

        // Cells arriving while shown get their text; clearing and hiding remove them.
        plot.setCell(1, 1, 50.0);
        QCOMPARE(plot.drawnValueCount(), 3);
        plot.setCell(1, 1, kNaN);
        QCOMPARE(plot.drawnValueCount(), 2);
        plot.clearValues();
        QCOMPARE(plot.drawnValueCount(), 0);
        plot.setValues({{10.0, 20.0}});
        QCOMPARE(plot.drawnValueCount(), 2);
        plot.setShowValues(false);
        QCOMPARE(plot.drawnValueCount(), 0);
        QVERIFY(texts().isEmpty());

        // Kept across setup(); wide grids drop the decimal.
        plot.setShowValues(true);
        QVector<int> ks;
        for (int k = 1; k <= HeatmapPlot::kOneDecimalColumns + 1; ++k)
            ks << k;
        plot.setup({1e-3}, ks, QStringLiteral("ASR"));
        QVERIFY(plot.showValues());
        plot.setCell(0, 4, 99.6);
        QCOMPARE(plot.cellText(0, 4), QStringLiteral("100"));
        QCOMPARE(plot.drawnValueCount(), 1);
    }

    void cellNotesExtendTheToolTip() {
        HeatmapPlot plot;
        setupSweep(plot);
        plot.setCell(1, 3, 87.125);
        plot.setCellNote(1, 3, QStringLiteral("CCA 87.13 % \u00b7 ASR patch 2.00 %"));
        QCOMPARE(plot.toolTipForCell(1, 3),
                 QStringLiteral("learning rate 1e-3\nchannels pruned: 12\nCCA 87.13 %\n"
                                "CCA 87.13 % \u00b7 ASR patch 2.00 %"));
        plot.setCellNote(1, 3, QString());
        QCOMPARE(plot.toolTipForCell(1, 3),
                 QStringLiteral("learning rate 1e-3\nchannels pruned: 12\nCCA 87.13 %"));
        plot.setCellNote(1, 3, QStringLiteral("note"));
        setupSweep(plot); // a new grid drops the notes
        QVERIFY(!plot.toolTipForCell(1, 3).contains(QStringLiteral("note")));
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
