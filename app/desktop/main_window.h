#pragma once
/// @file main_window.h
/// The BackdoorLab main window. It composes the parts and routes between them; it computes
/// nothing itself:
/// - a Controller (owned) that runs every job on its worker thread;
/// - the workspace panel (left dock), the views in tabs ("Fine-pruning", "LR sweep",
///   "Activations"), a non-modal error banner (objectName "errorBanner") and the status bar
///   with progress, ETA and Cancel;
/// - File (Open, Export, Quit), View (dark plots) and Help menus.
///
/// Routing: opening a workspace starts the pruning curve; a finished curve and every new B'
/// start the activations job; the slider's k goes to the channel bars. Failures of jobs and
/// exports appear in the banner; cancelling is a normal outcome (the previous results stay).
///
/// Thread: GUI thread only; nothing here blocks or pumps events.
#include "app/desktop/command_line.h"
#include "app/gui/job_types.h"

#include <QtWidgets/QMainWindow>

class QTabWidget;

namespace bdl::app {

class ActivationView;
class Controller;
class ExportMenu;
class JobStatusBar;
class NotificationBanner;
class PruneView;
class StallMonitor;
class SweepView;
class WorkspacePanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// Uses options.threads for the worker and options.verbose for logging; opens nothing yet
    /// (call openWorkspace()).
    explicit MainWindow(const LaunchOptions& options = LaunchOptions(), QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Starts opening `request` (the curve follows). False when a job runs (nothing started).
    bool openWorkspace(const WorkspaceRequest& request);

    /// Draws every plot now (instead of at the next event-loop turn), e.g. before grab().
    void replotAll();

    Controller* controller() const { return m_controller; }
    WorkspacePanel* workspacePanel() const { return m_workspacePanel; }
    PruneView* pruneView() const { return m_pruneView; }
    SweepView* sweepView() const { return m_sweepView; }
    ActivationView* activationView() const { return m_activationView; }
    ExportMenu* exportMenu() const { return m_exportMenu; }
    NotificationBanner* banner() const { return m_banner; }
    StallMonitor* stallMonitor() const { return m_stallMonitor; }
    QTabWidget* tabs() const { return m_tabs; }

public Q_SLOTS:
    /// File > Open: the dialog, then openWorkspace().
    void showOpenDialog();

private:
    void buildCentral();
    void buildMenus();
    void buildExports(QMenu* exportMenu);
    void connectRouting();
    void connectLogging();
    void onJobFinished(const QString& job);
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onProgress(const bdl::app::ProgressInfo& progress);
    void setDarkPlots(bool dark);
    void showAbout();

    LaunchOptions m_options;
    Controller* m_controller = nullptr;      ///< child; created first so it is deleted first
    StallMonitor* m_stallMonitor = nullptr;
    WorkspacePanel* m_workspacePanel = nullptr;
    NotificationBanner* m_banner = nullptr;
    QTabWidget* m_tabs = nullptr;
    PruneView* m_pruneView = nullptr;
    SweepView* m_sweepView = nullptr;
    ActivationView* m_activationView = nullptr;
    JobStatusBar* m_jobStatus = nullptr;
    ExportMenu* m_exportMenu = nullptr;
    WorkspaceRequest m_lastRequest;
};

} // namespace bdl::app
