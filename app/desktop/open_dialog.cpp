#include "app/desktop/open_dialog.h"

#include "app/desktop/app_settings.h"

#include "app/desktop/path_field.h"

#include <QtGui/QRegularExpressionValidator>
#include <QtWidgets/QCheckBox>
#include <QtCore/QDir>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtCore/QFileInfo>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QRadioButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace bdl::app {

namespace {

const QStringList kZooModels{QStringLiteral("patch"),    QStringLiteral("blend"),
                             QStringLiteral("pixels"),   QStringLiteral("multi"),
                             QStringLiteral("patch-pt"), QStringLiteral("clean")};
/// The data fields' file filter (folders come through the folder picker).
QString dataFilter() {
    return OpenDialog::tr("Data (*.h5 *.hdf5 *-idx3-ubyte *-idx3-ubyte.gz *.png *.jpg *.jpeg);;"
                          "All files (*)");
}

enum PoisonedColumn { kPathColumn, kTargetColumn, kKindColumn };
/// The note under the hold-out: a warning when results will be in-sample.
const QString kWarningStyle =
    QStringLiteral("QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; "
                   "padding: 3px; }");

/// "H,W,C" with three positive whole numbers.
bool validInputShape(const QString& text) {
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != 3)
        return false;
    for (const QString& p : parts) {
        bool ok = false;
        const int v = p.trimmed().toInt(&ok);
        if (!ok || v <= 0 || v > 65536)
            return false;
    }
    return true;
}

} // namespace

