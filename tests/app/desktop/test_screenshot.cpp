// `backdoorlab --screenshot FILE.png`, run as a user runs it: the real executable in its own
// process on the offscreen platform, on a tiny workspace written here.
#include "desktop_test_util.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtGui/QImage>
#include <QtTest/QTest>

#include <memory>

namespace bdl::app::test {

namespace {

/// The executable gets minutes at most; a tiny workspace takes seconds.
constexpr int kProcessTimeoutMs = 300000;

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run runApp(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BDL_DESKTOP_EXE), args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(kProcessTimeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("did not finish: ") + p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

} // namespace

class ScreenshotTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;

    QStringList workspaceArgs() const {
        return {m_ws->model,
                QStringLiteral("--clean"),
                m_ws->clean,
                QStringLiteral("--train"),
                m_ws->train,
                QStringLiteral("--poisoned"),
                m_ws->poisonedA,
                QStringLiteral("--poisoned"),
                m_ws->poisonedB + QStringLiteral(":2"),
                QStringLiteral("--threads"),
                QString::number(kThreads)};
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void writesThePngOnceTheCurveIsIn() {
        const QString shot = m_ws->file(QStringLiteral("window.png"));
        const Run r = runApp(workspaceArgs() << QStringLiteral("--screenshot") << shot
                                             << QStringLiteral("--verbose"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(shot), qPrintable(r.out));
        const QImage image(shot, "PNG");
        QVERIFY(!image.isNull());
        QVERIFY2(image.width() >= 800 && image.height() >= 500,
                 qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
        // --verbose measured the jobs on the GUI thread.
        QVERIFY2(r.err.contains(QStringLiteral("job curve:")), qPrintable(r.err));
        const QString keep = qEnvironmentVariable("BDL_DESKTOP_SHOTS");
        if (!keep.isEmpty())
            image.save(keep + QStringLiteral("/screenshot-tiny.png"));
    }

    void everyViewRendersAfterItsScenario_data() {
        QTest::addColumn<QString>("view");
        QTest::addColumn<QStringList>("jobs"); // measured (--verbose) before the grab
        const auto jobs = [](std::initializer_list<const char*> names) {
            QStringList out;
            for (const char* n : names)
                out << QStringLiteral("job %1:").arg(QLatin1String(n));
            return out;
        };
        QTest::newRow("fine-pruning") << QStringLiteral("fine-pruning") << jobs({"curve"});
        QTest::newRow("sweep") << QStringLiteral("sweep") << jobs({"curve", "sweep"});
        QTest::newRow("activations")
            << QStringLiteral("activations") << jobs({"curve", "activations"});
        // STRIP, then one input of the first poisoned set's first bin, for the detail tiles.
        QTest::newRow("strip") << QStringLiteral("strip") << jobs({"strip", "strip-detail"});
        QTest::newRow("comparison")
            << QStringLiteral("comparison") << jobs({"strip", "fine-tune", "goodnets"});
        QTest::newRow("inspector") << QStringLiteral("inspector") << jobs({"strip", "inspect"});
    }

    void everyViewRendersAfterItsScenario() {
        QFETCH(QString, view);
        QFETCH(QStringList, jobs);
        const QString shot = m_ws->file(QStringLiteral("view-%1.png").arg(view));
        const Run r = runApp(workspaceArgs()
                             << QStringLiteral("--screenshot") << shot << QStringLiteral("--view")
                             << view << QStringLiteral("--verbose"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(shot), qPrintable(r.out));
        const QImage image(shot, "PNG");
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
        for (const QString& job : jobs)
            QVERIFY2(r.err.contains(job), qPrintable(job + QStringLiteral(" not in:\n") + r.err));
        const QString keep = qEnvironmentVariable("BDL_DESKTOP_SHOTS");
        if (!keep.isEmpty())
            image.save(keep + QStringLiteral("/screenshot-%1.png").arg(view));
    }

    void anUnknownViewFails() {
        const QString shot = m_ws->file(QStringLiteral("nowhere.png"));
        const Run r =
            runApp(workspaceArgs() << QStringLiteral("--screenshot") << shot
                                   << QStringLiteral("--view") << QStringLiteral("nowhere"));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("nowhere")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(shot));
    }

    void failsWithAMessageWhenTheWorkspaceCannotOpen() {
        const QString shot = m_ws->file(QStringLiteral("never.png"));
        QStringList args = workspaceArgs();
        args[0] = m_ws->file(QStringLiteral("missing.h5"));
        const Run r = runApp(args << QStringLiteral("--screenshot") << shot);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("missing.h5")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(shot));
    }

    void failsWhenTheFileCannotBeWritten() {
        QVERIFY(writeAll(m_ws->file(QStringLiteral("blocker")), "x"));
        const QString shot = m_ws->file(QStringLiteral("blocker/window.png"));
        const Run r = runApp(workspaceArgs() << QStringLiteral("--screenshot") << shot);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("window.png")), qPrintable(r.err));
        QCOMPARE(readAll(m_ws->file(QStringLiteral("blocker"))), QByteArray("x"));
    }

    void usesTheZooFolderGiven() {
        // An empty folder and no permission to build: the zoo there is reported missing (the
        // default zoo, wherever it is, is not looked at).
        const QString zoo = m_ws->file(QStringLiteral("empty-zoo"));
        QVERIFY(QDir().mkpath(zoo));
        const QString shot = m_ws->file(QStringLiteral("zoo.png"));
        const Run r = runApp({QStringLiteral("--zoo"), zoo, QStringLiteral("--no-zoo-build"),
                              QStringLiteral("--screenshot"), shot});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("empty-zoo")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(shot));
    }

    void usageErrorExitsWithTwo() {
        const Run r = runApp({QStringLiteral("--scale"), QStringLiteral("sometimes")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("sometimes")));
    }
};

BDL_REGISTER_DESKTOP_TEST(ScreenshotTest);

} // namespace bdl::app::test

#include "test_screenshot.moc"
