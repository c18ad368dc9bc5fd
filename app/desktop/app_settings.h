#pragma once
/// @file app_settings.h
/// The desktop application's persistent settings (QSettings, organisation "BackdoorLab",
/// application "backdoorlab": ~/.config/BackdoorLab/backdoorlab.conf on Linux) and its
/// languages: which ones exist, which one to use, and installing their translators.
///
/// Thread: GUI thread (QSettings itself is reentrant; the translators are application-wide).
/// Errors: none thrown; a missing or unreadable settings file gives the defaults.
/// Tests redirect the settings with XDG_CONFIG_HOME (see tests/app/desktop/main.cpp).
#include <QtCore/QByteArray>
#include <QtCore/QSettings>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace bdl::app {

/// Typed access to the settings. Each instance opens the same store; writes are visible to
/// every later instance (QSettings syncs to disk itself, or on sync()).
class AppSettings {
public:
    AppSettings();

    /// "de", "zh_CN", "en", or empty for the system's language. Applies at the next start.
    QString language() const;
    void setLanguage(const QString& language);
    /// Plots on a dark background (View > Dark plots).
    bool darkPlots() const;
    void setDarkPlots(bool dark);
    /// LibTorch threads of the worker; 0 = every core. Applies at the next start.
    int workerThreads() const;
    void setWorkerThreads(int threads);
    /// Write this instance's autosave session after every job that changes results (default
    /// on). A clean quit removes it (SessionManager, AutosaveStore).
    bool autosave() const;
    void setAutosave(bool on);

    /// QMainWindow::saveGeometry() / saveState() of the main window (empty when never saved).
    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindow(const QByteArray& geometry, const QByteArray& state);
    /// Index of the view tab shown last (0 when never saved).
    int currentTab() const;
    void setCurrentTab(int index);

    /// Recently opened files (sessions and models), most recent first, at most kMaxRecent.
    QStringList recentFiles() const;
    void setRecentFiles(const QStringList& paths);
    static constexpr int kMaxRecent = 10;

    /// The folder last used by a file dialog of `kind` ("session", "model", "image"...);
    /// empty when none.
    QString lastDir(const QString& kind) const;
    void setLastDir(const QString& kind, const QString& dir);

    /// What the user told the Open dialog about a TorchScript file: its input shape ("H,W,C" or
    /// empty) and input normalization; keyed by the file's absolute path. Empty strings when
    /// never set.
    QString modelInputShape(const QString& modelPath) const;
    QString modelNormalization(const QString& modelPath) const;
    void setModelInput(const QString& modelPath, const QString& shape,
                       const QString& normalization);

    /// The clean-exit mark of versions before per-instance autosaves: they set it false at start
    /// and true on a normal quit. Now only read, to offer their single autosave
    /// (AutosaveStore::legacyPath()) while it says their last run did not end cleanly, and set
    /// true once that file was restored or discarded. True when never set.
    bool cleanExit() const;
    void setCleanExit(bool clean);

    /// Writes pending changes to disk now.
    void sync() { m_settings.sync(); }
    QSettings& raw() { return m_settings; }

private:
    QSettings m_settings;
};

/// The languages with a translation, as --lang takes them: "en", "de", "zh_CN".
QStringList supportedLanguages();
/// The language's own name ("Deutsch", "简体中文", "English"); the code itself when unknown.
QString languageName(const QString& code);
/// The language to use: `explicitLanguage` (from --lang) when set, else the one saved in the
/// settings, else the first supported one of the system's UI languages, else "en".
QString resolveLanguage(const QString& explicitLanguage);
/// Installs the translators of `language` into the application: ours from the resources
/// (":/i18n/backdoorlab_<language>.qm") and Qt's own qtbase_<language>.qm when present.
/// Translators installed by an earlier call are removed first. "en" (or empty) installs only the
/// English plurals (":/i18n/backdoorlab_en.qm": "%n file(s)" -> "1 file", "2 files") and returns
/// true; false when our translation of `language` could not be loaded (English stays).
bool installTranslators(const QString& language);

} // namespace bdl::app
