// RocPlot: curves drawn in point order, legend with AUROC, the chance diagonal, operating points
// moved on their own layer, tooltips, themes, export.
#include "widget_test_util.h"

#include "widgets/roc_plot.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

#include <cmath>

using namespace bdl::widgets;
using bdl::widgets::test::readAll;
using bdl::widgets::test::renderImage;
using bdl::widgets::test::sameColor;

namespace {

QVector<QPointF> curvePoints(const QCPCurve* curve) {
    QVector<QPointF> points;
    for (auto it = curve->data()->constBegin(); it != curve->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

// A staircase with vertical steps (repeated FRR values) that must keep their order.
const QVector<QPointF> kPatch{{0, 0}, {0, 60}, {0, 90}, {5, 90}, {5, 100}, {100, 100}};
const QVector<QPointF> kBlend{{0, 0}, {10, 20}, {10, 50}, {50, 80}, {100, 100}};

QVector<RocCurve> twoCurves() {
    return {{QStringLiteral("patch"), kPatch, 0.9684}, {QStringLiteral("blend"), kBlend, 0.7}};
}

} // namespace

class RocPlotTest : public QObject {
    Q_OBJECT

private:
    template <typename T>
    T* child(RocPlot& plot, const QString& name) {
        return plot.customPlot()->findChild<T*>(name);
    }

private Q_SLOTS:
    void curvesKeepPointOrder() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        QCOMPARE(curvePoints(child<QCPCurve>(plot, QStringLiteral("rocCurve0"))), kPatch);
        QCOMPARE(curvePoints(child<QCPCurve>(plot, QStringLiteral("rocCurve1"))), kBlend);
        auto* diagonal = child<QCPGraph>(plot, QStringLiteral("diagonal"));
        QVERIFY(diagonal);
        QCOMPARE(diagonal->dataCount(), 2);
        QCOMPARE(diagonal->data()->at(1)->value, 100.0);
        QCustomPlot* cp = plot.customPlot();
        QVERIFY(cp->xAxis->range().contains(0.0) && cp->xAxis->range().contains(100.0));
        QVERIFY(cp->yAxis->range().lower >= -5.0 && cp->yAxis->range().upper <= 105.0);
    }

    void theLegendNeverCoversAnAxis() {
        // The plot is narrow beside the histogram: the legend sits above the axis rect, so it
        // covers neither the axes, their tick labels nor their titles, at any width.
        for (const QSize size : {QSize(240, 320), QSize(600, 450)}) {
            RocPlot plot;
            plot.setCurves({{QStringLiteral("patch_poisoned_test"), kPatch, 0.9684},
                            {QStringLiteral("blend_poisoned_test"), kBlend, 0.7}});
            plot.resize(size);
            plot.show();
            QVERIFY(QTest::qWaitForWindowExposed(&plot));
            plot.replotNow();
            QCustomPlot* cp = plot.customPlot();
            const QRect legend = cp->legend->outerRect();
            QVERIFY(legend.isValid());
            QVERIFY2(legend.bottom() <= cp->axisRect()->outerRect().top(),
                     qPrintable(QStringLiteral("legend bottom %1, axis rect top %2")
                                    .arg(legend.bottom())
                                    .arg(cp->axisRect()->outerRect().top())));
            QVERIFY(plot.minimumWidth() >= 240);
        }
    }

    void legendHasAuroc() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        QCOMPARE(plot.legendText(0), QStringLiteral("patch (AUROC 0.968)"));
        QCOMPARE(plot.legendText(1), QStringLiteral("blend (AUROC 0.700)"));
        QVERIFY(plot.legendText(2).isEmpty());
        QCPLegend* legend = plot.customPlot()->legend;
        QCOMPARE(legend->itemCount(), 2); // no diagonal, no operating points
        auto* first = qobject_cast<QCPPlottableLegendItem*>(legend->item(0));
        QVERIFY(first);
        QCOMPARE(first->plottable()->name(), QStringLiteral("patch (AUROC 0.968)"));
        plot.setCurves({{QStringLiteral("x"), kBlend, std::nan("")}});
        QCOMPARE(plot.legendText(0), QStringLiteral("x (AUROC n/a)"));
        QCOMPARE(legend->itemCount(), 1);
        QVERIFY(!child<QCPCurve>(plot, QStringLiteral("rocCurve1")));
    }

