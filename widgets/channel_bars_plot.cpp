#include "widgets/channel_bars_plot.h"

#include "widgets/plot_style.h"

#include <algorithm>
#include <cmath>

namespace bdl::widgets {
namespace {

constexpr double kBarOffset = 0.2;
constexpr double kBarWidth = 0.4;
constexpr int kMaxTickLabels = 40;
// The divider label sits near the top, just left of the divider.
constexpr double kDividerLabelHeight = 0.02;

} // namespace

ChannelBarsPlot::ChannelBarsPlot(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("channelBarsPlot"));
    QCustomPlot* plot = customPlot();
    plot->xAxis->setLabel(tr("channel id, in pruning order (lowest clean activation first)"));
    plot->yAxis->setLabel(tr("mean activation"));
    auto ticks = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    plot->xAxis->setTicker(ticks);
    plot->xAxis->setTickLabelRotation(-90);
    plot->xAxis->setSubTicks(false);
    plot->xAxis->grid()->setVisible(false);

    auto makeBars = [plot](const QString& name, const char* objectName) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setObjectName(QLatin1String(objectName));
        bars->setName(name);
        bars->setWidth(kBarWidth);
        return bars;
    };
    m_cleanKept = makeBars(tr("clean"), "cleanBars");
    m_poisonedKept = makeBars(tr("poisoned"), "poisonedBars");
    m_cleanPruned = makeBars(tr("clean, pruned"), "cleanPrunedBars");
    m_poisonedPruned = makeBars(tr("poisoned, pruned"), "poisonedPrunedBars");

    m_divider = new QCPItemStraightLine(plot);
    m_divider->setObjectName(QStringLiteral("prunedDivider"));
    m_divider->setSelectable(false);
    m_dividerLabel = new QCPItemText(plot);
    m_dividerLabel->setSelectable(false);
    m_dividerLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_dividerLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_dividerLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    m_dividerLabel->setPadding(QMargins(4, 4, 4, 4));

    // The legend goes in a row above the axis rect: inside it would hide the pruned channels,
    // where a backdoor's poisoned activations stand out.
    plot->legend->setVisible(true);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);

    clear();
    setDarkTheme(false);
}

ChannelBarsPlot::~ChannelBarsPlot() = default;

bool ChannelBarsPlot::setData(const QVector<int>& rankOrder, const QVector<double>& cleanMeans,
                              const QVector<double>& poisonedMeans) {
    const int channels = static_cast<int>(rankOrder.size());
    if (cleanMeans.size() != channels ||
        (!poisonedMeans.isEmpty() && poisonedMeans.size() != channels))
        return false;
    QVector<int> rankOf(channels, -1);
    for (int r = 0; r < channels; ++r) {
        const int channel = rankOrder[r];
        if (channel < 0 || channel >= channels || rankOf[channel] != -1)
            return false; // not a permutation
        rankOf[channel] = r;
    }
    m_rank = rankOrder;
    m_rankOf = rankOf;
    m_clean = cleanMeans;
    m_poisoned = poisonedMeans;
    m_pruned = std::clamp(m_pruned, 0, channels);
    updateTicks();
    updateBars();
    return true;
}

void ChannelBarsPlot::clear() {
    m_rank.clear();
    m_rankOf.clear();
    m_clean.clear();
    m_poisoned.clear();
    m_pruned = 0;
    updateTicks();
    updateBars();
}

void ChannelBarsPlot::setPrunedCount(int k) {
    k = std::clamp(k, 0, channelCount());
    if (k == m_pruned)
        return;
    m_pruned = k;
    updateBars();
}

bool ChannelBarsPlot::isChannelPruned(int channel) const {
    return channel >= 0 && channel < m_rankOf.size() && m_rankOf[channel] < m_pruned;
}

void ChannelBarsPlot::updateTicks() {
    auto ticks = customPlot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    ticks->clear();
    const int channels = channelCount();
    const int step = std::max(1, (channels + kMaxTickLabels - 1) / kMaxTickLabels);
    for (int r = 0; r < channels; r += step)
        ticks->addTick(r, QString::number(m_rank[r]));
}