OpenDialog::OpenDialog(QWidget* parent) : QDialog(parent), m_picker(PathField::defaultPicker()) {
    setObjectName(QStringLiteral("openDialog"));
    setWindowTitle(tr("Open a workspace"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildSource());
    layout->addWidget(buildData(), 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &OpenDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &OpenDialog::reject);
    resize(760, 600);
    updateMode();
}

QWidget* OpenDialog::buildSource() {
    auto* box = new QGroupBox(tr("Model under test (B)"), this);
    m_zooMode = new QRadioButton(tr("Demo zoo model"), box);
    m_zooMode->setObjectName(QStringLiteral("openZooMode"));
    m_fileMode = new QRadioButton(tr("Model file"), box);
    m_fileMode->setObjectName(QStringLiteral("openFileMode"));
    m_zooModel = new QComboBox(box);
    m_zooModel->setObjectName(QStringLiteral("openZooModel"));
    m_zooModel->addItems(kZooModels);
    m_zooModel->setToolTip(tr("A backdoored model of the demo zoo (Fashion-MNIST BadNets that "
                              "mirror the paper's), opened with the zoo's data. Default: patch."));
    m_zooDir = new PathField(QString(), PathField::Mode::Folder, box);
    m_zooDir->setObjectName(QStringLiteral("openZooDir"));
    m_zooDir->edit()->setPlaceholderText(tr("default folder (built on first use)"));
    m_zooDir->edit()->setToolTip(tr("The folder of the demo zoo; built there (minutes) when it is "
                                    "missing. Default: empty, the default folder."));
    m_model = new PathField(
        tr("Models (*.h5 *.hdf5 *.pt *.pth *.ts);;Keras HDF5 (*.h5 *.hdf5);;PyTorch TorchScript "
           "(*.pt *.pth *.ts);;All files (*)"),
        PathField::Mode::File, box);
    m_model->setObjectName(QStringLiteral("openModelPath"));
    m_model->edit()->setPlaceholderText(tr("Keras .h5 or PyTorch TorchScript .pt"));
    m_model->edit()->setToolTip(tr("The model under test, B: a Keras .h5 file (weights only or a "
                                   "whole model) or a PyTorch TorchScript .pt file"));
    m_inputShape = new QLineEdit(box);
    m_inputShape->setObjectName(QStringLiteral("openInputShape"));
    m_inputShape->setPlaceholderText(tr("from the file where it can be inferred; else H,W,C"));
    m_inputShape->setToolTip(
        tr("Height, width and channels of the images the TorchScript model takes, e.g. "
           "32,32,3. A model that pools adaptively takes any size: say which. Default: empty, "
           "inferred from the file."));
    m_normalization = new QComboBox(box);
    m_normalization->setObjectName(QStringLiteral("openNormalization"));
    m_normalization->setEditable(true);
    m_normalization->addItem(QStringLiteral("none"));
    m_normalization->addItem(QStringLiteral("cifar10"));
    m_normalization->addItem(QStringLiteral("imagenet"));
    m_normalization->setToolTip(
        tr("The per-channel normalization the model's data pipeline applies after dividing by "
           "255 (transforms.Normalize): none, cifar10, imagenet, or "
           "mean=0.5,0.5,0.5;std=0.25,0.25,0.25. Default: none."));
    m_arch = new QLineEdit(box);
    m_arch->setObjectName(QStringLiteral("openArchitecture"));
    m_arch->setPlaceholderText(tr("recorded in the file, or csaw-badnet"));
    m_arch->setToolTip(tr("The architecture of a weights-only Keras file, e.g. csaw-badnet (the "
                          "paper's BadNet). Default: empty, recorded in the file, else "
                          "csaw-badnet."));
    m_scale = new QComboBox(box);
    m_scale->setObjectName(QStringLiteral("openScale"));
    m_scale->addItem(tr("default (the zoo's, else auto-detect)"), QString());
    m_scale->addItem(tr("auto-detect"), QStringLiteral("auto"));
    m_scale->addItem(tr("pixels / 255"), QStringLiteral("1/255"));
    m_scale->addItem(tr("raw 0..255"), QStringLiteral("raw"));
    m_scale->setToolTip(tr("How pixels are scaled before B sees them: divided by 255 or raw "
                           "0..255. A wrong scale costs about half the clean accuracy. Default: "
                           "the zoo's scale, else auto-detect (the better of both on the clean "
                           "test data)."));
    m_precision = new QComboBox(box);
    m_precision->setObjectName(QStringLiteral("openPrecision"));
    m_precision->addItem(tr("float32"), QStringLiteral("fp32"));
    m_precision->addItem(tr("bfloat16 where it gives the same answers"), QStringLiteral("bf16"));
    m_precision->setToolTip(
        tr("The number format of B's forward passes (evaluation, STRIP, curves). bfloat16 runs "
           "the convolutional layers about 1.8x faster on CPUs with AVX512-BF16; it is kept only "
           "when it gives float32's top class on at least 99.9 % of up to 2000 clean test "
           "images, else float32 is used and the workspace panel says why. Ranking and "
           "fine-tuning stay float32. Default: float32."));
    auto* form = new QFormLayout(box);
    form->addRow(m_zooMode, m_zooModel);
    form->addRow(tr("Zoo folder"), m_zooDir);
    form->addRow(m_fileMode, m_model);
    form->addRow(tr("Architecture"), m_arch);
    form->addRow(tr("Input shape"), m_inputShape);
    form->addRow(tr("Normalization"), m_normalization);
    form->addRow(tr("Input scale"), m_scale);
    form->addRow(tr("Inference precision"), m_precision);
    m_zooMode->setChecked(true);
    connect(m_zooMode, &QRadioButton::toggled, this, &OpenDialog::updateMode);
    connect(m_model->edit(), &QLineEdit::textChanged, this, &OpenDialog::updateModelKind);
    return box;
}

QWidget* OpenDialog::buildData() {
    auto* box = new QGroupBox(tr("Data sets (empty fields: the zoo's data)"), this);
    const QString filter = dataFilter();
    m_clean = new PathField(filter, PathField::Mode::Data, box);
    m_clean->setObjectName(QStringLiteral("openCleanPath"));
    m_clean->edit()->setToolTip(tr("Clean test data: every CCA is measured on it. Empty with a "
                                   "zoo model: the zoo's clean test set."));
    m_train = new PathField(filter, PathField::Mode::Data, box);
    m_train->setObjectName(QStringLiteral("openTrainPath"));
    m_train->edit()->setPlaceholderText(
        tr("empty: held out from the clean test data, or the zoo's"));
    m_train->edit()->setToolTip(tr("Clean data the channels are ranked on and B' is fine-tuned on "
                                   "(the paper: the clean validation set). Empty: held out from "
                                   "the clean test data, or the zoo's clean validation set."));
    m_poisoned = new QTableWidget(0, 3, box);
    m_poisoned->setObjectName(QStringLiteral("openPoisoned"));
    m_poisoned->setHorizontalHeaderLabels(
        {tr("Poisoned set"), tr("Target (empty: from data)"), tr("Kind")});
    m_poisoned->horizontalHeader()->setSectionResizeMode(kPathColumn, QHeaderView::Stretch);
    auto* add = new QToolButton(box);
    add->setObjectName(QStringLiteral("openAddPoisoned"));
    add->setText(tr("Add poisoned set"));
    add->setToolTip(tr("An HDF5 file, an IDX file, an image or an image folder"));
    add->setPopupMode(QToolButton::InstantPopup);
    auto* addMenu = new QMenu(add);
    QAction* addFile = addMenu->addAction(tr("File (HDF5, IDX, image)..."));
    addFile->setObjectName(QStringLiteral("addPoisonedFile"));
    QAction* addFolder = addMenu->addAction(tr("Image folder..."));
    addFolder->setObjectName(QStringLiteral("addPoisonedFolder"));
    add->setMenu(addMenu);
    auto* remove = new QPushButton(tr("Remove"), box);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* form = new QFormLayout(box);
    form->addRow(tr("Clean test data (CCA)"), m_clean);
    form->addRow(tr("Clean data (ranking, fine-tuning)"), m_train);
    form->addRow(QString(), buildHoldOut(box));
    form->addRow(m_poisoned);
    form->addRow(buttons);
    connect(addFile, &QAction::triggered, this, [this] { addPoisoned(PathField::Pick::File); });
    connect(addFolder, &QAction::triggered, this, [this] { addPoisoned(PathField::Pick::Folder); });
    connect(m_poisoned, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() != kPathColumn)
            return;
        if (QTableWidgetItem* kind = m_poisoned->item(item->row(), kKindColumn))
            kind->setText(PathField::kindText(item->text()));
    });
    connect(m_clean, &PathField::pathChanged, this, &OpenDialog::updateHoldOut);
    connect(m_train, &PathField::pathChanged, this, &OpenDialog::updateHoldOut);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_poisoned->currentRow() >= 0)
            m_poisoned->removeRow(m_poisoned->currentRow());
    });
    return box;
}

