// Settings kept across runs (geometry, tab, dark plots, recent files), the settings dialog,
// shortcuts, and drag and drop onto the main window. The settings live in a temporary
// XDG_CONFIG_HOME (tests/app/desktop/main.cpp), never the user's.
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/dropped_files.h"
#include "app/desktop/inspector_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/recent_files.h"
#include "app/desktop/settings_dialog.h"
#include "app/gui/controller.h"
#include "widgets/plot_widget.h"

#include <QtCore/QMimeData>
#include <QtCore/QStandardPaths>
#include <QtCore/QUrl>
#include <QtGui/QAction>
#include <QtGui/QDropEvent>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QMenu>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>

#include <memory>

namespace bdl::app::test {

namespace {

QStringList menuTexts(QMenu* menu) {
    QStringList texts;
    const auto actions = menu->actions();
    for (QAction* a : actions)
        if (!a->isSeparator())
            texts << a->text();
    return texts;
}

/// Sends a drop of `paths` to `target`, as the window system would.
void drop(QWidget* target, const QStringList& paths) {
    auto* mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString& p : paths)
        urls << QUrl::fromLocalFile(p);
    mime->setUrls(urls);
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent event(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &event);
    QVERIFY(event.isAccepted());
    delete mime;
}

} // namespace

class SettingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // Never the user's folders (tests/app/desktop/main.cpp points them to a temporary one).
        const QString config =
            QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QVERIFY2(config.startsWith(QDir::tempPath()), qPrintable(config));
        AppSettings().raw().clear();
    }

    void settingsPersistAcrossWindows() {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.bdlsession"));
        const QString b = dir.filePath(QStringLiteral("model_b.h5"));
        {
            MainWindow w(testOptions());
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QVERIFY(!w.findChild<QAction*>(QStringLiteral("darkPlotsAction"))->isChecked());
            w.resize(1010, 707);
            w.findChild<QAction*>(QStringLiteral("darkPlotsAction"))->setChecked(true);
            w.tabs()->setCurrentIndex(2);
            w.recentFiles()->add(b);
            w.recentFiles()->add(a);
            QVERIFY(w.close());
        }
        QVERIFY(AppSettings().darkPlots());
        MainWindow w(testOptions());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), QSize(1010, 707));
        QVERIFY(w.findChild<QAction*>(QStringLiteral("darkPlotsAction"))->isChecked());
        const auto plots = w.findChildren<widgets::PlotWidget*>();
        QVERIFY(!plots.isEmpty());
        for (widgets::PlotWidget* p : plots)
            QVERIFY(p->isDarkTheme());
        QCOMPARE(w.tabs()->currentIndex(), 2);
        QCOMPARE(w.recentFiles()->files(), (QStringList{a, b}));
        auto* menu = w.findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        const QStringList texts = menuTexts(menu);
        QVERIFY2(texts.size() >= 3 && texts[0].contains(QStringLiteral("a.bdlsession")) &&
                     texts[1].contains(QStringLiteral("model_b.h5")),
                 qPrintable(texts.join(QLatin1Char('|'))));
        // Clear empties the list and the menu.
        auto* clear = w.findChild<QAction*>(QStringLiteral("clearRecentAction"));
        QVERIFY(clear && clear->isEnabled());
        clear->trigger();
        QVERIFY(w.recentFiles()->files().isEmpty());
        QVERIFY(AppSettings().recentFiles().isEmpty());
        w.findChild<QAction*>(QStringLiteral("darkPlotsAction"))->setChecked(false);
        w.close();
    }

    void recentFilesKeepTheNewestTen() {
        QMenu menu;
        RecentFiles recent(&menu);
        recent.clear();
        for (int i = 0; i < 14; ++i)
            recent.add(QStringLiteral("/data/m%1.h5").arg(i));
        recent.add(QStringLiteral("/data/m5.h5")); // again: moves to the top, no duplicate
        const QStringList files = recent.files();
        QCOMPARE(files.size(), AppSettings::kMaxRecent);
        QCOMPARE(files.first(), QStringLiteral("/data/m5.h5"));
        QCOMPARE(files.count(QStringLiteral("/data/m5.h5")), 1);
        QVERIFY(!files.contains(QStringLiteral("/data/m0.h5")));
        QSignalSpy chosen(&recent, &RecentFiles::openRequested);
        menu.actions().first()->trigger();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().first().toString(), QStringLiteral("/data/m5.h5"));
        recent.clear();
    }

    void settingsDialogRoundTrip() {
        {
            SettingsDialog d;
            d.setLanguage(QStringLiteral("zh_CN"));
            d.setWorkerThreads(3);
            d.setAutosave(false);
            d.setDarkPlots(false);
            d.accept();
            QCOMPARE(d.result(), int(QDialog::Accepted));
        }
        AppSettings s;
        QCOMPARE(s.language(), QStringLiteral("zh_CN"));
        QCOMPARE(s.workerThreads(), 3);
        QVERIFY(!s.autosave());
        QCOMPARE(resolveLanguage(QString()), QStringLiteral("zh_CN"));
        QCOMPARE(resolveLanguage(QStringLiteral("de")), QStringLiteral("de")); // --lang wins
        SettingsDialog again;
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("languageCombo"))->currentData(),
                 QVariant(QStringLiteral("zh_CN")));
        QCOMPARE(again.findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->value(), 3);
        QVERIFY(!again.findChild<QCheckBox*>(QStringLiteral("autosaveCheck"))->isChecked());
        // "System default" forgets the language.
        again.setLanguage(QString());
        again.setAutosave(true);
        again.setWorkerThreads(0);
        again.save();
        QVERIFY(AppSettings().language().isEmpty());
        QVERIFY(AppSettings().autosave());
    }

    void shortcuts() {
        MainWindow w(testOptions());
        auto action = [&](const char* name) {
            auto* a = w.findChild<QAction*>(QString::fromLatin1(name));
            if (!a)
                qFatal("no action %s", name);
            return a;
        };
        QCOMPARE(action("openAction")->shortcut(), QKeySequence(QKeySequence::Open));
        QCOMPARE(action("saveSessionAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+S")));
        QCOMPARE(action("saveSessionAsAction")->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+Shift+S")));
        QCOMPARE(action("openSessionAction")->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+Shift+O")));
        QCOMPARE(action("cancelJobAction")->shortcut(), QKeySequence(QStringLiteral("Esc")));
        QCOMPARE(action("darkPlotsAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+D")));
        QCOMPARE(action("settingsAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+,")));
        QVERIFY(!action("cancelJobAction")->isEnabled());   // idle
        QVERIFY(!action("saveSessionAction")->isEnabled()); // nothing open
        QVERIFY(w.tabs()->count() >= 3);
        for (int i = 0; i < qMin(w.tabs()->count(), 9); ++i) {
            QAction* tab = action(qPrintable(QStringLiteral("showTab%1Action").arg(i + 1)));
            QCOMPARE(tab->shortcut(), QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        }
        action("showTab3Action")->trigger();
        QCOMPARE(w.tabs()->currentIndex(), 2);
        action("showTab1Action")->trigger();
        QCOMPARE(w.tabs()->currentIndex(), 0);
    }

    void droppedFileKinds_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        QTest::newRow("session") << "/x/a.bdlsession" << int(DroppedKind::Session);
        QTest::newRow("result") << "/x/sweep-merged.JSON" << int(DroppedKind::Result);
        QTest::newRow("model") << "/x/sunglasses_bd_net.H5" << int(DroppedKind::Model);
        QTest::newRow("keras") << "/x/net.keras" << int(DroppedKind::Model);
        QTest::newRow("clean data") << "/x/clean_test_data.h5" << int(DroppedKind::Data);
        QTest::newRow("poisoned") << "/x/sunglasses_poisoned.hdf5" << int(DroppedKind::Data);
        QTest::newRow("png") << "/x/digit.png" << int(DroppedKind::Image);
        QTest::newRow("jpeg") << "/x/face.JPEG" << int(DroppedKind::Image);
        QTest::newRow("bmp") << "/x/face.bmp" << int(DroppedKind::Image);
        QTest::newRow("text") << "/x/notes.txt" << int(DroppedKind::Unknown);
        QTest::newRow("no suffix") << "/x/model" << int(DroppedKind::Unknown);
    }

    void droppedFileKinds() {
        QFETCH(QString, path);
        QFETCH(int, kind);
        QCOMPARE(int(classifyDroppedFile(path)), kind);
    }

    void droppedFilesFillTheRequest() {
        WorkspaceRequest base = WorkspaceRequest::zoo();
        const WorkspaceRequest r = requestWithDroppedFiles(
            base, {QStringLiteral("/d/bd_net.h5"), QStringLiteral("/d/clean_test_data.h5"),
                   QStringLiteral("/d/clean_train.h5"), QStringLiteral("/d/eyebrows_poisoned.h5"),
                   QStringLiteral("/d/eyebrows_poisoned.h5"), QStringLiteral("/d/face.png")});
        QVERIFY(r.zooModel.isEmpty());
        QCOMPARE(r.modelPath, QStringLiteral("/d/bd_net.h5"));
        QCOMPARE(r.cleanTestPath, QStringLiteral("/d/clean_test_data.h5"));
        QCOMPARE(r.trainPath, QStringLiteral("/d/clean_train.h5"));
        QCOMPARE(r.poisoned.size(), 1);
        QCOMPARE(r.poisoned[0].path, QStringLiteral("/d/eyebrows_poisoned.h5"));
    }

    void dropRoutesImagesToTheInspector() {
        TinyWorkspace ws;
        MainWindow w(testOptions());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy curve(w.controller(), &Controller::curveReady);
        QVERIFY(w.openWorkspace(ws.request()));
        QVERIFY(waitIdle(w, [&] { return !curve.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QVERIFY(w.inspectorView());

        QImage image(40, 30, QImage::Format_Grayscale8);
        image.fill(128);
        const QString png = ws.file(QStringLiteral("digit.png"));
        QVERIFY(image.save(png));
        QSignalSpy inspected(w.controller(), &Controller::inspected);
        w.tabs()->setCurrentIndex(0);
        drop(&w, {png});
        QCOMPARE(w.tabs()->currentWidget(), static_cast<QWidget*>(w.inspectorView()));
        QVERIFY(waitIdle(w, [&] { return !inspected.isEmpty(); }));
        const auto result = inspected.first().first().value<InspectResult>();
        QCOMPARE(result.request.imagePath, png);

        // An unknown file: the banner names it; nothing else happens.
        const QString txt = ws.file(QStringLiteral("notes.txt"));
        QVERIFY(writeAll(txt, "hello"));
        drop(&w, {txt});
        QVERIFY(w.banner()->isVisible());
        QVERIFY(w.banner()->isError());
        QVERIFY2(w.banner()->text().contains(QStringLiteral("notes.txt")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.controller()->busy());
    }
};

BDL_REGISTER_DESKTOP_TEST(SettingsTest);

} // namespace bdl::app::test

#include "test_settings.moc"
