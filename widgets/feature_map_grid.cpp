#include "widgets/feature_map_grid.h"

#include "widgets/plot_style.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bdl::widgets {
namespace {

constexpr double kMarkPenWidth = 2.0;
// Pruned-channel outlines: a red that the viridis gradient never produces.
const QColor kMarkColor(0xFF, 0x1F, 0x5B);

// Tiles per row that make the mosaic closest to square (smallest longer side), preferring
// fewer empty tiles on ties. Tiles are separated by one blank cell.
int chooseColumns(int channels, int height, int width) {
    int best = 1;
    int bestSide = std::numeric_limits<int>::max();
    int bestEmpty = std::numeric_limits<int>::max();
    for (int columns = 1; columns <= channels; ++columns) {
        const int rows = (channels + columns - 1) / columns;
        const int side = std::max(columns * (width + 1) - 1, rows * (height + 1) - 1);
        const int empty = rows * columns - channels;
        if (side < bestSide || (side == bestSide && empty < bestEmpty)) {
            best = columns;
            bestSide = side;
            bestEmpty = empty;
        }
    }
    return best;
}

} // namespace

FeatureMapGrid::FeatureMapGrid(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("featureMapGrid"));
    QCustomPlot* plot = customPlot();
    plot->plotLayout()->clear(); // drops the default axis rect; panels bring their own
    m_scale = new QCPColorScale(plot);
    m_scale->setObjectName(QStringLiteral("colorScale"));
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(12);
    m_scale->setGradient(style::heatGradient());
    m_scale->axis()->setLabel(tr("mean activation"));
    for (int i = 0; i < kPanelCount; ++i)
        createPanel(i);
    plot->plotLayout()->addElement(1, kPanelCount, m_scale);
    auto* margins = new QCPMarginGroup(plot);
    for (Panel& panel : m_panels)
        panel.rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_panels[0].rect->axis(QCPAxis::atLeft)->setLabel(tr("channel = row + column"));
    updateColorRange();
    setDarkTheme(false);
}

FeatureMapGrid::~FeatureMapGrid() = default;

QString FeatureMapGrid::defaultTitle(int panel) {
    switch (panel) {
    case 0:
        return tr("before, clean");
    case 1:
        return tr("before, poisoned");
    case 2:
        return tr("after, clean");
    case 3:
        return tr("after, poisoned");
    default:
        return QString();
    }
}

void FeatureMapGrid::createPanel(int index) {
    QCustomPlot* plot = customPlot();
    Panel& panel = m_panels[static_cast<size_t>(index)];
    panel.title = defaultTitle(index);
    panel.titleElement = new QCPTextElement(
        plot, panel.title, QFont(font().family(), font().pointSize(), QFont::Bold));
    plot->plotLayout()->addElement(0, index, panel.titleElement);
    panel.rect = new QCPAxisRect(plot, /*setupDefaultAxes=*/true);
    plot->plotLayout()->addElement(1, index, panel.rect);
    QCPAxis* xAxis = panel.rect->axis(QCPAxis::atBottom);
    QCPAxis* yAxis = panel.rect->axis(QCPAxis::atLeft);
    yAxis->setRangeReversed(true); // map row 0 on top, as in an image
    for (QCPAxis* axis : {xAxis, yAxis}) {
        axis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        axis->setTickLength(0, 3);
        axis->setSubTicks(false);
        axis->grid()->setVisible(false);
        axis->setVisible(false);
    }
    panel.map = new QCPColorMap(xAxis, yAxis);
    panel.map->setObjectName(QStringLiteral("colorMap%1").arg(index));
    panel.rect->setObjectName(QStringLiteral("panel%1").arg(index));
    panel.map->setInterpolate(false);
    panel.map->setTightBoundary(false);
    panel.map->setColorScale(m_scale);
    panel.map->setVisible(false);
}

bool FeatureMapGrid::setMaps(int panelIndex, const QString& title, int channels, int height,
                             int width, const QVector<float>& data) {
    if (panelIndex < 0 || panelIndex >= kPanelCount || channels < 1 || height < 1 || width < 1)
        return false;
    if (static_cast<qint64>(data.size()) != static_cast<qint64>(channels) * height * width)
        return false;
    Panel& panel = m_panels[static_cast<size_t>(panelIndex)];
    panel.title = title.isEmpty() ? defaultTitle(panelIndex) : title;
    panel.channels = channels;
    panel.height = height;
    panel.width = width;
    panel.columns = chooseColumns(channels, height, width);
    panel.data = data;
    updatePanelGeometry(panel);
    updatePanelMarks(panel);
    updateColorRange();
    requestReplot();
    return true;
}

