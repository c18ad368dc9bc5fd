// SessionSaveBench (bench_qt, not CTest): what the read-back check of a save costs on the GUI
// thread. A session captured from the tiny workspace (curve, B', STRIP) with B''s weights grown
// to 3 MB, the size of the CSAW net's: writeSessionFile() (the plain write) against
// writeVerifiedSessionFile() (check, parse back, re-serialise, compare, write), and the
// SessionManager's whole autosave (capture + verified write). What the check refuses:
// SessionDocumentTest.
#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/desktop/session_manager.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

namespace bdl::app::test {

class SessionSaveBench : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    SessionState m_state;

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        Controller* c = m_window->controller();
        TuneSettings tune;
        tune.epochs = 1;
        QSignalSpy repaired(c, &Controller::repairedReady);
        QVERIFY(c->fineTuneAt(2, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QVERIFY(waitIdle(*m_window));
        StripRequest strip;
        strip.n = 8;
        QSignalSpy stripped(c, &Controller::stripReady);
        QVERIFY(c->runStrip(strip));
        QVERIFY(waitIdle(*m_window, [&] { return !stripped.isEmpty(); }));
        QVERIFY(waitIdle(*m_window));
        m_state = m_window->sessions()->capture();
        QByteArray weights(3 << 20, Qt::Uninitialized);
        QRandomGenerator rng(11);
        for (char& b : weights)
            b = static_cast<char>(rng.bounded(256));
        m_state.results.repairedWeights = weights;
        qInfo("session of %lld bytes", static_cast<long long>(sessionToBytes(m_state).size()));
    }

    void plainWrite() {
        const QString path = m_dir.filePath(QStringLiteral("plain.bdlsession"));
        QString error;
        QBENCHMARK { QVERIFY2(writeSessionFile(path, m_state, &error), qPrintable(error)); }
    }

    void verifiedWrite() {
        const QString path = m_dir.filePath(QStringLiteral("verified.bdlsession"));
        QString error;
        QBENCHMARK { QVERIFY2(writeVerifiedSessionFile(path, m_state, &error), qPrintable(error)); }
    }

    void autosaveOfTheTinyWindow() {
        QString error;
        QBENCHMARK { QVERIFY2(m_window->sessions()->writeAutosave(&error), qPrintable(error)); }
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(SessionSaveBench);

} // namespace bdl::app::test

#include "bench_session_save.moc"
