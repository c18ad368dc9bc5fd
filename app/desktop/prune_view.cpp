#include "app/desktop/prune_view.h"

#include "app/desktop/candidates_panel.h"
#include "app/desktop/job_text.h"
#include "app/desktop/tune_form.h"
#include "app/gui/controller.h"
#include "widgets/prune_curve_plot.h"

#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace bdl::app {

namespace {

/// Liu et al.'s stopping rule: prune until the clean validation accuracy drops by this (points).
constexpr double kDefaultLiuDrop = 4.0;
/// Width of the column of job controls (px).
constexpr int kJobsWidth = 300;

QVector<widgets::PrunePoint> toPlotPoints(const QVector<CurvePoint>& points) {
    QVector<widgets::PrunePoint> out;
    out.reserve(points.size());
    for (const CurvePoint& p : points)
        out.push_back({p.k, p.cca, p.asr});
    return out;
}

} // namespace

PruneView::PruneView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("pruneView"));
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_inSampleBadge = new QLabel(left);
    m_inSampleBadge->setObjectName(QStringLiteral("inSampleBadge"));
    m_inSampleBadge->setWordWrap(true);
    m_inSampleBadge->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inSampleBadge->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                                  "border: 1px solid #ffe69c; padding: 4px; }"));
    m_inSampleBadge->hide();
    leftLayout->addWidget(m_inSampleBadge);
    leftLayout->addWidget(buildPlots(), 1);
    leftLayout->addWidget(buildSliderRow());
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(left, 1);
    layout->addWidget(buildJobs());
    connectController();
    updateEnabled();
}

QWidget* PruneView::buildPlots() {
    m_curvePlot = new widgets::PruneCurvePlot(this);
    m_curvePlot->setObjectName(QStringLiteral("pruneCurvePlot"));
    // The slider's own readout (below, next to the slider) says what the plot's would.
    if (auto* plotReadout = m_curvePlot->findChild<QLabel*>(QStringLiteral("readout")))
        plotReadout->hide();
    m_stepsPlot = new widgets::PruneCurvePlot(this);
    m_stepsPlot->setObjectName(QStringLiteral("paperStepsPlot"));
    m_stepsBox = new QGroupBox(tr("Paper protocol: prune one channel, fine-tune, repeat"), this);
    m_stepsBox->setObjectName(QStringLiteral("paperStepsBox"));
    auto* boxLayout = new QVBoxLayout(m_stepsBox);
    boxLayout->setContentsMargins(2, 2, 2, 2);
    boxLayout->addWidget(m_stepsPlot);
    m_stepsBox->hide(); // until a run starts: an empty plot would only take space
    // Every B' made so far, below the curves (hidden while there is none).
    m_candidates = new CandidatesPanel(m_controller, this);
    connect(m_candidates, &CandidatesPanel::errorMessage, this, &PruneView::errorMessage);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_curvePlot);
    split->addWidget(m_stepsBox);
    split->addWidget(m_candidates);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setStretchFactor(2, 1);
    return split;
}

QWidget* PruneView::buildSliderRow() {
    auto* row = new QWidget(this);
    m_slider = new QSlider(Qt::Horizontal, row);
    m_slider->setObjectName(QStringLiteral("pruneSlider"));
    m_slider->setRange(0, 0);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setToolTip(tr("Channels pruned, lowest mean activation on clean data first"));
    m_readoutLabel = new QLabel(tr("Open a workspace to prune"), row);
    m_readoutLabel->setObjectName(QStringLiteral("sliderReadout"));
    m_readoutLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readoutLabel->setWordWrap(true);
    auto* layout = new QVBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* sliderLine = new QHBoxLayout;
    sliderLine->addWidget(new QLabel(tr("Channels pruned"), row));
    sliderLine->addWidget(m_slider, 1);
    layout->addLayout(sliderLine);
    layout->addWidget(m_readoutLabel);
    connect(m_slider, &QSlider::valueChanged, this, &PruneView::onSliderValue);
    return row;
}

