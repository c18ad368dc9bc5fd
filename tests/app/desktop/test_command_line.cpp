// The command line of backdoorlab: what each form opens, and the exits (help, version, usage).
#include "desktop_test_util.h"

#include "app/desktop/command_line.h"

#include <QtTest/QTest>

namespace bdl::app::test {

namespace {

CommandLine parse(const QStringList& args)
{
    return parseCommandLine(QStringList{QStringLiteral("backdoorlab")} + args);
}

} // namespace

class CommandLineTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noArgumentsOpensTheDemoZoo()
    {
        const CommandLine c = parse({});
        QVERIFY(c.run);
        QCOMPARE(c.options.request.zooModel, QStringLiteral("patch"));
        QVERIFY(c.options.request.zooDir.isEmpty());
        QVERIFY(c.options.request.buildZoo);
        QVERIFY(c.options.request.modelPath.isEmpty());
        QVERIFY(c.options.screenshotPath.isEmpty());
    }

    void zooModelAndFolder()
    {
        const CommandLine c = parse({QStringLiteral("zoo:blend"), QStringLiteral("--zoo"),
                                     QStringLiteral("/tmp/small-zoo"),
                                     QStringLiteral("--no-zoo-build")});
        QVERIFY(c.run);
        QCOMPARE(c.options.request.zooModel, QStringLiteral("blend"));
        QCOMPARE(c.options.request.zooDir, QStringLiteral("/tmp/small-zoo"));
        QVERIFY(!c.options.request.buildZoo);
    }

    void modelWithDataInTheirRoles()
    {
        const CommandLine c = parse(
            {QStringLiteral("m.h5"), QStringLiteral("--clean"), QStringLiteral("c.h5"),
             QStringLiteral("--train"), QStringLiteral("t.h5"), QStringLiteral("--poisoned"),
             QStringLiteral("p.h5:3"), QStringLiteral("--poisoned"), QStringLiteral("q.h5"),
             QStringLiteral("--scale"), QStringLiteral("raw"), QStringLiteral("--arch"),
             QStringLiteral("csaw-badnet"), QStringLiteral("--screenshot"),
             QStringLiteral("s.png"), QStringLiteral("--verbose"), QStringLiteral("--threads"),
             QStringLiteral("1"), QStringLiteral("-platform"), QStringLiteral("offscreen")});
        QVERIFY2(c.run, qPrintable(c.message));
        const WorkspaceRequest& r = c.options.request;
        QVERIFY(r.zooModel.isEmpty());
        QCOMPARE(r.modelPath, QStringLiteral("m.h5"));
        QCOMPARE(r.cleanTestPath, QStringLiteral("c.h5"));
        QCOMPARE(r.trainPath, QStringLiteral("t.h5"));
        QCOMPARE(r.poisoned.size(), 2);
        QCOMPARE(r.poisoned[0].path, QStringLiteral("p.h5"));
        QCOMPARE(r.poisoned[0].target, 3);
        QCOMPARE(r.poisoned[1].path, QStringLiteral("q.h5"));
        QCOMPARE(r.poisoned[1].target, -1);
        QCOMPARE(r.scale, QStringLiteral("raw"));
        QCOMPARE(r.architecture, QStringLiteral("csaw-badnet"));
        QCOMPARE(c.options.screenshotPath, QStringLiteral("s.png"));
        QVERIFY(c.options.verbose);
        QCOMPARE(c.options.threads, 1);
    }

    void poisonedTarget_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("target");
        QTest::newRow("no target") << "a/b.h5" << "a/b.h5" << -1;
        QTest::newRow("target") << "a/b.h5:7" << "a/b.h5" << 7;
        QTest::newRow("colon in path") << "C:/data/x" << "C:/data/x" << -1;
        QTest::newRow("colon and target") << "C:/data/x:0" << "C:/data/x" << 0;
        QTest::newRow("not a number") << "a:b" << "a:b" << -1;
        QTest::newRow("negative") << "a:-1" << "a:-1" << -1;
    }

    void poisonedTarget()
    {
        QFETCH(QString, text);
        QFETCH(QString, path);
        QFETCH(int, target);
        const PoisonedSource s = parsePoisonedSource(text);
        QCOMPARE(s.path, path);
        QCOMPARE(s.target, target);
    }

    void exits_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0 << "--screenshot";
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << 0
                                 << "backdoorlab 0";
        QTest::newRow("bad scale") << QStringList{QStringLiteral("--scale"),
                                                  QStringLiteral("2/255")}
                                   << 2 << "2/255";
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2
                                        << "frobnicate";
        QTest::newRow("two models") << QStringList{QStringLiteral("a.h5"), QStringLiteral("b.h5")}
                                    << 2 << "b.h5";
        QTest::newRow("bad threads") << QStringList{QStringLiteral("--threads"),
                                                    QStringLiteral("many")}
                                     << 2 << "many";
    }

    void exits()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const CommandLine c = parse(args);
        QVERIFY(!c.run);
        QCOMPARE(c.exitCode, exitCode);
        QVERIFY2(c.message.contains(says), qPrintable(c.message));
    }
};

BDL_REGISTER_DESKTOP_TEST(CommandLineTest);

} // namespace bdl::app::test

#include "test_command_line.moc"
