#include "app/desktop/app_settings.h"

#include <QtCore/QFileInfo>

#include <QtCore/QCoreApplication>
#include <QtCore/QLibraryInfo>
#include <QtCore/QLocale>
#include <QtCore/QPointer>
#include <QtCore/QTranslator>

namespace bdl::app {

namespace {

const QString kLanguage = QStringLiteral("language");
const QString kDarkPlots = QStringLiteral("view/darkPlots");
const QString kThreads = QStringLiteral("worker/threads");
const QString kAutosave = QStringLiteral("session/autosave");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kTab = QStringLiteral("window/currentTab");
const QString kRecent = QStringLiteral("recentFiles");
const QString kCleanExit = QStringLiteral("session/cleanExit");

/// The translators installed by installTranslators(), removed by its next call.
QPointer<QTranslator>& ourTranslator() {
    static QPointer<QTranslator> t;
    return t;
}

QPointer<QTranslator>& qtTranslator() {
    static QPointer<QTranslator> t;
    return t;
}

void removeTranslator(QPointer<QTranslator>& t) {
    if (t) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    t = nullptr;
}

} // namespace

AppSettings::AppSettings()
    : m_settings(QStringLiteral("BackdoorLab"), QStringLiteral("backdoorlab")) {}

QString AppSettings::language() const { return m_settings.value(kLanguage).toString(); }

void AppSettings::setLanguage(const QString& language) {
    if (language.isEmpty())
        m_settings.remove(kLanguage);
    else
        m_settings.setValue(kLanguage, language);
}

bool AppSettings::darkPlots() const { return m_settings.value(kDarkPlots, false).toBool(); }

void AppSettings::setDarkPlots(bool dark) { m_settings.setValue(kDarkPlots, dark); }

int AppSettings::workerThreads() const {
    const int n = m_settings.value(kThreads, 0).toInt();
    return n > 0 ? n : 0;
}

void AppSettings::setWorkerThreads(int threads) { m_settings.setValue(kThreads, qMax(0, threads)); }

bool AppSettings::autosave() const { return m_settings.value(kAutosave, true).toBool(); }

void AppSettings::setAutosave(bool on) { m_settings.setValue(kAutosave, on); }

QByteArray AppSettings::windowGeometry() const { return m_settings.value(kGeometry).toByteArray(); }

QByteArray AppSettings::windowState() const { return m_settings.value(kState).toByteArray(); }

void AppSettings::setWindow(const QByteArray& geometry, const QByteArray& state) {
    m_settings.setValue(kGeometry, geometry);
    m_settings.setValue(kState, state);
}

int AppSettings::currentTab() const { return qMax(0, m_settings.value(kTab, 0).toInt()); }

void AppSettings::setCurrentTab(int index) { m_settings.setValue(kTab, index); }

QStringList AppSettings::recentFiles() const {
    QStringList paths = m_settings.value(kRecent).toStringList();
    paths.removeAll(QString());
    paths.removeDuplicates();
    return paths.mid(0, kMaxRecent);
}

void AppSettings::setRecentFiles(const QStringList& paths) {
    m_settings.setValue(kRecent, paths.mid(0, kMaxRecent));
}

QString AppSettings::lastDir(const QString& kind) const {
    return m_settings.value(QStringLiteral("dirs/") + kind).toString();
}

void AppSettings::setLastDir(const QString& kind, const QString& dir) {
    m_settings.setValue(QStringLiteral("dirs/") + kind, dir);
}

namespace {
/// A settings key for a file: its absolute path, with the separators QSettings treats as groups
/// encoded.
QString modelKey(const QString& modelPath, const char* what) {
    const QString abs = QFileInfo(modelPath).absoluteFilePath();
    return QStringLiteral("models/") + QString::fromLatin1(abs.toUtf8().toPercentEncoding()) +
           QLatin1Char('/') + QLatin1String(what);
}
} // namespace

QString AppSettings::modelInputShape(const QString& modelPath) const {
    return m_settings.value(modelKey(modelPath, "inputShape")).toString();
}

QString AppSettings::modelNormalization(const QString& modelPath) const {
    return m_settings.value(modelKey(modelPath, "normalization")).toString();
}

void AppSettings::setModelInput(const QString& modelPath, const QString& shape,
                                const QString& normalization) {
    m_settings.setValue(modelKey(modelPath, "inputShape"), shape);
    m_settings.setValue(modelKey(modelPath, "normalization"), normalization);
}

bool AppSettings::cleanExit() const { return m_settings.value(kCleanExit, true).toBool(); }

void AppSettings::setCleanExit(bool clean) {
    m_settings.setValue(kCleanExit, clean);
    m_settings.sync(); // a crash right after must still see it
}

QStringList supportedLanguages() {
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString languageName(const QString& code) {
    if (code == QLatin1String("en"))
        return QStringLiteral("English");
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("\u7b80\u4f53\u4e2d\u6587");
    return code;
}

QString resolveLanguage(const QString& explicitLanguage) {
    const QStringList supported = supportedLanguages();
    if (supported.contains(explicitLanguage))
        return explicitLanguage;
    const QString saved = AppSettings().language();
    if (supported.contains(saved))
        return saved;
    // uiLanguages() gives "de-DE", "zh-Hans-CN", "en-US"...: match on the language (and the
    // simplified script or mainland territory for Chinese).
    const QStringList ui = QLocale::system().uiLanguages();
    for (const QString& name : ui) {
        const QLocale l(name);
        if (l.language() == QLocale::German)
            return QStringLiteral("de");
        if (l.language() == QLocale::Chinese &&
            (l.script() == QLocale::SimplifiedChineseScript || l.territory() == QLocale::China))
            return QStringLiteral("zh_CN");
        if (l.language() == QLocale::English)
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

bool installTranslators(const QString& language) {
    removeTranslator(ourTranslator());
    removeTranslator(qtTranslator());
    if (language.isEmpty() || language == QLatin1String("en")) {
        // English is the source language; only its plurals ("%n file(s)") need a translator.
        auto* en = new QTranslator(QCoreApplication::instance());
        if (en->load(QStringLiteral(":/i18n/backdoorlab_en.qm"))) {
            QCoreApplication::installTranslator(en);
            ourTranslator() = en;
        } else {
            delete en;
        }
        return true;
    }
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QStringLiteral("qtbase_") + language,
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qtTranslator() = qt;
    } else {
        delete qt;
    }
    auto* ours = new QTranslator(QCoreApplication::instance());
    if (!ours->load(QStringLiteral(":/i18n/backdoorlab_%1.qm").arg(language))) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    ourTranslator() = ours;
    return true;
}

} // namespace bdl::app
