#include "widgets/entropy_histogram_plot.h"

#include "widgets/plot_style.h"

#include <QtCore/QLocale>
#include <QtGui/QMouseEvent>

#include <algorithm>
#include <array>
#include <cmath>

namespace bdl::widgets {
namespace {

// The bars of one bin fill this share of the (narrowest) bin; the rest separates the bins.
constexpr double kBinFill = 0.9;
// Mouse within this many pixels of the line grabs it.
constexpr int kGrabPixels = 6;
// A press and release closer than this (Manhattan, pixels) is a click.
constexpr int kBinClickSlopPixels = 4;
// Bars lower than this still take clicks over this height (pixels), so 0.1 % bars are reachable.
constexpr int kMinBinHitPixels = 4;
constexpr double kLinePenWidth = 2.0;
constexpr double kSelectionPenWidth = 2.5;

// Clean sets in cool colours, poisoned ones in warm colours (Okabe-Ito where it has them).
QColor coolColor(int index, bool dark) {
    static const std::array<QColor, 4> kLight = {QColor(0x00, 0x72, 0xB2), QColor(0x00, 0x9E, 0x73),
                                                 QColor(0x56, 0xB4, 0xE9),
                                                 QColor(0x3B, 0x4C, 0x8C)};
    static const std::array<QColor, 4> kDark = {QColor(0x56, 0xB4, 0xE9), QColor(0x2E, 0xD1, 0x9C),
                                                QColor(0x9C, 0xD7, 0xF5), QColor(0x8A, 0x9B, 0xE0)};
    const auto& colors = dark ? kDark : kLight;
    return colors[static_cast<size_t>(index) % colors.size()];
}

QColor warmColor(int index, bool dark) {
    static const std::array<QColor, 4> kLight = {QColor(0xD5, 0x5E, 0x00), QColor(0xE6, 0x9F, 0x00),
                                                 QColor(0xCC, 0x79, 0xA7),
                                                 QColor(0xA5, 0x1C, 0x30)};
    static const std::array<QColor, 4> kDark = {QColor(0xFF, 0x7F, 0x2A), QColor(0xF0, 0xE4, 0x42),
                                                QColor(0xE6, 0x9F, 0xC8), QColor(0xFF, 0x5C, 0x6C)};
    const auto& colors = dark ? kDark : kLight;
    return colors[static_cast<size_t>(index) % colors.size()];
}

bool validEdges(const QVector<double>& edges) {
    if (edges.size() < 2)
        return false;
    for (int i = 0; i < edges.size(); ++i) {
        if (!std::isfinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1]))
            return false;
    }
    return true;
}

QString number(double value) { return QLocale::c().toString(value, 'g', 4); }

} // namespace

EntropyHistogramPlot::EntropyHistogramPlot(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("entropyHistogramPlot"));
    QCustomPlot* plot = customPlot();
    plot->xAxis->setLabel(tr("entropy (bits)"));
    plot->yAxis->setLabel(tr("% of set"));
    plot->xAxis->grid()->setVisible(false);

    // The legend sits in a row above the axis rect: inside, it would hide the clean sets' bars.
    plot->legend->setVisible(true);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);

    // The line, its label and the selection outline live on their own buffered layer: dragging
    // the line repaints that layer only, not the bars.
    plot->addLayer(QStringLiteral("marker"), plot->layer(QStringLiteral("main")),
                   QCustomPlot::limAbove);
    m_markerLayer = plot->layer(QStringLiteral("marker"));
    m_markerLayer->setMode(QCPLayer::lmBuffered);

    m_selectionFrame = new QCPItemRect(plot);
    m_selectionFrame->setObjectName(QStringLiteral("selectionFrame"));
    m_selectionFrame->setLayer(m_markerLayer);
    m_selectionFrame->setSelectable(false);
    m_selectionFrame->setBrush(Qt::NoBrush);
    m_selectionFrame->setVisible(false);

    m_line = new QCPItemStraightLine(plot);
    m_line->setObjectName(QStringLiteral("thresholdLine"));
    m_line->setLayer(m_markerLayer);
    m_line->setSelectable(false);
    m_line->setVisible(false);

    m_label = new QCPItemText(plot);
    m_label->setObjectName(QStringLiteral("thresholdLabel"));
    m_label->setLayer(m_markerLayer);
    m_label->setSelectable(false);
    m_label->setClipToAxisRect(true);
    m_label->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_label->setPadding(QMargins(4, 2, 4, 2));
    m_label->setVisible(false);
    // The label's side and line breaks depend on the axis rect's size in pixels: placed again
    // after every layout (a resize, a new range), before the plot draws.
    connect(plot, &QCustomPlot::afterLayout, this, [this] { placeThresholdLabel(); });

    updateAxes();
    setDarkTheme(false);
}

