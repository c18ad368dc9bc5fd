// Crash recovery and the autosave of each instance (issue 11, points 1 and 3), driven as a user
// would: a window fine-tunes so that B' is autosaved and is then "killed" (destroyed without its
// clean exit, with a stale lock of a dead process as kill -9 leaves it); the next window starts
// like main.cpp does (the startup open, then startRun()) and its startup jobs must leave the old
// autosave byte for byte as it was while the offer is up; Restore brings B' back, Discard
// deletes; two windows never share a file; a window that exits cleanly leaves nothing offered.
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/autosave_store.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/recovery_dialog.h"
#include "app/desktop/session_manager.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QSysInfo>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>

#include <memory>

namespace bdl::app::test {

namespace {

QString lockPathOf(const QString& autosave) {
    const QFileInfo info(autosave);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".lock"));
}

/// The id of a process that has ended.
qint64 deadPid() {
    QProcess p;
    p.start(QStringLiteral("true"), {});
    if (!p.waitForStarted())
        return 0;
    const qint64 pid = p.processId();
    p.waitForFinished();
    return pid;
}

bool holdsRepaired(const QString& path) {
    SessionState s;
    QString error;
    return readSessionFile(path, &s, &error) && s.results.repaired.has_value();
}

QPushButton* button(QWidget* parent, const char* name) {
    return parent ? parent->findChild<QPushButton*>(QLatin1String(name)) : nullptr;
}

} // namespace

class SessionRecoveryTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    QByteArray m_weights; ///< B' of the last crashed window

    /// A window opens the tiny workspace, fine-tunes (B' is autosaved) and is killed: destroyed
    /// without its clean exit, and with `staleLock` its lock is left as kill -9 leaves it (a
    /// lock file of a process that is gone). Returns its autosave.
    QString crashedAutosave(bool staleLock) {
        std::unique_ptr<MainWindow> w = openTinyWindow(*m_ws);
        if (!w)
            return {};
        TuneSettings tune;
        tune.epochs = 1;
        QSignalSpy repaired(w->controller(), &Controller::repairedReady);
        if (!w->controller()->fineTuneAt(2, tune) ||
            !waitIdle(*w, [&] { return !repaired.isEmpty(); }) || !waitIdle(*w))
            return {};
        m_weights = w->controller()->repairedWeights();
        const QString path = w->sessions()->autosavePath();
        w.reset();
        if (staleLock &&
            !writeAll(lockPathOf(path), QByteArray::number(deadPid()) + "\nbackdoorlab\n" +
                                            QSysInfo::machineHostName().toUtf8() + "\n"))
            return {};
        return path;
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void init() {
        AppSettings().raw().clear();
        QVERIFY(QDir(AutosaveStore::defaultDir()).removeRecursively());
    }

    void crashThenRestoreKeepsTheAutosaveUntouchedUntilChosen() {
        const QString old = crashedAutosave(/*staleLock=*/true);
        QVERIFY(!old.isEmpty());
        QVERIFY(QFile::exists(lockPathOf(old)));
        QVERIFY(holdsRepaired(old));
        const QByteArray before = readAll(old);
        QVERIFY(before.size() > 1000);

        // The next start, as main.cpp does it: the startup open, then the offer.
        MainWindow w(testOptions());
        w.show();
        QSignalSpy activations(w.controller(), &Controller::activationsReady);
        QVERIFY(w.openWorkspace(m_ws->request()));
        QVERIFY(w.sessions()->startRun());
        QVERIFY(w.banner()->isVisible());
        const QString offer = w.banner()->text();
        QVERIFY2(offer.contains(QFileInfo(old).fileName()), qPrintable(offer));
        QVERIFY2(offer.contains(QStringLiteral("tiny.h5")), qPrintable(offer));
        QVERIFY2(offer.contains(QStringLiteral("B'")), qPrintable(offer));
        QVERIFY2(offer.contains(QLocale().formattedDataSize(before.size())), qPrintable(offer));
        QVERIFY(w.banner()->actionButton()->isVisible());
        w.banner()->actionButton()->click();
        RecoveryDialog* dialog = w.sessions()->recoveryDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->list()->count(), 1);
        QCOMPARE(dialog->selectedPath(), old);

        // The startup jobs (open, curve, activations) finish and autosave: not into `old`.
        QVERIFY(waitIdle(w, [&] { return !activations.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QCOMPARE(readAll(old), before);
        const QString own = w.sessions()->autosavePath();
        QVERIFY(own != old);
        QVERIFY(QFile::exists(own));
        QVERIFY(!holdsRepaired(own));
        QCOMPARE(w.sessions()->pendingAutosaves().size(), 1);
        QVERIFY(w.findChild<QAction*>(QStringLiteral("recoverAutosaveAction"))->isEnabled());

        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        button(dialog, "restoreAutosaveButton")->click();
        QVERIFY(waitIdle(w, [&] { return !restored.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QVERIFY(w.controller()->repaired().has_value());
        QCOMPARE(w.controller()->repairedWeights(), m_weights);
        // Chosen: the restored state is in this window's autosave, the old one is gone.
        QVERIFY(holdsRepaired(own));
        QVERIFY(!QFile::exists(old));
        QVERIFY(!QFile::exists(lockPathOf(old)));
        QVERIFY(w.sessions()->pendingAutosaves().isEmpty());
        QVERIFY(!w.findChild<QAction*>(QStringLiteral("recoverAutosaveAction"))->isEnabled());
        w.close();
        QVERIFY(!QFile::exists(own));
    }

    void aDestroyedWindowsAutosaveCanBeDiscarded() {
        const QString old = crashedAutosave(/*staleLock=*/false);
        QVERIFY(!old.isEmpty());
        QVERIFY(!QFile::exists(lockPathOf(old)));
        MainWindow w(testOptions());
        w.show();
        QVERIFY(w.sessions()->startRun());
        // The banner may be gone (replaced by another message): the File menu still offers it.
        w.banner()->dismiss();
        w.findChild<QAction*>(QStringLiteral("recoverAutosaveAction"))->trigger();
        RecoveryDialog* dialog = w.sessions()->recoveryDialog();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(dialog->list()->item(0)->text().contains(QStringLiteral("B'")));
        button(dialog, "discardAutosaveButton")->click();
        QVERIFY(!QFile::exists(old));
        QVERIFY(w.sessions()->pendingAutosaves().isEmpty());
        QTRY_VERIFY(!w.sessions()->recoveryDialog());
        QVERIFY(!w.controller()->workspace());
        w.close();
        MainWindow again(testOptions());
        QVERIFY(!again.sessions()->startRun());
    }

    void aQuitWithoutChoosingKeepsTheOfferForTheNextStart() {
        const QString old = crashedAutosave(/*staleLock=*/true);
        QVERIFY(!old.isEmpty());
        const QByteArray before = readAll(old);
        {
            MainWindow w(testOptions());
            QVERIFY(w.sessions()->startRun());
            // A third instance started meanwhile: the file is claimed, not offered twice.
            MainWindow third(testOptions());
            QVERIFY(!third.sessions()->startRun());
            w.close(); // quits without choosing
        }
        QCOMPARE(readAll(old), before);
        MainWindow w(testOptions());
        QVERIFY(w.sessions()->startRun());
        QCOMPARE(w.sessions()->pendingAutosaves().size(), 1);
        QCOMPARE(w.sessions()->pendingAutosaves().first().path, old);
    }

    void severalAutosavesAreListedAndChosenOneByOne() {
        const QString first = crashedAutosave(/*staleLock=*/true);
        const QString second = crashedAutosave(/*staleLock=*/false);
        QVERIFY(!first.isEmpty() && !second.isEmpty() && first != second);
        MainWindow w(testOptions());
        w.show();
        QVERIFY(w.sessions()->startRun());
        QVERIFY2(w.banner()->text().contains(QFileInfo(first).fileName()) &&
                     w.banner()->text().contains(QFileInfo(second).fileName()),
                 qPrintable(w.banner()->text()));
        w.banner()->actionButton()->click();
        RecoveryDialog* dialog = w.sessions()->recoveryDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->list()->count(), 2);
        dialog->list()->setCurrentRow(1);
        const QString chosen = dialog->selectedPath();
        const QString other = chosen == first ? second : first;
        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        button(dialog, "restoreAutosaveButton")->click();
        QVERIFY(waitIdle(w, [&] { return !restored.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QCOMPARE(restored.first().first().toString(), chosen);
        QVERIFY(!QFile::exists(chosen));
        QVERIFY(QFile::exists(other));
        // The one left is offered again.
        QCOMPARE(w.sessions()->pendingAutosaves().size(), 1);
        QVERIFY(w.banner()->isVisible());
        QVERIFY(w.banner()->text().contains(QFileInfo(other).fileName()));
    }

    void twoInstancesNeverShareAnAutosave() {
        std::unique_ptr<MainWindow> a = openTinyWindow(*m_ws);
        std::unique_ptr<MainWindow> b = openTinyWindow(*m_ws);
        QVERIFY(a && b);
        const QString pathA = a->sessions()->autosavePath();
        const QString pathB = b->sessions()->autosavePath();
        QVERIFY(pathA != pathB);
        QVERIFY(QFile::exists(pathA) && QFile::exists(pathB));
        TuneSettings tune;
        tune.epochs = 1;
        QSignalSpy repaired(a->controller(), &Controller::repairedReady);
        QVERIFY(a->controller()->fineTuneAt(2, tune));
        QVERIFY(waitIdle(*a, [&] { return !repaired.isEmpty(); }));
        QVERIFY(waitIdle(*a));
        const QByteArray bBefore = readAll(pathB);
        QVERIFY(holdsRepaired(pathA));
        QCOMPARE(readAll(pathB), bBefore);
        QVERIFY(!holdsRepaired(pathB));
        // Both run: neither file is offered to a third.
        MainWindow third(testOptions());
        QVERIFY(!third.sessions()->startRun());
        // A clean exit removes only its own.
        a->close();
        QVERIFY(!QFile::exists(pathA));
        QVERIFY(QFile::exists(pathB));
    }

    void theAutosaveFollowsTheSettingAndTheScreenshotRule() {
        AppSettings().setAutosave(false);
        std::unique_ptr<MainWindow> off = openTinyWindow(*m_ws);
        QVERIFY(off);
        QVERIFY(!QFile::exists(off->sessions()->autosavePath()));
        AppSettings().setAutosave(true);
        LaunchOptions shot = testOptions();
        shot.screenshotPath = QDir::temp().filePath(QStringLiteral("never-written.png"));
        MainWindow screenshot(shot);
        QSignalSpy curve(screenshot.controller(), &Controller::curveReady);
        QVERIFY(screenshot.openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(screenshot, [&] { return !curve.isEmpty(); }));
        QVERIFY(waitIdle(screenshot));
        QVERIFY(!QFile::exists(screenshot.sessions()->autosavePath()));
        QVERIFY(QDir(AutosaveStore::defaultDir())
                    .entryList({QStringLiteral("*.bdlsession")}, QDir::Files)
                    .isEmpty());
    }

    void theAutosaveOfAnEarlierVersionIsOffered() {
        const QString old = crashedAutosave(/*staleLock=*/false);
        QVERIFY(!old.isEmpty());
        const QString legacy = AutosaveStore::legacyPath();
        QVERIFY(QFile::rename(old, legacy));
        AppSettings().setCleanExit(false); // how earlier versions marked a run that did not end
        MainWindow w(testOptions());
        QVERIFY(w.sessions()->startRun());
        QCOMPARE(w.sessions()->pendingAutosaves().size(), 1);
        QVERIFY(w.sessions()->pendingAutosaves().first().legacy);
        QVERIFY(w.sessions()->discardAutosave(legacy));
        QVERIFY(!QFile::exists(legacy));
        QVERIFY(AppSettings().cleanExit());
    }
};

BDL_REGISTER_DESKTOP_TEST(SessionRecoveryTest);

} // namespace bdl::app::test

#include "test_session_recovery.moc"
