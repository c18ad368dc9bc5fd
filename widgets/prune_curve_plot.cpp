#include "widgets/prune_curve_plot.h"

#include "widgets/plot_style.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QLabel>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdl::widgets {
namespace {

// The value axis shows 0..100 with a little room so that points at 0 % and 100 % (a working
// backdoor) are not cut in half by the axis rect.
constexpr double kValueAxisMin = -2.0;
constexpr double kValueAxisMax = 102.0;
constexpr double kValueTickStep = 20.0;
constexpr double kCurveLineWidth = 2.0;
constexpr double kScatterSize = 5.0;

} // namespace

PruneCurvePlot::PruneCurvePlot(QWidget* parent) : PlotWidget(parent), m_readout(new QLabel(this)) {
    setObjectName(QStringLiteral("pruneCurvePlot"));
    QCustomPlot* plot = customPlot();

    plot->xAxis->setLabel(tr("channels pruned"));
    QSharedPointer<QCPAxisTickerFixed> integerTicks(new QCPAxisTickerFixed);
    integerTicks->setTickStep(1.0);
    integerTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot->xAxis->setTicker(integerTicks);
    plot->xAxis2->setVisible(true);
    plot->xAxis2->setTickLabels(true);
    plot->xAxis2->setLabel(tr("channels pruned (% of the layer)"));

    plot->yAxis->setLabel(tr("accuracy / attack success (%)"));
    QSharedPointer<QCPAxisTickerFixed> percentTicks(new QCPAxisTickerFixed);
    percentTicks->setTickStep(kValueTickStep);
    percentTicks->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    plot->yAxis->setTicker(percentTicks);
    plot->yAxis->setRange(kValueAxisMin, kValueAxisMax);

    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);

    m_ccaGraph = plot->addGraph();
    m_ccaGraph->setObjectName(QStringLiteral("ccaGraph"));
    m_ccaGraph->setName(tr("clean accuracy (CCA)"));
    m_ccaGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, kScatterSize));

    // The marker lives on its own buffered layer: moving it repaints that layer only.
    plot->addLayer(QStringLiteral("marker"), plot->layer(QStringLiteral("main")),
                   QCustomPlot::limAbove);
    m_markerLayer = plot->layer(QStringLiteral("marker"));
    m_markerLayer->setMode(QCPLayer::lmBuffered);
    m_markerLine = new QCPItemStraightLine(plot);
    m_markerLine->setObjectName(QStringLiteral("markerLine"));
    m_markerLine->setLayer(m_markerLayer);
    m_markerLine->setVisible(false);
    m_markerLine->setSelectable(false);

    m_readout->setObjectName(QStringLiteral("readout"));
    m_readout->setContentsMargins(6, 0, 6, 2);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Ignored width: a longer readout must not re-layout the plot at slider rate.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    plotLayout()->addWidget(m_readout);

    setup(1, QStringList());
    setDarkTheme(false);
}

PruneCurvePlot::~PruneCurvePlot() = default;

void PruneCurvePlot::setup(int totalChannels, const QStringList& poisonedNames) {
    m_totalChannels = std::max(1, totalChannels);
    m_names = poisonedNames;
    m_points.clear();
    m_marker = -1;
    createGraphs();
    rebuildGraphData();
    updateAxes();
    m_markerLine->setVisible(false);
    updateReadout();
    requestReplot();
}

void PruneCurvePlot::createGraphs() {
    QCustomPlot* plot = customPlot();
    while (m_asrGraphs.size() > m_names.size())
        plot->removeGraph(m_asrGraphs.takeLast());
    while (m_asrGraphs.size() < m_names.size()) {
        QCPGraph* graph = plot->addGraph();
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kScatterSize));
        graph->setObjectName(QStringLiteral("asrGraph%1").arg(m_asrGraphs.size()));
        m_asrGraphs.append(graph);
    }
    for (int i = 0; i < m_names.size(); ++i)
        m_asrGraphs[i]->setName(tr("attack success (ASR), %1").arg(m_names[i]));
    applyTheme(isDarkTheme());
}