EntropyHistogramPlot::~EntropyHistogramPlot() = default;

void EntropyHistogramPlot::setHistogram(const QVector<double>& edges,
                                        const QVector<HistogramSeries>& series) {
    m_edges = validEdges(edges) ? edges : QVector<double>();
    m_series = series;
    const int bins = binCount();
    for (HistogramSeries& s : m_series) {
        const int given = static_cast<int>(s.counts.size());
        s.counts.resize(bins);
        for (int b = given; b < bins; ++b)
            s.counts[b] = 0;
    }
    if (m_selected && (m_selected->series >= seriesCount() || m_selected->bin >= bins))
        m_selected.reset();
    syncBars();
    updateBarData();
    updateAxes();
    updateThresholdItems();
    updateSelectionFrame();
    requestReplot();
}

void EntropyHistogramPlot::clear() { setHistogram(m_edges, {}); }

void EntropyHistogramPlot::syncBars() {
    QCustomPlot* plot = customPlot();
    while (m_bars.size() > m_series.size())
        plot->removePlottable(m_bars.takeLast());
    while (m_bars.size() < m_series.size()) {
        auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
        bars->setObjectName(QStringLiteral("bars%1").arg(m_bars.size()));
        bars->setSelectable(QCP::stNone);
        m_bars.append(bars);
    }
    for (int s = 0; s < m_series.size(); ++s)
        m_bars[s]->setName(m_series[s].name);
    applyTheme(isDarkTheme());
}

double EntropyHistogramPlot::binCenter(int bin) const {
    return 0.5 * (m_edges[bin] + m_edges[bin + 1]);
}

double EntropyHistogramPlot::barWidth() const {
    if (binCount() == 0 || m_series.isEmpty())
        return 0.0;
    double narrowest = m_edges[1] - m_edges[0];
    for (int b = 1; b < binCount(); ++b)
        narrowest = std::min(narrowest, m_edges[b + 1] - m_edges[b]);
    return kBinFill * narrowest / seriesCount();
}

double EntropyHistogramPlot::barKey(int series, int bin) const {
    return binCenter(bin) + (series - 0.5 * (seriesCount() - 1)) * barWidth();
}

void EntropyHistogramPlot::updateBarData() {
    const double width = barWidth();
    for (int s = 0; s < m_series.size(); ++s) {
        QVector<double> keys;
        QVector<double> values;
        keys.reserve(binCount());
        values.reserve(binCount());
        for (int b = 0; b < binCount(); ++b) {
            keys.append(barKey(s, b));
            values.append(percentAt(s, b));
        }
        m_bars[s]->setWidth(width);
        m_bars[s]->setData(keys, values, /*alreadySorted=*/true);
    }
}

void EntropyHistogramPlot::updateAxes() {
    QCustomPlot* plot = customPlot();
    if (binCount() > 0) {
        const double pad = 0.02 * (m_edges.last() - m_edges.first());
        plot->xAxis->setRange(m_edges.first() - pad, m_edges.last() + pad);
    } else {
        plot->xAxis->setRange(0.0, 1.0);
    }
    double highest = 0.0;
    for (int s = 0; s < seriesCount(); ++s)
        for (int b = 0; b < binCount(); ++b)
            highest = std::max(highest, percentAt(s, b));
    plot->yAxis->setRange(0.0, highest > 0.0 ? std::min(100.0, highest * 1.1) : 10.0);
    if (highest >= 100.0)
        plot->yAxis->setRange(0.0, 102.0);
}

qint64 EntropyHistogramPlot::countAt(int series, int bin) const {
    if (series < 0 || series >= seriesCount() || bin < 0 || bin >= binCount())
        return 0;
    return m_series[series].counts[bin];
}

double EntropyHistogramPlot::percentAt(int series, int bin) const {
    if (series < 0 || series >= seriesCount() || bin < 0 || bin >= binCount())
        return kNaN;
    const HistogramSeries& s = m_series[series];
    return s.total > 0 ? 100.0 * static_cast<double>(s.counts[bin]) / static_cast<double>(s.total)
                       : 0.0;
}

void EntropyHistogramPlot::setThreshold(double entropy, const QString& label) {
    m_threshold = entropy;
    m_thresholdLabel = label;
    updateThresholdItems();
    m_markerLayer->replot();
}

QString EntropyHistogramPlot::thresholdLabel() const {
    // The text as given, whether or not it is drawn on two lines.
    return m_label->visible()
               ? QString(m_label->text()).replace(QLatin1Char('\n'), QLatin1Char(' '))
               : QString();
}

