#pragma once
/// @file recovery_dialog.h
/// "Restore or discard autosaved sessions" (objectName "recoveryDialog"): the autosaves left by
/// BackdoorLab instances that did not exit cleanly (AutosaveStore::claimOrphans()), one line
/// each (file, model, time, what it holds, size; the path in the tooltip), with Restore
/// (objectName "restoreAutosaveButton", the selected one), Discard ("discardAutosaveButton", the
/// selected one) and Decide Later ("laterAutosaveButton", closes; the files stay). It only
/// asks: the SessionManager that shows it does the restoring and deleting, and refreshes the
/// list with setEntries(). Shown non-blocking (QDialog::open()), window-modal.
///
/// Thread: GUI thread only.
#include "app/desktop/autosave_store.h"

#include <QtWidgets/QDialog>

class QListWidget;
class QPushButton;

namespace bdl::app {

class RecoveryDialog : public QDialog {
    Q_OBJECT

public:
    explicit RecoveryDialog(QWidget* parent = nullptr);

    /// Lists `entries` (the first one selected); closes the dialog when there are none.
    void setEntries(const QVector<AutosaveEntry>& entries);
    /// The path of the selected entry; empty when none.
    QString selectedPath() const;
    QListWidget* list() const { return m_list; }

Q_SIGNALS:
    void restoreRequested(const QString& path);
    void discardRequested(const QString& path);

private:
    void updateButtons();

    QListWidget* m_list = nullptr;
    QPushButton* m_restore = nullptr;
    QPushButton* m_discard = nullptr;
    QVector<AutosaveEntry> m_entries;
};

} // namespace bdl::app
