#include "app/desktop/inspector_view.h"
#include "app/desktop/tune_form.h"

#include "app/desktop/image_convert.h"
#include "app/gui/controller.h"
#include "widgets/image_tiles.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QUrl>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdl::app {

namespace {

/// Width of the column of inputs (px).
constexpr int kInputsWidth = 280;
/// Rows of the top-k tables.
constexpr int kTopRows = 5;
/// Entropies and thresholds (bits) as the STRIP tab shows them: clean and poisoned entropies
/// can differ in the fourth decimal.
constexpr int kEntropyDecimals = 6;

QLabel* makeLabel(const QString& objectName, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QTableWidget* makeTopTable(const QString& objectName, QWidget* parent) {
    auto* table = new QTableWidget(0, 2, parent);
    table->setObjectName(objectName);
    table->setHorizontalHeaderLabels(
        {InspectorView::tr("Class"), InspectorView::tr("Probability")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // Room for the header and kTopRows rows, no more: the tables sit side by side under the image.
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height() +
                          kTopRows * table->verticalHeader()->defaultSectionSize() +
                          2 * table->frameWidth());
    return table;
}

QString classText(const ClassScore& s) {
    const QString number = QString::number(s.label);
    return s.name.isEmpty() || s.name == number ? number
                                                : InspectorView::tr("%1: %2").arg(number, s.name);
}

QString roleText(DataSetInfo::Role role) {
    switch (role) {
    case DataSetInfo::CleanTest:
        return InspectorView::tr("Clean test");
    case DataSetInfo::CleanTrain:
        return InspectorView::tr("Clean train");
    case DataSetInfo::Poisoned:
        return InspectorView::tr("Poisoned");
    }
    return QString();
}

} // namespace

const QStringList& InspectorView::imageSuffixes() {
    static const QStringList suffixes{QStringLiteral("png"), QStringLiteral("jpg"),
                                      QStringLiteral("jpeg"), QStringLiteral("bmp")};
    return suffixes;
}

InspectorView::InspectorView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_lastDir(QDir::homePath()) {
    setObjectName(QStringLiteral("inspectorView"));
    setAcceptDrops(true);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(buildInputs());
    layout->addWidget(buildResults(), 1);
    connectController();
    updateEnabled();
}

QWidget* InspectorView::buildInputs() {
    auto* column = new QWidget(this);
    column->setFixedWidth(kInputsWidth);
    m_openButton = new QPushButton(tr("Open image..."), column);
    m_openButton->setObjectName(QStringLiteral("openImageButton"));
    m_dropHint = new QLabel(tr("or drop a PNG, JPEG or BMP file here"), column);
    m_dropHint->setObjectName(QStringLiteral("inspectDropZone"));
    m_dropHint->setAlignment(Qt::AlignCenter);
    m_dropHint->setMinimumHeight(80);
    m_dropHint->setWordWrap(true);
    m_dropHint->setFrameStyle(QFrame::StyledPanel | QFrame::Sunken);

    auto* pick = new QGroupBox(tr("Pick from a set"), column);
    m_set = new QComboBox(pick);
    m_set->setObjectName(QStringLiteral("inspectSet"));
    m_index = new QSpinBox(pick);
    m_index->setObjectName(QStringLiteral("inspectIndex"));
    m_index->setRange(0, 0);
    m_set->setToolTip(tr("The loaded data set to pick an image from"));
    m_index->setToolTip(tr("Position of the image in the chosen set, from 0"));
    m_inspectButton = new QPushButton(tr("Inspect"), pick);
    m_inspectButton->setObjectName(QStringLiteral("inspectButton"));
    auto* form = new QFormLayout(pick);
    form->addRow(tr("Set"), m_set);
    form->addRow(tr("Index"), m_index);
    form->addRow(m_inspectButton);

    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_openButton);
    layout->addWidget(m_dropHint);
    layout->addWidget(pick);
    layout->addStretch(1);
    connect(m_openButton, &QPushButton::clicked, this, &InspectorView::openImage);
    connect(m_set, &QComboBox::currentIndexChanged, this, &InspectorView::onSetChanged);
    keepFocusWhenDisabled(m_inspectButton);
    keepFocusWhenDisabled(m_openButton);
    connect(m_inspectButton, &QPushButton::clicked, this,
            [this] { inspectSetImage(m_set->currentData().toInt(), m_index->value()); });
    return column;
}

QWidget* InspectorView::buildResults() {
    auto* panel = new QWidget(this);
    m_image = new widgets::ImageTiles(panel);
    m_image->setObjectName(QStringLiteral("inspectImage"));
    m_image->setTileSize(kImageSize);
    m_source = makeLabel(QStringLiteral("inspectSource"), panel);
    m_source->setText(tr("Open an image, drop one here or pick one from a set"));
    m_note = makeLabel(QStringLiteral("inspectNote"), panel);

    auto* bBox = new QGroupBox(tr("B: top 5"), panel);
    m_topB = makeTopTable(QStringLiteral("topBTable"), bBox);
    (new QVBoxLayout(bBox))->addWidget(m_topB);
    auto* bPrimeBox = new QGroupBox(tr("B': top 5"), panel);
    m_topBPrime = makeTopTable(QStringLiteral("topBPrimeTable"), bPrimeBox);
    m_noBPrime = makeLabel(QStringLiteral("noRepairedNote"), bPrimeBox);
    m_noBPrime->setText(tr("No repaired model yet"));
    m_noBPrime->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* bPrimeLayout = new QVBoxLayout(bPrimeBox);
    bPrimeLayout->addWidget(m_topBPrime);
    bPrimeLayout->addWidget(m_noBPrime);
    m_topBPrime->hide();
    auto* tables = new QHBoxLayout;
    tables->addWidget(bBox, 1);
    tables->addWidget(bPrimeBox, 1);

    auto* verdicts = new QGroupBox(tr("Verdicts"), panel);
    m_goodnet = makeLabel(QStringLiteral("goodnetVerdict"), verdicts);
    m_strip = makeLabel(QStringLiteral("stripVerdict"), verdicts);
    auto* verdictForm = new QFormLayout(verdicts);
    verdictForm->addRow(tr("G(B, B')"), m_goodnet);
    verdictForm->addRow(tr("STRIP"), m_strip);

    auto* top = new QHBoxLayout;
    top->addWidget(m_image);
    auto* texts = new QVBoxLayout;
    texts->addWidget(m_source);
    texts->addWidget(m_note);
    texts->addWidget(verdicts);
    texts->addStretch(1);
    top->addLayout(texts, 1);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(tables);
    layout->addStretch(1);
    return panel;
}

void InspectorView::connectController() {
    Controller* c = m_controller;
    connect(c, &Controller::workspaceOpened, this, &InspectorView::onWorkspaceOpened);
    connect(c, &Controller::inspected, this, &InspectorView::onInspected);
    connect(c, &Controller::busyChanged, this, &InspectorView::updateEnabled);
    connect(c, &Controller::failed, this, [this](const QString& job) {
        if (job == job::kInspect)
            m_source->setText(tr("Could not inspect the image (see the message above)"));
    });
    connect(c, &Controller::cancelled, this, [this](const QString& job) {
        if (job == job::kInspect)
            m_source->setText(m_result ? m_result->source : QString());
    });
}

void InspectorView::setThresholdSource(std::function<double()> source) {
    m_thresholdSource = std::move(source);
}

double InspectorView::currentThreshold() const {
    return m_thresholdSource ? m_thresholdSource() : std::numeric_limits<double>::quiet_NaN();
}

void InspectorView::onWorkspaceOpened(const WorkspaceInfo& info) {
    m_sets = info.sets;
    const QSignalBlocker block(m_set);
    m_set->clear();
    int firstPoisoned = -1;
    for (int i = 0; i < m_sets.size(); ++i) {
        const DataSetInfo& d = m_sets[i];
        if (d.role == DataSetInfo::CleanTrain && d.sameAsCleanTest)
            continue; // the clean test set, listed already
        m_set->addItem(tr("%1: %2 (%3)").arg(roleText(d.role), d.name).arg(d.size), i);
        if (d.role == DataSetInfo::Poisoned && firstPoisoned < 0)
            firstPoisoned = m_set->count() - 1;
    }
    m_set->setCurrentIndex(firstPoisoned >= 0 ? firstPoisoned : 0);
    onSetChanged();
    updateEnabled();
}

void InspectorView::onSetChanged() {
    const int setIndex = m_set->currentData().toInt();
    const qint64 size = setIndex >= 0 && setIndex < m_sets.size() ? m_sets[setIndex].size : 0;
    m_index->setRange(0, static_cast<int>(std::max<qint64>(
                             0, std::min<qint64>(size - 1, std::numeric_limits<int>::max()))));
}

void InspectorView::updateEnabled() {
    const bool ready = !m_controller->busy() && m_controller->workspace().has_value();
    m_openButton->setEnabled(ready);
    m_inspectButton->setEnabled(ready && m_set->count() > 0);
}

bool InspectorView::inspectFile(const QString& path) {
    if (path.isEmpty())
        return false;
    InspectRequest r;
    r.imagePath = path;
    return request(r);
}

bool InspectorView::inspectSetImage(int setIndex, qint64 index) {
    if (setIndex < 0 || setIndex >= m_sets.size()) {
        Q_EMIT errorMessage(tr("No data set %1 in the workspace").arg(setIndex));
        return false;
    }
    const DataSetInfo& d = m_sets[setIndex];
    if (index < 0 || index >= d.size) {
        Q_EMIT errorMessage(
            tr("%1 has no image %2 (it holds %3)").arg(d.name).arg(index).arg(d.size));
        return false;
    }
    InspectRequest r;
    r.setIndex = setIndex;
    r.imageIndex = index;
    return request(r);
}

bool InspectorView::request(InspectRequest r) {
    if (!m_controller->workspace())
        return false;
    r.threshold = currentThreshold();
    if (!m_controller->inspect(r))
        return false;
    m_source->setText(
        r.imagePath.isEmpty()
            ? tr("Inspecting image %1 of %2...").arg(r.imageIndex).arg(m_sets[r.setIndex].name)
            : tr("Inspecting %1...").arg(QFileInfo(r.imagePath).fileName()));
    return true;
}

void InspectorView::openImage() {
    QStringList patterns;
    for (const QString& s : imageSuffixes())
        patterns << QStringLiteral("*.") + s;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Inspect an image"), m_lastDir,
                                     tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))));
    if (path.isEmpty())
        return;
    m_lastDir = QFileInfo(path).absolutePath();
    inspectFile(path);
}

