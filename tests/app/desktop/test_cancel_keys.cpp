// Cancel from the keyboard and the running clock: Esc cancels the running job also after a menu
// was opened and closed with the keyboard (Qt then leaves the menu bar holding the keyboard, and
// it took the Esc for itself), File > Cancel Job is a window shortcut enabled only while a job
// runs, and the status bar's elapsed time ticks without any progress report.
#include "desktop_test_util.h"

#include "app/desktop/job_status_bar.h"
#include "app/desktop/job_text.h"
#include "app/desktop/main_window.h"
#include "app/gui/controller.h"

#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>

#include <memory>

namespace bdl::app::test {

namespace {

/// Long enough to be cancelled, never to finish.
const TuneSettings kEndless{1e-3, 100000, 16, 0};
/// A cancel acts within milliseconds; this only bounds a wait that would otherwise hang.
constexpr int kCancelWaitMs = 20000;

} // namespace

class CancelKeysTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    QAction* cancelAction() const {
        return m_window->findChild<QAction*>(QStringLiteral("cancelJobAction"));
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanupTestCase() { m_window.reset(); }

    void cancelIsAWindowShortcutEnabledWhileBusy() {
        QAction* cancel = cancelAction();
        QVERIFY(cancel);
        QCOMPARE(cancel->shortcut(), QKeySequence(Qt::Key_Escape));
        QCOMPARE(cancel->shortcutContext(), Qt::WindowShortcut);
        QVERIFY(!cancel->isEnabled());
        Controller* c = m_window->controller();
        QSignalSpy cancelled(c, &Controller::cancelled);
        QVERIFY(c->fineTuneAt(3, kEndless));
        QVERIFY(cancel->isEnabled());
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kCancelWaitMs);
        QVERIFY(!c->busy());
        QVERIFY(!cancel->isEnabled());
    }

    void escapeCancelsAfterAMenuWasClosed() {
        Controller* c = m_window->controller();
        QSignalSpy cancelled(c, &Controller::cancelled);
        QVERIFY(c->fineTuneAt(3, kEndless));
        // Open the File menu and close it with Esc: the menu bar keeps the keyboard.
        QMenuBar* bar = m_window->menuBar();
        QAction* fileAction = bar->actions().first();
        bar->setActiveAction(fileAction);
        QMenu* file = fileAction->menu();
        QTRY_VERIFY(file->isVisible());
        QTest::keyClick(file, Qt::Key_Escape);
        QTRY_VERIFY(!file->isVisible());
        QCOMPARE(bar->activeAction(), fileAction); // keyboard mode, as after a real Esc
        QCOMPARE(cancelled.count(), 0);            // closing the menu cancels nothing
        QWidget* focus = QApplication::focusWidget();
        QTest::keyClick(focus ? focus : static_cast<QWidget*>(bar), Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kCancelWaitMs);
        QVERIFY(!c->busy());
    }

    void elapsedTicksWithoutProgress() {
        Controller* c = m_window->controller();
        auto* status = m_window->findChild<JobStatusBar*>(QStringLiteral("jobStatusBar"));
        QVERIFY(status);
        // Only the clock may update the text: as in a phase that reports nothing for seconds (the
        // last test: the window is not used after it).
        QObject::disconnect(c, &Controller::progressChanged, status, nullptr);
        QSignalSpy cancelled(c, &Controller::cancelled);
        QVERIFY(c->fineTuneAt(3, kEndless));
        auto* tick = status->findChild<QTimer*>(QStringLiteral("jobElapsedTimer"));
        QVERIFY(tick && tick->isActive());
        QTRY_VERIFY_WITH_TIMEOUT(!status->elapsedText().isEmpty() &&
                                     status->elapsedText() !=
                                         JobStatusBar::tr("%1 elapsed").arg(JobText::duration(0.0)),
                                 20000);
        QVERIFY(c->progressNow().elapsedS > 0.0);
        QVERIFY(!c->progressNow().stage.isEmpty()); // reports kept coming, the text did not
        c->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kCancelWaitMs);
        QVERIFY(!tick->isActive());
        QVERIFY(status->elapsedText().isEmpty());
    }
};

BDL_REGISTER_DESKTOP_TEST(CancelKeysTest);

} // namespace bdl::app::test

#include "test_cancel_keys.moc"
