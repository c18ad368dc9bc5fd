#include "app/desktop/main_window.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/export_menu.h"
#include "app/desktop/help_dialog.h"
#include "app/desktop/inspector_view.h"
#include "app/desktop/job_status_bar.h"
#include "app/desktop/job_text.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/open_dialog.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/stall_monitor.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/desktop/workspace_panel.h"
#include "app/gui/controller.h"
#include "app/gui/stage_text.h"
#include "widgets/channel_bars_plot.h"
#include "widgets/defense_bars_plot.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/feature_map_grid.h"
#include "widgets/heatmap_plot.h"
#include "widgets/prune_curve_plot.h"
#include "widgets/roc_plot.h"

#include <QtCore/QFileInfo>
#include <QtCore/QTextStream>
#include <QtGui/QAction>
#include <QtGui/QKeySequence>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

namespace {

constexpr int kDefaultWidth = 1440;
constexpr int kDefaultHeight = 900;
constexpr int kDockWidth = 400;

/// Writes one line to stderr (verbose logging).
void logLine(const QString& line) {
    QTextStream err(stderr);
    err << line << Qt::endl;
}

/// The banner's cause key of a failed job: one kind for every way of making B' and one for the
/// exports, so that any success of that kind clears it (NotificationBanner::clear()).
QString bannerCause(const QString& job) {
    if (job == job::kFineTune || job == job::kPaper || job == job::kLiu || job == job::kSelect ||
        job == job::kSelectCandidate)
        return QStringLiteral("job:repair");
    if (job == job::kExport || job == job::kGoodnet || job == job::kExportCandidate)
        return QStringLiteral("export");
    return QStringLiteral("job:") + job;
}

/// Errors to the banner, each with its cause, and the events that show a cause is gone: a job
/// of the same kind finishing, an export written, any job starting (for a request a view
/// refused), a new workspace (every caused message).
void routeBanner(MainWindow& w) {
    NotificationBanner* banner = w.banner();
    Controller* c = w.controller();
    QObject::connect(
        c, &Controller::failed, banner, [banner](const QString& job, const QString& message) {
            banner->showErrorFor(bannerCause(job),
                                 MainWindow::tr("%1 failed: %2").arg(JobText::title(job), message));
        });
    QObject::connect(c, &Controller::finished, banner,
                     [banner](const QString& job) { banner->clear(bannerCause(job)); });
    QObject::connect(c, &Controller::exported, banner,
                     [banner] { banner->clear(QStringLiteral("export")); });
    QObject::connect(c, &Controller::jobStarted, banner,
                     [banner] { banner->clear(QStringLiteral("input")); });
    QObject::connect(c, &Controller::workspaceOpened, banner, [banner] { banner->clearCaused(); });
    auto input = [banner](const QString& message) {
        banner->showErrorFor(QStringLiteral("input"), message);
    };
    QObject::connect(w.pruneView(), &PruneView::errorMessage, banner, input);
    QObject::connect(w.sweepView(), &SweepView::errorMessage, banner, input);
    QObject::connect(w.stripView(), &StripView::errorMessage, banner, input);
    QObject::connect(w.comparisonView(), &ComparisonView::errorMessage, banner, input);
    QObject::connect(w.inspectorView(), &InspectorView::errorMessage, banner, input);
    QObject::connect(w.exportMenu(), &ExportMenu::errorMessage, banner,
                     [banner](const QString& message) {
                         banner->showErrorFor(QStringLiteral("export"), message);
                     });
    QObject::connect(w.exportMenu(), &ExportMenu::fileWritten, banner,
                     [banner] { banner->clear(QStringLiteral("export")); });
}

} // namespace

MainWindow::MainWindow(const LaunchOptions& options, QWidget* parent)
    : QMainWindow(parent), m_options(options) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("BackdoorLab"));
    m_controller = new Controller(this, options.threads);
    m_stallMonitor = new StallMonitor(m_controller, this);
    buildCentral();
    m_jobStatus = new JobStatusBar(m_controller, statusBar());
    buildMenus();
    connectRouting();
    if (options.verbose)
        connectLogging();
    resize(options.windowSize.isValid() ? options.windowSize
                                        : QSize(kDefaultWidth, kDefaultHeight));
    setUpHabits(); // sessions, saved settings, drops (main_window_habits.cpp)
}

MainWindow::~MainWindow() = default;

