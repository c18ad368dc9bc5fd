// EntropyHistogramPlot: bars are 100 * count / total over shared bins, the threshold line is
// dragged with the mouse (only its layer repainted), bar clicks select, tooltips, themes, export.
#include "widget_test_util.h"

#include "widgets/entropy_histogram_plot.h"

#include <QtCore/QTemporaryDir>
#include <QtGui/QMouseEvent>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>

using namespace bdl::widgets;
using bdl::widgets::test::barPoints;
using bdl::widgets::test::readAll;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

namespace {

const QVector<double> kEdges{0.0, 0.5, 1.0, 1.5, 2.0};

// Clean test set: 0, 10, 40, 50 %; poisoned: 75, 25, 0, 0 % (its counts are short: padded).
QVector<HistogramSeries> twoSets() {
    return {{QStringLiteral("clean test"), {0, 1, 4, 5}, 10, false},
            {QStringLiteral("patch → 0"), {6, 2}, 8, true}};
}

// The documented bar centre: side by side in 90 % of the bin, centred on it.
double binBarKey(int series, int bin, int seriesCount, double binWidth = 0.5) {
    const double width = 0.9 * binWidth / seriesCount;
    return kEdges[bin] + 0.5 * binWidth + (series - 0.5 * (seriesCount - 1)) * width;
}

void sendMove(QWidget* widget, const QPoint& pos) {
    QMouseEvent move(QEvent::MouseMove, pos, widget->mapToGlobal(pos), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
}

} // namespace

class EntropyHistogramPlotTest : public QObject {
    Q_OBJECT

private:
    QCPBars* bars(EntropyHistogramPlot& plot, int series) {
        return plot.customPlot()->findChild<QCPBars*>(QStringLiteral("bars%1").arg(series));
    }

    void showPlot(EntropyHistogramPlot& plot) {
        plot.setHistogram(kEdges, twoSets());
        plot.resize(700, 450);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
    }

    int midY(EntropyHistogramPlot& plot) {
        return plot.customPlot()->axisRect()->rect().center().y();
    }

private Q_SLOTS:
    void barsArePercentOfSet() {
        EntropyHistogramPlot plot;
        plot.setHistogram(kEdges, twoSets());
        QCOMPARE(plot.binCount(), 4);
        QCOMPARE(plot.seriesCount(), 2);
        QCOMPARE(barPoints(bars(plot, 0)), (QVector<QPointF>{{binBarKey(0, 0, 2), 0.0},
                                                             {binBarKey(0, 1, 2), 10.0},
                                                             {binBarKey(0, 2, 2), 40.0},
                                                             {binBarKey(0, 3, 2), 50.0}}));
        QCOMPARE(barPoints(bars(plot, 1)), (QVector<QPointF>{{binBarKey(1, 0, 2), 75.0},
                                                             {binBarKey(1, 1, 2), 25.0},
                                                             {binBarKey(1, 2, 2), 0.0},
                                                             {binBarKey(1, 3, 2), 0.0}}));
        // Shared bins: bar b of every series lies inside [edge b, edge b + 1].
        for (int s = 0; s < 2; ++s) {
            int b = 0;
            for (auto it = bars(plot, s)->data()->constBegin();
                 it != bars(plot, s)->data()->constEnd(); ++it, ++b) {
                QVERIFY(it->key - bars(plot, s)->width() / 2 >= kEdges[b]);
                QVERIFY(it->key + bars(plot, s)->width() / 2 <= kEdges[b + 1]);
            }
        }
        QCOMPARE(plot.countAt(1, 3), 0);
        QCOMPARE(plot.percentAt(0, 2), 40.0);
        QVERIFY(std::isnan(plot.percentAt(2, 0)));
        QVERIFY(std::isnan(plot.percentAt(0, 4)));
        QCOMPARE(plot.customPlot()->yAxis->range().upper, 82.5); // 75 % * 1.1
    }

    void percentIsExactAndEmptySetIsZero() {
        EntropyHistogramPlot plot;
        plot.setHistogram({0.0, 1.0, 2.0, 3.0}, {{QStringLiteral("a"), {1, 1, 1, 99}, 3, false},
                                                 {QStringLiteral("empty"), {0, 0, 0}, 0, true}});
        const QVector<QPointF> points = barPoints(bars(plot, 0));
        QCOMPARE(points.size(), 3); // the extra count is dropped
        for (const QPointF& p : points)
            QCOMPARE(p.y(), 100.0 * 1 / 3);
        for (const QPointF& p : barPoints(bars(plot, 1)))
            QCOMPARE(p.y(), 0.0);
    }

