// The command line of backdoorlab: what each form opens, and the exits (help, version, usage).
#include "desktop_test_util.h"

#include "app/desktop/command_line.h"

#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

namespace bdl::app::test {

namespace {

CommandLine parse(const QStringList& args) {
    return parseCommandLine(QStringList{QStringLiteral("backdoorlab")} + args);
}

} // namespace

class CommandLineTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noArgumentsOpensTheDemoZoo() {
        const CommandLine c = parse({});
        QVERIFY(c.run);
        QCOMPARE(c.options.request.zooModel, QStringLiteral("patch"));
        QVERIFY(c.options.request.zooDir.isEmpty());
        QVERIFY(c.options.request.buildZoo);
        QVERIFY(c.options.request.modelPath.isEmpty());
        QVERIFY(c.options.screenshotPath.isEmpty());
    }

    void zooModelAndFolder() {
        const CommandLine c =
            parse({QStringLiteral("zoo:blend"), QStringLiteral("--zoo"),
                   QStringLiteral("/tmp/small-zoo"), QStringLiteral("--no-zoo-build")});
        QVERIFY(c.run);
        QCOMPARE(c.options.request.zooModel, QStringLiteral("blend"));
        QCOMPARE(c.options.request.zooDir, QStringLiteral("/tmp/small-zoo"));
        QVERIFY(!c.options.request.buildZoo);
    }

    void modelWithDataInTheirRoles() {
        const CommandLine c = parse({QStringLiteral("m.h5"),        QStringLiteral("--clean"),
                                     QStringLiteral("c.h5"),        QStringLiteral("--train"),
                                     QStringLiteral("t.h5"),        QStringLiteral("--poisoned"),
                                     QStringLiteral("p.h5:3"),      QStringLiteral("--poisoned"),
                                     QStringLiteral("q.h5"),        QStringLiteral("--scale"),
                                     QStringLiteral("raw"),         QStringLiteral("--arch"),
                                     QStringLiteral("csaw-badnet"), QStringLiteral("--screenshot"),
                                     QStringLiteral("s.png"),       QStringLiteral("--verbose"),
                                     QStringLiteral("--threads"),   QStringLiteral("1"),
                                     QStringLiteral("-platform"),   QStringLiteral("offscreen")});
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

    void precisionGoesIntoTheRequest() {
        // bf16 is asked for; fp32 (and no option) is the empty default the Open dialog leaves.
        const CommandLine bf16 =
            parse({QStringLiteral("m.h5"), QStringLiteral("--precision"), QStringLiteral("bf16")});
        QVERIFY2(bf16.run, qPrintable(bf16.message));
        QCOMPARE(bf16.options.request.precision, QStringLiteral("bf16"));
        const CommandLine fp32 =
            parse({QStringLiteral("m.h5"), QStringLiteral("--precision"), QStringLiteral("fp32")});
        QVERIFY(fp32.run);
        QVERIFY(fp32.options.request.precision.isEmpty());
        QVERIFY(parse({QStringLiteral("m.h5")}).options.request.precision.isEmpty());
    }

    void defaultsOfTheNewOptions() {
        const CommandLine c = parse({});
        QVERIFY(c.run);
        QVERIFY(c.options.language.isEmpty());
        QVERIFY(c.options.sessionPath.isEmpty());
        QCOMPARE(c.options.screenshotView, QStringLiteral("fine-pruning"));
    }

    void languageAndView_data() {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("view");
        QTest::newRow("de strip") << "de"
                                  << "strip";
        QTest::newRow("zh_CN comparison") << "zh_CN"
                                          << "comparison";
        QTest::newRow("en inspector") << "en"
                                      << "inspector";
        QTest::newRow("de sweep") << "de"
                                  << "sweep";
        QTest::newRow("de activations") << "de"
                                        << "activations";
        QTest::newRow("en fine-pruning") << "en"
                                         << "fine-pruning";
        QTest::newRow("en all") << "en"
                                << "all";
    }

    void languageAndView() {
        QFETCH(QString, lang);
        QFETCH(QString, view);
        const CommandLine c = parse({QStringLiteral("--lang"), lang, QStringLiteral("--view"), view,
                                     QStringLiteral("--screenshot"), QStringLiteral("s.png")});
        QVERIFY2(c.run, qPrintable(c.message));
        QCOMPARE(c.options.language, lang);
        QCOMPARE(c.options.screenshotView, view);
        QCOMPARE(c.options.screenshotPath, QStringLiteral("s.png"));
    }

    void deviceIsCheckedForFormOnly() {
        // Whether the device exists is main()'s question (useComputeDevice): on a LibTorch
        // without CUDA "cuda" parses here and fails there with exit code 1.
        QVERIFY(parse({}).options.device.isEmpty());
        for (const char* d : {"cpu", "cuda", "cuda:1"}) {
            const CommandLine c = parse({QStringLiteral("--device"), QLatin1String(d)});
            QVERIFY2(c.run, d);
            QCOMPARE(c.options.device, QLatin1String(d));
        }
    }

    void sizeSetsTheWindowSize() {
        const CommandLine c = parse({QStringLiteral("--size"), QStringLiteral("1280x800"),
                                     QStringLiteral("--screenshot"), QStringLiteral("s.png")});
        QVERIFY2(c.run, qPrintable(c.message));
        QCOMPARE(c.options.windowSize, QSize(1280, 800));
        QVERIFY(!parse({}).options.windowSize.isValid()); // the built-in size
    }

    void sessionFileIsReopened() {
        const CommandLine c = parse({QStringLiteral("/tmp/work/analysis.BDLSESSION"),
                                     QStringLiteral("--lang"), QStringLiteral("de")});
        QVERIFY2(c.run, qPrintable(c.message));
        QCOMPARE(c.options.sessionPath, QStringLiteral("/tmp/work/analysis.BDLSESSION"));
        QVERIFY(c.options.request.modelPath.isEmpty());
        // A model is no session.
        const CommandLine m = parse({QStringLiteral("model.h5")});
        QVERIFY(m.options.sessionPath.isEmpty());
        QCOMPARE(m.options.request.modelPath, QStringLiteral("model.h5"));
    }

    void versionIsNameAndVersion() {
        const CommandLine c = parse({QStringLiteral("--version")});
        QVERIFY(!c.run);
        QCOMPARE(c.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("^backdoorlab \\d+\\.\\d+\\.\\d+$"))
                     .match(c.message)
                     .hasMatch(),
                 qPrintable(c.message));
    }