void MainWindow::buildCentral() {
    m_workspacePanel = new WorkspacePanel(this);
    connect(m_workspacePanel, &WorkspacePanel::pruneLayerChosen, this, [this](const QString& conv) {
        WorkspaceRequest r = m_lastRequest; // the workspace open now, pruning another layer
        r.pruneLayer = conv;
        openWorkspace(r);
    });
    auto* dock = new QDockWidget(tr("Workspace"), this);
    dock->setObjectName(QStringLiteral("workspaceDock"));
    dock->setWidget(m_workspacePanel);
    // Closable: the views get the whole width (View > Workspace panel, Ctrl+Shift+W, brings it
    // back; its state is saved with the window's).
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {kDockWidth}, Qt::Horizontal);

    m_banner = new NotificationBanner(this);
    m_pruneView = new PruneView(m_controller, this);
    m_sweepView = new SweepView(m_controller, this);
    m_activationView = new ActivationView(m_controller, this);
    m_stripView = new StripView(m_controller, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("viewTabs"));
    m_tabs->addTab(m_pruneView, tr("Fine-pruning"));
    m_tabs->addTab(m_sweepView, tr("LR sweep"));
    m_tabs->addTab(m_activationView, tr("Activations"));
    m_tabs->addTab(m_stripView, tr("STRIP"));
    m_comparisonView = new ComparisonView(m_controller, this);
    m_tabs->addTab(m_comparisonView, tr("Comparison"));
    m_inspectorView = new InspectorView(m_controller, this);
    m_inspectorView->setThresholdSource([strip = m_stripView] { return strip->threshold(); });
    m_tabs->addTab(m_inspectorView, tr("Inspector"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    m_banner->floatOver(m_tabs); // over the views' bottom edge: showing it moves nothing
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open..."), this, &MainWindow::showOpenDialog);
    open->setObjectName(QStringLiteral("openAction"));
    open->setShortcut(QKeySequence::Open);
    connect(m_controller, &Controller::busyChanged, open, &QAction::setDisabled);
    // Results open in windows of their own: allowed while a job runs.
    QAction* openResult =
        file->addAction(tr("Open Res&ult..."), this, &MainWindow::showOpenResultDialog);
    openResult->setObjectName(QStringLiteral("openResultAction"));
    openResult->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    buildSessionMenu(file);
    QMenu* exports = file->addMenu(tr("&Export"));
    buildExports(exports);
    QAction* report = file->addAction(tr("Export &Report..."), this, &MainWindow::exportReport);
    report->setObjectName(QStringLiteral("exportReportAction"));
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_controller, &Controller::busyChanged, report, &QAction::setDisabled);
    buildFileExtras(file);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* dark = view->addAction(tr("&Dark plots"));
    dark->setObjectName(QStringLiteral("darkPlotsAction"));
    dark->setCheckable(true);
    dark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(dark, &QAction::toggled, this, &MainWindow::setDarkPlots);
    m_darkAction = dark;
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("workspaceDock"))) {
        QAction* panel = dock->toggleViewAction(); // checked while the panel shows
        panel->setText(tr("&Workspace panel"));
        panel->setObjectName(QStringLiteral("workspacePanelAction"));
        panel->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));
        view->addAction(panel);
    }
    buildTabActions(view);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&User guide"), this, &MainWindow::showUserGuide);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    QAction* about = help->addAction(tr("&About BackdoorLab"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::buildExports(QMenu* menu) {
    m_exportMenu = new ExportMenu(m_controller, menu, this);
    widgets::PruneCurvePlot* curve = m_pruneView->curvePlot();
    widgets::PruneCurvePlot* steps = m_pruneView->stepsPlot();
    widgets::HeatmapPlot* cca = m_sweepView->ccaPlot();
    widgets::HeatmapPlot* asr = m_sweepView->asrPlot();
    widgets::ChannelBarsPlot* bars = m_activationView->barsPlot();
    m_exportMenu->addFigure(QStringLiteral("curve"), tr("Pruning curve"), curve);
    m_exportMenu->addFigure(QStringLiteral("paper-steps"), tr("Paper protocol steps"), steps);
    m_exportMenu->addFigure(QStringLiteral("cca-heatmap"), tr("CCA heatmap"), cca);
    m_exportMenu->addFigure(QStringLiteral("asr-heatmap"), tr("ASR heatmap"), asr);
    m_exportMenu->addFigure(QStringLiteral("channel-bars"), tr("Channel activations"), bars);
    m_exportMenu->addFigure(QStringLiteral("feature-maps"), tr("Feature maps"),
                            m_activationView->mapGrid());
    const QStringList both{QStringLiteral("csv"), QStringLiteral("json")};
    auto csvOrJson = [](auto* plot) {
        return [plot](const QString& suffix) {
            return suffix == QLatin1String("json") ? plot->toJson() : plot->toCsv();
        };
    };
    m_exportMenu->addData(QStringLiteral("curve"), tr("Pruning curve"), both, csvOrJson(curve));
    m_exportMenu->addData(QStringLiteral("paper-steps"), tr("Paper protocol steps"), both,
                          csvOrJson(steps));
    m_exportMenu->addData(QStringLiteral("cca-heatmap"), tr("CCA heatmap"), both, csvOrJson(cca));
    m_exportMenu->addData(QStringLiteral("asr-heatmap"), tr("ASR heatmap"), both, csvOrJson(asr));
    m_exportMenu->addData(QStringLiteral("channel-bars"), tr("Channel activations"),
                          {QStringLiteral("csv")},
                          [bars](const QString&) { return bars->toCsv(); });
    StripView* strip = m_stripView;
    m_exportMenu->addFigure(QStringLiteral("strip-histogram"), tr("STRIP entropy histogram"),
                            strip->histogramPlot());
    m_exportMenu->addFigure(QStringLiteral("strip-roc"), tr("STRIP ROC curves"), strip->rocPlot());
    m_exportMenu->addData(
        QStringLiteral("strip"), tr("STRIP scores and histogram"), both,
        [strip](const QString& suffix) {
            return (suffix == QLatin1String("json") ? strip->toJson() : strip->toCsv()).toUtf8();
        });
    ComparisonView* comparison = m_comparisonView;
    m_exportMenu->addFigure(QStringLiteral("comparison"), tr("Defense comparison"),
                            comparison->barsPlot());
    m_exportMenu->addData(QStringLiteral("comparison"), tr("Defense comparison"), both,
                          [comparison](const QString& suffix) {
                              return (suffix == QLatin1String("json") ? comparison->toJson()
                                                                      : comparison->toCsv())
                                  .toUtf8();
                          });
    m_exportMenu->addModelActions();
}

