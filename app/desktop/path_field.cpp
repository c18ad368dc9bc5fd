#include "app/desktop/path_field.h"

#include <QtCore/QFileInfo>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>

namespace bdl::app {

PathField::PathField(const QString& filter, bool folders, QWidget* parent)
    : QWidget(parent), m_filter(filter) {
    m_edit = new QLineEdit(this);
    m_edit->setClearButtonEnabled(true);
    auto* file = new QPushButton(tr("File..."), this);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(file);
    connect(file, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Choose a file"),
                                                       QFileInfo(path()).absolutePath(), m_filter);
        if (!p.isEmpty())
            setPath(p);
    });
    if (folders) {
        auto* folder = new QPushButton(tr("Folder..."), this);
        layout->addWidget(folder);
        connect(folder, &QPushButton::clicked, this, [this] {
            const QString p =
                QFileDialog::getExistingDirectory(this, tr("Choose an image folder"), path());
            if (!p.isEmpty())
                setPath(p);
        });
    }
}

QString PathField::path() const { return m_edit->text().trimmed(); }

void PathField::setPath(const QString& path) { m_edit->setText(path); }

} // namespace bdl::app
