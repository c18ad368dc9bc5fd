// MainWindow's desktop habits: sessions and the recent files, the settings kept across runs,
// keyboard shortcuts, drag and drop. The rest of the window is in main_window.cpp.
#include "app/desktop/main_window.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/dropped_files.h"
#include "app/desktop/inspector_view.h"
#include "app/desktop/job_status_bar.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/open_dialog.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/recent_files.h"
#include "app/desktop/result_file.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/settings_dialog.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/controller.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonObject>
#include <QtCore/QMimeData>
#include <QtCore/QTimer>
#include <QtCore/QUrl>
#include <QtGui/QAction>
#include <QtGui/QCloseEvent>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtGui/QKeySequence>
#include <QtWidgets/QMenu>
#include <QtWidgets/QSlider>
#include <QtWidgets/QTabWidget>

#include <cmath>

namespace bdl::app {

namespace {

const QString kViewTab = QStringLiteral("tab");
const QString kViewSliderK = QStringLiteral("sliderK");

/// The local files of a drag, in order.
QStringList localFiles(const QMimeData* mime) {
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl& url : urls)
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

} // namespace

void MainWindow::buildSessionMenu(QMenu* file) {
    QMenu* recentMenu = new QMenu(tr("Open &Recent"), this);
    m_recent = new RecentFiles(recentMenu, this);
    m_sessions = new SessionManager(m_controller, m_banner, m_recent, this);
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openRecent);

    QAction* openSession =
        file->addAction(tr("Open &Session..."), m_sessions, &SessionManager::openWithDialog);
    openSession->setObjectName(QStringLiteral("openSessionAction"));
    openSession->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    file->addMenu(recentMenu);
    // The autosaves a crashed or killed instance left, also after their banner is gone.
    QAction* recover = file->addAction(tr("Restore Autosaved Session..."), m_sessions,
                                       &SessionManager::showRecoveryDialog);
    recover->setObjectName(QStringLiteral("recoverAutosaveAction"));
    recover->setEnabled(false);
    connect(m_sessions, &SessionManager::autosavesChanged, recover,
            [this, recover] { recover->setEnabled(!m_sessions->pendingAutosaves().isEmpty()); });
    file->addSeparator();
    QAction* save = file->addAction(tr("Save Session"), m_sessions, &SessionManager::save);
    save->setObjectName(QStringLiteral("saveSessionAction"));
    save->setShortcut(QKeySequence::Save);
    QAction* saveAs =
        file->addAction(tr("Save Session &As..."), m_sessions, &SessionManager::saveAs);
    saveAs->setObjectName(QStringLiteral("saveSessionAsAction"));
    saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    // A session holds results: saving while a job writes them would capture half a state.
    auto updateSave = [this, save, saveAs] {
        const bool can = !m_controller->busy() && m_controller->workspace().has_value();
        save->setEnabled(can);
        saveAs->setEnabled(can);
    };
    connect(m_controller, &Controller::busyChanged, this, updateSave);
    updateSave();
    file->addSeparator();
}

void MainWindow::buildFileExtras(QMenu* file) {
    file->addSeparator();
    QAction* cancel = file->addAction(tr("&Cancel Job"), m_controller, &Controller::cancel);
    cancel->setObjectName(QStringLiteral("cancelJobAction"));
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    // Esc anywhere in this window (the default WindowShortcut: dialogs keep their own Esc), and
    // also when the menu bar holds the keyboard after a menu was closed (routeEscapeToCancel).
    cancel->setShortcutContext(Qt::WindowShortcut);
    cancel->setEnabled(false);
    connect(m_controller, &Controller::busyChanged, cancel, &QAction::setEnabled);
    routeEscapeToCancel(menuBar(), cancel);
    QAction* settings = file->addAction(tr("Se&ttings..."), this, &MainWindow::showSettingsDialog);
    settings->setObjectName(QStringLiteral("settingsAction"));
    settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);
}

void MainWindow::buildTabActions(QMenu* view) {
    view->addSeparator();
    const int count = qMin(m_tabs->count(), 9);
    for (int i = 0; i < count; ++i) {
        QAction* a = view->addAction(tr("Show %1").arg(m_tabs->tabText(i)));
        a->setObjectName(QStringLiteral("showTab%1Action").arg(i + 1));
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }
}

void MainWindow::setUpHabits() {
    setAcceptDrops(true);
    m_sessions->setHooks([this](SessionState* s) { captureSession(s); },
                         [this](const SessionState& s) { applySession(s); });
    connect(m_sessions, &SessionManager::stateChanged, this, &MainWindow::updateTitle);
    connect(m_stripView, &StripView::thresholdChanged, m_sessions, [this] {
        if (!m_sessions->restoring())
            m_sessions->setModified(true);
    });
    if (m_comparisonView)
        connect(m_comparisonView, &ComparisonView::rowsChanged, m_sessions, [this] {
            if (!m_sessions->restoring())
                m_sessions->setModified(true);
        });
    connect(m_controller, &Controller::workspaceOpened, this, [this] {
        if (m_recent && !m_lastRequest.modelPath.isEmpty() && m_lastRequest.zooModel.isEmpty())
            m_recent->add(m_lastRequest.modelPath);
    });

    // A screenshot is the same whatever this user's settings: size, theme and tab as built.
    if (m_options.unattended()) {
        m_sessions->setAutosaveAllowed(false);
        updateTitle();
        return;
    }
    const AppSettings settings;
    if (!settings.windowGeometry().isEmpty() && !m_options.windowSize.isValid())
        restoreGeometry(settings.windowGeometry());
    if (!settings.windowState().isEmpty())
        restoreState(settings.windowState());
    m_darkAction->setChecked(settings.darkPlots());
    connect(m_darkAction, &QAction::toggled, this,
            [](bool dark) { AppSettings().setDarkPlots(dark); });
    if (settings.currentTab() < m_tabs->count())
        m_tabs->setCurrentIndex(settings.currentTab());
    updateTitle();
}