void MainWindow::connectRouting() {
    Controller* c = m_controller;
    connect(c, &Controller::workspaceOpened, this, &MainWindow::onWorkspaceOpened);
    connect(c, &Controller::finished, this, &MainWindow::onJobFinished);
    connect(c, &Controller::progressChanged, this, &MainWindow::onProgress);
    connect(c, &Controller::repairedReady, m_workspacePanel, &WorkspacePanel::setRepaired);
    // A failed or cancelled open changes nothing: its request is dropped.
    connect(c, &Controller::failed, this, [this](const QString& job) {
        if (job == job::kOpen) {
            m_openingRequest.reset();
            m_workspacePanel->setStatus(QString());
        }
    });
    connect(c, &Controller::cancelled, this, [this](const QString& job) {
        if (job == job::kOpen) {
            m_openingRequest.reset();
            m_workspacePanel->setStatus(QString());
        }
    });
    connect(c, &Controller::exported, this, [this](const QString&, const QString& path) {
        statusBar()->showMessage(tr("Wrote %1").arg(path), 8000);
    });
    connect(m_pruneView, &PruneView::prunedCountChanged, m_activationView,
            &ActivationView::setPrunedCount);
    routeBanner(*this);
    // STRIP's numbers at the STRIP tab's threshold go to the comparison (after the STRIP view
    // has taken a finished run: it connected to stripReady first).
    auto stripToComparison = [this] {
        m_comparisonView->setStripScores(m_stripView->scores(), m_stripView->thresholdText());
    };
    connect(m_stripView, &StripView::thresholdChanged, this, stripToComparison);
    connect(c, &Controller::stripReady, this, stripToComparison);
    connect(m_exportMenu, &ExportMenu::fileWritten, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Wrote %1").arg(path), 8000);
    });
}

