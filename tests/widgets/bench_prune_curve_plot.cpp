// PruneCurvePlotBench (bench_qt, not CTest): the time of one prune-slider step on the curve plot,
// setMarker() and the paint it asks for, on a 900x500 plot of 61 points and two ASR curves. The
// slider wants it well inside a 60 Hz frame (16.7 ms). What it draws: PruneCurvePlotTest.
#include "widget_test_util.h"

#include "widgets/prune_curve_plot.h"

#include <QtTest/QtTest>

using namespace bdl::widgets;

class PruneCurvePlotBench : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void setMarkerAndPaint() {
        PruneCurvePlot plot;
        plot.setup(60, {QStringLiteral("patch"), QStringLiteral("blend")});
        for (int k = 0; k <= 60; ++k)
            plot.addPoint(k, 95.25 - k * 0.3, {100.0 - k * 1.5, 100.0 / 3.0 + k});
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        plot.replotNow();
        int step = 0;
        QBENCHMARK {
            plot.setMarker(step++ % 61);
            QCoreApplication::processEvents(); // paint what the slider asked for
        }
    }
};

BDL_REGISTER_WIDGET_TEST(PruneCurvePlotBench);
#include "bench_prune_curve_plot.moc"
