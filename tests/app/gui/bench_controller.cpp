// ControllerBench (bench_qt, not CTest) on the tiny workspace: the prune slider's answer from the
// cached curve (requestSliderK, on the GUI thread), and how long the destructor takes to stop a
// running fine-tuning job (cancel at its next check, quit, wait). What they do: ControllerTest.
#include "gui_test_util.h"

#include "app/gui/controller.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace bdl::app;
using namespace bdl::app::test;

class ControllerBench : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        QVERIFY(m_ws->dir.isValid());
    }

    void sliderFromTheCachedCurve() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.computePruningCurve(); });
        const int channels = c.workspace()->pruneChannels;
        int k = 0;
        QBENCHMARK {
            c.requestSliderK(k);
            k = (k + 1) % (channels + 1);
        }
        QVERIFY(c.requestSliderK(channels)); // answered from the curve, no worker round trip
    }

    void destructorStopsARunningJob() {
        auto c = std::make_unique<Controller>(nullptr, kThreads);
        openTiny(*c, *m_ws);
        QSignalSpy progress(c.get(), &Controller::progressChanged);
        QVERIFY(c->fineTuneAt(3, TuneSettings{1e-3, 100000, 16, 0}));
        QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, kJobTimeoutMs);
        QBENCHMARK_ONCE {
            c.reset(); // cancels, quits and waits
        }
    }
};

BDL_REGISTER_GUI_TEST(ControllerBench);

#include "bench_controller.moc"