    void rejectsBadEdges_data() {
        QTest::addColumn<QVector<double>>("edges");
        QTest::newRow("one edge") << QVector<double>{1.0};
        QTest::newRow("descending") << QVector<double>{0.0, 1.0, 0.5};
        QTest::newRow("repeated") << QVector<double>{0.0, 1.0, 1.0};
        QTest::newRow("NaN") << QVector<double>{0.0, std::nan(""), 2.0};
    }

    void rejectsBadEdges() {
        QFETCH(QVector<double>, edges);
        EntropyHistogramPlot plot;
        plot.setHistogram(edges, twoSets());
        QCOMPARE(plot.binCount(), 0);
        QCOMPARE(bars(plot, 0)->dataCount(), 0);
    }

    void legendAndColours() {
        EntropyHistogramPlot plot;
        plot.setHistogram(kEdges, twoSets());
        QCOMPARE(plot.customPlot()->legend->itemCount(), 2);
        QCOMPARE(bars(plot, 1)->name(), QStringLiteral("patch → 0"));
        const QColor clean = bars(plot, 0)->brush().color();
        const QColor poisoned = bars(plot, 1)->brush().color();
        QVERIFY(clean.blue() > clean.red());       // cool
        QVERIFY(poisoned.red() > poisoned.blue()); // warm
        plot.setHistogram(kEdges, {twoSets()[0]});
        QCOMPARE(plot.customPlot()->legend->itemCount(), 1);
        QVERIFY(!bars(plot, 1));
        plot.clear();
        QCOMPARE(plot.seriesCount(), 0);
        QCOMPARE(plot.binCount(), 4); // the bins stay
    }

    void dragMovesThreshold() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(1.0, QStringLiteral("1.000 (normal fit)"));
        QCOMPARE(plot.thresholdLabel(), QStringLiteral("1.000 (normal fit)"));
        QCustomPlot* cp = plot.customPlot();
        const int x0 = plot.thresholdPixel();
        QCOMPARE(x0, static_cast<int>(std::lround(cp->xAxis->coordToPixel(1.0))));
        const int y = midY(plot);

        QSignalSpy dragged(&plot, &EntropyHistogramPlot::thresholdDragged);
        QSignalSpy finished(&plot, &EntropyHistogramPlot::thresholdDragFinished);
        QSignalSpy replots(cp, &QCustomPlot::beforeReplot);
        QTest::mousePress(cp, Qt::LeftButton, Qt::NoModifier,
                          QPoint(x0 + 3, y)); // 3 px off: still grabs
        for (int dx = 10; dx <= 40; dx += 10)
            QTest::mouseMove(cp, QPoint(x0 + dx, y));
        QTest::mouseRelease(cp, Qt::LeftButton, Qt::NoModifier, QPoint(x0 + 50, y));