QString InspectorView::droppedImage(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return QString();
    const auto urls = mime->urls();
    for (const QUrl& url : urls) {
        if (!url.isLocalFile())
            continue;
        const QString path = url.toLocalFile();
        if (imageSuffixes().contains(QFileInfo(path).suffix().toLower()))
            return path;
    }
    return QString();
}

void InspectorView::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedImage(event->mimeData()).isEmpty() && !m_controller->busy())
        event->acceptProposedAction();
}

void InspectorView::dropEvent(QDropEvent* event) {
    const QString path = droppedImage(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    inspectFile(path);
}

void InspectorView::fillTop(QTableWidget* table, const QVector<ClassScore>& scores) {
    const int rows = static_cast<int>(std::min<qsizetype>(scores.size(), kTopRows));
    table->setRowCount(rows);
    for (int i = 0; i < rows; ++i) {
        table->setItem(i, 0, new QTableWidgetItem(classText(scores[i])));
        auto* p = new QTableWidgetItem(tr("%1 %").arg(scores[i].probability * 100.0, 0, 'f', 2));
        p->setData(Qt::UserRole, scores[i].probability);
        p->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table->setItem(i, 1, p);
    }
}

QString InspectorView::goodnetVerdictText(const InspectResult& r) {
    if (!r.hasGoodnet)
        return tr("No repaired model yet");
    if (r.goodnet.label == r.classes)
        return tr("N: poisoned (B and B' disagree)");
    return tr("%1 (B and B' agree)").arg(classText(r.goodnet));
}

QString InspectorView::stripVerdictText(const InspectResult& r) {
    const QString entropy = tr("entropy %1 bits over %2 superimpositions")
                                .arg(r.entropy, 0, 'f', kEntropyDecimals)
                                .arg(r.stripN);
    if (!r.hasVerdict)
        return tr("%1; no threshold yet (run STRIP on the STRIP tab)").arg(entropy);
    return tr("%1; threshold %2: %3")
        .arg(entropy)
        .arg(r.request.threshold, 0, 'f', kEntropyDecimals)
        .arg(r.flagged ? tr("flagged as trojaned") : tr("passes"));
}

QString InspectorView::goodnetText() const { return m_goodnet->text(); }
QString InspectorView::stripText() const { return m_strip->text(); }

void InspectorView::onInspected(const InspectResult& r) {
    m_result = r;
    QString caption = r.source;
    if (r.reference >= 0)
        caption += tr("\nlabel %1").arg(r.reference);
    m_image->setTiles({widgets::ImageTile{toQImage(r.image), caption, r.note}});
    m_source->setText(r.reference >= 0 ? tr("%1 (label %2)").arg(r.source).arg(r.reference)
                                       : r.source);
    m_note->setText(r.note);
    m_note->setVisible(!r.note.isEmpty());
    fillTop(m_topB, r.topB);
    const bool hasBPrime = !r.topBPrime.isEmpty();
    fillTop(m_topBPrime, r.topBPrime);
    m_topBPrime->setVisible(hasBPrime);
    m_noBPrime->setVisible(!hasBPrime);
    m_goodnet->setText(goodnetVerdictText(r));
    m_strip->setText(stripVerdictText(r));
}

} // namespace bdl::app
