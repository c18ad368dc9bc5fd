// The translations: each .qm is built into the resources and translates the window's strings,
// --lang's translator turns the File menu German, and Qt's own strings follow. These fail until
// the .ts files in translations/ are filled (translations/README.md says how).
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/main_window.h"

#include <QtCore/QFile>
#include <QtCore/QLibraryInfo>
#include <QtCore/QTranslator>
#include <QtGui/QAction>
#include <QtTest/QTest>
#include <QtWidgets/QMenuBar>

namespace bdl::app::test {

namespace {

QString fileMenuText(const MainWindow& w) {
    const auto actions = w.menuBar()->actions();
    return actions.isEmpty() ? QString() : actions.first()->text();
}

} // namespace

class TranslationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { installTranslators(QStringLiteral("en")); }

    void everyLanguageIsBuiltIn_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("file"); ///< expected translation of MainWindow's "&File"
        QTest::newRow("de") << "de"
                            << "&Datei";
        QTest::newRow("zh_CN") << "zh_CN" << QString();
    }

    void everyLanguageIsBuiltIn() {
        QFETCH(QString, language);
        QFETCH(QString, file);
        const QString path = QStringLiteral(":/i18n/backdoorlab_%1.qm").arg(language);
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QTranslator t;
        QVERIFY(t.load(path));
        QCOMPARE(t.language(), language);
        // Strings of the three layers: the window, a view, the computation, a plot.
        const struct {
            const char* context;
            const char* source;
        } known[] = {{"bdl::app::MainWindow", "&File"},
                     {"bdl::app::MainWindow", "&View"},
                     {"bdl::app::SessionManager", "Save Session"},
                     {"bdl::app::SettingsDialog", "The language changes at the next start."},
                     {"bdl::app::CommandLineText", "PATH"}};
        for (const auto& k : known) {
            const QString translated = t.translate(k.context, k.source);
            QVERIFY2(!translated.isEmpty() && translated != QLatin1String(k.source),
                     qPrintable(QStringLiteral("%1 / %2: untranslated in %3")
                                    .arg(QLatin1String(k.context), QLatin1String(k.source), path)));
        }
        if (!file.isEmpty())
            QCOMPARE(t.translate("bdl::app::MainWindow", "&File"), file);
    }

    void unknownLanguageKeepsEnglish() {
        QVERIFY(!installTranslators(QStringLiteral("xx")));
        MainWindow w;
        QCOMPARE(fileMenuText(w), QStringLiteral("&File"));
    }

    void windowInGerman() {
        QVERIFY(installTranslators(QStringLiteral("de")));
        {
            MainWindow w;
            QCOMPARE(fileMenuText(w), QStringLiteral("&Datei"));
        }
        // Qt's own dialogs follow (when Debian's qt6-translations-l10n is installed).
        if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                          QStringLiteral("/qtbase_de.qm")))
            QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                     QStringLiteral("Abbrechen"));
        // Back to English: the translators are removed again.
        QVERIFY(installTranslators(QStringLiteral("en")));
        MainWindow w;
        QCOMPARE(fileMenuText(w), QStringLiteral("&File"));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
    }
};

BDL_REGISTER_DESKTOP_TEST(TranslationTest);

} // namespace bdl::app::test

#include "test_translations.moc"
