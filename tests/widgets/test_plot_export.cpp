// Figure and text exports: valid PNG/PDF/SVG bytes, and failures that name the file and leave
// an existing file byte-identical.
#include "widget_test_util.h"

#include "widgets/plot_export.h"
#include "widgets/prune_curve_plot.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace bdl::widgets;
using bdl::widgets::test::readAll;
using bdl::widgets::test::writeAll;

class PlotExportTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    PruneCurvePlot* m_plot = nullptr;

    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_plot = new PruneCurvePlot;
        m_plot->resize(640, 420);
        m_plot->setup(60, {QStringLiteral("patch")});
        for (int k = 0; k <= 60; k += 5)
            m_plot->addPoint(k, 95.0 - k * 0.5, {k < 40 ? 100.0 : 2.0});
        m_plot->setMarker(20);
    }

    void cleanupTestCase() { delete m_plot; }

    void formatFromSuffix() {
        QCOMPARE(plotFormatForPath(QStringLiteral("a/b.PNG")), PlotFormat::Png);
        QCOMPARE(plotFormatForPath(QStringLiteral("b.pdf")), PlotFormat::Pdf);
        QCOMPARE(plotFormatForPath(QStringLiteral("b.svg")), PlotFormat::Svg);
        QCOMPARE(plotFormatForPath(QStringLiteral("b.jpg")), PlotFormat::Unknown);
        QCOMPARE(plotFormatForPath(QStringLiteral("b")), PlotFormat::Unknown);
    }

    void writesValidFiles_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("magic");
        QTest::addColumn<int>("minimumSize");
        QTest::newRow("png") << QStringLiteral("curve.png") << QByteArray("\x89PNG\r\n\x1a\n", 8)
                             << 5000;
        QTest::newRow("pdf") << QStringLiteral("curve.pdf") << QByteArray("%PDF") << 2000;
        QTest::newRow("svg") << QStringLiteral("curve.svg") << QByteArray("<svg") << 2000;
    }

    void writesValidFiles() {
        QFETCH(QString, name);
        QFETCH(QByteArray, magic);
        QFETCH(int, minimumSize);
        QString error;
        QVERIFY2(m_plot->exportTo(path(name), &error), qPrintable(error));
        QVERIFY(error.isEmpty());
        const QByteArray bytes = readAll(path(name));
        QVERIFY2(bytes.size() >= minimumSize, qPrintable(QString::number(bytes.size())));
        if (name.endsWith(QLatin1String(".svg")))
            QVERIFY(bytes.contains(magic) && bytes.contains("</svg>"));
        else
            QVERIFY(bytes.startsWith(magic));
        if (name.endsWith(QLatin1String(".pdf")))
            QVERIFY(bytes.trimmed().endsWith("%%EOF"));
        // No temporary file of QSaveFile is left next to the export.
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files).filter(name).size(), 1);
    }

    void pngHasRequestedSizeAndContent() {
        QString error;
        QVERIFY2(m_plot->exportTo(path(QStringLiteral("sized.png")), &error, 800, 500),
                 qPrintable(error));
        const QImage image(path(QStringLiteral("sized.png")));
        QCOMPARE(image.size(), QSize(800, 500));
        // Not blank: the curves and axes put dark and coloured pixels on the white background.
        int nonWhite = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                nonWhite += image.pixelColor(x, y) != QColor(Qt::white);
        QVERIFY2(nonWhite > 200, qPrintable(QString::number(nonWhite)));
    }

    void csvAndJsonWrittenAtomically() {
        QString error;
        const QByteArray csv = m_plot->toCsv();
        QVERIFY(writeTextFileAtomically(path(QStringLiteral("curve.csv")), csv, &error));
        QCOMPARE(readAll(path(QStringLiteral("curve.csv"))), csv);
        // Overwrite: the new content replaces the old completely.
        QVERIFY(
            writeTextFileAtomically(path(QStringLiteral("curve.csv")), QByteArray("x\n"), &error));
        QCOMPARE(readAll(path(QStringLiteral("curve.csv"))), QByteArray("x\n"));
    }

    void unsupportedFormatFails() {
        const QString target = path(QStringLiteral("old.jpg"));
        QVERIFY(writeAll(target, "old bytes"));
        QString error;
        QVERIFY(!m_plot->exportTo(target, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QCOMPARE(readAll(target), QByteArray("old bytes"));
    }

    void missingFolderFails_data() {
        QTest::addColumn<QString>("relative");
        QTest::newRow("no such folder") << QStringLiteral("missing/sub/plot.png");
        QTest::newRow("under a regular file") << QStringLiteral("afile.txt/sub.png");
        QTest::newRow("csv under a regular file") << QStringLiteral("afile.txt/sub.csv");
    }

    void missingFolderFails() {
        QFETCH(QString, relative);
        QVERIFY(writeAll(path(QStringLiteral("afile.txt")), "a regular file"));
        const QString target = path(relative);
        QString error;
        const bool ok = relative.endsWith(QLatin1String(".csv"))
                            ? writeTextFileAtomically(target, "a,b\n", &error)
                            : m_plot->exportTo(target, &error);
        QVERIFY(!ok);
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QVERIFY(!QFileInfo::exists(target));
        QCOMPARE(readAll(path(QStringLiteral("afile.txt"))), QByteArray("a regular file"));
    }

    void failedRenderKeepsOldFile() {
        // Rendering fails after the target was chosen (a pixmap of 10^12 pixels cannot be
        // allocated): the old file must survive byte for byte. Works as root too.
        const QString target = path(QStringLiteral("keep.png"));
        QString error;
        QVERIFY(m_plot->exportTo(target, &error, 300, 200));
        const QByteArray before = readAll(target);
        QVERIFY(!before.isEmpty());
        QVERIFY(!m_plot->exportTo(target, &error, 1000000, 1000000));
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QCOMPARE(readAll(target), before);
    }

    void targetIsFolderKeepsIt() {
        // Committing over a non-empty folder fails at the rename: nothing inside may change.
        const QString target = path(QStringLiteral("folder.svg"));
        QVERIFY(QDir().mkpath(target));
        QVERIFY(writeAll(target + QStringLiteral("/inside.txt"), "inside"));
        QString error;
        QVERIFY(!m_plot->exportTo(target, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QVERIFY(QFileInfo(target).isDir());
        QCOMPARE(readAll(target + QStringLiteral("/inside.txt")), QByteArray("inside"));
        QCOMPARE(
            QDir(m_dir.path()).entryList({QStringLiteral("folder.svg*")}, QDir::AllEntries).size(),
            1);
    }

    void readOnlyFolderKeepsOldFile() {
        const QString folder = path(QStringLiteral("readonly"));
        QVERIFY(QDir().mkpath(folder));
        const QString target = folder + QStringLiteral("/old.pdf");
        QVERIFY(writeAll(target, "old pdf"));
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        const bool blocked = !writeAll(folder + QStringLiteral("/probe"), "x");
        if (!blocked) {
            QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("permissions do not block writes here (root); failedRenderKeepsOldFile and "
                  "targetIsFolderKeepsIt cover a failed export over an existing file");
        }
        QString error;
        const bool ok = m_plot->exportTo(target, &error);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!ok);
        QVERIFY2(error.contains(QDir::toNativeSeparators(target)), qPrintable(error));
        QCOMPARE(readAll(target), QByteArray("old pdf"));
    }

    void nullPlotFails() {
        QString error;
        QVERIFY(!exportPlot(nullptr, path(QStringLiteral("null.png")), &error));
        QVERIFY(error.contains(QStringLiteral("null.png")));
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("null.png"))));
    }
};

BDL_REGISTER_WIDGET_TEST(PlotExportTest);
#include "test_plot_export.moc"
