#pragma once
/// @file main_window.h
/// The BackdoorLab main window. It composes the parts and routes between them; it computes
/// nothing itself:
/// - a Controller (owned) that runs every job on its worker thread;
/// - the workspace panel (left dock), the views in tabs ("Fine-pruning", "LR sweep",
///   "Activations"), a non-modal error banner (objectName "errorBanner") and the status bar
///   with progress, ETA and Cancel;
/// - File (Open, Open Result, sessions, Open Recent, Export, Cancel job, Settings, Quit), View
///   (dark plots, one action per tab: Ctrl+1..) and Help (User guide: F1, a non-modal HelpDialog
///   kept and raised again, at the current view's section; About) menus;
/// - sessions (SessionManager: save/open/autosave), settings kept across runs (AppSettings:
///   geometry, dock state, current tab, dark plots) and drag and drop of sessions, models and
///   data (.h5/.hdf5/.keras: the Open dialog, pre-filled), result files (.json: openResult())
///   and images (the Inspector tab);
/// - result files of the CLI (sweep, STRIP, audit: result_file.h), each in a ResultWindow of its
///   own (openResult()), which leaves the workspace, its results and its session as they are.
///
/// Routing: opening a workspace starts the pruning curve; a finished curve and every new B'
/// start the activations job; the slider's k goes to the channel bars. Failures of jobs and
/// exports appear in the banner; cancelling is a normal outcome (the previous results stay).
/// The banner floats over the bottom of the tabs (showing it moves no view) and each message
/// clears when its cause is gone: a failed job's when a job of the same kind (any way of making
/// B' counts as one) finishes, an export error's when an export is written, a refused request's
/// when a job starts, every one of them when a new workspace opens.
///
/// The document: the request in use (what a session captures) and the title follow the
/// workspace shown. They change when an open (or a session's restore) has opened its
/// workspace, never when it started: a failed or cancelled open leaves the title, the request
/// and the session path (Save's target) as they were; a successful one makes the new workspace
/// an unsaved document (title: its model; Save asks for a file).
///
/// Thread: GUI thread only; nothing here blocks or pumps events.
#include "app/desktop/command_line.h"
#include "app/gui/job_types.h"

#include <QtCore/QPointer>
#include <QtWidgets/QMainWindow>

#include <optional>

class QAction;
class QTabWidget;

namespace bdl::app {

class ActivationView;
class ComparisonView;
class InspectorView;
class StripView;
class Controller;
class ExportMenu;
class HelpDialog;
class JobStatusBar;
class NotificationBanner;
class PruneView;
class RecentFiles;
class ResultWindow;
class SessionManager;
struct SessionState;
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
    /// `request` becomes the one in use (lastRequest()) only once the workspace opened.
    bool openWorkspace(const WorkspaceRequest& request);
    /// The request of the workspace shown (what a session saves); empty before any.
    const WorkspaceRequest& lastRequest() const { return m_lastRequest; }

    /// Draws every plot now (instead of at the next event-loop turn), e.g. before grab().
    void replotAll();

    Controller* controller() const { return m_controller; }
    WorkspacePanel* workspacePanel() const { return m_workspacePanel; }
    PruneView* pruneView() const { return m_pruneView; }
    SweepView* sweepView() const { return m_sweepView; }
    ActivationView* activationView() const { return m_activationView; }
    StripView* stripView() const { return m_stripView; }
    ComparisonView* comparisonView() const { return m_comparisonView; }
    InspectorView* inspectorView() const { return m_inspectorView; }
    ExportMenu* exportMenu() const { return m_exportMenu; }
    NotificationBanner* banner() const { return m_banner; }
    StallMonitor* stallMonitor() const { return m_stallMonitor; }
    QTabWidget* tabs() const { return m_tabs; }
    SessionManager* sessions() const { return m_sessions; }
    RecentFiles* recentFiles() const { return m_recent; }
    /// The user guide once Help > User guide (F1) has opened it; null before.
    HelpDialog* helpDialog() const;

    /// Routes dropped files (see the file comment): a session is opened, the first image goes to
    /// the Inspector tab, models and data files pre-fill the Open dialog (shown at the next
    /// event-loop turn); unknown files are named in the banner. False when nothing was usable.
    bool handleDroppedFiles(const QStringList& paths);

    /// Reads the result file `path` (result_file.h) and shows it in a new ResultWindow (one
    /// already showing the same file is replaced by it); the workspace is not touched. Null, with
    /// the reason (naming the file) in the banner and in `error`, when the file is not a whole
    /// result.
    ResultWindow* openResult(const QString& path, QString* error = nullptr);
    /// The result windows open now, oldest first.
    QList<ResultWindow*> resultWindows() const;

    /// The analysis report of what the window shows (report_builder.h), written as a PDF at
    /// `pdfPath` and as HTML beside it (writeReport()). Refused while a job runs (its results
    /// would be partial). False with `error` naming the file and the problem.
    bool writeReportTo(const QString& pdfPath, QString* error = nullptr);

public Q_SLOTS:
    /// File > Open: the dialog, then openWorkspace().
    void showOpenDialog();
    /// File > Open with the fields pre-filled from `request`.
    void showOpenDialogFor(const bdl::app::WorkspaceRequest& request);
    /// File > Open Result... (Ctrl+R): asks for a result file and opens it (openResult()).
    void showOpenResultDialog();
    /// File > Settings: the dialog; dark plots apply at once, the rest at the next start.
    void showSettingsDialog();
    /// File > Export Report...: asks for the PDF's name, writes the PDF and the HTML, and names
    /// both files in the status bar (errors in the banner).
    void exportReport();
    /// Help > User guide (F1): shows the guide (one dialog, raised when already open) at the
    /// section of the current view.
    void showUserGuide();

protected:
    /// Saves the window's settings; a clean exit removes this instance's autosave
    /// (SessionManager::endRun()).
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

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
    // main_window_habits.cpp: sessions, settings, shortcuts, drag and drop.
    void buildSessionMenu(QMenu* file);
    void buildFileExtras(QMenu* file);
    void buildTabActions(QMenu* view);
    void setUpHabits();
    void openRecent(const QString& path);
    void captureSession(SessionState* state) const;
    void applySession(const SessionState& state);
    void updateTitle();

    LaunchOptions m_options;
    Controller* m_controller = nullptr; ///< child; created first so it is deleted first
    StallMonitor* m_stallMonitor = nullptr;
    WorkspacePanel* m_workspacePanel = nullptr;
    NotificationBanner* m_banner = nullptr;
    QTabWidget* m_tabs = nullptr;
    PruneView* m_pruneView = nullptr;
    SweepView* m_sweepView = nullptr;
    ActivationView* m_activationView = nullptr;
    StripView* m_stripView = nullptr;           ///< tab "STRIP"
    ComparisonView* m_comparisonView = nullptr; ///< tab "Comparison"
    InspectorView* m_inspectorView = nullptr;   ///< tab "Inspector"
    JobStatusBar* m_jobStatus = nullptr;
    ExportMenu* m_exportMenu = nullptr;
    WorkspaceRequest m_lastRequest;   ///< of the workspace shown
    WorkspaceRequest m_dialogRequest; ///< the Open dialog's pre-fill: the last one tried
    std::optional<WorkspaceRequest> m_openingRequest; ///< the open job's, until it ends
    RecentFiles* m_recent = nullptr;
    SessionManager* m_sessions = nullptr;
    QAction* m_darkAction = nullptr;
    QPointer<HelpDialog> m_help; ///< child; created by the first showUserGuide()
    QString m_modelName;         ///< file name of the open model, for the title
};

} // namespace bdl::app