QWidget* OpenDialog::buildHoldOut(QWidget* parent) {
    auto* row = new QWidget(parent);
    m_holdOut = new QCheckBox(tr("Hold out"), row);
    m_holdOut->setObjectName(QStringLiteral("openHoldOut"));
    m_holdOut->setChecked(true);
    m_holdOut->setToolTip(tr("Without a train set, use a seeded share of the clean test data for "
                             "ranking and fine-tuning, and measure CCA on the rest. Default: "
                             "on."));
    m_holdOutPercent = new QSpinBox(row);
    m_holdOutPercent->setObjectName(QStringLiteral("openHoldOutPercent"));
    m_holdOutPercent->setRange(1, 99);
    m_holdOutPercent->setSuffix(tr(" %"));
    m_holdOutPercent->setValue(WorkspaceRequest::kDefaultHoldOutPercent);
    m_holdOutPercent->setToolTip(
        tr("Share of the clean test data held out as the train set. Default: %1 %.")
            .arg(WorkspaceRequest::kDefaultHoldOutPercent));
    m_holdOutSeed = new QLineEdit(QStringLiteral("0"), row);
    m_holdOutSeed->setObjectName(QStringLiteral("openHoldOutSeed"));
    m_holdOutSeed->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,19}")), row));
    m_holdOutSeed->setMaximumWidth(160);
    m_holdOutSeed->setToolTip(tr("Seed of the held-out draw: the same seed holds out the same "
                                 "images. Default: 0."));
    m_splitNote = new QLabel(row);
    m_splitNote->setObjectName(QStringLiteral("openSplitNote"));
    m_splitNote->setWordWrap(true);
    auto* line = new QHBoxLayout;
    line->addWidget(m_holdOut);
    line->addWidget(m_holdOutPercent);
    line->addWidget(new QLabel(tr("of the clean test data as the train set, seed"), row));
    line->addWidget(m_holdOutSeed);
    line->addStretch(1);
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(line);
    layout->addWidget(m_splitNote);
    connect(m_holdOut, &QCheckBox::toggled, this, &OpenDialog::updateHoldOut);
    connect(m_holdOutPercent, &QSpinBox::valueChanged, this, &OpenDialog::updateHoldOut);
    connect(m_holdOutSeed, &QLineEdit::textChanged, this, &OpenDialog::updateHoldOut);
    return row;
}