void MainWindow::updateTitle() {
    const QString session = m_sessions->currentPath();
    const QString name = session.isEmpty() ? m_modelName : QFileInfo(session).fileName();
    // "[*]" is where Qt shows the modified mark.
    setWindowTitle(name.isEmpty() ? tr("BackdoorLab") + QStringLiteral("[*]")
                                  : tr("%1[*] - BackdoorLab").arg(name));
    setWindowModified(m_sessions->isModified());
}

void MainWindow::captureSession(SessionState* s) const {
    s->request = m_lastRequest;
    s->stripRequest = m_stripView->request();
    s->stripThreshold = m_stripView->thresholdIsManual() ? m_stripView->threshold() : std::nan("");
    if (m_comparisonView)
        s->comparison = m_comparisonView->rows();
    QJsonObject view;
    view.insert(kViewTab, m_tabs->currentIndex());
    view.insert(kViewSliderK, m_pruneView->slider()->value());
    view.insert(QStringLiteral("pruneForms"), m_pruneView->formState());
    view.insert(QStringLiteral("sweepForm"), m_sweepView->formState());
    s->view = view;
}

void MainWindow::applySession(const SessionState& s) {
    m_lastRequest = s.request;
    m_dialogRequest = s.request;
    m_stripView->setRequest(s.stripRequest);
    m_stripView->setThreshold(s.stripThreshold);
    if (m_comparisonView)
        m_comparisonView->setRows(s.comparison);
    m_pruneView->setFormState(s.view.value(QStringLiteral("pruneForms")).toObject());
    m_sweepView->setFormState(s.view.value(QStringLiteral("sweepForm")).toObject());
    const int tab = s.view.value(kViewTab).toInt(-1);
    if (tab >= 0 && tab < m_tabs->count())
        m_tabs->setCurrentIndex(tab);
    const int k = s.view.value(kViewSliderK).toInt(-1);
    if (k >= 0 && k <= m_pruneView->slider()->maximum())
        m_pruneView->slider()->setValue(k);
}

void MainWindow::openRecent(const QString& path) {
    if (!QFileInfo::exists(path)) {
        m_banner->showError(tr("%1 no longer exists; removed from the recent files").arg(path));
        m_recent->remove(path);
        return;
    }
    if (isSessionPath(path)) {
        m_sessions->open(path);
        return;
    }
    if (isResultPath(path)) {
        openResult(path);
        return;
    }
    WorkspaceRequest r = m_lastRequest.modelPath == path ? m_lastRequest : WorkspaceRequest();
    r.zooModel.clear();
    r.modelPath = path;
    showOpenDialogFor(r);
}

void MainWindow::showOpenDialogFor(const WorkspaceRequest& request) {
    OpenDialog dialog(this);
    dialog.setRequest(request);
    if (dialog.exec() == QDialog::Accepted)
        openWorkspace(dialog.request());
}

void MainWindow::showSettingsDialog() {
    SettingsDialog dialog(this);
    dialog.setDarkPlots(m_darkAction->isChecked());
    if (dialog.exec() == QDialog::Accepted)
        m_darkAction->setChecked(dialog.darkPlots());
}

bool MainWindow::handleDroppedFiles(const QStringList& paths) {
    QString session, image;
    QStringList workspaceFiles, results, unknown;
    for (const QString& path : paths) {
        switch (classifyDroppedFile(path)) {
        case DroppedKind::Session:
            if (session.isEmpty())
                session = path;
            break;
        case DroppedKind::Result:
            results << path;
            break;
        case DroppedKind::Image:
            if (image.isEmpty())
                image = path;
            break;
        case DroppedKind::Model:
        case DroppedKind::Data:
            workspaceFiles << path;
            break;
        case DroppedKind::Unknown:
            unknown << QFileInfo(path).fileName();
            break;
        }
    }
    bool used = false;
    for (const QString& path : results) // windows of their own: beside whatever else comes
        used = openResult(path) != nullptr || used;
    if (!session.isEmpty()) {
        used = m_sessions->open(session) || used;
    } else if (!workspaceFiles.isEmpty()) {
        // Not from inside the drop: the drag source waits until the drop returns.
        const WorkspaceRequest r = requestWithDroppedFiles(m_lastRequest, workspaceFiles);
        QTimer::singleShot(0, this, [this, r] { showOpenDialogFor(r); });
        used = true;
    } else if (!image.isEmpty() && m_inspectorView) {
        m_tabs->setCurrentWidget(m_inspectorView);
        m_inspectorView->inspectFile(image);
        used = true;
    }
    if (!unknown.isEmpty())
        m_banner->showError(tr("Cannot open %1: not a session (.bdlsession), a result (.json), a "
                               "model or data file (.h5, .hdf5, .keras) or an image (PNG, JPEG, "
                               "BMP)")
                                .arg(unknown.join(QStringLiteral(", "))));
    return used;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!localFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    handleDroppedFiles(paths);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_options.unattended()) {
        QMainWindow::closeEvent(event);
        return;
    }
    AppSettings settings;
    settings.setWindow(saveGeometry(), saveState());
    settings.setCurrentTab(m_tabs->currentIndex());
    settings.setDarkPlots(m_darkAction->isChecked());
    m_sessions->endRun();
    settings.sync();
    QMainWindow::closeEvent(event);
}

} // namespace bdl::app
