#include "app/desktop/recovery_dialog.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

RecoveryDialog::RecoveryDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("recoveryDialog"));
    setWindowTitle(tr("Autosaved Sessions"));
    auto* text = new QLabel(tr("BackdoorLab did not exit normally, and these autosaved sessions "
                               "were left behind. Restore one, or discard those you do not "
                               "need. Until you choose, they are kept as they are."),
                            this);
    text->setWordWrap(true);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("autosaveList"));
    m_list->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(this);
    m_restore = buttons->addButton(tr("Restore"), QDialogButtonBox::AcceptRole);
    m_restore->setObjectName(QStringLiteral("restoreAutosaveButton"));
    m_discard = buttons->addButton(tr("Discard"), QDialogButtonBox::DestructiveRole);
    m_discard->setObjectName(QStringLiteral("discardAutosaveButton"));
    QPushButton* later = buttons->addButton(tr("Decide Later"), QDialogButtonBox::RejectRole);
    later->setObjectName(QStringLiteral("laterAutosaveButton"));
    // Not the box's accepted(): Restore must not close before the path is taken.
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QString path = selectedPath();
        if (path.isEmpty())
            return;
        accept();
        Q_EMIT restoreRequested(path);
    });
    connect(m_discard, &QPushButton::clicked, this, [this] {
        const QString path = selectedPath();
        if (!path.isEmpty())
            Q_EMIT discardRequested(path);
    });
    connect(later, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &RecoveryDialog::updateButtons);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    resize(640, 320);
}

void RecoveryDialog::setEntries(const QVector<AutosaveEntry>& entries) {
    const QString selected = selectedPath();
    m_entries = entries;
    m_list->clear();
    int row = 0;
    for (int i = 0; i < entries.size(); ++i) {
        auto* item = new QListWidgetItem(entries[i].summary(), m_list);
        item->setToolTip(entries[i].path);
        item->setData(Qt::UserRole, entries[i].path);
        if (entries[i].path == selected)
            row = i;
    }
    if (entries.isEmpty()) {
        reject();
        return;
    }
    m_list->setCurrentRow(row);
    updateButtons();
}

QString RecoveryDialog::selectedPath() const {
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void RecoveryDialog::updateButtons() {
    const int row = m_list->currentRow();
    const bool valid = row >= 0 && row < m_entries.size();
    m_restore->setEnabled(valid && m_entries[row].error.isEmpty());
    m_discard->setEnabled(valid);
}

} // namespace bdl::app