QWidget* PruneView::buildJobs() {
    auto* column = new QWidget(this);
    column->setFixedWidth(kJobsWidth);
    m_curveButton = new QPushButton(tr("Recompute pruning curve"), column);
    m_curveButton->setObjectName(QStringLiteral("curveButton"));
    m_fineTune = new TuneForm(tr("Fine-tune at k"), tr("Fine-tune at k"),
                              QStringLiteral("fineTune"), TuneSettings(), column);
    m_paper = new TuneForm(tr("Paper protocol"), tr("Run the paper's protocol"),
                           QStringLiteral("paper"), TuneSettings(), column);
    m_paperSteps = new QSpinBox(m_paper);
    m_paperSteps->setObjectName(QStringLiteral("paperSteps"));
    m_paperSteps->setRange(-1, 0);
    m_paperSteps->setSpecialValueText(tr("10 % of the layer"));
    m_paperSteps->setValue(-1);
    m_paperSteps->setToolTip(tr("Channels the paper's protocol prunes, one at a time, fine-tuning "
                                "after each. Paper default: 10 % of the layer's channels."));
    m_paper->addExtraRow(tr("Channels (steps)"), m_paperSteps);
    m_liu = new TuneForm(tr("Liu et al. protocol"), tr("Run Liu et al.'s protocol"),
                         QStringLiteral("liu"), TuneSettings(), column);
    m_liuDrop = new QDoubleSpinBox(m_liu);
    m_liuDrop->setObjectName(QStringLiteral("liuMaxDrop"));
    m_liuDrop->setRange(0.0, 100.0);
    m_liuDrop->setSuffix(tr(" points"));
    m_liuDrop->setValue(kDefaultLiuDrop);
    m_liuDrop->setToolTip(
        tr("Liu et al.'s stopping rule: prune (without fine-tuning) until the clean validation "
           "accuracy (20 % held out of the train set) drops by more than this many points, then "
           "fine-tune once. Liu et al.'s default: 4 points."));
    m_liu->addExtraRow(tr("Max accuracy drop"), m_liuDrop);
    m_repairedLabel = new QLabel(tr("No repaired model B' yet"), column);
    m_repairedLabel->setObjectName(QStringLiteral("repairedSummary"));
    m_repairedLabel->setWordWrap(true);
    m_repairedLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_curveButton);
    layout->addWidget(m_fineTune);
    layout->addWidget(m_paper);
    layout->addWidget(m_liu);
    layout->addWidget(m_repairedLabel);
    layout->addStretch(1);
    keepFocusWhenDisabled(m_curveButton);
    connect(m_curveButton, &QPushButton::clicked, m_controller, &Controller::computePruningCurve);
    connect(m_fineTune->button(), &QPushButton::clicked, this, &PruneView::startFineTune);
    connect(m_paper->button(), &QPushButton::clicked, this, &PruneView::startPaper);
    connect(m_liu->button(), &QPushButton::clicked, this, &PruneView::startLiu);
    return column;
}

void PruneView::connectController() {
    Controller* c = m_controller;
    connect(c, &Controller::workspaceOpened, this, &PruneView::onWorkspaceOpened);
    connect(c, &Controller::curveStarted, this, &PruneView::onCurveStarted);
    connect(c, &Controller::curvePointReady, this, &PruneView::onCurvePoint);
    connect(c, &Controller::curveReady, this, &PruneView::onCurveReady);
    connect(c, &Controller::cancelled, this, &PruneView::onJobEnded);
    connect(c, &Controller::failed, this, &PruneView::onJobEnded);
    connect(c, &Controller::sliderChanged, this, &PruneView::onSliderChanged);
    connect(c, &Controller::finePruneStepReady, this, &PruneView::onFinePruneStep);
    connect(c, &Controller::repairedReady, this, &PruneView::onRepaired);
    connect(c, &Controller::busyChanged, this, &PruneView::updateEnabled);
    connect(c, &Controller::jobStarted, this, [this](const QString& job) {
        if (job != job::kPaper)
            return;
        m_stepsPlot->setup(m_slider->maximum(), m_poisonedNames);
        m_stepsBox->show();
    });
}

