// PruneCurvePlot: graph data equal the inputs, the marker readout and tooltips carry the exact
// numbers, CSV/JSON round-trip.
#include "widget_test_util.h"

#include "widgets/prune_curve_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QtTest>
#include <QtWidgets/QLabel>

#include <cmath>

using namespace bdl::widgets;
using bdl::widgets::test::parseCsv;

namespace {

// Every key/value of a graph, in order.
QVector<QPointF> graphPoints(const QCPGraph* graph) {
    QVector<QPointF> points;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

bool sameOrBothNaN(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

} // namespace

class PruneCurvePlotTest : public QObject {
    Q_OBJECT

private:
    QCPGraph* graph(PruneCurvePlot& plot, const char* name) {
        return plot.customPlot()->findChild<QCPGraph*>(QLatin1String(name));
    }

    // A curve over 60 channels with two poisoned sets and values that need every digit.
    void fill(PruneCurvePlot& plot) {
        plot.setup(60, {QStringLiteral("patch"), QStringLiteral("blend")});
        for (int k = 0; k <= 60; k += 6)
            plot.addPoint(k, 95.25 - k * 0.3, {100.0 - k * 1.5, 100.0 / 3.0 + k});
    }

private Q_SLOTS:
    void addPointFillsGraphs() {
        PruneCurvePlot plot;
        plot.setup(60, {QStringLiteral("patch"), QStringLiteral("blend")});
        QCOMPARE(plot.customPlot()->graphCount(), 3);
        const QVector<double> cca{94.5, 94.25, 93.875};
        const QVector<QVector<double>> asr{{100.0, 99.5}, {98.0, 12.5}, {0.25, 0.0}};
        for (int i = 0; i < 3; ++i)
            plot.addPoint(i * 2, cca[i], asr[i]);
        QCOMPARE(graphPoints(graph(plot, "ccaGraph")),
                 (QVector<QPointF>{{0, 94.5}, {2, 94.25}, {4, 93.875}}));
        QCOMPARE(graphPoints(graph(plot, "asrGraph0")),
                 (QVector<QPointF>{{0, 100.0}, {2, 98.0}, {4, 0.25}}));
        QCOMPARE(graphPoints(graph(plot, "asrGraph1")),
                 (QVector<QPointF>{{0, 99.5}, {2, 12.5}, {4, 0.0}}));
        QCOMPARE(plot.points().size(), 3);
        QCOMPARE(plot.points()[1].asr, (QVector<double>{98.0, 12.5}));
    }

    void outOfOrderAndReplacedPoints() {
        PruneCurvePlot plot;
        plot.setup(10, {QStringLiteral("a")});
        plot.addPoint(5, 90.0, {50.0});
        plot.addPoint(2, 92.0, {80.0});
        plot.addPoint(5, 89.0, {40.0}); // a re-run replaces k = 5
        QCOMPARE(graphPoints(graph(plot, "ccaGraph")), (QVector<QPointF>{{2, 92.0}, {5, 89.0}}));
        QCOMPARE(graphPoints(graph(plot, "asrGraph0")), (QVector<QPointF>{{2, 80.0}, {5, 40.0}}));
        QVERIFY(plot.pointAt(5).has_value());
        QCOMPARE(plot.pointAt(5)->cca, 89.0);
        QVERIFY(!plot.pointAt(3).has_value());
    }

    void missingAsrIsNaN() {
        PruneCurvePlot plot;
        plot.setup(10, {QStringLiteral("a"), QStringLiteral("b")});
        plot.addPoint(1, 90.0, {70.0});
        plot.addPoint(2, 89.0, {60.0, 50.0, 999.0}); // extra values are dropped
        QCOMPARE(plot.points()[0].asr.size(), 2);
        QVERIFY(std::isnan(plot.points()[0].asr[1]));
        QCOMPARE(plot.points()[1].asr, (QVector<double>{60.0, 50.0}));
        QVERIFY(std::isnan(graph(plot, "asrGraph1")->data()->constBegin()->value));
    }

    void setupResizesGraphsAndLegend() {
        PruneCurvePlot plot;
        plot.setup(10, {QStringLiteral("a")});
        QCOMPARE(plot.customPlot()->graphCount(), 2);
        plot.setup(10, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
        QCOMPARE(plot.customPlot()->graphCount(), 4);
        QCOMPARE(plot.customPlot()->legend->itemCount(), 4);
        QVERIFY(graph(plot, "asrGraph2")->name().contains(QStringLiteral("c")));
        plot.setup(10, {});
        QCOMPARE(plot.customPlot()->graphCount(), 1);
        QVERIFY(plot.points().isEmpty());
    }

    void setPointsSortsAndClearEmpties() {
        PruneCurvePlot plot;
        plot.setup(8, {QStringLiteral("a")});
        plot.setPoints({{4, 80.0, {10.0}}, {1, 90.0, {90.0}}, {4, 81.0, {11.0}}});
        QCOMPARE(graphPoints(graph(plot, "ccaGraph")), (QVector<QPointF>{{1, 90.0}, {4, 81.0}}));
        plot.clear();
        QVERIFY(plot.points().isEmpty());
        QCOMPARE(graph(plot, "ccaGraph")->dataCount(), 0);
        QCOMPARE(plot.totalChannels(), 8);
    }

    void markerReadoutHasExactValues() {
        PruneCurvePlot plot;
        plot.setup(60, {QStringLiteral("patch"), QStringLiteral("blend")});
        plot.addPoint(12, 93.25, {1.5, 87.75});
        plot.setMarker(12);
        const QString text = plot.readoutText();
        for (const char* expected : {"12 of 60 channels pruned", "(20.00 %)", "CCA 93.25 %",
                                     "ASR patch 1.50 %", "ASR blend 87.75 %"})
            QVERIFY2(text.contains(QLatin1String(expected)),
                     qPrintable(text + QStringLiteral(" lacks ") + QLatin1String(expected)));
        auto* label = plot.findChild<QLabel*>(QStringLiteral("readout"));
        QVERIFY(label);
        QCOMPARE(label->text(), text);
        auto* line =
            plot.customPlot()->findChild<QCPItemStraightLine*>(QStringLiteral("markerLine"));
        QVERIFY(line && line->visible());
        QCOMPARE(line->point1->coords().x(), 12.0);
        QCOMPARE(line->point2->coords().x(), 12.0);

        plot.setMarker(13);
        QVERIFY(plot.readoutText().contains(QStringLiteral("no result yet")));
        plot.addPoint(13, 92.5, {0.0, 50.0}); // arrives while the marker waits at 13
        QVERIFY(plot.readoutText().contains(QStringLiteral("CCA 92.50 %")));
        plot.setMarker(-1);
        QVERIFY(!line->visible());
        QVERIFY(plot.readoutText().isEmpty());
    }

    void toolTipsHaveExactValues() {
        PruneCurvePlot plot;
        fill(plot);
        const QString tip = plot.toolTipForK(18);
        QCOMPARE(tip, QStringLiteral("18 of 60 channels pruned (30.00 %)\nCCA 89.85 %\n"
                                     "ASR patch 73.00 %\nASR blend 51.33 %"));
        QVERIFY(plot.toolTipForK(19).isEmpty());

        plot.resize(700, 450);
        plot.show();
        plot.replotNow();
        QCustomPlot* cp = plot.customPlot();
        const int y = static_cast<int>(cp->yAxis->coordToPixel(50.0));
        // Nearest point in k: 19.4 -> 18, 21.5 -> 24.
        QCOMPARE(plot.toolTipAt(QPoint(static_cast<int>(cp->xAxis->coordToPixel(19.4)), y)), tip);
        QCOMPARE(plot.toolTipAt(QPoint(static_cast<int>(cp->xAxis->coordToPixel(21.5)), y)),
                 plot.toolTipForK(24));
        QVERIFY(plot.toolTipAt(QPoint(2, 2)).isEmpty()); // outside the axis rect
    }

    void csvRoundTrip() {
        PruneCurvePlot plot;
        fill(plot);
        plot.addPoint(61, std::nan(""), {std::nan(""), 0.1});
        const QVector<QStringList> rows = parseCsv(plot.toCsv());
        QCOMPARE(rows.size(), plot.points().size() + 1);
        QCOMPARE(rows[0], (QStringList{QStringLiteral("channels_pruned"),
                                       QStringLiteral("percent_pruned"), QStringLiteral("cca"),
                                       QStringLiteral("asr_patch"), QStringLiteral("asr_blend")}));
        for (int i = 0; i < plot.points().size(); ++i) {
            const PrunePoint& p = plot.points()[i];
            const QStringList& row = rows[i + 1];
            QCOMPARE(row.size(), 5);
            QCOMPARE(row[0].toInt(), p.k);
            QCOMPARE(row[1].toDouble(), 100.0 * p.k / 60);
            auto parse = [](const QString& field) {
                return field.isEmpty() ? std::nan("") : field.toDouble();
            };
            QVERIFY(sameOrBothNaN(parse(row[2]), p.cca));
            QVERIFY(sameOrBothNaN(parse(row[3]), p.asr[0]));
            QVERIFY(sameOrBothNaN(parse(row[4]), p.asr[1])); // 100/3 + k survives exactly
        }
    }

    void jsonRoundTrip() {
        PruneCurvePlot plot;
        fill(plot);
        plot.addPoint(61, 12.5, {std::nan(""), 0.1});
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(plot.toJson(), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QCOMPARE(root.value(QStringLiteral("total_channels")).toInt(), 60);
        QCOMPARE(root.value(QStringLiteral("poisoned_sets")).toArray().size(), 2);
        const QJsonArray points = root.value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), plot.points().size());
        for (int i = 0; i < points.size(); ++i) {
            const QJsonObject o = points[i].toObject();
            const PrunePoint& p = plot.points()[i];
            QCOMPARE(o.value(QStringLiteral("channels_pruned")).toInt(), p.k);
            QCOMPARE(o.value(QStringLiteral("cca")).toDouble(), p.cca);
            const QJsonArray asr = o.value(QStringLiteral("asr")).toArray();
            for (int s = 0; s < 2; ++s) {
                if (std::isnan(p.asr[s]))
                    QVERIFY(asr[s].isNull());
                else
                    QCOMPARE(asr[s].toDouble(), p.asr[s]);
            }
        }
    }

    // How fast: PruneCurvePlotBench::setMarkerAndPaint (bench_qt).
    void markerFollowsEverySliderStep() {
        PruneCurvePlot plot;
        fill(plot);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        for (int i = 0; i < 120; ++i) {
            plot.setMarker(i % 61);
            QCoreApplication::processEvents(); // paint what the slider asked for
            QCOMPARE(plot.marker(), i % 61);
        }
        plot.setMarker(-1);
        QCOMPARE(plot.marker(), -1);
    }

    void markerRepaintsWithoutFullReplot() {
        PruneCurvePlot plot;
        fill(plot);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        QCustomPlot* cp = plot.customPlot();
        const int y = static_cast<int>(cp->yAxis->coordToPixel(15.0)); // no curve passes here
        auto darkAt = [&](const QImage& image, double k) {
            const int x = static_cast<int>(std::lround(cp->xAxis->coordToPixel(k)));
            int darkest = 255;
            for (int dx = -1; dx <= 1; ++dx)
                darkest = std::min(darkest, qGray(image.pixel(x + dx, y)));
            return darkest < 160;
        };
        plot.setMarker(
            30); // only the marker layer is redrawn; grab() paints the buffers as they are
        QImage image = cp->grab().toImage();
        QVERIFY(darkAt(image, 30.0));
        QVERIFY(!darkAt(image, 40.0));
        plot.setMarker(40);
        image = cp->grab().toImage();
        QVERIFY(darkAt(image, 40.0));
        QVERIFY(!darkAt(image, 30.0));
    }

    void darkThemeRecolours() {
        PruneCurvePlot plot;
        fill(plot);
        const QColor light = graph(plot, "ccaGraph")->pen().color();
        plot.setDarkTheme(true);
        QVERIFY(plot.isDarkTheme());
        QVERIFY(graph(plot, "ccaGraph")->pen().color() != light);
        QCOMPARE(plot.customPlot()->xAxis->tickLabelColor(), QColor(0xEF, 0xF0, 0xF1));
    }
};

BDL_REGISTER_WIDGET_TEST(PruneCurvePlotTest);
#include "test_prune_curve_plot.moc"
