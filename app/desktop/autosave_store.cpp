#include "app/desktop/autosave_store.h"

#include "app/desktop/app_settings.h"
#include "app/gui/session.h"

#include <QtCore/QAtomicInt>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtCore/QLockFile>
#include <QtCore/QStandardPaths>

#include <algorithm>

namespace bdl::app {

namespace {

const QString kLockSuffix = QStringLiteral(".lock");

/// Distinguishes the SessionManagers of one process (tests run several windows).
QAtomicInt g_instances;

QString newId() {
    return QStringLiteral("%1-%2-%3")
        .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
        .arg(QCoreApplication::applicationPid())
        .arg(g_instances.fetchAndAddRelaxed(1));
}

bool sameFile(const QString& a, const QString& b) {
    return QFileInfo(a).absoluteFilePath() == QFileInfo(b).absoluteFilePath();
}

} // namespace

QString AutosaveEntry::summary() const {
    const QString when = QLocale().toString(saved, QLocale::ShortFormat);
    const QString size = QLocale().formattedDataSize(bytes);
    const QString file = QFileInfo(path).fileName();
    if (!error.isEmpty())
        return AutosaveStore::tr("%1 (%2, %3): cannot be read: %4").arg(file, when, size, error);
    //: %1 model, %2 date and time, %3 what it holds ("B' (...), pruning curve"), %4 size, %5 file
    return AutosaveStore::tr("%1, saved %2: %3 (%4, %5)")
        .arg(modelName, when, holds.join(QStringLiteral(", ")), size, file);
}

AutosaveStore::AutosaveStore(const QString& dir)
    : m_dir(dir.isEmpty() ? defaultDir() : dir), m_id(newId()) {}

AutosaveStore::~AutosaveStore() = default;

QString AutosaveStore::defaultDir() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave"));
}

QString AutosaveStore::legacyPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave.bdlsession"));
}

QString AutosaveStore::ownPath() const {
    return QDir(m_dir).filePath(m_id + QLatin1Char('.') + kSessionSuffix);
}

QString AutosaveStore::lockPathOf(const QString& sessionPath) const {
    const QFileInfo info(sessionPath);
    return info.dir().filePath(info.completeBaseName() + kLockSuffix);
}

bool AutosaveStore::lockOwn(QString* error) {
    if (m_ownLock && m_ownLock->isLocked())
        return true;
    QString why;
    if (!QDir().mkpath(m_dir)) {
        why = tr("Could not create the autosave folder %1").arg(m_dir);
    } else {
        m_ownLock = std::make_unique<QLockFile>(lockPathOf(ownPath()));
        m_ownLock->setStaleLockTime(0); // held for the whole run, however long
        if (!m_ownLock->tryLock(0))
            why = tr("Could not lock %1 (error %2)")
                      .arg(lockPathOf(ownPath()))
                      .arg(static_cast<int>(m_ownLock->error()));
    }
    if (why.isEmpty())
        return true;
    if (error)
        *error = why;
    return false;
}

void AutosaveStore::removeOwn() {
    // The file first: an instance scanning meanwhile sees the lock held or no file at all.
    QFile::remove(ownPath());
    if (m_ownLock)
        m_ownLock->unlock();
}

bool AutosaveStore::isAutosave(const QString& path) const {
    if (path.isEmpty())
        return false;
    return sameFile(QFileInfo(path).absolutePath(), m_dir) || sameFile(path, legacyPath());
}