void MainWindow::connectLogging() {
    connect(m_pruneView, &PruneView::sliderLatency, this, [](double ms, bool fromCurve) {
        logLine(tr("slider: %1 ms from valueChanged to readout (%2)")
                    .arg(ms, 0, 'f', 3)
                    .arg(fromCurve ? tr("cached curve") : tr("evaluated on the worker")));
    });
    connect(m_stallMonitor, &StallMonitor::jobMeasured, this,
            [](const QString& job, double longestMs, double seconds) {
                logLine(tr("job %1: %2 s, longest GUI-thread stall %3 ms")
                            .arg(job)
                            .arg(seconds, 0, 'f', 2)
                            .arg(longestMs, 0, 'f', 1));
            });
    connect(m_controller, &Controller::failed, this, [](const QString& job, const QString& msg) {
        logLine(tr("job %1 failed: %2").arg(job, msg));
    });
}

bool MainWindow::openWorkspace(const WorkspaceRequest& request) {
    if (!m_controller->openWorkspace(request))
        return false;
    m_openingRequest = request; // in use once it opened (onWorkspaceOpened)
    m_dialogRequest = request;
    m_banner->dismiss();
    m_workspacePanel->setStatus(
        request.zooModel.isEmpty()
            ? tr("Opening %1...").arg(request.modelPath)
            : tr("Opening the demo zoo's %1 model...").arg(request.zooModel));
    return true;
}

void MainWindow::onWorkspaceOpened(const WorkspaceInfo& info) {
    // The workspace shown is now the one this request (or the restored session's) opened.
    if (m_controller->currentJob() == job::kOpen && m_openingRequest) {
        m_lastRequest = *m_openingRequest;
    } else if (m_controller->currentJob() == job::kRestore) {
        if (const std::optional<WorkspaceRequest> r = m_sessions->restoringRequest())
            m_lastRequest = *r;
    }
    m_openingRequest.reset();
    m_dialogRequest = m_lastRequest;
    m_workspacePanel->setStatus(info.zooBuilt ? tr("The demo zoo was built in %1").arg(info.zooDir)
                                              : QString());
    m_workspacePanel->setWorkspace(info);
    m_modelName = QFileInfo(info.modelPath).fileName();
    updateTitle();
}

void MainWindow::onProgress(const ProgressInfo& p) {
    // Opening may build the demo zoo (minutes): say so where the workspace will appear.
    if (p.job == job::kOpen)
        m_workspacePanel->setStatus(
            tr("%1 (%2 %)")
                .arg(p.stage.isEmpty() ? JobText::title(p.job) : StageText::translate(p.stage))
                .arg(p.fraction * 100.0, 0, 'f', 0));
}

void MainWindow::onJobFinished(const QString& job) {
    // The follow-up jobs that keep the views current. Each starts only when the controller is
    // idle, which it is while finished() is delivered.
    if (job == job::kOpen)
        m_controller->computePruningCurve();
    else if (job == job::kCurve || job == job::kFineTune || job == job::kPaper ||
             job == job::kLiu || job == job::kSelect || job == job::kSelectCandidate ||
             job == job::kRestore)
        m_controller->computeActivations();
}

void MainWindow::replotAll() {
    const auto plots = findChildren<widgets::PlotWidget*>();
    for (widgets::PlotWidget* plot : plots)
        plot->replotNow();
}

void MainWindow::showOpenDialog() {
    OpenDialog dialog(this);
    dialog.setRequest(m_dialogRequest); // after a failed open: what was tried, to correct it
    if (dialog.exec() == QDialog::Accepted)
        openWorkspace(dialog.request());
}

void MainWindow::setDarkPlots(bool dark) {
    const auto plots = findChildren<widgets::PlotWidget*>();
    for (widgets::PlotWidget* plot : plots)
        plot->setDarkTheme(dark);
}

HelpDialog* MainWindow::helpDialog() const { return m_help; }

void MainWindow::showUserGuide() {
    if (!m_help) {
        QStringList titles;
        for (int i = 0; i < m_tabs->count(); ++i)
            titles << m_tabs->tabText(i);
        m_help = new HelpDialog(titles, this);
    }
    m_help->show();
    m_help->raise();
    m_help->activateWindow();
    const int tab = m_tabs->currentIndex();
    const QStringList views = screenshotViews(); // the tabs' names, in tab order
    m_help->showSection(tab >= 0 && tab < views.size() ? views[tab] : QString());
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About BackdoorLab"),
        tr("<b>BackdoorLab %1</b><p>Inspect and repair backdoored neural networks: fine-pruning "
           "(Liu et al.) and the learning-rate sweep of Ye, Bamigbade and Babushkin.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace bdl::app