void FeatureMapGrid::clearPanel(int panelIndex) {
    if (panelIndex < 0 || panelIndex >= kPanelCount)
        return;
    Panel& panel = m_panels[static_cast<size_t>(panelIndex)];
    panel.channels = panel.height = panel.width = panel.columns = 0;
    panel.data.clear();
    updatePanelGeometry(panel);
    updatePanelMarks(panel);
    updateColorRange();
    requestReplot();
}

void FeatureMapGrid::clear() {
    for (int i = 0; i < kPanelCount; ++i)
        clearPanel(i);
}

void FeatureMapGrid::updatePanelGeometry(Panel& panel) {
    const bool present = panel.channels > 0;
    panel.titleElement->setText(present ? panel.title : tr("%1: no data").arg(panel.title));
    panel.map->setVisible(present);
    QCPAxis* xAxis = panel.rect->axis(QCPAxis::atBottom);
    QCPAxis* yAxis = panel.rect->axis(QCPAxis::atLeft);
    xAxis->setVisible(present);
    yAxis->setVisible(present);
    if (!present)
        return;

    const int rows = (panel.channels + panel.columns - 1) / panel.columns;
    const int mosaicWidth = panel.columns * (panel.width + 1) - 1;
    const int mosaicHeight = rows * (panel.height + 1) - 1;
    const int repX = style::cellsPerIndex(mosaicWidth);
    const int repY = style::cellsPerIndex(mosaicHeight);
    QCPColorMapData* map = panel.map->data();
    map->setSize(mosaicWidth * repX, mosaicHeight * repY);
    map->setRange(style::cellRange(mosaicWidth), style::cellRange(mosaicHeight));
    map->fill(kNaN); // the gaps between tiles stay blank
    for (int c = 0; c < panel.channels; ++c) {
        const int x0 = (c % panel.columns) * (panel.width + 1);
        const int y0 = (c / panel.columns) * (panel.height + 1);
        for (int y = 0; y < panel.height; ++y) {
            for (int x = 0; x < panel.width; ++x) {
                const double v = panel.data[(c * panel.height + y) * panel.width + x];
                for (int dy = 0; dy < repY; ++dy)
                    for (int dx = 0; dx < repX; ++dx)
                        map->setCell((x0 + x) * repX + dx, (y0 + y) * repY + dy,
                                     std::isfinite(v) ? v : kNaN);
            }
        }
    }
    xAxis->setRange(-0.5, mosaicWidth - 0.5);
    yAxis->setRange(-0.5, mosaicHeight - 0.5);

    auto columnTicks = xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    auto rowTicks = yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    columnTicks->clear();
    rowTicks->clear();
    for (int tc = 0; tc < panel.columns; ++tc)
        columnTicks->addTick(tc * (panel.width + 1) + (panel.width - 1) / 2.0, QString::number(tc));
    for (int row = 0; row < rows; ++row)
        rowTicks->addTick(row * (panel.height + 1) + (panel.height - 1) / 2.0,
                          QString::number(row * panel.columns));
}

void FeatureMapGrid::setPrunedChannels(const QVector<int>& channels) {
    m_pruned = channels;
    std::sort(m_pruned.begin(), m_pruned.end());
    m_pruned.erase(std::unique(m_pruned.begin(), m_pruned.end()), m_pruned.end());
    for (Panel& panel : m_panels)
        updatePanelMarks(panel);
    requestReplot();
}

void FeatureMapGrid::updatePanelMarks(Panel& panel) {
    QCustomPlot* plot = customPlot();
    QCPAxis* xAxis = panel.rect->axis(QCPAxis::atBottom);
    QCPAxis* yAxis = panel.rect->axis(QCPAxis::atLeft);
    panel.usedMarks = 0;
    for (int channel : m_pruned) {
        if (channel < 0 || channel >= panel.channels)
            continue;
        if (panel.usedMarks == panel.marks.size()) {
            auto* mark = new QCPItemRect(plot);
            mark->setClipAxisRect(panel.rect);
            mark->topLeft->setAxes(xAxis, yAxis);
            mark->bottomRight->setAxes(xAxis, yAxis);
            mark->setBrush(Qt::NoBrush);
            mark->setSelectable(false);
            mark->setPen(QPen(kMarkColor, kMarkPenWidth));
            panel.marks.append(mark);
        }
        QCPItemRect* mark = panel.marks[panel.usedMarks++];
        const double x0 = (channel % panel.columns) * (panel.width + 1);
        const double y0 = (channel / panel.columns) * (panel.height + 1);
        mark->topLeft->setCoords(x0 - 0.5, y0 - 0.5);
        mark->bottomRight->setCoords(x0 + panel.width - 0.5, y0 + panel.height - 0.5);
        mark->setVisible(true);
    }
    for (int i = panel.usedMarks; i < panel.marks.size(); ++i)
        panel.marks[i]->setVisible(false);
}