void EntropyHistogramPlot::setThresholdDraggable(bool draggable) {
    m_draggable = draggable;
    if (!draggable) {
        m_dragging = false;
        customPlot()->unsetCursor();
    }
}

void EntropyHistogramPlot::updateThresholdItems() {
    const bool shown = std::isfinite(m_threshold);
    m_line->setVisible(shown);
    m_label->setVisible(shown);
    if (!shown)
        return;
    m_line->point1->setCoords(m_threshold, 0.0);
    m_line->point2->setCoords(m_threshold, 1.0);
    placeThresholdLabel();
}

void EntropyHistogramPlot::placeThresholdLabel() {
    if (!std::isfinite(m_threshold))
        return;
    const QString text =
        m_thresholdLabel.isEmpty() ? tr("threshold %1").arg(number(m_threshold)) : m_thresholdLabel;
    // The label goes on the side of the line with more room; when it is wider than that room
    // (a narrow plot), it breaks after its colon ("normal fit, FRR 1 %:" over "0.214").
    const QCPRange range = customPlot()->xAxis->range();
    const bool rightHalf = m_threshold > range.center();
    const QRect rect = customPlot()->axisRect()->rect();
    const double px = customPlot()->xAxis->coordToPixel(m_threshold);
    const double room = rightHalf ? px - rect.left() : rect.right() - px;
    const QFontMetrics metrics(m_label->font());
    QString drawn = text;
    if (rect.width() > 0 && metrics.horizontalAdvance(text) + 12 > room)
        drawn.replace(QStringLiteral(": "), QStringLiteral(":\n"));
    m_label->setText(drawn);
    m_label->setPositionAlignment((rightHalf ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
    // Still wider than its side: slide it along the line's side until it is inside the rect.
    const QMargins pad = m_label->padding();
    const double width =
        metrics.boundingRect(QRect(), 0, drawn).width() + pad.left() + pad.right() + 2;
    double x = px;
    if (rect.width() > 0) {
        if (rightHalf && px - width < rect.left())
            x = rect.left() + width;
        else if (!rightHalf && px + width > rect.right())
            x = rect.right() - width;
    }
    m_label->position->setCoords(x == px ? m_threshold : customPlot()->xAxis->pixelToCoord(x), 0.0);
}

int EntropyHistogramPlot::thresholdPixel() const {
    if (!std::isfinite(m_threshold))
        return -1;
    return static_cast<int>(std::lround(customPlot()->xAxis->coordToPixel(m_threshold)));
}

std::optional<HistogramBar> EntropyHistogramPlot::barAt(const QPoint& pos) const {
    const QCustomPlot* plot = customPlot();
    if (binCount() == 0 || m_series.isEmpty() || !plot->axisRect()->rect().contains(pos))
        return std::nullopt;
    const double x = plot->xAxis->pixelToCoord(pos.x());
    const auto it = std::upper_bound(m_edges.cbegin(), m_edges.cend(), x);
    const int bin = std::clamp(static_cast<int>(it - m_edges.cbegin()) - 1, 0, binCount() - 1);
    const double width = barWidth();
    const double groupLeft = binCenter(bin) - 0.5 * width * seriesCount();
    const double offset = (x - groupLeft) / width;
    if (offset < 0.0 || offset >= seriesCount())
        return std::nullopt; // in the gap between two bins
    const int series = static_cast<int>(offset);
    if (countAt(series, bin) <= 0)
        return std::nullopt;
    const double base = plot->yAxis->coordToPixel(0.0);
    const double top =
        std::min(plot->yAxis->coordToPixel(percentAt(series, bin)), base - kMinBinHitPixels);
    if (pos.y() < top - 1.0 || pos.y() > base + 1.0)
        return std::nullopt;
    return HistogramBar{series, bin};
}

void EntropyHistogramPlot::setSelectedBar(const HistogramBar& bar) {
    if (bar.series >= 0 && bar.series < seriesCount() && bar.bin >= 0 && bar.bin < binCount())
        m_selected = bar;
    else
        m_selected.reset();
    updateSelectionFrame();
    m_markerLayer->replot();
}

void EntropyHistogramPlot::updateSelectionFrame() {
    m_selectionFrame->setVisible(m_selected.has_value());
    if (!m_selected)
        return;
    const double key = barKey(m_selected->series, m_selected->bin);
    const double half = 0.5 * barWidth();
    m_selectionFrame->topLeft->setCoords(key - half,
                                         percentAt(m_selected->series, m_selected->bin));
    m_selectionFrame->bottomRight->setCoords(key + half, 0.0);
}

QString EntropyHistogramPlot::toolTipAt(const QPoint& pos) const {
    if (const std::optional<HistogramBar> bar = barAt(pos)) {
        const HistogramSeries& s = m_series[bar->series];
        const bool last = bar->bin == binCount() - 1; // the last bin is closed
        const QString range = QStringLiteral("[%1, %2%3")
                                  .arg(number(m_edges[bar->bin]), number(m_edges[bar->bin + 1]),
                                       last ? QStringLiteral("]") : QStringLiteral(")"));
        QStringList lines;
        lines << s.name;
        lines << tr("entropy %1 bits (bin %2 of %3)").arg(range).arg(bar->bin + 1).arg(binCount());
        lines << tr("%1 of %2 inputs").arg(countAt(bar->series, bar->bin)).arg(s.total);
        lines << style::percentText(percentAt(bar->series, bar->bin));
        return lines.join(QLatin1Char('\n'));
    }
    if (nearThreshold(pos))
        return tr("threshold %1 bits: entropy below it is flagged as trojaned\n%2")
            .arg(number(m_threshold), thresholdLabel());
    return QString();
}

bool EntropyHistogramPlot::nearThreshold(const QPoint& pos) const {
    if (!std::isfinite(m_threshold) || !customPlot()->axisRect()->rect().contains(pos))
        return false;
    return std::abs(pos.x() - customPlot()->xAxis->coordToPixel(m_threshold)) <= kGrabPixels;
}

void EntropyHistogramPlot::dragTo(int pixelX) {
    m_lastDragX = pixelX;
    const QCPRange axisRange = customPlot()->xAxis->range();
    const double low = binCount() > 0 ? m_edges.first() : axisRange.lower;
    const double high = binCount() > 0 ? m_edges.last() : axisRange.upper;
    const double value = std::clamp(customPlot()->xAxis->pixelToCoord(pixelX), low, high);
    m_threshold = value;
    m_thresholdLabel.clear(); // the rule that chose the old position no longer applies
    updateThresholdItems();
    m_markerLayer->replot();
    Q_EMIT thresholdDragged(value);
}

void EntropyHistogramPlot::updateHoverCursor(const QPoint& pos) {
    if (m_dragging || (m_draggable && nearThreshold(pos)))
        customPlot()->setCursor(Qt::SplitHCursor);
    else
        customPlot()->unsetCursor();
}

bool EntropyHistogramPlot::eventFilter(QObject* watched, QEvent* event) {
    if (watched != customPlot())
        return PlotWidget::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton)
            break;
        const QPoint pos = mouse->position().toPoint();
        if (m_draggable && nearThreshold(pos)) {
            m_dragging = true;
            m_pressed = false;
            m_lastDragX = pos.x();
            updateHoverCursor(pos);
            return true; // the plot itself must not start a selection or a range drag
        }
        m_pressed = true;
        m_pressPos = pos;
        break;
    }
    case QEvent::MouseMove: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        const QPoint pos = mouse->position().toPoint();
        if (m_dragging) {
            dragTo(pos.x());
            return true;
        }
        updateHoverCursor(pos);
        break;
    }
    case QEvent::MouseButtonRelease: {
        auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() != Qt::LeftButton)
            break;
        const QPoint pos = mouse->position().toPoint();
        if (m_dragging) {
            if (pos.x() != m_lastDragX)
                dragTo(pos.x());
            m_dragging = false;
            updateHoverCursor(pos);
            Q_EMIT thresholdDragFinished(m_threshold);
            return true;
        }
        const bool click = m_pressed && (pos - m_pressPos).manhattanLength() <= kBinClickSlopPixels;
        m_pressed = false;
        if (click) {
            if (const std::optional<HistogramBar> bar = barAt(pos)) {
                setSelectedBar(*bar);
                Q_EMIT binClicked(bar->series, bar->bin);
            }
        }
        break;
    }
    case QEvent::Leave:
        if (!m_dragging)
            customPlot()->unsetCursor();
        break;
    default:
        break;
    }
    return PlotWidget::eventFilter(watched, event);
}

void EntropyHistogramPlot::applyTheme(bool dark) {
    int clean = 0;
    int poisoned = 0;
    for (int s = 0; s < m_bars.size() && s < m_series.size(); ++s) {
        const QColor color =
            m_series[s].poisoned ? warmColor(poisoned++, dark) : coolColor(clean++, dark);
        m_bars[s]->setPen(QPen(dark ? color.lighter(130) : color.darker(130)));
        m_bars[s]->setBrush(color);
    }
    const QColor fg = style::foreground(dark);
    m_line->setPen(QPen(fg, kLinePenWidth));
    m_label->setColor(fg);
    QColor labelBackground = style::background(dark);
    labelBackground.setAlpha(200);
    m_label->setBrush(labelBackground);
    m_selectionFrame->setPen(QPen(fg, kSelectionPenWidth));
}

} // namespace bdl::widgets