QVector<AutosaveEntry> AutosaveStore::claimOrphans() {
    const QDir dir(m_dir);
    const QStringList sessions =
        dir.entryList({QStringLiteral("*.") + kSessionSuffix}, QDir::Files, QDir::Name);
    for (const QString& name : sessions) {
        const QString path = dir.filePath(name);
        if (path == ownPath() || m_claims.count(path))
            continue;
        auto lock = std::make_unique<QLockFile>(lockPathOf(path));
        lock->setStaleLockTime(0); // stale only when its process is gone, not after a while
        if (!lock->tryLock(0))
            continue; // a running instance holds it
        if (!QFileInfo::exists(path))
            continue; // its instance has just exited cleanly (the lock goes with `lock`)
        m_orphans.push_back(describe(path));
        m_claims[path] = std::move(lock);
    }
    // Locks without their autosave: killed between locking and the first write, or while it
    // held an orphan's lock. Only stale ones are taken, and so removed.
    const QStringList locks = dir.entryList({QStringLiteral("*") + kLockSuffix}, QDir::Files);
    for (const QString& name : locks) {
        const QString lockPath = dir.filePath(name);
        const QString session =
            dir.filePath(QFileInfo(name).completeBaseName() + QLatin1Char('.') + kSessionSuffix);
        if (QFileInfo::exists(session) || lockPath == lockPathOf(ownPath()))
            continue;
        QLockFile stale(lockPath);
        stale.setStaleLockTime(0);
        if (stale.tryLock(0))
            stale.unlock();
    }
    const QString legacy = legacyPath();
    const bool legacyClaimed = std::any_of(m_orphans.begin(), m_orphans.end(),
                                           [](const AutosaveEntry& e) { return e.legacy; });
    if (!legacyClaimed && QFileInfo::exists(legacy) && !AppSettings().cleanExit()) {
        AutosaveEntry e = describe(legacy);
        e.legacy = true;
        m_orphans.push_back(e);
    }
    std::stable_sort(
        m_orphans.begin(), m_orphans.end(),
        [](const AutosaveEntry& a, const AutosaveEntry& b) { return a.saved < b.saved; });
    return m_orphans;
}

bool AutosaveStore::discard(const QString& path, QString* error) {
    const auto it = std::find_if(m_orphans.begin(), m_orphans.end(),
                                 [&](const AutosaveEntry& e) { return sameFile(e.path, path); });
    if (it == m_orphans.end()) {
        if (error)
            *error = tr("%1 is not an autosave offered for restoring").arg(path);
        return false;
    }
    QFile file(it->path);
    if (file.exists() && !file.remove()) {
        if (error)
            *error = tr("Could not delete %1: %2").arg(it->path, file.errorString());
        return false;
    }
    if (it->legacy)
        AppSettings().setCleanExit(true);
    m_claims.erase(it->path); // unlocks: the lock file goes too
    m_orphans.erase(it);
    return true;
}

void AutosaveStore::releaseOrphans() {
    m_claims.clear();
    m_orphans.clear();
}

AutosaveEntry AutosaveStore::describe(const QString& path) {
    AutosaveEntry e;
    e.path = path;
    const QFileInfo info(path);
    e.saved = info.lastModified();
    e.bytes = info.size();
    SessionState s;
    if (!readSessionFile(path, &s, &e.error)) {
        if (e.error.isEmpty())
            e.error = tr("not a session file");
        return e;
    }
    const QString zoo = s.results.workspace ? s.results.workspace->zooModel : s.request.zooModel;
    const QString model =
        s.results.workspace ? s.results.workspace->modelPath : s.request.modelPath;
    e.modelName = !zoo.isEmpty() ? tr("demo zoo model %1").arg(zoo) : QFileInfo(model).fileName();
    const SessionResults& r = s.results;
    if (r.repaired)
        e.holds << (r.repaired->description.isEmpty() ? tr("B'")
                                                      : tr("B' (%1)").arg(r.repaired->description));
    if (r.curve)
        e.holds << tr("pruning curve");
    if (r.sweep)
        e.holds << tr("LR sweep of %n cell(s)", "", static_cast<int>(r.sweep->cells.size()));
    if (r.strip)
        e.holds << tr("STRIP run");
    if (r.goodnets)
        e.holds << tr("goodnets");
    if (!s.comparison.isEmpty())
        e.holds << tr("%n comparison row(s)", "", static_cast<int>(s.comparison.size()));
    if (e.holds.isEmpty())
        e.holds << tr("the workspace only");
    return e;
}

} // namespace bdl::app