void ChannelBarsPlot::updateBars() {
    const int channels = channelCount();
    QVector<double> cleanKeys[2], cleanValues[2], poisonedKeys[2], poisonedValues[2]; // [pruned]
    double low = 0.0;
    double high = 0.0;
    for (int r = 0; r < channels; ++r) {
        const int channel = m_rank[r];
        const int pruned = r < m_pruned ? 1 : 0;
        cleanKeys[pruned].append(r - kBarOffset);
        cleanValues[pruned].append(m_clean[channel]);
        low = std::min(low, m_clean[channel]);
        high = std::max(high, m_clean[channel]);
        if (!m_poisoned.isEmpty()) {
            poisonedKeys[pruned].append(r + kBarOffset);
            poisonedValues[pruned].append(m_poisoned[channel]);
            low = std::min(low, m_poisoned[channel]);
            high = std::max(high, m_poisoned[channel]);
        }
    }
    m_cleanKept->setData(cleanKeys[0], cleanValues[0], true);
    m_cleanPruned->setData(cleanKeys[1], cleanValues[1], true);
    m_poisonedKept->setData(poisonedKeys[0], poisonedValues[0], true);
    m_poisonedPruned->setData(poisonedKeys[1], poisonedValues[1], true);
    m_poisonedKept->addToLegend();
    if (m_poisoned.isEmpty())
        m_poisonedKept->removeFromLegend();
    m_poisonedPruned->removeFromLegend();
    m_cleanPruned->removeFromLegend();
    if (m_pruned > 0) {
        m_cleanPruned->addToLegend();
        if (!m_poisoned.isEmpty())
            m_poisonedPruned->addToLegend();
    }

    QCustomPlot* plot = customPlot();
    plot->xAxis->setRange(-0.6, std::max(1, channels) - 0.4);
    if (!std::isfinite(low) || !std::isfinite(high) || high <= low)
        high = low + 1.0;
    plot->yAxis->setRange(std::min(0.0, low * 1.05), high * 1.05);

    const bool divided = m_pruned > 0 && m_pruned <= channels;
    m_divider->setVisible(divided);
    m_dividerLabel->setVisible(divided);
    m_divider->point1->setCoords(m_pruned - 0.5, 0.0);
    m_divider->point2->setCoords(m_pruned - 0.5, 1.0);
    m_dividerLabel->position->setCoords(m_pruned - 0.5, kDividerLabelHeight);
    m_dividerLabel->setText(tr("%1 pruned").arg(m_pruned));
    requestReplot();
}

void ChannelBarsPlot::applyTheme(bool dark) {
    const QColor clean = style::accuracyColor(dark);
    const QColor poisoned = style::seriesColor(0, dark);
    const QColor fg = style::foreground(dark);
    m_cleanKept->setPen(QPen(clean.darker(120)));
    m_cleanKept->setBrush(clean);
    m_poisonedKept->setPen(QPen(poisoned.darker(120)));
    m_poisonedKept->setBrush(poisoned);
    // Pruned bars: light grey (clean) and dark grey (poisoned), apart in greyscale prints too.
    const QColor lightGrey = dark ? QColor(0x9A, 0x9A, 0x9A) : QColor(0xC8, 0xC8, 0xC8);
    const QColor darkGrey = dark ? QColor(0x5E, 0x5E, 0x5E) : QColor(0x70, 0x70, 0x70);
    m_cleanPruned->setPen(QPen(lightGrey.darker(120)));
    m_cleanPruned->setBrush(lightGrey);
    m_poisonedPruned->setPen(QPen(darkGrey.darker(120)));
    m_poisonedPruned->setBrush(darkGrey);
    m_divider->setPen(QPen(fg, 1.5, Qt::DashLine));
    m_dividerLabel->setColor(fg);
}

int ChannelBarsPlot::rankAt(const QPoint& pos) const {
    const QCustomPlot* plot = customPlot();
    if (!plot->axisRect()->rect().contains(pos))
        return -1;
    const int rank = static_cast<int>(std::floor(plot->xAxis->pixelToCoord(pos.x()) + 0.5));
    return rank >= 0 && rank < channelCount() ? rank : -1;
}

QString ChannelBarsPlot::toolTipForRank(int rank) const {
    if (rank < 0 || rank >= channelCount())
        return QString();
    const int channel = m_rank[rank];
    QStringList lines;
    lines << tr("channel %1 (rank %2 of %3)").arg(channel).arg(rank).arg(channelCount());
    lines << tr("clean mean %1").arg(style::valueText(m_clean[channel]));
    if (!m_poisoned.isEmpty())
        lines << tr("poisoned mean %1").arg(style::valueText(m_poisoned[channel]));
    lines << (rank < m_pruned ? tr("pruned") : tr("kept"));
    return lines.join(QLatin1Char('\n'));
}

QString ChannelBarsPlot::toolTipAt(const QPoint& pos) const { return toolTipForRank(rankAt(pos)); }

QByteArray ChannelBarsPlot::toCsv() const {
    QString csv = QStringLiteral("rank,channel,clean_mean,poisoned_mean,pruned\n");
    for (int r = 0; r < channelCount(); ++r) {
        const int channel = m_rank[r];
        const double poisoned = m_poisoned.isEmpty() ? std::nan("") : m_poisoned[channel];
        csv += QStringList{QString::number(r), QString::number(channel),
                           style::exactNumber(m_clean[channel]), style::exactNumber(poisoned),
                           QString::number(r < m_pruned ? 1 : 0)}
                   .join(QLatin1Char(',')) +
               QLatin1Char('\n');
    }
    return csv.toUtf8();
}

} // namespace bdl::widgets
