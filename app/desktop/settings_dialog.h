#pragma once
/// @file settings_dialog.h
/// Edit > Settings (Ctrl+,): the language (applies at the next start, as the dialog says), dark
/// plots (at once), the worker's LibTorch threads (next start) and autosave. OK writes the
/// choices to AppSettings; the caller applies what takes effect at once (dark plots).
///
/// Thread: GUI thread only.
#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace bdl::app {

class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    /// Fills the fields from AppSettings.
    explicit SettingsDialog(QWidget* parent = nullptr);

    /// The language chosen: a code of supportedLanguages(), or empty for the system's.
    QString language() const;
    bool darkPlots() const;
    int workerThreads() const;
    bool autosave() const;

    void setLanguage(const QString& code);
    void setDarkPlots(bool dark);
    void setWorkerThreads(int threads);
    void setAutosave(bool on);

    /// Writes the fields to AppSettings.
    void save() const;
    /// save(), then closes with Accepted.
    void accept() override;

private:
    QComboBox* m_language = nullptr;
    QCheckBox* m_dark = nullptr;
    QSpinBox* m_threads = nullptr;
    QCheckBox* m_autosave = nullptr;
};

} // namespace bdl::app
