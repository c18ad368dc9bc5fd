// The window's document after Open (issue 11, point 2), driven with the exact steps of the
// report: open session A, open another model, try an Open that fails (wrong data), press Ctrl+S.
// A must stay as it was and still reopen; the title, Save's target and the request a session
// captures follow the workspace shown, never a failed Open. And a session that would not
// reopen is never written (writeVerifiedSessionFile()).
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/session_manager.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QLineEdit>

#include <memory>

namespace bdl::app::test {

namespace {

/// Answers the next file dialog: selects `path` and accepts, or cancels when `path` is empty.
/// `shown` is set when a dialog came.
void answerFileDialog(const QString& path, bool* shown) {
    auto* timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, path, shown] {
        auto* dialog = qobject_cast<QFileDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        *shown = true;
        timer->stop();
        timer->deleteLater();
        if (path.isEmpty()) {
            dialog->reject();
            return;
        }
        // Typed, as a user would (selectFile() leaves a focused name field as it is).
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
        if (name)
            name->setText(path);
        else
            dialog->selectFile(path);
        static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept is protected
    });
    timer->start();
}

} // namespace

class SessionDocumentTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    QTemporaryDir m_dir;
    QString m_other; ///< a copy of the tiny model under another name

    QString file(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        AppSettings().raw().clear();
        m_ws = std::make_unique<TinyWorkspace>();
        m_other = file("other.h5");
        QVERIFY(QFile::copy(m_ws->model, m_other));
    }

    void ctrlSAfterAnotherOpenNeverOverwritesTheSession() {
        const QString a = file("A.bdlsession");
        QByteArray weightsA;
        {
            // Session A: the tiny model with a B'.
            std::unique_ptr<MainWindow> w = openTinyWindow(*m_ws);
            QVERIFY(w);
            TuneSettings tune;
            tune.epochs = 1;
            QSignalSpy repaired(w->controller(), &Controller::repairedReady);
            QVERIFY(w->controller()->fineTuneAt(2, tune));
            QVERIFY(waitIdle(*w, [&] { return !repaired.isEmpty(); }));
            QVERIFY(waitIdle(*w));
            weightsA = w->controller()->repairedWeights();
            QVERIFY(w->sessions()->saveTo(a));
        }
        const QByteArray bytesA = readAll(a);

        MainWindow w(testOptions());
        w.show();
        // 1. Open session A.
        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        QVERIFY(w.sessions()->open(a));
        QVERIFY(waitIdle(w, [&] { return !restored.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QCOMPARE(w.sessions()->currentPath(), a);
        QVERIFY(w.windowTitle().contains(QStringLiteral("A.bdlsession")));

        // 2. Open another model: it is the document now (title, no Save target, its request).
        WorkspaceRequest other = m_ws->request();
        other.modelPath = m_other;
        QSignalSpy opened(w.controller(), &Controller::workspaceOpened);
        QVERIFY(w.openWorkspace(other));
        QVERIFY(waitIdle(w, [&] { return !opened.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QVERIFY2(w.windowTitle().contains(QStringLiteral("other.h5")), qPrintable(w.windowTitle()));
        QVERIFY(!w.windowTitle().contains(QStringLiteral("A.bdlsession")));
        QVERIFY(w.sessions()->currentPath().isEmpty());
        QCOMPARE(w.lastRequest().modelPath, m_other);

        // 3. An Open that fails (wrong data: a model file given as the clean test data).
        WorkspaceRequest bad = other;
        bad.cleanTestPath = m_ws->model;
        QSignalSpy failed(w.controller(), &Controller::failed);
        QVERIFY(w.openWorkspace(bad));
        QVERIFY(waitIdle(w, [&] { return !failed.isEmpty(); }));
        QVERIFY(w.banner()->isError());
        QVERIFY(w.windowTitle().contains(QStringLiteral("other.h5")));
        QVERIFY(w.sessions()->currentPath().isEmpty());
        QCOMPARE(w.lastRequest().modelPath, m_other);
        QCOMPARE(w.lastRequest().cleanTestPath, m_ws->clean);

        // 4. Ctrl+S: asks for a file (cancelled here) instead of overwriting A.
        QAction* save = w.findChild<QAction*>(QStringLiteral("saveSessionAction"));
        QVERIFY(save && save->isEnabled());
        QCOMPARE(save->shortcut(), QKeySequence(QKeySequence::Save));
        bool asked = false;
        answerFileDialog(QString(), &asked);
        save->trigger();
        QVERIFY(asked);
        QCOMPARE(readAll(a), bytesA);
        // Saved under a new name, the other model's analysis reopens as it is.
        const QString b = file("B.bdlsession");
        asked = false;
        answerFileDialog(b, &asked);
        save->trigger();
        QVERIFY(asked);
        QCOMPARE(w.sessions()->currentPath(), b);
        QCOMPARE(readAll(a), bytesA);

        // A still reopens, to its own model and B'.
        for (const QString& path : {a, b}) {
            MainWindow again(testOptions());
            QSignalSpy back(again.sessions(), &SessionManager::restored);
            QSignalSpy error(again.controller(), &Controller::failed);
            QVERIFY(again.sessions()->open(path));
            QVERIFY(waitIdle(again, [&] { return !back.isEmpty() || !error.isEmpty(); }));
            QVERIFY(waitIdle(again));
            QVERIFY2(error.isEmpty(), qPrintable(again.banner()->text()));
            if (path == a) {
                QCOMPARE(again.controller()->workspace()->modelPath, m_ws->model);
                QCOMPARE(again.controller()->repairedWeights(), weightsA);
            } else {
                QCOMPARE(again.controller()->workspace()->modelPath, m_other);
                QVERIFY(!again.controller()->repaired());
            }
        }
    }

    void anOpenDuringARestoreReplacesIt() {
        const QString a = file("A.bdlsession"), b = file("B.bdlsession");
        QVERIFY(QFile::exists(a) && QFile::exists(b));
        MainWindow w(testOptions());
        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        QVERIFY(w.sessions()->open(a));
        QVERIFY(w.controller()->busy()); // A's restore runs
        QVERIFY(w.sessions()->open(b));  // cancels it; B's starts when it has ended
        QVERIFY(waitIdle(w, [&] { return !restored.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QCOMPARE(restored.size(), 1);
        QCOMPARE(restored.first().first().toString(), b);
        QCOMPARE(w.controller()->workspace()->modelPath, m_other);
        QCOMPARE(w.sessions()->currentPath(), b);
        QCOMPARE(w.lastRequest().modelPath, m_other);
    }

    void aSessionThatWouldNotReopenIsNotWritten() {
        std::unique_ptr<MainWindow> w = openTinyWindow(*m_ws);
        QVERIFY(w);
        const QString path = file("kept.bdlsession");
        QVERIFY(w->sessions()->saveTo(path));
        const QByteArray kept = readAll(path);
        // A request that does not open the workspace the results are for.
        w->sessions()->setHooks([this](SessionState* s) { s->request.cleanTestPath = m_ws->train; },
                                {});
        QString error;
        QVERIFY(!w->sessions()->saveTo(path, &error));
        QVERIFY2(error.contains(QStringLiteral("kept.bdlsession")), qPrintable(error));
        QVERIFY(w->banner()->isError());
        QVERIFY(w->banner()->text().contains(QStringLiteral("kept.bdlsession")));
        QCOMPARE(readAll(path), kept);

        // Results that the parser refuses (B' with ASR for a set that does not exist).
        SessionState s;
        QVERIFY(readSessionFile(path, &s, &error));
        RepairResult r;
        r.asrBefore = {1.0};
        r.asrAfter = {1.0, 2.0};
        s.results.repaired = r;
        QVERIFY(!writeVerifiedSessionFile(path, s, &error));
        QVERIFY2(error.contains(QStringLiteral("kept.bdlsession")), qPrintable(error));
        QCOMPARE(readAll(path), kept);
        // (the unverified writer would have written a file that does not reopen)
        const QString unverified = file("unverified.bdlsession");
        QVERIFY(writeSessionFile(unverified, s, &error));
        QVERIFY(!readSessionFile(unverified, &s, &error));
    }
};

BDL_REGISTER_DESKTOP_TEST(SessionDocumentTest);

} // namespace bdl::app::test

#include "test_session_document.moc"
