#include "app/desktop/session_manager.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/recent_files.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>
#include <QtWidgets/QFileDialog>

namespace bdl::app {

namespace {

/// Jobs whose success changes what a session holds.
bool changesResults(const QString& job) {
    static const QStringList jobs{job::kOpen,   job::kCurve, job::kFineTune,
                                  job::kPaper,  job::kLiu,   job::kSweep,
                                  job::kSelect, job::kStrip, job::kGoodnets};
    return jobs.contains(job);
}

QString withSuffix(QString path) {
    if (!path.isEmpty() && QFileInfo(path).suffix().compare(kSessionSuffix, Qt::CaseInsensitive))
        path += QLatin1Char('.') + kSessionSuffix;
    return path;
}

} // namespace

SessionManager::SessionManager(Controller* controller, NotificationBanner* banner,
                               RecentFiles* recent, QWidget* dialogParent)
    : QObject(dialogParent), m_controller(controller), m_banner(banner), m_recent(recent),
      m_dialogParent(dialogParent) {
    connect(m_controller, &Controller::finished, this, &SessionManager::onJobFinished);
    connect(m_controller, &Controller::finished, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::cancelled, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::failed, this, &SessionManager::onRestoreFailed);
    connect(m_controller, &Controller::failed, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::refused, this, [this](const QString& job, const QString&) {
        // A follow-up job took the worker first: stop it, restore after it.
        if (job == job::kRestore && m_pending && !m_restoreRunning)
            m_controller->cancel();
    });
}

void SessionManager::setHooks(CaptureHook capture, ApplyHook apply) {
    m_capture = std::move(capture);
    m_apply = std::move(apply);
}

SessionState SessionManager::capture() const {
    SessionState s;
    s.results = m_controller->sessionResults();
    if (s.results.repaired) {
        s.tune.lr = s.results.repaired->lr;
        s.tune.epochs = s.results.repaired->epochs;
        s.tune.batchSize = s.results.repaired->batchSize;
    }
    if (s.results.sweep) {
        s.sweepRequest.lrs = s.results.sweep->lrs;
        s.sweepRequest.ks = s.results.sweep->ks;
        s.sweepRequest.epochs = s.results.sweep->epochs;
        s.sweepRequest.batchSize = s.results.sweep->batchSize;
    }
    if (s.results.strip)
        s.stripRequest = s.results.strip->request;
    if (m_capture)
        m_capture(&s);
    if (s.results.workspace)
        s.modelSha256 = fileSha256(s.results.workspace->modelPath);
    return s;
}

bool SessionManager::saveTo(const QString& path, QString* error) {
    QString why;
    if (!m_controller->workspace())
        why = tr("Nothing to save in %1: no workspace is open").arg(path);
    else if (!writeSessionFile(path, capture(), &why) && why.isEmpty())
        why = tr("Could not write %1").arg(path);
    if (!why.isEmpty()) {
        m_banner->showError(why);
        if (error)
            *error = why;
        return false;
    }
    setPath(path);
    m_modified = false;
    if (m_recent)
        m_recent->add(path);
    AppSettings().setLastDir(QStringLiteral("session"), QFileInfo(path).absolutePath());
    Q_EMIT stateChanged();
    return true;
}

bool SessionManager::open(const QString& path) {
    SessionState state;
    QString error;
    if (!readSessionFile(path, &state, &error)) {
        m_banner->showError(error.isEmpty() ? tr("Could not read the session %1").arg(path)
                                            : error);
        return false;
    }
    m_pending = std::move(state);
    m_pendingPath = path;
    m_restoreRunning = false;
    m_banner->showInfo(tr("Reopening the session %1...").arg(QFileInfo(path).fileName()));
    if (m_controller->busy())
        m_controller->cancel(); // the restore starts when the running job has ended
    else
        startPendingRestore();
    return true;
}

void SessionManager::startPendingRestore() {
    if (!m_pending || m_restoreRunning)
        return;
    if (m_controller->busy()) {
        m_controller->cancel();
        return;
    }
    m_restoreRunning = m_controller->restoreSession(*m_pending);
}

void SessionManager::onJobEnded(const QString& job) {
    if (job == job::kRestore) {
        if (!m_restoreRunning)
            return;
        m_restoreRunning = false;
        m_pending.reset(); // finished: applied by onJobFinished; cancelled/failed: dropped
        return;
    }
    if (m_pending && !m_restoreRunning)
        startPendingRestore();
}

void SessionManager::onJobFinished(const QString& job) {
    if (job == job::kRestore && m_pending && m_restoreRunning) {
        const SessionState state = *m_pending;
        const QString path = m_pendingPath;
        m_pending.reset();
        m_restoreRunning = false;
        if (m_apply)
            m_apply(state);
        m_banner->dismiss();
        // The autosave is no session of the user's: saving asks for a file.
        const bool fromAutosave = QFileInfo(path) == QFileInfo(autosavePath());
        setPath(fromAutosave ? QString() : path);
        m_modified = fromAutosave;
        if (m_recent && !fromAutosave)
            m_recent->add(path);
        Q_EMIT stateChanged();
        Q_EMIT restored(path);
        writeAutosave();
    } else if (changesResults(job)) {
        setModified(true);
        // Only after jobs that change what a session holds: the others (activations, exports,
        // inspecting) would write the same file again, on the GUI thread.
        writeAutosave();
    }
}

void SessionManager::onRestoreFailed(const QString& job, const QString& message) {
    if (job != job::kRestore || !m_restoreRunning)
        return;
    m_banner->showError(tr("Could not reopen the session %1: %2").arg(m_pendingPath, message));
}

void SessionManager::setModified(bool modified) {
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT stateChanged();
}

void SessionManager::setPath(const QString& path) { m_path = path; }

QString SessionManager::dialogDir() const {
    const QString dir = AppSettings().lastDir(QStringLiteral("session"));
    return dir.isEmpty() ? QDir::homePath() : dir;
}

bool SessionManager::save() { return m_path.isEmpty() ? saveAs() : saveTo(m_path); }

bool SessionManager::saveAs() {
    const QString start =
        m_path.isEmpty() ? QDir(dialogDir()).filePath(tr("analysis.bdlsession")) : m_path;
    const QString path = withSuffix(QFileDialog::getSaveFileName(
        m_dialogParent, tr("Save Session"), start, tr("BackdoorLab sessions (*.bdlsession)")));
    return !path.isEmpty() && saveTo(path);
}

void SessionManager::openWithDialog() {
    const QString path =
        QFileDialog::getOpenFileName(m_dialogParent, tr("Open Session"), dialogDir(),
                                     tr("BackdoorLab sessions (*.bdlsession);;All files (*)"));
    if (path.isEmpty())
        return;
    AppSettings().setLastDir(QStringLiteral("session"), QFileInfo(path).absolutePath());
    open(path);
}

void SessionManager::restoreAutosave() { open(autosavePath()); }

QString SessionManager::autosavePath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave.bdlsession"));
}

bool SessionManager::writeAutosave(QString* error) {
    if (!m_autosaveAllowed || !m_controller->workspace() || !AppSettings().autosave() ||
        m_restoreRunning)
        return false;
    const QString path = autosavePath();
    QString why;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        why = tr("Could not create the folder of %1").arg(path);
    else if (!writeSessionFile(path, capture(), &why) && why.isEmpty())
        why = tr("Could not write %1").arg(path);
    if (why.isEmpty())
        return true;
    // Not the banner: an autosave problem must not hide a job's own error.
    if (error)
        *error = why;
    qWarning("autosave: %s", qPrintable(why));
    return false;
}

bool SessionManager::startRun() {
    AppSettings settings;
    const bool offer = !settings.cleanExit() && QFileInfo::exists(autosavePath());
    if (offer)
        m_banner->showAction(tr("BackdoorLab did not exit normally last time. Its last "
                                "analysis was saved automatically."),
                             tr("Restore previous session"), [this] { restoreAutosave(); });
    settings.setCleanExit(false);
    return offer;
}

void SessionManager::endRun() {
    writeAutosave();
    AppSettings().setCleanExit(true);
}

} // namespace bdl::app