    void helpListsEveryOption() {
        const CommandLine c = parse({QStringLiteral("--help")});
        QVERIFY(!c.run);
        QCOMPARE(c.exitCode, 0);
        for (const char* option :
             {"--lang <CODE>", "--view <NAME>", "--screenshot <FILE.png>", "--threads <N>",
              "--version", ".bdlsession", "zh_CN", "comparison"})
            QVERIFY2(c.message.contains(QLatin1String(option)), option);
        QVERIFY(c.message.startsWith(QStringLiteral("Usage: ")));
    }

    void poisonedTarget_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("target");
        QTest::newRow("no target") << "a/b.h5"
                                   << "a/b.h5" << -1;
        QTest::newRow("target") << "a/b.h5:7"
                                << "a/b.h5" << 7;
        QTest::newRow("colon in path") << "C:/data/x"
                                       << "C:/data/x" << -1;
        QTest::newRow("colon and target") << "C:/data/x:0"
                                          << "C:/data/x" << 0;
        QTest::newRow("not a number") << "a:b"
                                      << "a:b" << -1;
        QTest::newRow("negative") << "a:-1"
                                  << "a:-1" << -1;
    }

    void poisonedTarget() {
        QFETCH(QString, text);
        QFETCH(QString, path);
        QFETCH(int, target);
        const PoisonedSource s = parsePoisonedSource(text);
        QCOMPARE(s.path, path);
        QCOMPARE(s.target, target);
    }

    void exits_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0 << "--screenshot";
        QTest::newRow("version") << QStringList{QStringLiteral("--version")} << 0
                                 << "backdoorlab 0";
        QTest::newRow("bad scale")
            << QStringList{QStringLiteral("--scale"), QStringLiteral("2/255")} << 2 << "2/255";
        QTest::newRow("bad precision")
            << QStringList{QStringLiteral("--precision"), QStringLiteral("fp16")} << 2 << "fp16";
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--frobnicate")} << 2 << "frobnicate";
        QTest::newRow("two models")
            << QStringList{QStringLiteral("a.h5"), QStringLiteral("b.h5")} << 2 << "b.h5";
        QTest::newRow("bad lang") << QStringList{QStringLiteral("--lang"), QStringLiteral("fr")}
                                  << 2 << "de, zh_CN";
        QTest::newRow("bad lang names it")
            << QStringList{QStringLiteral("--lang"), QStringLiteral("klingon")} << 2 << "klingon";
        QTest::newRow("lang case")
            << QStringList{QStringLiteral("--lang"), QStringLiteral("DE")} << 2 << "DE";
        QTest::newRow("bad view")
            << QStringList{QStringLiteral("--view"), QStringLiteral("heatmap"),
                           QStringLiteral("--screenshot"), QStringLiteral("s.png")}
            << 2 << "fine-pruning, sweep, activations, strip, comparison, inspector";
        QTest::newRow("lang without value") << QStringList{QStringLiteral("--lang")} << 2 << "lang";
        QTest::newRow("bad size") << QStringList{QStringLiteral("--size"),
                                                 QStringLiteral("1280*800")}
                                  << 2 << "1280*800";
        QTest::newRow("tiny size")
            << QStringList{QStringLiteral("--size"), QStringLiteral("100x80")} << 2 << "640x480";
        QTest::newRow("bad threads")
            << QStringList{QStringLiteral("--threads"), QStringLiteral("many")} << 2 << "many";
        QTest::newRow("bad device")
            << QStringList{QStringLiteral("--device"), QStringLiteral("tpu")} << 2 << "tpu";
    }

    void exits() {
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