bool OpenDialog::holdOutApplies() const {
    return m_fileMode->isChecked() && m_train->path().isEmpty();
}

void OpenDialog::updateHoldOut() {
    if (!m_holdOut)
        return; // still building
    const bool applies = holdOutApplies();
    m_holdOut->setEnabled(applies);
    m_holdOutPercent->setEnabled(applies && m_holdOut->isChecked());
    m_holdOutSeed->setEnabled(applies && m_holdOut->isChecked());
    QString note;
    bool warn = false;
    if (!m_fileMode->isChecked()) {
        note = m_train->path().isEmpty() ? tr("The zoo's clean validation set is the train set.")
                                         : QString();
    } else if (!applies) {
        note = QString();
    } else if (m_holdOut->isChecked()) {
        const int p = m_holdOutPercent->value();
        note =
            tr("Ranking and fine-tuning use %1 % of the clean test data (seed %2); CCA is "
               "measured on the other %3 %.")
                .arg(p)
                .arg(m_holdOutSeed->text().isEmpty() ? QStringLiteral("0") : m_holdOutSeed->text())
                .arg(100 - p);
    } else {
        warn = true;
        note = tr("\u26a0 In-sample: ranking and fine-tuning will use the clean test set itself, "
                  "so the CCA of every result after them is measured on its own training data.");
    }
    m_splitNote->setText(note);
    m_splitNote->setVisible(!note.isEmpty());
    m_splitNote->setStyleSheet(warn ? kWarningStyle : QString());
}

void OpenDialog::setPicker(PathField::Picker picker) {
    m_picker = picker ? picker : PathField::defaultPicker();
    for (PathField* f : {m_zooDir, m_model, m_clean, m_train})
        f->setPicker(m_picker);
}

void OpenDialog::addPoisoned(PathField::Pick what) {
    const QString title =
        what == PathField::Pick::Folder ? tr("Poisoned set: image folder") : tr("Poisoned set");
    const QString p = m_picker(this, what, title, QString(), dataFilter());
    if (!p.isEmpty())
        addPoisonedRow(QDir::toNativeSeparators(p), -1);
}

void OpenDialog::addPoisonedRow(const QString& path, int target) {
    const int row = m_poisoned->rowCount();
    m_poisoned->insertRow(row);
    auto* kind = new QTableWidgetItem(PathField::kindText(path));
    kind->setFlags(kind->flags() & ~Qt::ItemIsEditable);
    m_poisoned->setItem(row, kKindColumn, kind);
    m_poisoned->setItem(row, kTargetColumn,
                        new QTableWidgetItem(target >= 0 ? QString::number(target) : QString()));
    m_poisoned->setItem(row, kPathColumn, new QTableWidgetItem(path));
}

void OpenDialog::updateMode() {
    const bool zoo = m_zooMode->isChecked();
    m_zooModel->setEnabled(zoo);
    m_zooDir->setEnabled(zoo);
    m_model->setEnabled(!zoo);
    m_arch->setEnabled(!zoo);
    updateModelKind();
    updateHoldOut();
}

void OpenDialog::updateModelKind() {
    const bool zoo = m_zooMode->isChecked();
    const QString path = m_model->path();
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool torchScript =
        !zoo && (suffix == QLatin1String("pt") || suffix == QLatin1String("pth") ||
                 suffix == QLatin1String("ts"));
    m_inputShape->setEnabled(torchScript);
    m_normalization->setEnabled(!zoo);
    m_arch->setEnabled(!zoo && !torchScript);
    if (!torchScript || path == m_rememberedFor)
        return;
    m_rememberedFor = path;
    const AppSettings settings;
    const QString shape = settings.modelInputShape(path);
    const QString norm = settings.modelNormalization(path);
    if (!shape.isEmpty() || !norm.isEmpty()) {
        m_inputShape->setText(shape);
        m_normalization->setCurrentText(norm.isEmpty() ? QStringLiteral("none") : norm);
    }
}