        QCOMPARE(dragged.count(), 5); // four moves and the release at a new position
        for (int i = 1; i < dragged.count(); ++i)
            QVERIFY(dragged.at(i).at(0).toDouble() > dragged.at(i - 1).at(0).toDouble());
        const double expected = cp->xAxis->pixelToCoord(x0 + 50);
        QVERIFY(expected > 1.0);
        QCOMPARE(dragged.last().at(0).toDouble(), expected);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toDouble(), expected);
        QCOMPARE(plot.threshold(), expected);
        QVERIFY(plot.thresholdLabel().startsWith(QStringLiteral("threshold ")));
        auto* line = cp->findChild<QCPItemStraightLine*>(QStringLiteral("thresholdLine"));
        QCOMPARE(line->point1->coords().x(), expected);
        QCoreApplication::processEvents();
        QCOMPARE(replots.count(), 0); // only the marker layer was redrawn
    }

    void dragIsClampedToTheBins() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(0.25);
        QCustomPlot* cp = plot.customPlot();
        QSignalSpy dragged(&plot, &EntropyHistogramPlot::thresholdDragged);
        QSignalSpy finished(&plot, &EntropyHistogramPlot::thresholdDragFinished);
        const int x0 = plot.thresholdPixel();
        QTest::mousePress(cp, Qt::LeftButton, Qt::NoModifier, QPoint(x0, midY(plot)));
        QTest::mouseMove(cp, QPoint(1, midY(plot)));
        QTest::mouseRelease(cp, Qt::LeftButton, Qt::NoModifier, QPoint(1, midY(plot)));
        QCOMPARE(dragged.count(), 1);
        QCOMPARE(dragged.at(0).at(0).toDouble(), 0.0);
        QCOMPARE(finished.at(0).at(0).toDouble(), 0.0);
    }

    void lineLayerRepaintsAfterDrag() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(1.0);
        QCustomPlot* cp = plot.customPlot();
        // 70 % of the axis height: above every bar of bins 1 and 2, below the label.
        const int y = static_cast<int>(cp->yAxis->coordToPixel(0.7 * cp->yAxis->range().upper));
        auto darkAt = [&](const QImage& image, int x) {
            int darkest = 255;
            for (int dx = -1; dx <= 1; ++dx)
                darkest = std::min(darkest, qGray(image.pixel(x + dx, y)));
            return darkest < 128;
        };
        const int x0 = plot.thresholdPixel();
        QVERIFY(darkAt(cp->grab().toImage(), x0));
        QTest::mousePress(cp, Qt::LeftButton, Qt::NoModifier, QPoint(x0, y));
        QTest::mouseMove(cp, QPoint(x0 + 60, y));
        QTest::mouseRelease(cp, Qt::LeftButton, Qt::NoModifier, QPoint(x0 + 60, y));
        const QImage image = cp->grab().toImage(); // the buffers as they are, no replot
        QVERIFY(darkAt(image, x0 + 60));
        QVERIFY(!darkAt(image, x0));
    }

    void cursorShowsOverLine() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(1.0);
        QCustomPlot* cp = plot.customPlot();
        sendMove(cp, QPoint(plot.thresholdPixel() + 2, midY(plot)));
        QVERIFY(cp->testAttribute(Qt::WA_SetCursor));
        QCOMPARE(cp->cursor().shape(), Qt::SplitHCursor);
        sendMove(cp, QPoint(plot.thresholdPixel() + 40, midY(plot)));
        QVERIFY(!cp->testAttribute(Qt::WA_SetCursor));
        plot.setThresholdDraggable(false);
        sendMove(cp, QPoint(plot.thresholdPixel(), midY(plot)));
        QVERIFY(!cp->testAttribute(Qt::WA_SetCursor));
        QSignalSpy dragged(&plot, &EntropyHistogramPlot::thresholdDragged);
        QTest::mousePress(cp, Qt::LeftButton, Qt::NoModifier,
                          QPoint(plot.thresholdPixel(), midY(plot)));
        QTest::mouseMove(cp, QPoint(plot.thresholdPixel() + 30, midY(plot)));
        QTest::mouseRelease(cp, Qt::LeftButton, Qt::NoModifier,
                            QPoint(plot.thresholdPixel() + 30, midY(plot)));
        QCOMPARE(dragged.count(), 0);
        QCOMPARE(plot.threshold(), 1.0);
    }

    void aLongLabelBreaksWhereItHasNoRoom() {
        // In a narrow plot the rule's text does not fit beside the line: it breaks after its
        // colon and stays inside the axis rect; thresholdLabel() is still the text as given.
        // The threshold comes before the plot has its final size, as in a window being built.
        EntropyHistogramPlot plot;
        plot.setHistogram(kEdges, twoSets());
        const QString text = QStringLiteral("normal fit, FRR 1 %: 0.716");
        plot.setThreshold(kEdges.first() + (kEdges.last() - kEdges.first()) * 0.4, text);
        plot.resize(260, 300);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        auto* label = plot.customPlot()->findChild<QCPItemText*>(QStringLiteral("thresholdLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QLatin1Char('\n')), qPrintable(label->text()));
        QCOMPARE(plot.thresholdLabel(), text);
        const QRect rect = plot.customPlot()->axisRect()->rect();
        const QPointF topLeft = label->topLeft->pixelPosition();
        const QPointF bottomRight = label->bottomRight->pixelPosition();
        QVERIFY2(topLeft.x() >= rect.left() - 1 && bottomRight.x() <= rect.right() + 1,
                 qPrintable(QStringLiteral("%1..%2 outside %3..%4")
                                .arg(topLeft.x())
                                .arg(bottomRight.x())
                                .arg(rect.left())
                                .arg(rect.right())));
        // With room, one line, without setting the threshold again.
        plot.resize(900, 450);
        plot.replotNow();
        QVERIFY(!label->text().contains(QLatin1Char('\n')));
    }

    void nanThresholdHides() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(1.0);
        const int x0 = plot.thresholdPixel();
        plot.setThreshold(std::nan(""));
        auto* line =
            plot.customPlot()->findChild<QCPItemStraightLine*>(QStringLiteral("thresholdLine"));
        QVERIFY(!line->visible());
        QCOMPARE(plot.thresholdPixel(), -1);
        QVERIFY(plot.thresholdLabel().isEmpty());
        QSignalSpy dragged(&plot, &EntropyHistogramPlot::thresholdDragged);
        QTest::mousePress(plot.customPlot(), Qt::LeftButton, Qt::NoModifier,
                          QPoint(x0, midY(plot)));
        QTest::mouseMove(plot.customPlot(), QPoint(x0 + 20, midY(plot)));
        QTest::mouseRelease(plot.customPlot(), Qt::LeftButton, Qt::NoModifier,
                            QPoint(x0 + 20, midY(plot)));
        QCOMPARE(dragged.count(), 0);
        QVERIFY(std::isnan(plot.threshold()));
    }

    void clickSelectsBar() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        plot.setThreshold(1.9); // far from the bars clicked below
        QCustomPlot* cp = plot.customPlot();
        auto barPixel = [&](int series, int bin) {
            return QPoint(
                static_cast<int>(cp->xAxis->coordToPixel(binBarKey(series, bin, 2))),
                static_cast<int>(cp->yAxis->coordToPixel(plot.percentAt(series, bin) / 2)));
        };
        QSignalSpy clicked(&plot, &EntropyHistogramPlot::binClicked);
        for (auto [s, b] : {std::pair{0, 2}, std::pair{1, 0}, std::pair{1, 1}, std::pair{0, 1}}) {
            clicked.clear();
            QCOMPARE(plot.barAt(barPixel(s, b)), std::optional<HistogramBar>(HistogramBar{s, b}));
            QTest::mouseClick(cp, Qt::LeftButton, Qt::NoModifier, barPixel(s, b));
            QCOMPARE(clicked.count(), 1);
            QCOMPARE(clicked.at(0).at(0).toInt(), s);
            QCOMPARE(clicked.at(0).at(1).toInt(), b);
            QCOMPARE(plot.selectedBar(), std::optional<HistogramBar>(HistogramBar{s, b}));
        }
        auto* frame = cp->findChild<QCPItemRect*>(QStringLiteral("selectionFrame"));
        QVERIFY(frame && frame->visible());
        QCOMPARE(frame->topLeft->coords().y(), 10.0);

        clicked.clear();
        const int gapX = static_cast<int>(cp->xAxis->coordToPixel(1.0)); // between bins 1 and 2
        QTest::mouseClick(cp, Qt::LeftButton, Qt::NoModifier, QPoint(gapX, barPixel(0, 2).y()));
        QTest::mouseClick(cp, Qt::LeftButton, Qt::NoModifier, barPixel(1, 3)); // a 0 % bar
        QTest::mouseClick(cp, Qt::LeftButton, Qt::NoModifier,
                          QPoint(barPixel(0, 2).x(), 5)); // above
        QCOMPARE(clicked.count(), 0);
        QCOMPARE(plot.selectedBar(), std::optional<HistogramBar>(HistogramBar{0, 1}));

        plot.setHistogram(kEdges, {twoSets()[1]}); // the selected series 0 bin 1 still exists
        QVERIFY(plot.selectedBar().has_value());
        plot.setSelectedBar({1, 0});
        QVERIFY(!plot.selectedBar().has_value());
        QVERIFY(!frame->visible());
    }

    void toolTipHasExactValues() {
        EntropyHistogramPlot plot;
        showPlot(plot);
        QCustomPlot* cp = plot.customPlot();
        const QPoint onBar(static_cast<int>(cp->xAxis->coordToPixel(binBarKey(0, 2, 2))),
                           static_cast<int>(cp->yAxis->coordToPixel(20.0)));
        QCOMPARE(plot.toolTipAt(onBar),
                 QStringLiteral(
                     "clean test\nentropy [1, 1.5) bits (bin 3 of 4)\n4 of 10 inputs\n40.00 %"));
        const QPoint lastBin(static_cast<int>(cp->xAxis->coordToPixel(binBarKey(0, 3, 2))),
                             static_cast<int>(cp->yAxis->coordToPixel(20.0)));
        QVERIFY(
            plot.toolTipAt(lastBin).contains(QStringLiteral("[1.5, 2]"))); // the last bin is closed
        QVERIFY(plot.toolTipAt(QPoint(2, 2)).isEmpty());
    }

    void exportsPngAndThemes() {
        EntropyHistogramPlot plot;
        plot.setHistogram(kEdges, twoSets());
        plot.setThreshold(0.8, QStringLiteral("0.8 (percentile)"));
        plot.resize(640, 420);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(plot.exportTo(dir.filePath(QStringLiteral("h.png")), &error), qPrintable(error));
        QVERIFY(readAll(dir.filePath(QStringLiteral("h.png"))).startsWith("\x89PNG"));

        plot.replotNow();
        const QColor lightBars = bars(plot, 0)->brush().color();
        QVERIFY(sameColor(renderImage(plot.customPlot()).pixelColor(3, 3), Qt::white));
        plot.setDarkTheme(true);
        QVERIFY(bars(plot, 0)->brush().color() != lightBars);
        plot.replotNow();
        QVERIFY(
            sameColor(renderImage(plot.customPlot()).pixelColor(3, 3), QColor(0x23, 0x26, 0x29)));
    }
};

BDL_REGISTER_WIDGET_TEST(EntropyHistogramPlotTest);
#include "test_entropy_histogram_plot.moc"
