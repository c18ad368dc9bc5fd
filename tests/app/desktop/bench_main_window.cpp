// MainWindowBench (bench_qt, not CTest) on the tiny workspace: one prune-slider step in the main
// window (the curve marker, the channel bars, the feature-map outlines and the readout, answered
// from the cached curve) with the paint it asks for, and the view's own latency (valueChanged to
// readout) over those steps. A frame is 16.7 ms. What the steps show: MainWindowTest.
#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"

#include <QtCore/QCoreApplication>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QSlider>

#include <algorithm>
#include <memory>

namespace bdl::app::test {

class MainWindowBench : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    /// Every step's PruneView::sliderLatency, over all of QBENCHMARK's runs of sliderStep().
    std::unique_ptr<QSignalSpy> m_latency;

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        m_latency = std::make_unique<QSignalSpy>(m_window->pruneView(), &PruneView::sliderLatency);
    }

    void sliderStep() {
        auto* slider = m_window->findChild<QSlider*>(QStringLiteral("pruneSlider"));
        QVERIFY(slider);
        const int positions = slider->maximum() + 1;
        int k = slider->value();
        QBENCHMARK {
            k = (k + 1) % positions;
            slider->setValue(k);
            QCoreApplication::processEvents(); // paint what the step changed
        }
    }

    void cleanupTestCase() {
        // QBENCHMARK runs sliderStep() several times (calibrating its iterations): one summary.
        if (m_latency && !m_latency->isEmpty()) {
            double sum = 0.0, worst = 0.0;
            for (const auto& args : *m_latency) {
                sum += args.at(0).toDouble();
                worst = std::max(worst, args.at(0).toDouble());
            }
            qInfo("PruneView::sliderLatency over %d steps: mean %.3f ms, max %.3f ms",
                  int(m_latency->count()), sum / m_latency->count(), worst);
        }
        m_latency.reset();
        m_window.reset(); // cancels and joins the worker
        m_ws.reset();
    }
};

BDL_REGISTER_DESKTOP_TEST(MainWindowBench);

} // namespace bdl::app::test

#include "bench_main_window.moc"