void OpenDialog::setRequest(const WorkspaceRequest& r) {
    const bool zoo = !r.zooModel.isEmpty();
    (zoo ? m_zooMode : m_fileMode)->setChecked(true);
    if (zoo)
        m_zooModel->setCurrentText(r.zooModel);
    m_zooDir->setPath(r.zooDir);
    m_model->setPath(r.modelPath);
    m_arch->setText(r.architecture);
    m_rememberedFor = r.modelPath; // the request's own values win over remembered ones
    m_inputShape->setText(r.inputShape);
    m_normalization->setCurrentText(r.normalization.isEmpty() ? QStringLiteral("none")
                                                              : r.normalization);
    m_scale->setCurrentIndex(std::max(0, m_scale->findData(r.scale)));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(r.precision)));
    m_clean->setPath(r.cleanTestPath);
    m_train->setPath(r.trainPath);
    // On by default (an empty request too: File > Open before anything was opened); off only
    // when this file request chose the clean test set as train set.
    m_holdOut->setChecked(zoo || r.modelPath.isEmpty() || !r.trainPath.isEmpty() ||
                          r.holdOutPercent > 0);
    m_holdOutPercent->setValue(r.holdOutPercent > 0 ? r.holdOutPercent
                                                    : WorkspaceRequest::kDefaultHoldOutPercent);
    m_holdOutSeed->setText(QString::number(r.holdOutSeed));
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
        if (m_inputShape->isEnabled())
            r.inputShape = m_inputShape->text().trimmed();
        r.normalization = m_normalization->currentText().trimmed();
        if (r.normalization == QLatin1String("none"))
            r.normalization.clear();
    }
    r.scale = m_scale->currentData().toString();
    if (const QString p = m_precision->currentData().toString(); p != QLatin1String("fp32"))
        r.precision = p; // float32 stays the empty default, as in sessions from before
    r.cleanTestPath = m_clean->path();
    r.trainPath = m_train->path();
    if (holdOutApplies() && m_holdOut->isChecked()) {
        r.holdOutPercent = m_holdOutPercent->value();
        r.holdOutSeed = m_holdOutSeed->text().toULongLong(); // 0 when empty
    }
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
    const bool zoo = m_zooMode->isChecked();
    if (!zoo) {
        if (m_model->path().isEmpty())
            return tr("Choose the model file (Keras .h5 or PyTorch TorchScript .pt).");
        if (const QString shape = m_inputShape->text().trimmed();
            m_inputShape->isEnabled() && !shape.isEmpty() && !validInputShape(shape))
            return tr("The input shape must be H,W,C: three whole numbers such as 32,32,3.");
        if (const QString why = m_model->problem(); !why.isEmpty())
            return tr("The model: %1.").arg(why);
        if (m_clean->path().isEmpty())
            return tr("Choose the clean test data: it gives the clean accuracy and the input "
                      "scale.");
    }
    if (const QString why = m_clean->problem(); !why.isEmpty())
        return tr("The clean test data: %1.").arg(why);
    if (const QString why = m_train->problem(); !why.isEmpty())
        return tr("The clean train data: %1.").arg(why);
    if (!zoo && holdOutApplies() && m_holdOut->isChecked() && m_holdOutSeed->text().isEmpty())
        return tr("The hold-out needs a seed (a whole number).");
    for (int row = 0; row < m_poisoned->rowCount(); ++row) {
        const QTableWidgetItem* path = m_poisoned->item(row, kPathColumn);
        const QString p = path ? path->text().trimmed() : QString();
        if (!p.isEmpty() && !PathField::isLoadable(PathField::kindOf(p)))
            return tr("Poisoned set %1: %2 cannot be loaded (%3): choose an HDF5 file, an IDX "
                      "file, an image or an image folder.")
                .arg(row + 1)
                .arg(p, PathField::kindText(p));
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
    if (m_fileMode->isChecked() && m_inputShape->isEnabled()) {
        const WorkspaceRequest r = request();
        AppSettings().setModelInput(r.modelPath, r.inputShape, r.normalization);
    }
    QDialog::accept();
}

} // namespace bdl::app