void PruneCurvePlot::applyTheme(bool dark) {
    m_ccaGraph->setPen(QPen(style::accuracyColor(dark), kCurveLineWidth));
    for (int i = 0; i < m_asrGraphs.size(); ++i)
        m_asrGraphs[i]->setPen(QPen(style::seriesColor(i, dark), kCurveLineWidth, Qt::DashLine));
    QColor markerColor = style::foreground(dark);
    markerColor.setAlpha(160);
    m_markerLine->setPen(QPen(markerColor, 1.5, Qt::SolidLine));
}

void PruneCurvePlot::updateAxes() {
    QCustomPlot* plot = customPlot();
    const double pad = std::max(0.5, 0.01 * m_totalChannels);
    plot->xAxis->setRange(-pad, m_totalChannels + pad);
    const double toPercent = 100.0 / m_totalChannels;
    plot->xAxis2->setRange(-pad * toPercent, (m_totalChannels + pad) * toPercent);
}

void PruneCurvePlot::rebuildGraphData() {
    QVector<double> keys;
    QVector<double> cca;
    keys.reserve(m_points.size());
    cca.reserve(m_points.size());
    for (const PrunePoint& p : m_points) {
        keys.append(p.k);
        cca.append(p.cca);
    }
    m_ccaGraph->setData(keys, cca, /*alreadySorted=*/true);
    for (int set = 0; set < m_asrGraphs.size(); ++set) {
        QVector<double> asr;
        asr.reserve(m_points.size());
        for (const PrunePoint& p : m_points)
            asr.append(p.asr.value(set, kNaN));
        m_asrGraphs[set]->setData(keys, asr, /*alreadySorted=*/true);
    }
}

int PruneCurvePlot::indexOfK(int k) const {
    const auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), k,
                                     [](const PrunePoint& p, int key) { return p.k < key; });
    return static_cast<int>(it - m_points.cbegin());
}

void PruneCurvePlot::addPoint(int k, double cca, const QVector<double>& asr) {
    PrunePoint point{k, cca, asr};
    point.asr.resize(m_names.size()); // truncates extra values; missing ones become NaN below
    for (int i = asr.size(); i < m_names.size(); ++i)
        point.asr[i] = kNaN;

    const int index = indexOfK(k);
    if (index == m_points.size()) {
        m_points.append(point);
        m_ccaGraph->addData(k, cca);
        for (int set = 0; set < m_asrGraphs.size(); ++set)
            m_asrGraphs[set]->addData(k, point.asr[set]);
    } else {
        if (m_points[index].k == k)
            m_points[index] = point;
        else
            m_points.insert(index, point);
        rebuildGraphData();
    }
    if (k == m_marker)
        updateReadout();
    requestReplot();
}

void PruneCurvePlot::setPoints(const QVector<PrunePoint>& points) {
    m_points.clear();
    QVector<PrunePoint> sorted = points;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const PrunePoint& a, const PrunePoint& b) { return a.k < b.k; });
    for (PrunePoint p : sorted) {
        const int given = p.asr.size();
        p.asr.resize(m_names.size());
        for (int i = given; i < m_names.size(); ++i)
            p.asr[i] = kNaN;
        if (!m_points.isEmpty() && m_points.last().k == p.k)
            m_points.last() = p;
        else
            m_points.append(p);
    }
    rebuildGraphData();
    updateReadout();
    requestReplot();
}

void PruneCurvePlot::clear() {
    m_points.clear();
    m_marker = -1;
    m_markerLine->setVisible(false);
    rebuildGraphData();
    updateReadout();
    requestReplot();
}

std::optional<PrunePoint> PruneCurvePlot::pointAt(int k) const {
    const int index = indexOfK(k);
    if (index < m_points.size() && m_points[index].k == k)
        return m_points[index];
    return std::nullopt;
}

