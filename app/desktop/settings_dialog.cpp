#include "app/desktop/settings_dialog.h"

#include "app/desktop/app_settings.h"

#include <QtCore/QThread>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setToolTip(tr("The language of the window; applies at the next start. Default: "
                              "the system's language."));
    m_language->addItem(tr("System default"), QString());
    for (const QString& code : supportedLanguages())
        m_language->addItem(languageName(code), code);
    auto* languageNote = new QLabel(tr("The language changes at the next start."), this);
    languageNote->setObjectName(QStringLiteral("languageNote"));
    languageNote->setWordWrap(true);

    m_dark = new QCheckBox(tr("Dark plots"), this);
    m_dark->setObjectName(QStringLiteral("darkPlotsCheck"));
    m_dark->setToolTip(tr("Draw the plots on a dark background (View > Dark plots, Ctrl+D). "
                          "Default: off."));

    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, qMax(1, QThread::idealThreadCount()) * 4);
    m_threads->setSpecialValueText(tr("every core"));
    m_threads->setToolTip(tr("LibTorch threads of the computations; applies at the next start. "
                             "Default: every core."));

    m_autosave =
        new QCheckBox(tr("Autosave after every job, to recover the analysis after a crash"), this);
    m_autosave->setObjectName(QStringLiteral("autosaveCheck"));
    m_autosave->setToolTip(tr("After every job that changes results, write the analysis to an "
                              "autosave file that the next start offers to restore after a "
                              "crash. Default: on."));

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), languageNote);
    form->addRow(QString(), m_dark);
    form->addRow(tr("Worker &threads:"), m_threads);
    form->addRow(QString(), new QLabel(tr("Threads change at the next start."), this));
    form->addRow(QString(), m_autosave);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    const AppSettings settings;
    setLanguage(settings.language());
    setDarkPlots(settings.darkPlots());
    setWorkerThreads(settings.workerThreads());
    setAutosave(settings.autosave());
}

QString SettingsDialog::language() const { return m_language->currentData().toString(); }
bool SettingsDialog::darkPlots() const { return m_dark->isChecked(); }
int SettingsDialog::workerThreads() const { return m_threads->value(); }
bool SettingsDialog::autosave() const { return m_autosave->isChecked(); }

void SettingsDialog::setLanguage(const QString& code) {
    const int i = m_language->findData(code);
    m_language->setCurrentIndex(i >= 0 ? i : 0);
}

void SettingsDialog::setDarkPlots(bool dark) { m_dark->setChecked(dark); }
void SettingsDialog::setWorkerThreads(int threads) { m_threads->setValue(threads); }
void SettingsDialog::setAutosave(bool on) { m_autosave->setChecked(on); }

void SettingsDialog::save() const {
    AppSettings settings;
    settings.setLanguage(language());
    settings.setDarkPlots(darkPlots());
    settings.setWorkerThreads(workerThreads());
    settings.setAutosave(autosave());
    settings.sync();
}

void SettingsDialog::accept() {
    save();
    QDialog::accept();
}

} // namespace bdl::app
