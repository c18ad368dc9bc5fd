#include "app/desktop/open_dialog.h"

#include "app/desktop/path_field.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace bdl::app {

namespace {

const QStringList kZooModels{QStringLiteral("patch"), QStringLiteral("blend"),
                             QStringLiteral("pixels"), QStringLiteral("multi"),
                             QStringLiteral("clean")};
enum PoisonedColumn { kPathColumn, kTargetColumn };

} // namespace

OpenDialog::OpenDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("openDialog"));
    setWindowTitle(tr("Open a workspace"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildSource());
    layout->addWidget(buildData(), 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &OpenDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &OpenDialog::reject);
    resize(720, 560);
    updateMode();
}

QWidget* OpenDialog::buildSource() {
    auto* box = new QGroupBox(tr("Model under test (B)"), this);
    m_zooMode = new QRadioButton(tr("Demo zoo model"), box);
    m_zooMode->setObjectName(QStringLiteral("openZooMode"));
    m_fileMode = new QRadioButton(tr("Keras model file"), box);
    m_fileMode->setObjectName(QStringLiteral("openFileMode"));
    m_zooModel = new QComboBox(box);
    m_zooModel->setObjectName(QStringLiteral("openZooModel"));
    m_zooModel->addItems(kZooModels);
    m_zooDir = new PathField(QString(), false, box);
    m_zooDir->edit()->setPlaceholderText(tr("default folder (built on first use)"));
    m_model = new PathField(tr("Keras HDF5 (*.h5 *.hdf5);;All files (*)"), false, box);
    m_model->setObjectName(QStringLiteral("openModelPath"));
    m_arch = new QLineEdit(box);
    m_arch->setObjectName(QStringLiteral("openArchitecture"));
    m_arch->setPlaceholderText(tr("recorded in the file, or csaw-badnet"));
    m_scale = new QComboBox(box);
    m_scale->setObjectName(QStringLiteral("openScale"));
    m_scale->addItem(tr("default (the zoo's, else auto-detect)"), QString());
    m_scale->addItem(tr("auto-detect"), QStringLiteral("auto"));
    m_scale->addItem(tr("pixels / 255"), QStringLiteral("1/255"));
    m_scale->addItem(tr("raw 0..255"), QStringLiteral("raw"));
    auto* form = new QFormLayout(box);
    form->addRow(m_zooMode, m_zooModel);
    form->addRow(tr("Zoo folder"), m_zooDir);
    form->addRow(m_fileMode, m_model);
    form->addRow(tr("Architecture"), m_arch);
    form->addRow(tr("Input scale"), m_scale);
    m_zooMode->setChecked(true);
    connect(m_zooMode, &QRadioButton::toggled, this, &OpenDialog::updateMode);
    return box;
}

QWidget* OpenDialog::buildData() {
    auto* box = new QGroupBox(tr("Data sets (empty fields: the zoo's data)"), this);
    const QString filter = tr("Data (*.h5 *.hdf5 *.gz *.idx*);;All files (*)");
    m_clean = new PathField(filter, true, box);
    m_clean->setObjectName(QStringLiteral("openCleanPath"));
    m_train = new PathField(filter, true, box);
    m_train->setObjectName(QStringLiteral("openTrainPath"));
    m_train->edit()->setPlaceholderText(tr("empty: the clean test data"));
    m_poisoned = new QTableWidget(0, 2, box);
    m_poisoned->setObjectName(QStringLiteral("openPoisoned"));
    m_poisoned->setHorizontalHeaderLabels({tr("Poisoned set"), tr("Target (empty: from data)")});
    m_poisoned->horizontalHeader()->setSectionResizeMode(kPathColumn, QHeaderView::Stretch);
    auto* add = new QPushButton(tr("Add poisoned set..."), box);
    auto* remove = new QPushButton(tr("Remove"), box);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Clean test data (CCA)"), m_clean);
    form->addRow(tr("Clean data (ranking, fine-tuning)"), m_train);
    form->addRow(m_poisoned);
    form->addRow(buttons);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Poisoned set"), QString(),
                                                       tr("Data (*.h5 *.hdf5);;All files (*)"));
        if (!p.isEmpty())
            addPoisonedRow(p, -1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_poisoned->currentRow() >= 0)
            m_poisoned->removeRow(m_poisoned->currentRow());
    });
    return box;
}

void OpenDialog::addPoisonedRow(const QString& path, int target) {
    const int row = m_poisoned->rowCount();
    m_poisoned->insertRow(row);
    m_poisoned->setItem(row, kPathColumn, new QTableWidgetItem(path));
    m_poisoned->setItem(row, kTargetColumn,
                        new QTableWidgetItem(target >= 0 ? QString::number(target) : QString()));
}

void OpenDialog::updateMode() {
    const bool zoo = m_zooMode->isChecked();
    m_zooModel->setEnabled(zoo);
    m_zooDir->setEnabled(zoo);
    m_model->setEnabled(!zoo);
    m_arch->setEnabled(!zoo);
}

void OpenDialog::setRequest(const WorkspaceRequest& r) {
    const bool zoo = !r.zooModel.isEmpty();
    (zoo ? m_zooMode : m_fileMode)->setChecked(true);
    if (zoo)
        m_zooModel->setCurrentText(r.zooModel);
    m_zooDir->setPath(r.zooDir);
    m_model->setPath(r.modelPath);
    m_arch->setText(r.architecture);
    m_scale->setCurrentIndex(std::max(0, m_scale->findData(r.scale)));
    m_clean->setPath(r.cleanTestPath);
    m_train->setPath(r.trainPath);
    m_poisoned->setRowCount(0);
    for (const PoisonedSource& p : r.poisoned)
        addPoisonedRow(p.path, p.target);
    updateMode();
}

WorkspaceRequest OpenDialog::request() const {
    WorkspaceRequest r;
    if (m_zooMode->isChecked()) {
        r = WorkspaceRequest::zoo(m_zooModel->currentText(), m_zooDir->path());
    } else {
        r.modelPath = m_model->path();
        r.architecture = m_arch->text().trimmed();
    }
    r.scale = m_scale->currentData().toString();
    r.cleanTestPath = m_clean->path();
    r.trainPath = m_train->path();
    for (int row = 0; row < m_poisoned->rowCount(); ++row) {
        const QTableWidgetItem* path = m_poisoned->item(row, kPathColumn);
        const QTableWidgetItem* target = m_poisoned->item(row, kTargetColumn);
        if (!path || path->text().trimmed().isEmpty())
            continue;
        bool ok = false;
        const int t = target ? target->text().trimmed().toInt(&ok) : -1;
        r.poisoned.push_back({path->text().trimmed(), ok ? t : -1});
    }
    return r;
}

QString OpenDialog::problem() const {
    if (m_zooMode->isChecked())
        return QString();
    if (m_model->path().isEmpty())
        return tr("Choose the model file (Keras .h5).");
    if (m_clean->path().isEmpty())
        return tr("Choose the clean test data: it gives the clean accuracy and the input scale.");
    for (int row = 0; row < m_poisoned->rowCount(); ++row) {
        const QTableWidgetItem* target = m_poisoned->item(row, kTargetColumn);
        bool ok = true;
        if (target && !target->text().trimmed().isEmpty())
            target->text().trimmed().toInt(&ok);
        if (!ok)
            return tr("The target of poisoned set %1 must be a class number.").arg(row + 1);
    }
    return QString();
}

void OpenDialog::accept() {
    const QString why = problem();
    if (!why.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), why); // the dialog is modal already
        return;
    }
    QDialog::accept();
}

} // namespace bdl::app