void PruneView::setChannels(int channels) {
    const QSignalBlocker block(m_slider); // a reset is not a slider step
    m_slider->setRange(0, channels);
    m_slider->setValue(std::min(m_slider->value(), channels));
    m_slider->setPageStep(std::max(1, channels / 10));
    m_slider->setTickInterval(std::max(1, channels / 10));
    m_paperSteps->setRange(-1, channels);
}

void PruneView::setInSample(bool inSample) {
    m_inSample = inSample;
    m_inSampleBadge->setText(
        tr("\u26a0 In-sample CCA: no train set was given, so the channels are ranked and B' is "
           "fine-tuned on the clean test set the CCA is measured on."));
    m_inSampleBadge->setToolTip(tr("Reopen with a train set, or let File > Open hold out part of "
                                   "the clean test data as the train set"));
    m_inSampleBadge->setVisible(inSample);
    // The legend entry travels with exported figures. PruneCurvePlot keeps its CCA graph (a
    // QCPGraph named "ccaGraph") across setup(); its "name" property is the legend text.
    const QString name =
        inSample ? tr("clean accuracy (CCA, in-sample)") : tr("clean accuracy (CCA)");
    for (widgets::PruneCurvePlot* plot : {m_curvePlot, m_stepsPlot})
        if (QObject* graph = plot->findChild<QObject*>(QStringLiteral("ccaGraph")))
            graph->setProperty("name", name);
}

void PruneView::onWorkspaceOpened(const WorkspaceInfo& info) {
    m_hasWorkspace = true;
    m_poisonedNames = info.poisonedNames;
    setInSample(info.inSample);
    m_readout.reset();
    m_curvePlot->setup(info.pruneChannels, info.poisonedNames);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(0);
    }
    setChannels(info.pruneChannels);
    m_stepsBox->hide();
    m_readoutLabel->setText(tr("Computing the pruning curve..."));
    m_repairedLabel->setText(tr("No repaired model B' yet"));
    updateEnabled();
}

void PruneView::onCurveStarted(const CurveData& header) {
    m_poisonedNames = header.poisonedNames;
    m_curvePlot->setup(header.channels(), header.poisonedNames);
    setChannels(header.channels());
}

void PruneView::onCurvePoint(const CurvePoint& p) { m_curvePlot->addPoint(p.k, p.cca, p.asr); }

void PruneView::showCurve(const CurveData& curve) {
    m_poisonedNames = curve.poisonedNames;
    m_curvePlot->setup(curve.channels(), curve.poisonedNames);
    m_curvePlot->setPoints(toPlotPoints(curve.points));
    setChannels(curve.channels());
}

void PruneView::onCurveReady(const CurveData& curve) {
    showCurve(curve);
    m_curvePlot->setMarker(m_slider->value());
    m_controller->requestSliderK(m_slider->value()); // answered from the new curve at once
}

void PruneView::onJobEnded(const QString& job) {
    // A cancelled or failed curve job: the points drawn so far go, the previous curve comes back.
    if (job != job::kCurve)
        return;
    if (const auto& curve = m_controller->curve()) {
        showCurve(*curve);
        m_curvePlot->setMarker(m_slider->value());
    } else {
        m_curvePlot->clear();
    }
}

void PruneView::onSliderValue(int k) {
    m_latencyClock.start();
    m_latencyK = k;
    m_curvePlot->setMarker(k);
    Q_EMIT prunedCountChanged(k);
    // From a cached curve this emits sliderChanged() before returning; otherwise the worker
    // evaluates the newest k after its current job and the readout follows.
    m_controller->requestSliderK(k);
}

