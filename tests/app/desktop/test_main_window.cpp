// The main window on a tiny workspace: the panel, the live curve, the prune slider, busy states,
// cancelling, the sweep heatmaps (the B' cell marked, values shown), a failed open, the banner
// (floating over the views, cleared when its cause is gone) and the keyboard focus while a job
// runs. The functions run in order on one window
// (each builds on the state the previous one left, as a user's session would).
#include "desktop_test_util.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/export_menu.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/screenshot_runner.h"
#include "app/desktop/stall_monitor.h"
#include "app/desktop/sweep_view.h"
#include "app/desktop/workspace_panel.h"
#include "app/gui/controller.h"
#include "widgets/channel_bars_plot.h"
#include "widgets/feature_map_grid.h"
#include "widgets/heatmap_plot.h"
#include "widgets/prune_curve_plot.h"

#include <QtCore/QDir>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>

#include <algorithm>
#include <memory>

namespace bdl::app::test {

namespace {

QVector<int> sorted(QVector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    Controller* controller() const { return m_window->controller(); }
    template <typename T>
    T* child(const char* name) const {
        T* w = m_window->findChild<T*>(QString::fromLatin1(name));
        if (!w)
            qFatal("no child %s", name);
        return w;
    }
    int channels() const { return controller()->workspace()->pruneChannels; }
    QList<QPushButton*> jobButtons() const {
        return {child<QPushButton>("curveButton"), child<QPushButton>("fineTuneButton"),
                child<QPushButton>("paperButton"), child<QPushButton>("liuButton"),
                child<QPushButton>("sweepButton")};
    }
    /// Saves a picture of every tab when BDL_DESKTOP_SHOTS names a folder (to look at).
    void saveShots(const QString& stem) {
        const QString dir = qEnvironmentVariable("BDL_DESKTOP_SHOTS");
        if (dir.isEmpty())
            return;
        QTabWidget* tabs = m_window->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QString error;
            QVERIFY(ScreenshotRunner::grabTo(
                m_window.get(), QDir(dir).filePath(QStringLiteral("%1-%2.png").arg(stem).arg(i)),
                &error));
        }
        tabs->setCurrentIndex(0);
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        LaunchOptions options;
        options.threads = kThreads;
        m_window = std::make_unique<MainWindow>(options);
        m_window->show();
        QSignalSpy points(controller(), &Controller::curvePointReady);
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(m_window->openWorkspace(m_ws->request()));
        QVERIFY(controller()->busy());
        // The window chains open -> curve -> activations by itself.
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
        QVERIFY(controller()->curve().has_value());
        QCOMPARE(points.count(), channels() + 1); // filled point by point
    }

