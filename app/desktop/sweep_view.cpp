#include "app/desktop/sweep_view.h"

#include "app/desktop/job_text.h"
#include "app/desktop/tune_form.h"
#include "app/gui/controller.h"
#include "widgets/heatmap_plot.h"

#include <QtCore/QRegularExpression>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdl::app {

namespace {

/// ASR a repaired model may keep and still count as repaired (%), the limit's default.
constexpr double kDefaultAsrLimit = 10.0;
/// A sweep retrains every cell: one epoch per cell keeps the default grid interactive.
constexpr int kDefaultEpochs = 1;
constexpr int kSweepSettingsWidth = 300;
/// Index of "worst set" in the ASR selector; set i is at i + 1.
constexpr int kWorstSet = 0;

double worst(const QVector<double>& asr) {
    return asr.isEmpty() ? 0.0 : *std::max_element(asr.begin(), asr.end());
}

} // namespace

SweepView::SweepView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("sweepView"));
    m_ccaPlot = new widgets::HeatmapPlot(this);
    m_ccaPlot->setObjectName(QStringLiteral("ccaHeatmap"));
    m_asrPlot = new widgets::HeatmapPlot(this);
    m_asrPlot->setObjectName(QStringLiteral("asrHeatmap"));
    auto* maps = new QSplitter(Qt::Vertical, this);
    maps->addWidget(m_ccaPlot);
    maps->addWidget(m_asrPlot);
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("sweepCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_caption->hide();
    auto* mapColumn = new QVBoxLayout;
    mapColumn->addWidget(m_caption);
    mapColumn->addWidget(maps, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(mapColumn, 1);
    layout->addWidget(buildSettings());
    for (widgets::HeatmapPlot* plot : {m_ccaPlot, m_asrPlot}) {
        plot->setup({}, {}, QString());
        connect(plot, &widgets::HeatmapPlot::cellClicked, this, &SweepView::onCellClicked);
    }
    connectController();
    updateEnabled();
}

QWidget* SweepView::buildSettings() {
    auto* column = new QWidget(this);
    column->setFixedWidth(kSweepSettingsWidth);
    auto* box = new QGroupBox(tr("Sweep settings"), column);
    m_lrs = new QLineEdit(QStringLiteral("1e-2, 1e-3, 1e-4, 1e-5, 1e-6"), box);
    m_lrs->setObjectName(QStringLiteral("sweepLrs"));
    m_lrs->setToolTip(tr("Learning rates of the grid (the heatmaps' rows), separated by commas; "
                         "each is swept from B. Paper default: 1e-2, 1e-3, 1e-4, 1e-5, 1e-6."));
    m_ks = new QLineEdit(box);
    m_ks->setObjectName(QStringLiteral("sweepKs"));
    m_ks->setPlaceholderText(tr("every k: 1 .. C"));
    m_ks->setToolTip(tr("Channels pruned (the heatmaps' columns): e.g. 1-10, 12, 20-60:10. "
                        "Default: empty, every k from 1 to C, as in the paper's heatmaps."));
    m_epochs = new QSpinBox(box);
    m_epochs->setObjectName(QStringLiteral("sweepEpochs"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(kDefaultEpochs);
    m_epochs->setToolTip(tr("Fine-tuning epochs after each pruned step; a cell continues from the "
                            "previous cell of its learning rate. Paper: 10; default here: 1, so "
                            "that the whole grid runs in minutes."));
    m_batch = new QSpinBox(box);
    m_batch->setObjectName(QStringLiteral("sweepBatch"));
    m_batch->setRange(1, 65536);
    m_batch->setValue(SweepRequest().batchSize);
    m_batch->setToolTip(tr("Images per Adam step while fine-tuning. Paper default: 32."));
    m_run = new QPushButton(tr("Run sweep"), box);
    m_run->setObjectName(QStringLiteral("sweepButton"));
    keepFocusWhenDisabled(m_run);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Learning rates"), m_lrs);
    form->addRow(tr("Channels pruned"), m_ks);
    form->addRow(tr("Epochs per cell"), m_epochs);
    form->addRow(tr("Batch size"), m_batch);
    form->addRow(m_run);
    m_hint = new QLabel(tr("Click a cell to make its model B'."), column);
    m_hint->setWordWrap(true);
    m_settingsBox = box;
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    layout->addWidget(buildPicker(column));
    layout->addWidget(m_hint);
    layout->addStretch(1);
    connect(m_run, &QPushButton::clicked, this, &SweepView::startSweep);
    return column;
}

QWidget* SweepView::buildPicker(QWidget* parent) {
    auto* pick = new QGroupBox(tr("Best trade-off"), parent);
    m_asrLimit = new QDoubleSpinBox(pick);
    m_asrLimit->setObjectName(QStringLiteral("asrLimit"));
    m_asrLimit->setRange(0.0, 100.0);
    m_asrLimit->setSuffix(tr(" %"));
    m_asrLimit->setValue(kDefaultAsrLimit);
    m_asrLimit->setToolTip(tr("The best trade-off is the cell with the highest CCA whose ASR (on "
                              "the worst poisoned set) is at most this. Default: 10 %."));
    m_asrSet = new QComboBox(pick);
    m_asrSet->setObjectName(QStringLiteral("asrSetSelector"));
    m_asrSet->setToolTip(tr("The poisoned set whose ASR the ASR heatmap shows. Default: the worst "
                            "poisoned set (the highest ASR of each cell)."));
    m_bestLabel = new QLabel(tr("No sweep yet"), pick);
    m_bestLabel->setObjectName(QStringLiteral("bestTradeOff"));
    m_bestLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_showValues = new QCheckBox(tr("Show values"), pick);
    m_showValues->setObjectName(QStringLiteral("showCellValues"));
    m_showValues->setToolTip(tr("Write each cell's number on the heatmaps. Default: off."));
    // The label wraps, so it sits below the form: a QFormLayout row would clip its height.
    auto* pickForm = new QFormLayout;
    pickForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    pickForm->addRow(tr("ASR limit"), m_asrLimit);
    pickForm->addRow(tr("ASR map shows"), m_asrSet);
    auto* pickLayout = new QVBoxLayout(pick);
    pickLayout->addLayout(pickForm);
    pickLayout->addWidget(m_showValues);
    pickLayout->addWidget(m_bestLabel);
    connect(m_asrLimit, &QDoubleSpinBox::valueChanged, this, &SweepView::updateBest);
    connect(m_showValues, &QCheckBox::toggled, this, [this](bool show) {
        m_ccaPlot->setShowValues(show);
        m_asrPlot->setShowValues(show);
    });
    connect(m_asrSet, &QComboBox::currentIndexChanged, this, &SweepView::refillAsr);
    return pick;
}

void SweepView::connectController() {
    Controller* c = m_controller;
    if (!c) { // read-only: nothing to run, no cell makes B'
        m_settingsBox->hide();
        m_hint->hide();
        return;
    }
    connect(c, &Controller::workspaceOpened, this, &SweepView::onWorkspaceOpened);
    connect(c, &Controller::sweepStarted, this, &SweepView::onSweepStarted);
    connect(c, &Controller::sweepCellReady, this, &SweepView::onSweepCell);
    connect(c, &Controller::sweepReady, this, &SweepView::onSweepReady);
    connect(c, &Controller::repairedReady, this, &SweepView::onRepaired);
    connect(c, &Controller::cancelled, this, &SweepView::onJobEnded);
    connect(c, &Controller::failed, this, &SweepView::onJobEnded);
    connect(c, &Controller::busyChanged, this, &SweepView::updateEnabled);
}

void SweepView::onWorkspaceOpened(const WorkspaceInfo& info) {
    m_hasWorkspace = true;
    m_running = false;
    m_repairedCell = {-1, -1};
    m_channels = info.pruneChannels;
    SweepData empty;
    empty.poisonedNames = info.poisonedNames;
    showSweep(empty);
    m_bestLabel->setText(tr("No sweep yet"));
    updateEnabled();
}

void SweepView::setupPlots(const SweepData& header) {
    m_ccaPlot->setup(header.lrs, header.ks, tr("CCA"));
    m_asrPlot->setup(header.lrs, header.ks, tr("ASR"));
    const QSignalBlocker block(m_asrSet);
    const int selected = std::max(kWorstSet, m_asrSet->currentIndex());
    m_asrSet->clear();
    m_asrSet->addItem(tr("worst poisoned set"));
    for (const QString& name : header.poisonedNames)
        m_asrSet->addItem(name);
    m_asrSet->setCurrentIndex(selected < m_asrSet->count() ? selected : kWorstSet);
}

void SweepView::onSweepStarted(const SweepData& header) {
    m_running = true;
    m_sweep = header;
    m_sweep.cells.clear();
    setupPlots(m_sweep);
    updateBest();
}

void SweepView::onSweepCell(const SweepCell& cell) {
    m_sweep.cells.push_back(cell);
    m_ccaPlot->setCell(cell.lrIndex, cell.kIndex, cell.cca);
    m_asrPlot->setCell(cell.lrIndex, cell.kIndex, shownAsr(cell));
    setCellNote(cell);
    updateBest();
}

void SweepView::onSweepReady(const SweepData& sweep) {
    // A new complete sweep: the B' of an earlier one is not one of its cells.
    m_running = false;
    m_repairedCell = {-1, -1};
    showSweep(sweep);
}

void SweepView::onRepaired(const RepairResult& result) {
    m_repairedCell = {-1, -1};
    const auto& sweep = m_controller->sweep();
    if (result.method == job::kSelect && sweep) {
        // selectRepaired() replays a cell of the complete sweep: its lr and k name it.
        const int lrIndex = static_cast<int>(sweep->lrs.indexOf(result.lr));
        const int kIndex = static_cast<int>(sweep->ks.indexOf(result.k));
        if (sweep->cell(lrIndex, kIndex))
            m_repairedCell = {lrIndex, kIndex};
    }
    updateRepairedMark();
}

std::optional<SweepCell> SweepView::repairedCell() const {
    if (m_running)
        return std::nullopt;
    const SweepCell* cell = m_sweep.cell(m_repairedCell.first, m_repairedCell.second);
    return cell ? std::optional<SweepCell>(*cell) : std::nullopt;
}

void SweepView::updateRepairedMark() {
    const auto cell = repairedCell();
    for (widgets::HeatmapPlot* plot : {m_ccaPlot, m_asrPlot}) {
        if (cell)
            plot->setMarkedCell(cell->lrIndex, cell->kIndex, QStringLiteral("B'"),
                                tr("B': this cell's model is the repaired model in use"));
        else
            plot->clearMarkedCell();
    }
}

void SweepView::setCellNote(const SweepCell& cell) {
    const QString note = JobText::scores(cell.cca, cell.asr, m_sweep.poisonedNames);
    m_ccaPlot->setCellNote(cell.lrIndex, cell.kIndex, note);
    m_asrPlot->setCellNote(cell.lrIndex, cell.kIndex, note);
}

void SweepView::showSweep(const SweepData& sweep) {
    m_sweep = sweep;
    setupPlots(sweep);
    for (const SweepCell& cell : sweep.cells) {
        m_ccaPlot->setCell(cell.lrIndex, cell.kIndex, cell.cca);
        setCellNote(cell);
    }
    refillAsr();
    updateRepairedMark();
}

void SweepView::onJobEnded(const QString& job) {
    if (job != job::kSweep)
        return;
    m_running = false;
    if (const auto& previous = m_controller->sweep())
        showSweep(*previous);
    else if (const auto& workspace = m_controller->workspace())
        onWorkspaceOpened(*workspace);
}

double SweepView::shownAsr(const SweepCell& cell) const {
    const int set = m_asrSet->currentIndex() - 1;
    if (set < 0)
        return worst(cell.asr);
    return cell.asr.value(set, std::numeric_limits<double>::quiet_NaN());
}

void SweepView::refillAsr() {
    m_asrPlot->clearValues();
    for (const SweepCell& cell : m_sweep.cells)
        m_asrPlot->setCell(cell.lrIndex, cell.kIndex, shownAsr(cell));
    updateBest();
}

std::optional<SweepCell> SweepView::bestCell() const {
    // The trade-off is judged on the worst set whatever the ASR map shows: a model that keeps
    // one backdoor is not repaired.
    const int rows = m_sweep.lrs.size(), cols = m_sweep.ks.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVector<QVector<double>> cca(rows, QVector<double>(cols, nan)), asr = cca;
    for (const SweepCell& c : m_sweep.cells) {
        if (c.lrIndex < rows && c.kIndex < cols) {
            cca[c.lrIndex][c.kIndex] = c.cca;
            asr[c.lrIndex][c.kIndex] = worst(c.asr);
        }
    }
    const auto best = widgets::HeatmapPlot::bestTradeOff(cca, asr, m_asrLimit->value());
    if (!best)
        return std::nullopt;
    const SweepCell* cell = m_sweep.cell(best->lrIndex, best->kIndex);
    return cell ? std::optional<SweepCell>(*cell) : std::nullopt;
}

void SweepView::updateBest() {
    const auto best = bestCell();
    for (widgets::HeatmapPlot* plot : {m_ccaPlot, m_asrPlot}) {
        if (best)
            plot->setBestCell(best->lrIndex, best->kIndex);
        else
            plot->clearBestCell();
    }
    if (m_sweep.cells.isEmpty())
        return;
    const QString limit = JobText::percent(m_asrLimit->value());
    if (!best) {
        m_bestLabel->setText(tr("No cell has ASR <= %1\non every poisoned set").arg(limit));
        return;
    }
    // One fact per line: the label does not wrap (a wrapping label in a group box gets clipped).
    QStringList lines{tr("Highest CCA with ASR <= %1:").arg(limit),
                      tr("lr %1, k = %2 channels pruned")
                          .arg(widgets::HeatmapPlot::formatLearningRate(best->lr))
                          .arg(best->k),
                      tr("CCA %1").arg(JobText::percent(best->cca))};
    for (int i = 0; i < best->asr.size(); ++i)
        lines
            << tr("ASR %1 %2").arg(m_sweep.poisonedNames.value(i), JobText::percent(best->asr[i]));
    m_bestLabel->setText(lines.join(QLatin1Char('\n')));
}

bool SweepView::showLoadedSweep(const SweepData& sweep, const QString& caption) {
    if (m_controller)
        return false;
    m_caption->setText(caption);
    m_caption->setVisible(!caption.isEmpty());
    m_running = false;
    m_repairedCell = {-1, -1};
    showSweep(sweep);
    return true;
}

QString SweepView::caption() const { return m_caption->text(); }

void SweepView::onCellClicked(int lrIndex, int kIndex) {
    if (!m_controller)
        return; // a loaded sweep's cells hold no model
    const auto& complete = m_controller->sweep();
    if (m_controller->busy() || !complete || !complete->cell(lrIndex, kIndex)) {
        Q_EMIT errorMessage(tr("Only a cell of a finished sweep can become B' (and not while "
                               "a job runs)"));
        return;
    }
    m_controller->selectRepaired(lrIndex, kIndex);
}

void SweepView::updateEnabled() {
    m_run->setEnabled(m_hasWorkspace && m_controller && !m_controller->busy());
}

void SweepView::startSweep() {
    if (!m_controller)
        return;
    QString error;
    if (const auto r = request(&error))
        m_controller->runSweep(*r);
    else
        Q_EMIT errorMessage(error);
}

std::optional<SweepRequest> SweepView::request(QString* error) const {
    const auto lrs = parseLearningRates(m_lrs->text());
    if (!lrs) {
        *error = tr("Sweep: learning rates must be numbers in (0, 10] separated by commas");
        return std::nullopt;
    }
    const auto ks = parseChannelCounts(m_ks->text(), m_channels);
    if (!ks) {
        *error = tr("Sweep: channels pruned must be increasing counts in 1..%1, e.g. 1-10, 20")
                     .arg(m_channels);
        return std::nullopt;
    }
    SweepRequest r;
    r.lrs = *lrs;
    r.ks = *ks;
    r.epochs = m_epochs->value();
    r.batchSize = m_batch->value();
    return r;
}

std::optional<QVector<double>> SweepView::parseLearningRates(const QString& text) {
    QVector<double> lrs;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto lr = TuneForm::parseLearningRate(part);
        if (!lr)
            return std::nullopt;
        lrs.push_back(*lr);
    }
    return lrs.isEmpty() ? std::nullopt : std::optional<QVector<double>>(lrs);
}

std::optional<QVector<int>> SweepView::parseChannelCounts(const QString& text, int channels) {
    static const QRegularExpression item(
        QStringLiteral("^\\s*(\\d+)\\s*(?:-\\s*(\\d+)\\s*(?::\\s*(\\d+)\\s*)?)?$"));
    QVector<int> ks;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = item.match(part);
        if (!m.hasMatch())
            return std::nullopt;
        const int first = m.captured(1).toInt();
        const int last = m.captured(2).isEmpty() ? first : m.captured(2).toInt();
        const int step = m.captured(3).isEmpty() ? 1 : m.captured(3).toInt();
        if (step < 1 || last < first)
            return std::nullopt;
        for (int k = first; k <= last; k += step) {
            if (k < 1 || k > channels || (!ks.isEmpty() && k <= ks.last()))
                return std::nullopt;
            ks.push_back(k);
        }
    }
    return ks;
}

QJsonObject SweepView::formState() const {
    return {{QStringLiteral("lrs"), m_lrs->text()},
            {QStringLiteral("ks"), m_ks->text()},
            {QStringLiteral("epochs"), m_epochs->value()},
            {QStringLiteral("batchSize"), m_batch->value()},
            {QStringLiteral("asrLimit"), m_asrLimit->value()},
            {QStringLiteral("showValues"), m_showValues->isChecked()}};
}

void SweepView::setFormState(const QJsonObject& state) {
    if (state.value(QStringLiteral("lrs")).isString())
        m_lrs->setText(state.value(QStringLiteral("lrs")).toString());
    if (state.value(QStringLiteral("ks")).isString())
        m_ks->setText(state.value(QStringLiteral("ks")).toString());
    if (state.value(QStringLiteral("epochs")).isDouble())
        m_epochs->setValue(state.value(QStringLiteral("epochs")).toInt());
    if (state.value(QStringLiteral("batchSize")).isDouble())
        m_batch->setValue(state.value(QStringLiteral("batchSize")).toInt());
    if (state.value(QStringLiteral("asrLimit")).isDouble())
        m_asrLimit->setValue(state.value(QStringLiteral("asrLimit")).toDouble());
    if (state.value(QStringLiteral("showValues")).isBool())
        m_showValues->setChecked(state.value(QStringLiteral("showValues")).toBool());
}

} // namespace bdl::app