void PruneCurvePlot::setMarker(int k) {
    k = std::min(k, m_totalChannels);
    if (k < 0)
        k = -1;
    if (k == m_marker)
        return;
    m_marker = k;
    m_markerLine->setVisible(k >= 0);
    if (k >= 0) {
        m_markerLine->point1->setCoords(k, 0.0);
        m_markerLine->point2->setCoords(k, 1.0);
    }
    updateReadout();
    m_markerLayer->replot();
}

QString PruneCurvePlot::readoutText() const { return m_readout->text(); }

double PruneCurvePlot::percentOf(int k) const { return 100.0 * k / m_totalChannels; }

QString PruneCurvePlot::pointText(const PrunePoint& point, const QString& separator) const {
    QStringList parts;
    parts << tr("%1 of %2 channels pruned (%3)")
                 .arg(point.k)
                 .arg(m_totalChannels)
                 .arg(style::percentText(percentOf(point.k)));
    parts << tr("CCA %1").arg(style::percentText(point.cca));
    for (int i = 0; i < m_names.size(); ++i)
        parts << tr("ASR %1 %2").arg(m_names[i], style::percentText(point.asr.value(i, kNaN)));
    return parts.join(separator);
}

void PruneCurvePlot::updateReadout() {
    if (m_marker < 0) {
        m_readout->setText(QString());
        return;
    }
    const std::optional<PrunePoint> point = pointAt(m_marker);
    if (point) {
        m_readout->setText(pointText(*point, QStringLiteral("  \u00b7  ")));
    } else {
        m_readout->setText(tr("%1 of %2 channels pruned (%3): no result yet")
                               .arg(m_marker)
                               .arg(m_totalChannels)
                               .arg(style::percentText(percentOf(m_marker))));
    }
}

QString PruneCurvePlot::toolTipForK(int k) const {
    const std::optional<PrunePoint> point = pointAt(k);
    return point ? pointText(*point, QStringLiteral("\n")) : QString();
}

QString PruneCurvePlot::toolTipAt(const QPoint& pos) const {
    const QCustomPlot* plot = customPlot();
    if (m_points.isEmpty() || !plot->axisRect()->rect().contains(pos))
        return QString();
    const double key = plot->xAxis->pixelToCoord(pos.x());
    const auto it = std::lower_bound(m_points.cbegin(), m_points.cend(), key,
                                     [](const PrunePoint& p, double x) { return p.k < x; });
    auto nearest = it;
    if (it == m_points.cend() || (it != m_points.cbegin() && key - (it - 1)->k < it->k - key))
        nearest = it - 1;
    return toolTipForK(nearest->k);
}

QByteArray PruneCurvePlot::toCsv() const {
    QStringList header{QStringLiteral("channels_pruned"), QStringLiteral("percent_pruned"),
                       QStringLiteral("cca")};
    for (const QString& name : m_names)
        header << style::csvField(QStringLiteral("asr_") + name);
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (const PrunePoint& p : m_points) {
        QStringList row{QString::number(p.k), style::exactNumber(percentOf(p.k)),
                        style::exactNumber(p.cca)};
        for (int i = 0; i < m_names.size(); ++i)
            row << style::exactNumber(p.asr.value(i, kNaN));
        csv += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv.toUtf8();
}

QByteArray PruneCurvePlot::toJson() const {
    QJsonArray points;
    for (const PrunePoint& p : m_points) {
        QJsonArray asr;
        for (int i = 0; i < m_names.size(); ++i)
            asr.append(style::jsonNumber(p.asr.value(i, kNaN)));
        points.append(
            QJsonObject{{QStringLiteral("channels_pruned"), p.k},
                        {QStringLiteral("percent_pruned"), style::jsonNumber(percentOf(p.k))},
                        {QStringLiteral("cca"), style::jsonNumber(p.cca)},
                        {QStringLiteral("asr"), asr}});
    }
    const QJsonObject root{{QStringLiteral("total_channels"), m_totalChannels},
                           {QStringLiteral("poisoned_sets"), QJsonArray::fromStringList(m_names)},
                           {QStringLiteral("points"), points}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace bdl::widgets
