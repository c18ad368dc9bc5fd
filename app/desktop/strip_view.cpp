#include "app/desktop/strip_view.h"
#include "app/desktop/tune_form.h"

#include "app/desktop/strip_settings_form.h"
#include "app/gui/controller.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/image_tiles.h"
#include "widgets/roc_plot.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace bdl::app {

namespace {

constexpr int kSettingsWidth = 300;
constexpr int kMinBins = 2;
constexpr int kMaxBins = 200;
/// Edge of a detail tile, px: the input and its 8 superimpositions fit two rows.
constexpr int kTileSize = 88;
/// Splitter proportions are given in multiples of this (any positive value would do).
constexpr int kSplitUnit = 100;

} // namespace

StripView::StripView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("stripView"));
    auto* top = new QWidget(this);
    auto* graphs = new QSplitter(Qt::Horizontal, top);
    m_histogramPlot = new widgets::EntropyHistogramPlot(graphs);
    m_histogramPlot->setObjectName(QStringLiteral("stripHistogram"));
    m_rocPlot = new widgets::RocPlot(graphs);
    m_rocPlot->setObjectName(QStringLiteral("stripRoc"));
    graphs->addWidget(m_histogramPlot);
    graphs->addWidget(m_rocPlot);
    // Proportions (the splitters scale them to the space they get): stretch factors alone
    // would leave the ROC plot at its small size hint.
    graphs->setSizes({3 * kSplitUnit, 2 * kSplitUnit});
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(graphs, 1);
    topLayout->addWidget(buildHistogramControls(top)); // under both: the label can be long
    auto* plots = new QSplitter(Qt::Vertical, this);
    plots->addWidget(top);
    plots->addWidget(buildLowerPanel());
    plots->setSizes({3 * kSplitUnit, 2 * kSplitUnit});

    auto* column = new QWidget(this);
    column->setFixedWidth(kSettingsWidth);
    m_form = new StripSettingsForm(column);
    m_message = new QLabel(column);
    m_message->setObjectName(QStringLiteral("stripMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->hide();
    m_summary = new QLabel(tr("No STRIP run yet"), column);
    m_summary->setObjectName(QStringLiteral("stripRunSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_scoresTable = new QTableWidget(0, 2, column);
    m_scoresTable->setObjectName(QStringLiteral("stripScoresTable"));
    m_scoresTable->setHorizontalHeaderLabels({tr("Quantity"), tr("Value")});
    m_scoresTable->verticalHeader()->hide();
    m_scoresTable->horizontalHeader()->setStretchLastSection(true);
    m_scoresTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->addWidget(m_form);
    columnLayout->addWidget(m_message);
    columnLayout->addWidget(m_summary);
    columnLayout->addWidget(m_scoresTable, 1);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(plots, 1);
    layout->addWidget(column);

    keepFocusWhenDisabled(m_form->runButton());
    connect(m_form->runButton(), &QPushButton::clicked, this, &StripView::startRun);
    connect(m_form, &StripSettingsForm::ruleChanged, this, [this] {
        // Choosing a rule means wanting its threshold: a dragged one gives way.
        m_manual = std::numeric_limits<double>::quiet_NaN();
        recomputeRuleThreshold();
        applyThreshold();
    });
    connectController();
    clearAll();
    updateEnabled();
}

StripView::~StripView() = default;

QWidget* StripView::buildHistogramControls(QWidget* parent) {
    auto* panel = new QWidget(parent);
    m_bins = new QSpinBox(panel);
    m_bins->setObjectName(QStringLiteral("stripBins"));
    m_bins->setRange(kMinBins, kMaxBins);
    m_bins->setValue(kDefaultBins);
    m_bins->setToolTip(tr("Equal-width bins of the entropy histograms, shared by every set. "
                          "Default: %1.")
                           .arg(kDefaultBins));
    m_showCalibration = new QCheckBox(tr("Show the calibration set"), panel);
    m_showCalibration->setObjectName(QStringLiteral("stripShowCalibration"));
    m_showCalibration->setToolTip(
        tr("The clean inputs the threshold rule is fitted on. Default: hidden."));
    m_thresholdLabel = new QLabel(panel);
    m_thresholdLabel->setObjectName(QStringLiteral("stripThresholdLabel"));
    m_thresholdLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_thresholdLabel->setToolTip(tr("Drag the line on the histogram to move the threshold"));
    m_reset = new QPushButton(tr("Reset to rule"), panel);
    m_reset->setObjectName(QStringLiteral("resetThresholdButton"));
    auto* controls = new QHBoxLayout(panel);
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addWidget(new QLabel(tr("Bins"), panel));
    controls->addWidget(m_bins);
    controls->addWidget(m_showCalibration);
    controls->addStretch(1);
    controls->addWidget(new QLabel(tr("Threshold:"), panel));
    controls->addWidget(m_thresholdLabel);
    controls->addWidget(m_reset);

    connect(m_bins, &QSpinBox::valueChanged, this, [this] {
        clearBinSelection();
        refreshHistogram();
    });
    connect(m_showCalibration, &QCheckBox::toggled, this, [this] {
        clearBinSelection();
        refreshHistogram();
    });
    connect(m_reset, &QPushButton::clicked, this,
            [this] { setThreshold(std::numeric_limits<double>::quiet_NaN()); });
    // Both the moves and the release: the readouts follow the mouse.
    connect(m_histogramPlot, &widgets::EntropyHistogramPlot::thresholdDragged, this,
            &StripView::setThreshold);
    connect(m_histogramPlot, &widgets::EntropyHistogramPlot::thresholdDragFinished, this,
            &StripView::setThreshold);
    connect(m_histogramPlot, &widgets::EntropyHistogramPlot::binClicked, this,
            &StripView::onBinClicked);
    return panel;
}

QWidget* StripView::buildLowerPanel() {
    auto* split = new QSplitter(Qt::Horizontal, this);
    m_binTable = new QTableWidget(0, kBinColumns, split);
    m_binTable->setObjectName(QStringLiteral("binInputsTable"));
    m_binTable->setHorizontalHeaderLabels({tr("Set"), tr("Index"), tr("Entropy (bits)"),
                                           tr("Predicted"), tr("True class"), tr("Target"),
                                           tr("Flagged")});
    m_binTable->horizontalHeaderItem(kTrueClassColumn)
        ->setToolTip(tr("The input's class without the trigger; ? where the data does not say"));
    m_binTable->horizontalHeaderItem(kTargetColumn)
        ->setToolTip(tr("The class a poisoned input's trigger aims at"));
    m_binTable->verticalHeader()->hide();
    m_binTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_binTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_binTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_binTable->horizontalHeader()->setStretchLastSection(true);
    auto* detail = new QWidget(split);
    m_detailLabel = new QLabel(tr("Click a bar of the histogram to list its inputs."), detail);
    m_detailLabel->setObjectName(QStringLiteral("stripDetailLabel"));
    m_detailLabel->setWordWrap(true);
    m_detailLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tiles = new widgets::ImageTiles(detail);
    m_tiles->setObjectName(QStringLiteral("stripDetailTiles"));
    m_tiles->setTileSize(kTileSize);
    auto* scroll = new QScrollArea(detail);
    scroll->setWidget(m_tiles);
    scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(detail);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_detailLabel);
    layout->addWidget(scroll, 1);

    split->addWidget(m_binTable);
    split->addWidget(detail);
    split->setSizes({kSplitUnit, kSplitUnit});
    connect(m_binTable, &QTableWidget::itemSelectionChanged, this, &StripView::onBinRowSelected);
    return split;
}

void StripView::connectController() {
    Controller* c = m_controller;
    connect(c, &Controller::workspaceOpened, this, &StripView::onWorkspaceOpened);
    connect(c, &Controller::stripStarted, this, &StripView::onStripStarted);
    connect(c, &Controller::stripProgress, this, &StripView::onStripProgress);
    connect(c, &Controller::stripReady, this, &StripView::onStripReady);
    connect(c, &Controller::stripDetailReady, this, &StripView::onDetail);
    connect(c, &Controller::cancelled, this, &StripView::onJobEnded);
    connect(c, &Controller::failed, this, &StripView::onJobFailed);
    connect(c, &Controller::busyChanged, this, &StripView::updateEnabled);
}

StripRequest StripView::request() const { return m_form->request(); }

void StripView::setRequest(const StripRequest& request) { m_form->setRequest(request); }

void StripView::clearAll() {
    m_data = StripData();
    m_hasResult = false;
    m_manual = std::numeric_limits<double>::quiet_NaN();
    m_ruleThreshold = std::numeric_limits<double>::quiet_NaN();
    m_rocPlot->clear();
    clearBinSelection();
    refreshHistogram();
    updateRunSummary();
    applyThreshold();
}

void StripView::onWorkspaceOpened() {
    m_hasWorkspace = true;
    setMessage(QString()); // about the old workspace
    clearAll();
    updateEnabled();
}

void StripView::onStripStarted(const StripData& header) {
    setMessage(QString()); // its cause is gone: this run could start
    m_data = header;
    m_hasResult = false;
    m_manual = std::numeric_limits<double>::quiet_NaN(); // a new run: the rule's line again
    m_ruleThreshold = std::numeric_limits<double>::quiet_NaN();
    m_rocPlot->clear();
    clearBinSelection();
    refreshHistogram();
    m_summary->setText(tr("Scoring..."));
    applyThreshold();
}

void StripView::onStripProgress(const StripProgress& p) {
    if (m_hasResult || p.setIndex < 0 || p.setIndex >= m_data.sets.size())
        return; // not the run being shown (or a late update after its result)
    m_data.sets[p.setIndex] = p.set;
    refreshHistogram();
}

void StripView::onStripReady(const StripData& data) { showResult(data); }

void StripView::showResult(const StripData& data) {
    m_data = data;
    m_hasResult = true;
    clearBinSelection();
    refreshHistogram();
    recomputeRuleThreshold();
    // AUROC does not depend on the threshold; any value gives it.
    const StripScores any = stripScoresAt(m_data, 0.0);
    QVector<widgets::RocCurve> curves;
    for (int i = 0; i < m_data.poisonedCount(); ++i)
        curves.push_back(
            {m_data.poisoned(i)->name, stripRoc(m_data, i), any.auroc.value(i, std::nan(""))});
    m_rocPlot->setCurves(curves);
    updateRunSummary();
    applyThreshold();
}

void StripView::onJobEnded(const QString& job) {
    if (job == job::kStripDetail) {
        m_detailSet = m_detailPosition = -1; // selecting the row again retries
        return;
    }
    if (job != job::kStrip)
        return;
    // The partial run goes; the previous one (kept by the Controller) comes back.
    if (const auto& previous = m_controller->strip())
        showResult(*previous);
    else
        clearAll();
}

void StripView::onJobFailed(const QString& job, const QString& message) {
    if (job == job::kStrip)
        setMessage(tr("STRIP could not run: %1").arg(message));
    onJobEnded(job);
}

void StripView::setMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

QString StripView::message() const { return m_message->text(); }

void StripView::refreshHistogram() {
    m_histogram = stripHistogram(m_data, m_bins->value());
    m_seriesSets.clear();
    QVector<widgets::HistogramSeries> series;
    for (int i = 0; i < m_histogram.setIndices.size(); ++i) {
        const int s = m_histogram.setIndices[i];
        if (s < 0 || s >= m_data.sets.size())
            continue;
        const StripSet& set = m_data.sets[s];
        if (set.role == StripSet::Calibration && !m_showCalibration->isChecked())
            continue;
        widgets::HistogramSeries h;
        h.name = setLabel(s);
        h.counts = m_histogram.counts.value(i);
        h.total = set.size();
        h.poisoned = set.role == StripSet::Poisoned;
        series.push_back(h);
        m_seriesSets.push_back(s);
    }
    if (series.isEmpty())
        m_histogramPlot->clear();
    else
        m_histogramPlot->setHistogram(m_histogram.edges, series);
}

void StripView::recomputeRuleThreshold() {
    m_ruleThreshold = m_hasResult ? stripRuleThreshold(m_data, m_form->rule(), m_form->frr())
                                  : std::numeric_limits<double>::quiet_NaN();
}

double StripView::threshold() const { return thresholdIsManual() ? m_manual : m_ruleThreshold; }

void StripView::setThreshold(double threshold) {
    m_manual = threshold;
    applyThreshold();
}

void StripView::applyThreshold() {
    const double t = threshold();
    m_scores = (m_hasResult && !std::isnan(t)) ? stripScoresAt(m_data, t) : StripScores();
    m_histogramPlot->setThreshold(m_hasResult ? t : std::nan(""), thresholdText());
    m_thresholdLabel->setText(thresholdText().isEmpty() ? tr("none") : thresholdText());
    m_reset->setEnabled(thresholdIsManual());
    QVector<QPointF> points;
    if (m_hasResult && !std::isnan(t)) {
        for (int i = 0; i < m_scores.far.size(); ++i)
            points.push_back(QPointF(m_scores.frr, 100.0 - m_scores.far[i]));
    }
    m_rocPlot->setOperatingPoints(points);
    fillScoresTable();
    updateFlaggedColumn();
    updateDetailLabel();
    Q_EMIT thresholdChanged(t);
}

QString StripView::thresholdText() const {
    const double t = threshold();
    if (std::isnan(t))
        return QString();
    const QString value = QString::number(t, 'f', entropyDecimals());
    if (thresholdIsManual())
        return tr("manual: %1").arg(value);
    const QString frr = QString::number(m_form->frr(), 'g', 4);
    switch (m_form->rule()) {
    case StripRule::NormalFit:
        return tr("normal fit, FRR %1 %: %2").arg(frr, value);
    case StripRule::Percentile:
        return tr("percentile, FRR %1 %: %2").arg(frr, value);
    case StripRule::EqualError:
        return tr("equal error (oracle: uses poisoned data): %1").arg(value);
    }
    return value;
}

int StripView::entropyDecimals() const {
    constexpr int kMin = 3, kMax = 9;
    const QVector<double>& e = m_histogram.edges;
    const double span = e.size() >= 2 ? e.back() - e.front() : 0.0;
    if (!(span > 0.0) || !std::isfinite(span))
        return kMin;
    return std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), kMin, kMax);
}

void StripView::updateEnabled() {
    m_form->runButton()->setEnabled(m_hasWorkspace && !m_controller->busy());
}

void StripView::startRun() {
    if (!m_controller->runStrip(request()))
        Q_EMIT errorMessage(tr("STRIP: a job is running; run STRIP when it has finished"));
}

void StripView::onBinClicked(int series, int bin) {
    const int setIndex = m_seriesSets.value(series, -1);
    if (setIndex < 0)
        return;
    fillBinTable(setIndex, stripBinMembers(m_data, m_histogram, setIndex, bin));
}

} // namespace bdl::app