int FeatureMapGrid::prunedMarkCount(int panel) const {
    return panel >= 0 && panel < kPanelCount ? m_panels[static_cast<size_t>(panel)].usedMarks : 0;
}

void FeatureMapGrid::updateColorRange() {
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const Panel& panel : m_panels) {
        for (float v : panel.data) {
            if (std::isfinite(v)) {
                low = std::min(low, static_cast<double>(v));
                high = std::max(high, static_cast<double>(v));
            }
        }
    }
    if (!std::isfinite(low)) {
        low = 0.0;
        high = 1.0;
    } else if (high <= low) {
        low -= 0.5;
        high += 0.5;
    }
    m_range = {low, high};
    m_scale->setDataRange(QCPRange(low, high)); // propagates to every panel's map
}

bool FeatureMapGrid::hasMaps(int panel) const {
    return panel >= 0 && panel < kPanelCount && m_panels[static_cast<size_t>(panel)].channels > 0;
}

QString FeatureMapGrid::panelTitle(int panel) const {
    return panel >= 0 && panel < kPanelCount ? m_panels[static_cast<size_t>(panel)].title
                                             : QString();
}

int FeatureMapGrid::tileColumns(int panel) const {
    return panel >= 0 && panel < kPanelCount ? m_panels[static_cast<size_t>(panel)].columns : 0;
}

std::pair<double, double> FeatureMapGrid::colorRange() const { return m_range; }

bool FeatureMapGrid::validCell(int panelIndex, int channel, int y, int x) const {
    if (!hasMaps(panelIndex))
        return false;
    const Panel& panel = m_panels[static_cast<size_t>(panelIndex)];
    return channel >= 0 && channel < panel.channels && y >= 0 && y < panel.height && x >= 0 &&
           x < panel.width;
}

double FeatureMapGrid::mapValue(int panelIndex, int channel, int y, int x) const {
    if (!validCell(panelIndex, channel, y, x))
        return kNaN;
    const Panel& panel = m_panels[static_cast<size_t>(panelIndex)];
    return panel.data[(channel * panel.height + y) * panel.width + x];
}

QPoint FeatureMapGrid::cellCenter(int panelIndex, int channel, int y, int x) const {
    if (!validCell(panelIndex, channel, y, x))
        return {-1, -1};
    const Panel& panel = m_panels[static_cast<size_t>(panelIndex)];
    const double mx = (channel % panel.columns) * (panel.width + 1) + x;
    const double my = (channel / panel.columns) * (panel.height + 1) + y;
    return QPointF(panel.rect->axis(QCPAxis::atBottom)->coordToPixel(mx),
                   panel.rect->axis(QCPAxis::atLeft)->coordToPixel(my))
        .toPoint();
}

std::optional<FeatureMapHit> FeatureMapGrid::hitAt(const QPoint& pos) const {
    for (int i = 0; i < kPanelCount; ++i) {
        const Panel& panel = m_panels[static_cast<size_t>(i)];
        if (panel.channels == 0 || !panel.rect->rect().contains(pos))
            continue;
        const int mx = static_cast<int>(
            std::floor(panel.rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x()) + 0.5));
        const int my = static_cast<int>(
            std::floor(panel.rect->axis(QCPAxis::atLeft)->pixelToCoord(pos.y()) + 0.5));
        if (mx < 0 || my < 0)
            return std::nullopt;
        const int x = mx % (panel.width + 1);
        const int y = my % (panel.height + 1);
        if (x == panel.width || y == panel.height)
            return std::nullopt; // the blank gap between tiles
        const int channel = (my / (panel.height + 1)) * panel.columns + mx / (panel.width + 1);
        if (mx / (panel.width + 1) >= panel.columns || !validCell(i, channel, y, x))
            return std::nullopt;
        return FeatureMapHit{i, channel, y, x};
    }
    return std::nullopt;
}

QString FeatureMapGrid::toolTipForCell(int panelIndex, int channel, int y, int x) const {
    if (!validCell(panelIndex, channel, y, x))
        return QString();
    const bool pruned = std::binary_search(m_pruned.cbegin(), m_pruned.cend(), channel);
    QStringList lines;
    lines << m_panels[static_cast<size_t>(panelIndex)].title;
    lines << (pruned ? tr("channel %1 (pruned)").arg(channel) : tr("channel %1").arg(channel));
    lines << tr("row %1, column %2").arg(y).arg(x);
    lines << tr("mean activation %1").arg(style::valueText(mapValue(panelIndex, channel, y, x)));
    return lines.join(QLatin1Char('\n'));
}

QString FeatureMapGrid::toolTipAt(const QPoint& pos) const {
    const std::optional<FeatureMapHit> hit = hitAt(pos);
    return hit ? toolTipForCell(hit->panel, hit->channel, hit->y, hit->x) : QString();
}

} // namespace bdl::widgets