    void workspacePanelShowsTheWorkspace() {
        const QString text = m_window->workspacePanel()->summaryText();
        const WorkspaceInfo& info = *controller()->workspace();
        for (const QString& s :
             {QStringLiteral("File: tiny.h5"), QStringLiteral("In use: 1/255"),
              QStringLiteral("Auto-detected: ") + info.detectedScale,
              QStringLiteral("%1, %2 channels").arg(info.pruneLayer).arg(info.pruneChannels),
              QStringLiteral("Clean test (CCA): ") + info.sets[0].name,
              QStringLiteral("Clean (rank, tune): ") + info.sets[1].name,
              QStringLiteral("Poisoned (ASR): ") + info.sets[2].name,
              QStringLiteral("Poisoned (ASR): ") + info.sets[3].name, QStringLiteral("Images: 96"),
              QStringLiteral("Images: 80"), QStringLiteral("Images: 64"),
              QStringLiteral("Images: 48"), QStringLiteral("Target: 0"),
              QStringLiteral("Target: 2"), QStringLiteral("File: patch_poisoned.h5"),
              QStringLiteral("File: other_poisoned.h5"), QStringLiteral("B': none yet")})
            QVERIFY2(text.contains(s), qPrintable(s + QStringLiteral(" not in:\n") + text));
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("tiny.h5")));
    }

    void theWorkspacePanelCollapsesAndComesBack() {
        auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("workspaceDock"));
        auto* action = m_window->findChild<QAction*>(QStringLiteral("workspacePanelAction"));
        QVERIFY(dock && action);
        QVERIFY(dock->features() & QDockWidget::DockWidgetClosable);
        QVERIFY(dock->isVisible() && action->isChecked());
        const int wide = m_window->tabs()->width();
        action->trigger();
        QTRY_VERIFY(!dock->isVisible());
        QVERIFY(!action->isChecked());
        QTRY_VERIFY(m_window->tabs()->width() > wide); // the views take the room
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
        action->trigger();
        QTRY_VERIFY(dock->isVisible());
        QTRY_COMPARE(m_window->tabs()->width(), wide);
    }

    void curveIsDrawnWithTheControllersNumbers() {
        const CurveData& curve = *controller()->curve();
        const auto& points = m_window->pruneView()->curvePlot()->points();
        QCOMPARE(points.size(), channels() + 1);
        for (int k = 0; k <= channels(); ++k) {
            QCOMPARE(points[k].k, k);
            QCOMPARE(points[k].cca, curve.points[k].cca);
            QCOMPARE(points[k].asr, curve.points[k].asr);
        }
        QCOMPARE(child<QSlider>("pruneSlider")->maximum(), channels());
        QCOMPARE(m_window->activationView()->barsPlot()->channelCount(), channels());
        QVERIFY(m_window->activationView()->mapGrid()->hasMaps(0));
        QVERIFY(m_window->activationView()->mapGrid()->hasMaps(1));
        QVERIFY(!m_window->activationView()->mapGrid()->hasMaps(2)); // no B' yet
        saveShots(QStringLiteral("curve"));
    }

    void sliderShowsTheCurveAtK_data() {
        QTest::addColumn<int>("k");
        QTest::newRow("one") << 1;
        QTest::newRow("a third") << -3;
        QTest::newRow("all") << -1;
        QTest::newRow("none") << 0;
    }

    void sliderShowsTheCurveAtK() {
        QFETCH(int, k);
        if (k < 0)
            k = channels() / -k;
        PruneView* view = m_window->pruneView();
        auto* slider = child<QSlider>("pruneSlider");
        auto* readout = child<QLabel>("sliderReadout");
        slider->setValue(k == 0 ? 1 : 0); // so that setting k fires valueChanged
        slider->setValue(k);
        // Answered in the same event-loop turn: no waiting, no worker round trip.
        QVERIFY(view->lastReadout().has_value());
        const SliderReadout& r = *view->lastReadout();
        const CurvePoint& p = controller()->curve()->points[k];
        QCOMPARE(r.k, k);
        QVERIFY(r.fromCurve);
        QCOMPARE(r.cca, p.cca);
        QCOMPARE(r.asr, p.asr);
        QCOMPARE(r.channels, channels());
        QCOMPARE(readout->text(), view->readoutText(r));
        const QString cca = QString::number(p.cca, 'f', 2);
        QVERIFY2(readout->text().contains(QStringLiteral("k = %1 of %2").arg(k).arg(channels())),
                 qPrintable(readout->text()));
        QVERIFY2(readout->text().contains(QStringLiteral("CCA ") + cca),
                 qPrintable(readout->text()));
        for (double asr : p.asr)
            QVERIFY2(readout->text().contains(QString::number(asr, 'f', 2)),
                     qPrintable(readout->text()));
        QCOMPARE(view->curvePlot()->marker(), k);
        QCOMPARE(m_window->activationView()->barsPlot()->prunedCount(), k);
        QCOMPARE(m_window->activationView()->mapGrid()->prunedChannels(),
                 sorted(controller()->curve()->order.mid(0, k)));
    }

    // Every step of a full drag is answered from the cached curve (how fast:
    // MainWindowBench::sliderStep).
    void sliderAnswersAFullDragFromTheCurve() {
        PruneView* view = m_window->pruneView();
        auto* slider = child<QSlider>("pruneSlider");
        QSignalSpy latency(view, &PruneView::sliderLatency);
        for (int k = 0; k <= channels(); ++k)
            slider->setValue(k);
        QCOMPARE(latency.count(), channels()); // every k but the one it started at
        for (const auto& args : latency)
            QVERIFY(args.at(1).toBool()); // from the cached curve
        slider->setValue(channels() / 4);
    }

    void jobButtonsDisableWhileBusy() {
        child<QSpinBox>("fineTuneEpochs")->setValue(1);
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QTest::mouseClick(child<QPushButton>("fineTuneButton"), Qt::LeftButton);
        QVERIFY(controller()->busy());
        for (QPushButton* b : jobButtons())
            QVERIFY2(!b->isEnabled(), qPrintable(b->objectName()));
        QVERIFY(child<QPushButton>("cancelButton")->isEnabled());
        QVERIFY(!child<QAction>("openAction")->isEnabled());
        QVERIFY(child<QSlider>("pruneSlider")->isEnabled()); // not a job: stays live
        // fine-tune, then the activations of B and B' it triggers.
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty() && !activations.isEmpty(); }));
        for (QPushButton* b : jobButtons())
            QVERIFY2(b->isEnabled(), qPrintable(b->objectName()));
        QVERIFY(!child<QPushButton>("cancelButton")->isEnabled());
        QVERIFY(child<QAction>("openAction")->isEnabled());
        const RepairResult r = repaired.at(0).at(0).value<RepairResult>();
        QCOMPARE(r.k, channels() / 4);
        QVERIFY(m_window->workspacePanel()->summaryText().contains(
            QStringLiteral("Made by: Fine-tuning at k")));
        QVERIFY(child<QLabel>("repairedSummary")->text().contains(r.description.toHtmlEscaped()));
        QVERIFY(m_window->activationView()->mapGrid()->hasMaps(2));
        QVERIFY(m_window->activationView()->mapGrid()->hasMaps(3));
        QCOMPARE(m_window->activationView()->mapGrid()->prunedChannels(),
                 sorted(controller()->curve()->order.mid(0, r.k)));
        QVERIFY(!m_window->banner()->isVisible());
    }

    void paperProtocolFillsItsCurveLive() {
        child<QSpinBox>("paperSteps")->setValue(3);
        child<QSpinBox>("paperEpochs")->setValue(1);
        QSignalSpy steps(controller(), &Controller::finePruneStepReady);
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QTest::mouseClick(child<QPushButton>("paperButton"), Qt::LeftButton);
        QVERIFY(child<QWidget>("paperStepsBox")->isVisible());
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QCOMPARE(steps.count(), 4); // k = 0 .. 3
        const auto& points = m_window->pruneView()->stepsPlot()->points();
        QCOMPARE(points.size(), 4);
        for (int i = 0; i < steps.count(); ++i) {
            const FinePruneStep step = steps.at(i).at(0).value<FinePruneStep>();
            QCOMPARE(points[i].k, step.k);
            QCOMPARE(points[i].cca, step.cca);
        }
        QCOMPARE(controller()->repaired()->method, QString(job::kPaper));
        QCOMPARE(child<QSlider>("pruneSlider")->value(), 3);
    }

    void liuProtocolMakesARepairedModel() {
        child<QSpinBox>("liuEpochs")->setValue(1);
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QTest::mouseClick(child<QPushButton>("liuButton"), Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        const RepairResult r = *controller()->repaired();
        QCOMPARE(r.method, QString(job::kLiu));
        QVERIFY(m_window->workspacePanel()->summaryText().contains(
            QStringLiteral("Made by: Liu et al. protocol")));
        QVERIFY(!m_window->banner()->isVisible());
    }

    void focusStaysWhereTheUserWasWhileAJobRuns() {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* button = child<QPushButton>("fineTuneButton");
        child<QSpinBox>("fineTuneEpochs")->setValue(1);
        const QString lrs[] = {child<QLineEdit>("fineTuneLr")->text(),
                               child<QLineEdit>("paperLr")->text(),
                               child<QLineEdit>("liuLr")->text()};
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QSignalSpy activations(controller(), &Controller::activationsReady);
        button->setFocus(Qt::MouseFocusReason);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(controller()->busy());
        QVERIFY(!button->isEnabled());
        // Not moved on to the next field (the paper form's learning rate, text selected): parked
        // on a container of the button, where typing changes nothing.
        QWidget* focus = QApplication::focusWidget();
        QVERIFY2(focus && focus->isAncestorOf(button) && !qobject_cast<QLineEdit*>(focus),
                 qPrintable(focus ? focus->objectName() + QLatin1Char(' ') +
                                        QLatin1String(focus->metaObject()->className())
                                  : QStringLiteral("no focus")));
        for (const char* name : {"fineTuneLr", "paperLr", "liuLr"})
            QVERIFY2(!child<QLineEdit>(name)->hasSelectedText(), name);
        QTest::keyClicks(focus, QStringLiteral("5"));
        QCOMPARE(child<QLineEdit>("fineTuneLr")->text(), lrs[0]);
        QCOMPARE(child<QLineEdit>("paperLr")->text(), lrs[1]);
        QCOMPARE(child<QLineEdit>("liuLr")->text(), lrs[2]);
        // Back on the button once it is enabled again.
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty() && !activations.isEmpty(); }));
        QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(button));
    }

    void invalidLearningRateIsReportedNotSent() {
        child<QLineEdit>("fineTuneLr")->setText(QStringLiteral("fast"));
        QSignalSpy started(controller(), &Controller::jobStarted);
        QTest::mouseClick(child<QPushButton>("fineTuneButton"), Qt::LeftButton);
        QCOMPARE(started.count(), 0);
        QVERIFY(m_window->banner()->isVisible());
        QVERIFY(m_window->banner()->text().contains(QStringLiteral("learning rate")));
        m_window->banner()->dismiss();
        child<QLineEdit>("fineTuneLr")->setText(QStringLiteral("1e-3"));
    }

    void cancelMidJobKeepsPreviousResults() {
        const CurveData before = *controller()->curve();
        const RepairResult repairedBefore = *controller()->repaired();
        child<QSpinBox>("fineTuneEpochs")->setValue(1000); // far longer than the test waits
        QSignalSpy progress(controller(), &Controller::progressChanged);
        QSignalSpy cancelled(controller(), &Controller::cancelled);
        QTest::mouseClick(child<QPushButton>("fineTuneButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), kJobTimeoutMs); // running, mid-job
        QTest::mouseClick(child<QPushButton>("cancelButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kJobTimeoutMs);
        QVERIFY(waitIdle(*m_window));
        QCOMPARE(controller()->repaired()->description, repairedBefore.description);
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("cancelled")));
        QVERIFY(!m_window->banner()->isVisible()); // cancelling is not an error

        // The curve job, cancelled right after it started: its first points are dropped and the
        // previous curve is drawn again.
        QSignalSpy started(controller(), &Controller::curveStarted);
        QTest::mouseClick(child<QPushButton>("curveButton"), Qt::LeftButton);
        controller()->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 2, kJobTimeoutMs);
        QCOMPARE(cancelled.at(1).at(0).toString(), QString(job::kCurve));
        const auto& points = m_window->pruneView()->curvePlot()->points();
        QCOMPARE(points.size(), before.points.size());
        for (int k = 0; k < points.size(); ++k)
            QCOMPARE(points[k].cca, before.points[k].cca);
        auto* slider = child<QSlider>("pruneSlider");
        slider->setValue(1);
        QCOMPARE(m_window->pruneView()->lastReadout()->cca, before.points[1].cca);
        child<QSpinBox>("fineTuneEpochs")->setValue(1);
    }

    void sweepFillsBothHeatmapsCellByCell() {
        SweepView* view = m_window->sweepView();
        child<QLineEdit>("sweepLrs")->setText(QStringLiteral("1e-3, 1e-4"));
        child<QLineEdit>("sweepKs")->setText(QStringLiteral("1, 10-30:20"));
        child<QSpinBox>("sweepEpochs")->setValue(1);
        QSignalSpy cells(controller(), &Controller::sweepCellReady);
        QSignalSpy done(controller(), &Controller::sweepReady);
        QTest::mouseClick(child<QPushButton>("sweepButton"), Qt::LeftButton);
        QVERIFY(controller()->busy());
        QVERIFY(waitIdle(*m_window, [&] { return !done.isEmpty(); }));
        QCOMPARE(cells.count(), 6);
        qInfo("sweep of 6 cells: longest GUI-thread stall %.1f ms",
              m_window->stallMonitor()->longestStallMs());
        const SweepData& sweep = *controller()->sweep();
        QCOMPARE(sweep.ks, (QVector<int>{1, 10, 30}));
        for (const SweepCell& c : sweep.cells) {
            QCOMPARE(view->ccaPlot()->value(c.lrIndex, c.kIndex), c.cca);
            QCOMPARE(view->asrPlot()->value(c.lrIndex, c.kIndex),
                     *std::max_element(c.asr.begin(), c.asr.end()));
        }
        // One set's ASR instead of the worst.
        child<QComboBox>("asrSetSelector")->setCurrentIndex(2);
        for (const SweepCell& c : sweep.cells)
            QCOMPARE(view->asrPlot()->value(c.lrIndex, c.kIndex), c.asr[1]);
        // A limit every cell meets: the best trade-off is the highest CCA, marked on both maps.
        child<QDoubleSpinBox>("asrLimit")->setValue(100.0);
        const auto best = view->bestCell();
        QVERIFY(best.has_value());
        for (const SweepCell& c : sweep.cells)
            QVERIFY(c.cca <= best->cca);
        for (widgets::HeatmapPlot* plot : {view->ccaPlot(), view->asrPlot()}) {
            QVERIFY(plot->bestCell().has_value());
            QCOMPARE(plot->bestCell()->lrIndex, best->lrIndex);
            QCOMPARE(plot->bestCell()->kIndex, best->kIndex);
        }
        QVERIFY(
            child<QLabel>("bestTradeOff")->text().contains(QStringLiteral("k = %1").arg(best->k)));
        // Every cell's numbers: in its tooltip on both maps, and drawn with "Show values".
        for (const SweepCell& c : sweep.cells)
            for (widgets::HeatmapPlot* plot : {view->ccaPlot(), view->asrPlot()})
                QVERIFY(plot->toolTipForCell(c.lrIndex, c.kIndex)
                            .contains(sweep.poisonedNames[1] + QLatin1Char(' ')));
        auto* showValues = child<QCheckBox>("showCellValues");
        QVERIFY(!showValues->isChecked());
        QCOMPARE(view->ccaPlot()->drawnValueCount(), 0);
        showValues->click();
        for (widgets::HeatmapPlot* plot : {view->ccaPlot(), view->asrPlot()}) {
            QVERIFY(plot->showValues());
            QCOMPARE(plot->drawnValueCount(), 6);
        }
        for (const SweepCell& c : sweep.cells)
            QCOMPARE(view->ccaPlot()->cellText(c.lrIndex, c.kIndex),
                     QString::number(c.cca, 'f', 1));
        QCOMPARE(view->formState().value(QStringLiteral("showValues")).toBool(), true);
        QVERIFY(!view->repairedCell());                    // no B' from this sweep yet
        child<QDoubleSpinBox>("asrLimit")->setValue(-1.0); // clamped to 0
        saveShots(QStringLiteral("sweep"));
    }

    void clickingACellMakesItsModelRepaired() {
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        Q_EMIT m_window->sweepView()->ccaPlot()->cellClicked(1, 2); // as a click would
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        const RepairResult r = *controller()->repaired();
        QCOMPARE(r.method, QString(job::kSelect));
        QCOMPARE(r.k, 30);
        QCOMPARE(r.lr, 1e-4);
        QCOMPARE(r.ccaAfter, controller()->sweep()->cell(1, 2)->cca);
        QVERIFY(m_window->workspacePanel()->summaryText().contains(
            QStringLiteral("Made by: Learning-rate sweep cell")));
        // The views follow B': the slider (and so the marker and the bars) moved to its k.
        QCOMPARE(child<QSlider>("pruneSlider")->value(), 30);
        QCOMPARE(m_window->pruneView()->lastReadout()->k, 30);
        QCOMPARE(m_window->pruneView()->curvePlot()->marker(), 30);
        // The cell that made B' is marked on both maps.
        SweepView* view = m_window->sweepView();
        QVERIFY(view->repairedCell().has_value());
        QCOMPARE(view->repairedCell()->lrIndex, 1);
        QCOMPARE(view->repairedCell()->kIndex, 2);
        for (widgets::HeatmapPlot* plot : {view->ccaPlot(), view->asrPlot()}) {
            QVERIFY(plot->markedCell().has_value());
            QCOMPARE(plot->markedCell()->lrIndex, 1);
            QCOMPARE(plot->markedCell()->kIndex, 2);
            QCOMPARE(plot->markedLabel(), QStringLiteral("B'"));
        }
        saveShots(QStringLiteral("selected"));
    }

    void aCellMarkGoesWhenAnotherBPrimeComes() {
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        TuneSettings tune;
        tune.epochs = 1;
        QVERIFY(controller()->fineTuneAt(2, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        SweepView* view = m_window->sweepView();
        QVERIFY(!view->repairedCell());
        QVERIFY(!view->ccaPlot()->markedCell() && !view->asrPlot()->markedCell());
    }

    void bannerFloatsWithoutMovingTheViews() {
        QTabWidget* tabs = m_window->tabs();
        NotificationBanner* banner = m_window->banner();
        QVERIFY(!banner->isVisible());
        QApplication::processEvents();
        const QRect tabsBefore = tabs->geometry();
        const QPoint pageBefore = tabs->currentWidget()->mapTo(m_window.get(), QPoint(0, 0));
        banner->showError(QStringLiteral("A message long enough to need a line of its own, "
                                         "naming a file: /some/where/data.h5"));
        QApplication::processEvents(); // layouts settle
        QApplication::processEvents();
        QVERIFY(banner->isVisible());
        QCOMPARE(tabs->geometry(), tabsBefore);
        QCOMPARE(tabs->currentWidget()->mapTo(m_window.get(), QPoint(0, 0)), pageBefore);
        // Over the bottom edge of the views, inside them.
        QCOMPARE(banner->parentWidget(), static_cast<QWidget*>(tabs));
        QVERIFY(tabs->rect().contains(banner->geometry()));
        QVERIFY(banner->geometry().bottom() > tabs->height() - 20);
        QVERIFY(banner->height() >= banner->minimumSizeHint().height());
        // Resizing the window keeps it there.
        m_window->resize(m_window->width() - 100, m_window->height());
        QApplication::processEvents();
        QApplication::processEvents();
        QCOMPARE(banner->width(), tabs->width() - 12);
        QVERIFY(banner->geometry().bottom() > tabs->height() - 20);
        banner->dismiss();
        m_window->resize(m_window->width() + 100, m_window->height());
        QApplication::processEvents();
        QCOMPARE(tabs->currentWidget()->mapTo(m_window.get(), QPoint(0, 0)), pageBefore);
    }

    void bannerClearsWhenItsCauseIsGone() {
        NotificationBanner* banner = m_window->banner();
        TuneSettings tune;
        tune.epochs = 1;
        // A failed fine-tune: its error names the problem...
        QSignalSpy failed(controller(), &Controller::failed);
        QVERIFY(controller()->fineTuneAt(channels() + 5, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !failed.isEmpty(); }));
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->cause(), QStringLiteral("job:repair"));
        QVERIFY2(banner->text().contains(QStringLiteral("cannot prune")),
                 qPrintable(banner->text()));
        // ... and stays while a job of another kind succeeds (its cause is still there) ...
        QSignalSpy curve(controller(), &Controller::curveReady);
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(controller()->computePruningCurve());
        QVERIFY(waitIdle(*m_window, [&] { return !curve.isEmpty() && !activations.isEmpty(); }));
        QVERIFY(banner->isVisible());
        // ... until a job of its kind succeeds: any way of making B'.
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QVERIFY(controller()->runPaperProtocol(1, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QVERIFY(!banner->isVisible());

        // A refused request: cleared by the next job that starts.
        child<QLineEdit>("fineTuneLr")->setText(QStringLiteral("fast"));
        QTest::mouseClick(child<QPushButton>("fineTuneButton"), Qt::LeftButton);
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->cause(), QStringLiteral("input"));
        child<QLineEdit>("fineTuneLr")->setText(QStringLiteral("1e-3"));
        activations.clear();
        QVERIFY(controller()->computeActivations());
        QVERIFY(!banner->isVisible());
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));

        // An export error: cleared by the next export written.
        ExportMenu* exports = m_window->exportMenu();
        QVERIFY(!exports->exportData(QStringLiteral("curve"),
                                     m_ws->file(QStringLiteral("no-such-dir/curve.csv"))));
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->cause(), QStringLiteral("export"));
        QVERIFY(exports->exportData(QStringLiteral("curve"), m_ws->file(QStringLiteral("c.csv"))));
        QVERIFY(!banner->isVisible());

        // A message without a cause stays through all of that; a caused one goes when a new
        // workspace opens (through the Controller, not the window's Open, which clears anyway).
        banner->showError(QStringLiteral("plain"));
        activations.clear();
        QVERIFY(controller()->computeActivations());
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
        QVERIFY(banner->isVisible());
        banner->showErrorFor(QStringLiteral("job:sweep"), QStringLiteral("sweep failed"));
        QSignalSpy opened(controller(), &Controller::workspaceOpened);
        activations.clear();
        QVERIFY(controller()->openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(*m_window, [&] { return !opened.isEmpty() && !activations.isEmpty(); }));
        QVERIFY(!banner->isVisible());
    }

    void failedOpenShowsBannerAndKeepsTheWorkspace() {
        const int pointsBefore = m_window->pruneView()->curvePlot()->points().size();
        WorkspaceRequest bad = m_ws->request();
        bad.modelPath = m_ws->file(QStringLiteral("no-such-model.h5"));
        QSignalSpy failed(controller(), &Controller::failed);
        QVERIFY(m_window->openWorkspace(bad));
        QVERIFY(waitIdle(*m_window, [&] { return !failed.isEmpty(); }));
        NotificationBanner* banner = child<NotificationBanner>("errorBanner");
        QVERIFY(banner->isVisible());
        QVERIFY(banner->isError());
        QVERIFY2(banner->text().contains(QStringLiteral("no-such-model.h5")),
                 qPrintable(banner->text()));
        QVERIFY(
            m_window->workspacePanel()->summaryText().contains(QStringLiteral("File: tiny.h5")));
        QCOMPARE(m_window->pruneView()->curvePlot()->points().size(), pointsBefore);
        QVERIFY(controller()->workspace()->modelPath.endsWith(QStringLiteral("tiny.h5")));
        for (QPushButton* b : jobButtons())
            QVERIFY(b->isEnabled());
    }

    void cleanupTestCase() {
        m_window.reset(); // cancels and joins the worker
        m_ws.reset();
    }
};

BDL_REGISTER_DESKTOP_TEST(MainWindowTest);

} // namespace bdl::app::test

#include "test_main_window.moc"
