// File > Export on a tiny workspace: figures (PNG, SVG, PDF), data (CSV, JSON), B' and G(B, B'),
// and exports that cannot be written: an error in the banner, nothing destroyed.
#include "desktop_test_util.h"

#include "app/desktop/export_menu.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/gui/controller.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

namespace bdl::app::test {

class ExportTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_out;

    Controller* controller() const { return m_window->controller(); }
    ExportMenu* exports() const { return m_window->exportMenu(); }
    QString out(const QString& name) const { return m_out.filePath(name); }
    int channels() const { return controller()->workspace()->pruneChannels; }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        QVERIFY(controller()->curve().has_value());
    }

    void figures_data() {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("magic");
        const QByteArray png("\x89PNG\r\n\x1a\n", 8);
        for (const char* id : {"curve", "cca-heatmap", "asr-heatmap", "channel-bars",
                               "feature-maps", "paper-steps"}) {
            QTest::addRow("%s png", id)
                << id << QStringLiteral("%1.png").arg(QLatin1String(id)) << png;
            QTest::addRow("%s pdf", id)
                << id << QStringLiteral("%1.pdf").arg(QLatin1String(id)) << QByteArray("%PDF-");
            QTest::addRow("%s svg", id)
                << id << QStringLiteral("%1.svg").arg(QLatin1String(id)) << QByteArray("<svg");
        }
    }

    void figures() {
        QFETCH(QString, id);
        QFETCH(QString, file);
        QFETCH(QByteArray, magic);
        QSignalSpy written(exports(), &ExportMenu::fileWritten);
        QVERIFY(exports()->exportFigure(id, out(file)));
        QCOMPARE(written.count(), 1);
        const QByteArray bytes = readAll(out(file));
        if (file.endsWith(QLatin1String(".svg")))
            QVERIFY(bytes.contains(magic) && bytes.contains("</svg>"));
        else
            QVERIFY2(bytes.startsWith(magic), bytes.left(16).toHex().constData());
        if (file.endsWith(QLatin1String(".png"))) {
            const QImage image = QImage::fromData(bytes, "PNG");
            QVERIFY(!image.isNull());
            QVERIFY(image.width() > 100 && image.height() > 100);
        }
        if (file.endsWith(QLatin1String(".pdf")))
            QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    }

    void curveData() {
        QVERIFY(exports()->exportData(QStringLiteral("curve"), out(QStringLiteral("curve.csv"))));
        const QList<QByteArray> rows =
            readAll(out(QStringLiteral("curve.csv"))).trimmed().split('\n');
        QCOMPARE(rows.size(), channels() + 2); // header + k = 0 .. C
        QVERIFY(rows[0].startsWith("channels_pruned,percent_pruned,cca,"));

        QVERIFY(exports()->exportData(QStringLiteral("curve"), out(QStringLiteral("curve.json"))));
        QJsonParseError error{};
        const QJsonDocument doc =
            QJsonDocument::fromJson(readAll(out(QStringLiteral("curve.json"))), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray points = doc.object().value(QStringLiteral("points")).toArray();
        QCOMPARE(points.size(), channels() + 1);
        const CurvePoint& p = controller()->curve()->points[5];
        QCOMPARE(points[5].toObject().value(QStringLiteral("cca")).toDouble(), p.cca);

        QVERIFY(
            exports()->exportData(QStringLiteral("channel-bars"), out(QStringLiteral("bars.csv"))));
        QCOMPARE(readAll(out(QStringLiteral("bars.csv"))).trimmed().split('\n').size(),
                 channels() + 1);
        QVERIFY(!m_window->banner()->isVisible());
    }

    void impossiblePathShowsErrorAndDestroysNothing_data() {
        QTest::addColumn<bool>("figure");
        QTest::addColumn<QString>("relative");
        QTest::newRow("figure under a file") << true << "blocker/curve.png";
        QTest::newRow("data under a file") << false << "blocker/curve.csv";
        QTest::newRow("figure over a folder") << true << "folder.svg";
        QTest::newRow("data over a folder") << false << "folder.json";
        QTest::newRow("unknown format") << true << "curve.bmp";
    }

    void impossiblePathShowsErrorAndDestroysNothing() {
        QFETCH(bool, figure);
        QFETCH(QString, relative);
        m_window->banner()->dismiss();
        QVERIFY(writeAll(out(QStringLiteral("blocker")), "a regular file"));
        QVERIFY(QDir().mkpath(out(QStringLiteral("folder.svg"))));
        QVERIFY(QDir().mkpath(out(QStringLiteral("folder.json"))));
        for (const char* folder : {"folder.svg", "folder.json"})
            QVERIFY(writeAll(out(QLatin1String(folder) + QStringLiteral("/inside.txt")), "inside"));
        const QString target = out(relative);
        QSignalSpy errors(exports(), &ExportMenu::errorMessage);
        const bool ok = figure ? exports()->exportFigure(QStringLiteral("curve"), target)
                               : exports()->exportData(QStringLiteral("curve"), target);
        QVERIFY(!ok);
        QCOMPARE(errors.count(), 1);
        QVERIFY(m_window->banner()->isVisible());
        QVERIFY(m_window->banner()->isError());
        QVERIFY2(m_window->banner()->text().contains(QFileInfo(target).fileName()),
                 qPrintable(m_window->banner()->text()));
        QCOMPARE(readAll(out(QStringLiteral("blocker"))), QByteArray("a regular file"));
        for (const char* folder : {"folder.svg", "folder.json"}) {
            QVERIFY(QFileInfo(out(QLatin1String(folder))).isDir());
            QCOMPARE(readAll(out(QLatin1String(folder) + QStringLiteral("/inside.txt"))),
                     QByteArray("inside"));
        }
        QVERIFY(!QFileInfo::exists(out(QStringLiteral("curve.bmp"))));
    }

    void failedExportKeepsAnOlderFile() {
        // A good export, then a failing one to the same name with a format nobody writes: the
        // first file survives byte for byte.
        const QString target = out(QStringLiteral("keep.png"));
        QVERIFY(exports()->exportFigure(QStringLiteral("curve"), target));
        const QByteArray before = readAll(target);
        QVERIFY(!exports()->exportData(QStringLiteral("channel-bars"), target)); // csv only
        QCOMPARE(readAll(target), before);
    }

    void modelsNeedARepairedModel() {
        QVERIFY(!controller()->repaired().has_value());
        QSignalSpy errors(exports(), &ExportMenu::errorMessage);
        QVERIFY(!exports()->exportRepaired(out(QStringLiteral("b.h5"))));
        QVERIFY(!exports()->exportGoodnet(out(QStringLiteral("g.pt"))));
        QCOMPARE(errors.count(), 2);
        QVERIFY(!QFileInfo::exists(out(QStringLiteral("b.h5"))));
    }

    void repairedAndGoodnet() {
        TuneSettings tune;
        tune.epochs = 1;
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QVERIFY(controller()->fineTuneAt(3, tune));
        QVERIFY(waitIdle(*m_window, [&] { return !repaired.isEmpty(); }));
        QSignalSpy exported(controller(), &Controller::exported);
        const QList<std::pair<QString, QByteArray>> files{
            {QStringLiteral("repaired.h5"), QByteArray("\x89HDF\r\n\x1a\n", 8)},
            {QStringLiteral("repaired.pt"), QByteArray("PK")},
            {QStringLiteral("goodnet.pt"), QByteArray("PK")}};
        for (const auto& [name, magic] : files) {
            const bool goodnet = name.startsWith(QLatin1String("goodnet"));
            QVERIFY(waitIdle(*m_window));
            QVERIFY(goodnet ? exports()->exportGoodnet(out(name))
                            : exports()->exportRepaired(out(name)));
            QVERIFY(waitIdle(*m_window, [&] { return exported.count() > 0; }));
            QCOMPARE(exported.takeFirst().at(1).toString(), out(name));
            QVERIFY2(readAll(out(name)).startsWith(magic), qPrintable(name));
        }
        QSignalSpy errors(exports(), &ExportMenu::errorMessage);
        QVERIFY(!exports()->exportRepaired(out(QStringLiteral("repaired.txt"))));
        QVERIFY(!exports()->exportGoodnet(out(QStringLiteral("goodnet.h5"))));
        QCOMPARE(errors.count(), 2);
        QVERIFY(m_window->banner()->text().contains(QStringLiteral("goodnet.h5")));
    }

    void cleanupTestCase() {
        m_window.reset();
        m_ws.reset();
    }
};

BDL_REGISTER_DESKTOP_TEST(ExportTest);

} // namespace bdl::app::test

#include "test_exports.moc"