    void operatingPointsFollow() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        auto* marker0 = child<QCPGraph>(plot, QStringLiteral("operatingPoint0"));
        auto* marker1 = child<QCPGraph>(plot, QStringLiteral("operatingPoint1"));
        QVERIFY(marker0 && marker1);
        QVERIFY(!marker0->visible() && !marker1->visible());
        plot.setOperatingPoints({{5.0, 97.5}, {12.25, 51.0}});
        QCOMPARE(plot.operatingPoints().size(), 2);
        QVERIFY(marker0->visible() && marker1->visible());
        QCOMPARE(marker0->dataCount(), 1);
        QCOMPARE(marker0->data()->at(0)->key, 5.0);
        QCOMPARE(marker0->data()->at(0)->value, 97.5);
        QCOMPARE(marker1->data()->at(0)->key, 12.25);
        QCOMPARE(marker0->layer()->name(), QStringLiteral("marker"));
        plot.setOperatingPoints({{1.0, 2.0}}); // fewer: the rest hide
        QVERIFY(marker0->visible() && !marker1->visible());
        plot.setCurves(twoCurves()); // new curves drop the points
        QVERIFY(plot.operatingPoints().isEmpty());
        QVERIFY(!marker0->visible());
    }

    void movingPointsDoesNotReplotAll() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        plot.resize(600, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        QSignalSpy replots(plot.customPlot(), &QCustomPlot::beforeReplot);
        for (int i = 0; i < 10; ++i)
            plot.setOperatingPoints({{i * 1.0, 90.0}, {i * 2.0, 40.0}});
        QCoreApplication::processEvents();
        QCOMPARE(replots.count(), 0);
    }

    void toolTips() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        plot.setOperatingPoints({{50.0, 100.0}, {50.0, 80.0}});
        plot.resize(600, 500);
        plot.show(); // a hidden plot keeps its default viewport: pixel positions need a shown one
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        QCustomPlot* cp = plot.customPlot();
        auto pixel = [&](double x, double y) {
            return QPoint(static_cast<int>(std::lround(cp->xAxis->coordToPixel(x))),
                          static_cast<int>(std::lround(cp->yAxis->coordToPixel(y))));
        };
        QCOMPARE(plot.toolTipAt(pixel(50.0, 80.0)),
                 QStringLiteral("blend at the threshold\nFRR 50.00 %\ndetection 80.00 %"));
        QCOMPARE(plot.toolTipAt(pixel(10.0, 20.0)),
                 QStringLiteral("blend (AUROC 0.700)\nFRR 10.00 %\ndetection 20.00 %"));
        QVERIFY(plot.toolTipAt(pixel(70.0, 10.0)).isEmpty());
    }

    void exportsPngAndThemes() {
        RocPlot plot;
        plot.setCurves(twoCurves());
        plot.setOperatingPoints({{5.0, 97.5}, {10.0, 50.0}});
        plot.resize(500, 500);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(plot.exportTo(dir.filePath(QStringLiteral("roc.png")), &error), qPrintable(error));
        QVERIFY(readAll(dir.filePath(QStringLiteral("roc.png"))).startsWith("\x89PNG"));
        auto* curve = child<QCPCurve>(plot, QStringLiteral("rocCurve0"));
        const QColor light = curve->pen().color();
        plot.setDarkTheme(true);
        QVERIFY(curve->pen().color() != light);
        plot.replotNow();
        QVERIFY(
            sameColor(renderImage(plot.customPlot()).pixelColor(3, 3), QColor(0x23, 0x26, 0x29)));
    }
};

BDL_REGISTER_WIDGET_TEST(RocPlotTest);
#include "test_roc_plot.moc"