void PruneView::onSliderChanged(const SliderReadout& r) {
    if (r.k != m_slider->value())
        return; // an answer for a k the slider has left already
    m_readout = r;
    m_readoutLabel->setText(readoutText(r));
    if (m_latencyK == r.k) {
        m_lastLatencyMs = static_cast<double>(m_latencyClock.nsecsElapsed()) / 1e6;
        m_maxLatencyMs = std::max(m_maxLatencyMs, m_lastLatencyMs);
        m_latencyK = -1;
        Q_EMIT sliderLatency(m_lastLatencyMs, r.fromCurve);
    }
}

QString PruneView::readoutText(const SliderReadout& r) const {
    const QString text = tr("k = %1 of %2 channels pruned (%3 %) · %4")
                             .arg(r.k)
                             .arg(r.channels)
                             .arg(r.percent, 0, 'f', 1)
                             .arg(JobText::scores(r.cca, r.asr, m_poisonedNames));
    return m_inSample ? tr("%1 · CCA in-sample").arg(text) : text;
}

void PruneView::onFinePruneStep(const FinePruneStep& step) {
    m_stepsPlot->addPoint(step.k, step.cca, step.asr);
}

void PruneView::onRepaired(const RepairResult& r) {
    // The views follow B': the marker, readout and bars show the k it was pruned at.
    m_slider->setValue(r.k);
    QString text =
        tr("<b>B'</b> (%1): %2<br>%3")
            .arg(JobText::repairMethod(r.method).toHtmlEscaped(), r.description.toHtmlEscaped(),
                 JobText::scores(r.ccaAfter, r.asrAfter, m_poisonedNames).toHtmlEscaped());
    if (r.inSample)
        text += tr("<br><b>\u26a0 In-sample:</b> fine-tuned on the clean test set its CCA is "
                   "measured on");
    m_repairedLabel->setText(text);
}

void PruneView::updateEnabled() {
    const bool idle = m_hasWorkspace && !m_controller->busy();
    for (QPushButton* b : {m_curveButton, m_fineTune->button(), m_paper->button(), m_liu->button()})
        b->setEnabled(idle);
    m_slider->setEnabled(m_hasWorkspace);
}

void PruneView::startFineTune() {
    if (const auto tune = m_fineTune->settings())
        m_controller->fineTuneAt(m_slider->value(), *tune);
    else
        Q_EMIT errorMessage(tr("Fine-tune at k: the learning rate must be a number in (0, 10]"));
}

void PruneView::startPaper() {
    if (const auto tune = m_paper->settings())
        m_controller->runPaperProtocol(m_paperSteps->value(), *tune);
    else
        Q_EMIT errorMessage(tr("Paper protocol: the learning rate must be a number in (0, 10]"));
}

void PruneView::startLiu() {
    if (const auto tune = m_liu->settings())
        m_controller->runLiuProtocol(m_liuDrop->value(), *tune);
    else
        Q_EMIT errorMessage(tr("Liu et al.: the learning rate must be a number in (0, 10]"));
}

QJsonObject PruneView::formState() const {
    QJsonObject paper = m_paper->state();
    paper.insert(QStringLiteral("steps"), m_paperSteps->value());
    QJsonObject liu = m_liu->state();
    liu.insert(QStringLiteral("maxDrop"), m_liuDrop->value());
    return {{QStringLiteral("fineTune"), m_fineTune->state()},
            {QStringLiteral("paper"), paper},
            {QStringLiteral("liu"), liu}};
}

void PruneView::setFormState(const QJsonObject& state) {
    m_fineTune->setState(state.value(QStringLiteral("fineTune")).toObject());
    const QJsonObject paper = state.value(QStringLiteral("paper")).toObject();
    m_paper->setState(paper);
    if (paper.value(QStringLiteral("steps")).isDouble())
        m_paperSteps->setValue(paper.value(QStringLiteral("steps")).toInt());
    const QJsonObject liu = state.value(QStringLiteral("liu")).toObject();
    m_liu->setState(liu);
    if (liu.value(QStringLiteral("maxDrop")).isDouble())
        m_liuDrop->setValue(liu.value(QStringLiteral("maxDrop")).toDouble());
}

} // namespace bdl::app
