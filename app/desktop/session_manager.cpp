#include "app/desktop/session_manager.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/recent_files.h"
#include "app/desktop/recovery_dialog.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QPushButton>

#include <utility>

namespace bdl::app {

namespace {

/// Jobs whose success changes what a session holds.
bool changesResults(const QString& job) {
    static const QStringList jobs{job::kOpen,     job::kCurve,          job::kFineTune, job::kPaper,
                                  job::kLiu,      job::kSweep,          job::kSelect,   job::kStrip,
                                  job::kGoodnets, job::kSelectCandidate};
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
      m_dialogParent(dialogParent), m_store(std::make_unique<AutosaveStore>()) {
    connect(m_controller, &Controller::workspaceOpened, this, &SessionManager::onWorkspaceOpened);
    connect(m_controller, &Controller::finished, this, &SessionManager::onJobFinished);
    connect(m_controller, &Controller::finished, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::cancelled, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::failed, this, &SessionManager::onJobEnded);
    connect(m_controller, &Controller::refused, this, [this](const QString& job, const QString&) {
        // A follow-up job took the worker first: stop it, restore after it.
        if (job == job::kRestore && m_pending && !m_restoreRunning)
            m_controller->cancel();
    });
}

SessionManager::~SessionManager() = default;

std::optional<WorkspaceRequest> SessionManager::restoringRequest() const {
    if (!m_pending)
        return std::nullopt;
    return m_pending->request;
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
    else if (!writeVerifiedSessionFile(path, capture(), &why) && why.isEmpty())
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
    if (m_restoreRunning)
        connectRestoreFailure(m_pendingPath);
}

void SessionManager::onWorkspaceOpened() {
    // Another workspace is the window's document now: saving must not overwrite the session
    // that was open (a restore sets its path again once it finished).
    setPath(QString());
    m_modified = true;
    Q_EMIT stateChanged();
}

void SessionManager::onJobEnded(const QString& job) {
    if (job == job::kRestore && m_restoreRunning) {
        m_restoreRunning = false;
        m_pending.reset(); // finished: applied by onJobFinished; cancelled/failed: dropped
        m_restoringAutosave.clear();
        return;
    }
    // Any other job, or a restore that another open() replaced: the pending one starts now.
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
        // An autosave is no session of the user's: saving asks for a file.
        const bool fromAutosave = m_store->isAutosave(path);
        setPath(fromAutosave ? QString() : path);
        m_modified = fromAutosave;
        if (m_recent && !fromAutosave)
            m_recent->add(path);
        Q_EMIT stateChanged();
        Q_EMIT restored(path);
        const bool saved = writeAutosave();
        // The user chose Restore: the offered file goes once its state is in our autosave.
        const QString offered = std::exchange(m_restoringAutosave, QString());
        if (!offered.isEmpty() && QFileInfo(offered) == QFileInfo(path) &&
            (saved || !autosaveWanted())) {
            m_store->discard(offered);
            Q_EMIT autosavesChanged();
        }
        if (!m_store->orphans().isEmpty())
            showRecoveryOffer();
    } else if (changesResults(job)) {
        setModified(true);
        // Only after jobs that change what a session holds: the others (activations, exports,
        // inspecting) would write the same file again, on the GUI thread.
        writeAutosave();
    }
}

void SessionManager::connectRestoreFailure(const QString& path) {
    // Connected now, after the window's own "job failed" message (connected at construction),
    // so that this one, which names the session file, is the one left in the banner.
    disconnect(m_restoreFailure);
    m_restoreFailure = connect(
        m_controller, &Controller::failed, this,
        [this, path](const QString& job, const QString& message) {
            if (job != job::kRestore)
                return;
            disconnect(m_restoreFailure);
            m_banner->showErrorFor(QStringLiteral("job:") + job::kRestore,
                                   tr("Could not reopen the session %1: %2").arg(path, message));
        });
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

QString SessionManager::autosavePath() const { return m_store->ownPath(); }

bool SessionManager::autosaveWanted() const {
    return m_autosaveAllowed && AppSettings().autosave();
}

bool SessionManager::writeAutosave(QString* error) {
    if (!autosaveWanted() || !m_controller->workspace() || m_restoreRunning)
        return false;
    const QString path = autosavePath();
    QString why;
    if (m_store->lockOwn(&why) && !writeVerifiedSessionFile(path, capture(), &why) && why.isEmpty())
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
    m_store->claimOrphans();
    Q_EMIT autosavesChanged();
    if (m_store->orphans().isEmpty())
        return false;
    showRecoveryOffer();
    return true;
}

void SessionManager::showRecoveryOffer() {
    const QVector<AutosaveEntry>& found = m_store->orphans();
    QStringList lines;
    for (const AutosaveEntry& e : found)
        lines << e.summary();
    const QString message =
        found.size() == 1
            ? tr("BackdoorLab did not exit normally last time; its autosave was kept: %1")
                  .arg(lines.first())
            : tr("BackdoorLab did not exit normally; %n autosaved session(s) were kept: %1", "",
                 static_cast<int>(found.size()))
                  .arg(lines.join(QStringLiteral("; ")));
    m_banner->showAction(message, tr("Restore or Discard..."), [this] { showRecoveryDialog(); });
}

void SessionManager::endRun() {
    if (m_dialog)
        m_dialog->reject();
    m_store->releaseOrphans();
    m_store->removeOwn();
    Q_EMIT autosavesChanged();
}

QVector<AutosaveEntry> SessionManager::pendingAutosaves() const { return m_store->orphans(); }

RecoveryDialog* SessionManager::recoveryDialog() const { return m_dialog; }

void SessionManager::showRecoveryDialog() {
    if (m_store->orphans().isEmpty())
        return;
    if (!m_dialog) {
        m_dialog = new RecoveryDialog(m_dialogParent);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &RecoveryDialog::restoreRequested, this,
                &SessionManager::restoreAutosave);
        connect(m_dialog, &RecoveryDialog::discardRequested, this,
                &SessionManager::discardAutosave);
    }
    m_dialog->setEntries(m_store->orphans());
    m_dialog->open();
}

bool SessionManager::restoreAutosave(const QString& path) {
    if (!open(path))
        return false;
    m_restoringAutosave = path;
    return true;
}

bool SessionManager::discardAutosave(const QString& path) {
    QString why;
    if (!m_restoringAutosave.isEmpty() && QFileInfo(m_restoringAutosave) == QFileInfo(path))
        why = tr("%1 is being restored; it cannot be discarded now").arg(path);
    if (!why.isEmpty() || !m_store->discard(path, &why)) {
        m_banner->showError(why);
        return false;
    }
    Q_EMIT autosavesChanged();
    if (m_dialog)
        m_dialog->setEntries(m_store->orphans());
    if (!m_store->orphans().isEmpty())
        showRecoveryOffer();
    else if (!m_banner->actionButton()->isHidden()) // the offer, nothing else, goes
        m_banner->dismiss();
    return true;
}

} // namespace bdl::app
