// Measurements on the demo zoo's patch model (not part of CTest's run: minutes of CPU, and the
// zoo must exist). Run with
//   BDL_DESKTOP_MEASURE=1 bdl_desktop_tests DemoMeasureTest [--zoo DIR via BDL_ZOO_DIR]
// It reports the prune slider's step latency over a full drag of the demo curve and the longest
// GUI-thread stall while the curve and a learning-rate sweep fill the views.
#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/stall_monitor.h"
#include "app/gui/controller.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QSlider>

#include <algorithm>
#include <memory>

namespace bdl::app::test {

namespace {

/// A sweep takes minutes on the demo; this is its limit (ms).
constexpr int kSweepTimeoutMs = 1800000;

} // namespace

class DemoMeasureTest : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;
    Controller* controller() const { return m_window->controller(); }

private Q_SLOTS:
    void initTestCase() {
        if (qEnvironmentVariableIsEmpty("BDL_DESKTOP_MEASURE"))
            QSKIP("set BDL_DESKTOP_MEASURE=1 to measure on the demo zoo");
        LaunchOptions options;
        options.threads = kThreads;
        m_window = std::make_unique<MainWindow>(options);
        m_window->show();
        WorkspaceRequest r =
            WorkspaceRequest::zoo(QStringLiteral("patch"), qEnvironmentVariable("BDL_ZOO_DIR"));
        r.buildZoo = false;
        QSignalSpy curve(controller(), &Controller::curveReady);
        QSignalSpy measured(m_window->stallMonitor(), &StallMonitor::jobMeasured);
        QVERIFY(m_window->openWorkspace(r));
        QVERIFY(waitIdle(
            *m_window, [&] { return !curve.isEmpty(); }, kSweepTimeoutMs));
        for (const auto& args : measured)
            qInfo("demo job %s: %.2f s, longest GUI-thread stall %.1f ms",
                  qPrintable(args.at(0).toString()), args.at(2).toDouble(), args.at(1).toDouble());
    }

    void sliderLatency() {
        auto* slider = m_window->findChild<QSlider*>(QStringLiteral("pruneSlider"));
        QSignalSpy latency(m_window->pruneView(), &PruneView::sliderLatency);
        for (int pass = 0; pass < 3; ++pass) {
            for (int k = 0; k <= slider->maximum(); ++k)
                slider->setValue(k);
            for (int k = slider->maximum(); k >= 0; --k)
                slider->setValue(k);
        }
        QVector<double> ms;
        for (const auto& args : latency)
            ms.push_back(args.at(0).toDouble());
        std::sort(ms.begin(), ms.end());
        QVERIFY(!ms.isEmpty());
        qInfo("demo slider: %d steps, median %.3f ms, p99 %.3f ms, max %.3f ms", int(ms.size()),
              ms[ms.size() / 2], ms[(ms.size() * 99) / 100], ms.last());
    }

    void sweepStall() {
        SweepRequest r;
        r.lrs = {1e-3, 1e-4};
        for (int k = 12; k <= controller()->workspace()->pruneChannels; k += 12)
            r.ks.push_back(k);
        r.epochs = 1;
        QSignalSpy measured(m_window->stallMonitor(), &StallMonitor::jobMeasured);
        QSignalSpy cells(controller(), &Controller::sweepCellReady);
        QVERIFY(controller()->runSweep(r));
        QVERIFY(waitIdle(
            *m_window, [&] { return !measured.isEmpty(); }, kSweepTimeoutMs));
        qInfo("demo sweep (%d cells, 1 epoch each): %.1f s, longest GUI-thread stall %.1f ms",
              int(cells.count()), measured.at(0).at(2).toDouble(), measured.at(0).at(1).toDouble());
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(DemoMeasureTest);

} // namespace bdl::app::test

#include "test_demo_measure.moc"
