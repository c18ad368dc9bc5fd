#include "widgets/heatmap_plot.h"

#include "widgets/plot_style.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtGui/QMouseEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace bdl::widgets {
namespace {

constexpr int kMaxColumnLabels = 16;
constexpr int kCellClickSlopPixels = 4;

} // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("heatmapPlot"));
    QCustomPlot* plot = customPlot();
    QCPAxisRect* rect = plot->axisRect();

    plot->xAxis->setLabel(tr("channels pruned"));
    plot->yAxis->setLabel(tr("learning rate"));
    plot->yAxis->setRangeReversed(true); // row 0 on top, as in the matrix and the CSV
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        axis->setNumberFormat(QStringLiteral("g")); // show "1e-3" as written, not as 1*10^-3
        axis->setTickLength(0, 4);
        axis->setSubTicks(false);
        axis->grid()->setVisible(false);
    }

    m_title = new QCPTextElement(plot, QString(),
                                 QFont(font().family(), font().pointSize() + 1, QFont::Bold));
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, m_title);
    m_title->setObjectName(QStringLiteral("title"));

    m_scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(1, 1, m_scale);
    m_scale->setObjectName(QStringLiteral("colorScale"));
    m_scale->setType(QCPAxis::atRight);
    m_scale->axis()->setLabel(tr("%"));
    m_scale->setGradient(style::heatGradient());
    m_scale->setDataRange(QCPRange(0.0, 100.0));
    auto* margins = new QCPMarginGroup(plot);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);

    m_map = new QCPColorMap(plot->xAxis, plot->yAxis);
    m_map->setObjectName(QStringLiteral("colorMap"));
    m_map->setInterpolate(false);
    m_map->setTightBoundary(false);
    m_map->setColorScale(m_scale);
    m_map->setGradient(style::heatGradient());
    m_map->setDataRange(QCPRange(0.0, 100.0));

    // Two rectangles (dark under light) keep the best-cell mark visible on any colour.
    m_bestOuter = new QCPItemRect(plot);
    m_bestInner = new QCPItemRect(plot);
    for (QCPItemRect* box : {m_bestOuter, m_bestInner}) {
        box->setBrush(Qt::NoBrush);
        box->setSelectable(false);
        box->setVisible(false);
    }
    m_bestOuter->setObjectName(QStringLiteral("bestCellMarker"));
    m_bestInner->setObjectName(QStringLiteral("bestCellMarkerInner"));
    m_bestOuter->setPen(QPen(Qt::black, 4.0));
    m_bestInner->setPen(QPen(Qt::white, 2.0));

    // The chosen cell: dashed, in a colour viridis never takes, inset so that it shows inside a
    // best-cell box on the same cell.
    m_markOuter = new QCPItemRect(plot);
    m_markInner = new QCPItemRect(plot);
    for (QCPItemRect* box : {m_markOuter, m_markInner}) {
        box->setBrush(Qt::NoBrush);
        box->setSelectable(false);
        box->setVisible(false);
    }
    m_markOuter->setObjectName(QStringLiteral("markedCellMarker"));
    m_markInner->setObjectName(QStringLiteral("markedCellMarkerInner"));
    m_markOuter->setPen(QPen(Qt::white, 4.0));
    m_markInner->setPen(QPen(QColor(0xE6, 0x1E, 0x6E), 2.0, Qt::DashLine));
    m_markText = new QCPItemText(plot);
    m_markText->setObjectName(QStringLiteral("markedCellLabel"));
    m_markText->setSelectable(false);
    m_markText->setVisible(false);
    m_markText->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_markText->setColor(Qt::white);
    m_markText->setBrush(QBrush(QColor(0xE6, 0x1E, 0x6E)));
    m_markText->setPadding(QMargins(2, 0, 2, 0));
    m_markText->setFont(QFont(font().family(), std::max(6, font().pointSize() - 2), QFont::Bold));

    connect(plot, &QCustomPlot::mousePress, this, &HeatmapPlot::onMousePress);
    connect(plot, &QCustomPlot::mouseRelease, this, &HeatmapPlot::onMouseRelease);

    setup({}, {}, QString());
    setDarkTheme(false);
}

HeatmapPlot::~HeatmapPlot() = default;

void HeatmapPlot::setup(const QVector<double>& learningRates, const QVector<int>& channelsPruned,
                        const QString& valueName) {
    m_lrs = learningRates;
    m_ks = channelsPruned;
    m_valueName = valueName;
    removeValueTexts();
    m_values = QVector<double>(m_lrs.size() * m_ks.size(), kNaN);
    m_notes = QVector<QString>(m_values.size());
    m_valueTexts = QVector<QCPItemText*>(m_values.size(), nullptr);
    m_best.reset();
    m_marked.reset();

    const int columns = static_cast<int>(m_ks.size());
    const int rows = static_cast<int>(m_lrs.size());
    QCPColorMapData* data = m_map->data();
    data->setSize(std::max(1, columns * style::cellsPerIndex(columns)),
                  std::max(1, rows * style::cellsPerIndex(rows)));
    data->setRange(style::cellRange(columns), style::cellRange(rows));
    data->fill(kNaN);
    m_map->setVisible(columns > 0 && rows > 0);

    QCustomPlot* plot = customPlot();
    plot->xAxis->setRange(-0.5, std::max(1, columns) - 0.5);
    plot->yAxis->setRange(-0.5, std::max(1, rows) - 0.5);
    m_title->setText(valueName.isEmpty() ? QString() : tr("%1 (%)").arg(valueName));
    updateTicks();
    updateBestMarker();
    updateMarkedCell();
    requestReplot();
}

void HeatmapPlot::updateTicks() {
    QCustomPlot* plot = customPlot();
    auto columnTicks = plot->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
    auto rowTicks = plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    columnTicks->clear();
    rowTicks->clear();
    const int columns = static_cast<int>(m_ks.size());
    const int step = std::max(1, (columns + kMaxColumnLabels - 1) / kMaxColumnLabels);
    for (int c = 0; c < columns; ++c) {
        if (c % step == 0 || c == columns - 1)
            columnTicks->addTick(c, QString::number(m_ks[c]));
    }
    for (int r = 0; r < m_lrs.size(); ++r)
        rowTicks->addTick(r, formatLearningRate(m_lrs[r]));
}

bool HeatmapPlot::inRange(int lrIndex, int kIndex) const {
    return lrIndex >= 0 && lrIndex < m_lrs.size() && kIndex >= 0 && kIndex < m_ks.size();
}

void HeatmapPlot::writeCell(int lrIndex, int kIndex, double value) {
    m_values[lrIndex * m_ks.size() + kIndex] = value;
    const int kRep = style::cellsPerIndex(static_cast<int>(m_ks.size()));
    const int lrRep = style::cellsPerIndex(static_cast<int>(m_lrs.size()));
    QCPColorMapData* data = m_map->data();
    for (int dk = 0; dk < kRep; ++dk) {
        for (int dl = 0; dl < lrRep; ++dl)
            data->setCell(kIndex * kRep + dk, lrIndex * lrRep + dl, value);
    }
    updateValueText(lrIndex, kIndex);
}

void HeatmapPlot::setCell(int lrIndex, int kIndex, double value) {
    if (!inRange(lrIndex, kIndex))
        return;
    writeCell(lrIndex, kIndex, std::isfinite(value) ? value : kNaN);
    requestReplot();
}

void HeatmapPlot::setValues(const QVector<QVector<double>>& values) {
    for (int r = 0; r < m_lrs.size(); ++r) {
        for (int c = 0; c < m_ks.size(); ++c) {
            const double v = values.value(r).value(c, kNaN);
            writeCell(r, c, std::isfinite(v) ? v : kNaN);
        }
    }
    requestReplot();
}

void HeatmapPlot::clearValues() {
    m_values.fill(kNaN);
    m_map->data()->fill(kNaN);
    removeValueTexts();
    requestReplot();
}

double HeatmapPlot::value(int lrIndex, int kIndex) const {
    return inRange(lrIndex, kIndex) ? m_values[lrIndex * m_ks.size() + kIndex] : kNaN;
}

QVector<QVector<double>> HeatmapPlot::values() const {
    QVector<QVector<double>> rows;
    for (int r = 0; r < m_lrs.size(); ++r)
        rows.append(m_values.mid(r * m_ks.size(), m_ks.size()));
    return rows;
}

void HeatmapPlot::setBestCell(int lrIndex, int kIndex) {
    if (inRange(lrIndex, kIndex))
        m_best = HeatmapCell{lrIndex, kIndex};
    else
        m_best.reset();
    updateBestMarker();
    requestReplot();
}

void HeatmapPlot::clearBestCell() { setBestCell(-1, -1); }

void HeatmapPlot::updateBestMarker() {
    for (QCPItemRect* box : {m_bestOuter, m_bestInner}) {
        box->setVisible(m_best.has_value());
        if (m_best) {
            box->topLeft->setCoords(m_best->kIndex - 0.5, m_best->lrIndex - 0.5);
            box->bottomRight->setCoords(m_best->kIndex + 0.5, m_best->lrIndex + 0.5);
        }
    }
}

void HeatmapPlot::setMarkedCell(int lrIndex, int kIndex, const QString& label,
                                const QString& description) {
    if (inRange(lrIndex, kIndex)) {
        m_marked = HeatmapCell{lrIndex, kIndex};
        m_markedLabel = label;
        m_markedDescription = description.isEmpty() ? label : description;
    } else {
        m_marked.reset();
    }
    updateMarkedCell();
    requestReplot();
}

void HeatmapPlot::clearMarkedCell() { setMarkedCell(-1, -1, QString()); }

void HeatmapPlot::updateMarkedCell() {
    constexpr double kInset = 0.08; // inside a best-cell box on the same cell
    for (QCPItemRect* box : {m_markOuter, m_markInner}) {
        box->setVisible(m_marked.has_value());
        if (m_marked) {
            box->topLeft->setCoords(m_marked->kIndex - 0.5 + kInset,
                                    m_marked->lrIndex - 0.5 + kInset);
            box->bottomRight->setCoords(m_marked->kIndex + 0.5 - kInset,
                                        m_marked->lrIndex + 0.5 - kInset);
        }
    }
    m_markText->setVisible(m_marked.has_value() && !m_markedLabel.isEmpty());
    if (m_marked) {
        m_markText->setText(m_markedLabel);
        m_markText->position->setCoords(m_marked->kIndex, m_marked->lrIndex - 0.5 + kInset);
    }
}

void HeatmapPlot::setShowValues(bool show) {
    if (show == m_showValues)
        return;
    m_showValues = show;
    for (int r = 0; r < m_lrs.size(); ++r)
        for (int c = 0; c < m_ks.size(); ++c)
            updateValueText(r, c);
    requestReplot();
}

QString HeatmapPlot::cellText(int lrIndex, int kIndex) const {
    const double v = value(lrIndex, kIndex);
    if (!std::isfinite(v))
        return QString();
    return QString::number(v, 'f', m_ks.size() <= kOneDecimalColumns ? 1 : 0);
}

int HeatmapPlot::drawnValueCount() const {
    int n = 0;
    for (const QCPItemText* t : m_valueTexts)
        n += t ? 1 : 0;
    return n;
}

QColor HeatmapPlot::cellTextColor(int lrIndex, int kIndex) const {
    const double v = value(lrIndex, kIndex);
    if (!std::isfinite(v))
        return QColor();
    const QColor fill = QColor::fromRgb(m_map->gradient().color(v, m_map->dataRange()));
    // Relative luminance (ITU-R BT.709): dark text on the light (yellow-green) end of viridis.
    const double luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return luminance > 0.45 ? QColor(Qt::black) : QColor(Qt::white);
}

void HeatmapPlot::updateValueText(int lrIndex, int kIndex) {
    const int i = lrIndex * static_cast<int>(m_ks.size()) + kIndex;
    if (i < 0 || i >= m_valueTexts.size())
        return;
    QCPItemText*& item = m_valueTexts[i];
    const QString text = m_showValues ? cellText(lrIndex, kIndex) : QString();
    if (text.isEmpty()) {
        if (item)
            customPlot()->removeItem(item);
        item = nullptr;
        return;
    }
    if (!item) {
        item = new QCPItemText(customPlot());
        item->setObjectName(QStringLiteral("cellValue"));
        item->setSelectable(false);
        item->setPositionAlignment(Qt::AlignCenter);
        item->setFont(QFont(font().family(), std::max(6, font().pointSize() - 1)));
        item->position->setCoords(kIndex, lrIndex);
    }
    item->setText(text);
    item->setColor(cellTextColor(lrIndex, kIndex));
}

void HeatmapPlot::removeValueTexts() {
    for (QCPItemText*& item : m_valueTexts) {
        if (item)
            customPlot()->removeItem(item);
        item = nullptr;
    }
}

void HeatmapPlot::setCellNote(int lrIndex, int kIndex, const QString& note) {
    if (inRange(lrIndex, kIndex))
        m_notes[lrIndex * m_ks.size() + kIndex] = note;
}

std::optional<HeatmapCell> HeatmapPlot::bestTradeOff(const QVector<QVector<double>>& cca,
                                                     const QVector<QVector<double>>& asr,
                                                     double asrLimit) {
    std::optional<HeatmapCell> best;
    double bestCca = 0.0;
    double bestAsr = 0.0;
    const int rows = static_cast<int>(std::min(cca.size(), asr.size()));
    for (int r = 0; r < rows; ++r) {
        const int columns = static_cast<int>(std::min(cca[r].size(), asr[r].size()));
        for (int c = 0; c < columns; ++c) {
            const double accuracy = cca[r][c];
            const double attack = asr[r][c];
            if (!std::isfinite(accuracy) || !std::isfinite(attack) || attack > asrLimit)
                continue;
            // Lexicographic: higher CCA, lower ASR, fewer channels pruned, earlier row.
            const bool better =
                !best || std::make_tuple(-accuracy, attack, c, r) <
                             std::make_tuple(-bestCca, bestAsr, best->kIndex, best->lrIndex);
            if (better) {
                best = HeatmapCell{r, c};
                bestCca = accuracy;
                bestAsr = attack;
            }
        }
    }
    return best;
}

QString HeatmapPlot::formatLearningRate(double lr) {
    if (!std::isfinite(lr))
        return style::valueText(lr);
    if (lr == 0.0)
        return QStringLiteral("0");
    const double magnitude = std::fabs(lr);
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    const double mantissa = magnitude / std::pow(10.0, exponent);
    const double rounded = std::round(mantissa);
    const bool shortForm = exponent < 0 || exponent > 2;
    if (shortForm && std::fabs(mantissa - rounded) < 1e-9 * mantissa)
        return QStringLiteral("%1%2e%3")
            .arg(lr < 0 ? QStringLiteral("-") : QString())
            .arg(rounded)
            .arg(exponent);
    return QString::number(lr, 'g', 6);
}

std::optional<HeatmapCell> HeatmapPlot::cellAt(const QPoint& pos) const {
    const QCustomPlot* plot = customPlot();
    if (!plot->axisRect()->rect().contains(pos))
        return std::nullopt;
    const int kIndex = static_cast<int>(std::floor(plot->xAxis->pixelToCoord(pos.x()) + 0.5));
    const int lrIndex = static_cast<int>(std::floor(plot->yAxis->pixelToCoord(pos.y()) + 0.5));
    if (!inRange(lrIndex, kIndex))
        return std::nullopt;
    return HeatmapCell{lrIndex, kIndex};
}

QString HeatmapPlot::toolTipForCell(int lrIndex, int kIndex) const {
    if (!inRange(lrIndex, kIndex))
        return QString();
    const double v = value(lrIndex, kIndex);
    QStringList lines;
    lines << tr("learning rate %1").arg(formatLearningRate(m_lrs[lrIndex]));
    lines << tr("channels pruned: %1").arg(m_ks[kIndex]);
    lines << (std::isfinite(v) ? tr("%1 %2").arg(m_valueName, style::percentText(v))
                               : tr("%1 not computed yet").arg(m_valueName));
    if (m_best && *m_best == HeatmapCell{lrIndex, kIndex})
        lines << tr("best trade-off");
    const QString note = m_notes.value(lrIndex * m_ks.size() + kIndex);
    if (!note.isEmpty())
        lines << note;
    if (m_marked && *m_marked == HeatmapCell{lrIndex, kIndex} && !m_markedDescription.isEmpty())
        lines << m_markedDescription;
    return lines.join(QLatin1Char('\n'));
}

QString HeatmapPlot::toolTipAt(const QPoint& pos) const {
    const std::optional<HeatmapCell> cell = cellAt(pos);
    return cell ? toolTipForCell(cell->lrIndex, cell->kIndex) : QString();
}

void HeatmapPlot::onMousePress(QMouseEvent* event) {
    m_pressed = event->button() == Qt::LeftButton;
    m_pressPos = event->position().toPoint();
}

void HeatmapPlot::onMouseRelease(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const bool click = m_pressed && event->button() == Qt::LeftButton &&
                       (pos - m_pressPos).manhattanLength() <= kCellClickSlopPixels;
    m_pressed = false;
    if (!click)
        return;
    if (const std::optional<HeatmapCell> cell = cellAt(pos))
        Q_EMIT cellClicked(cell->lrIndex, cell->kIndex);
}

void HeatmapPlot::applyTheme(bool dark) {
    // Blank (NaN) cells show this hatch, so "not computed" never looks like a low value.
    customPlot()->axisRect()->setBackground(
        QBrush(dark ? QColor(255, 255, 255, 60) : QColor(0, 0, 0, 50), Qt::BDiagPattern));
}

QByteArray HeatmapPlot::toCsv() const {
    QStringList header{QStringLiteral("learning_rate")};
    for (int k : m_ks)
        header << QString::number(k);
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    for (int r = 0; r < m_lrs.size(); ++r) {
        QStringList row{style::exactNumber(m_lrs[r])};
        for (int c = 0; c < m_ks.size(); ++c)
            row << style::exactNumber(value(r, c));
        csv += row.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv.toUtf8();
}

QByteArray HeatmapPlot::toJson() const {
    QJsonArray lrs;
    for (double lr : m_lrs)
        lrs.append(style::jsonNumber(lr));
    QJsonArray ks;
    for (int k : m_ks)
        ks.append(k);
    QJsonArray rows;
    for (int r = 0; r < m_lrs.size(); ++r) {
        QJsonArray row;
        for (int c = 0; c < m_ks.size(); ++c)
            row.append(style::jsonNumber(value(r, c)));
        rows.append(row);
    }
    QJsonValue best(QJsonValue::Null);
    if (m_best)
        best = QJsonObject{{QStringLiteral("lr_index"), m_best->lrIndex},
                           {QStringLiteral("k_index"), m_best->kIndex}};
    QJsonValue marked(QJsonValue::Null);
    if (m_marked)
        marked = QJsonObject{{QStringLiteral("lr_index"), m_marked->lrIndex},
                             {QStringLiteral("k_index"), m_marked->kIndex},
                             {QStringLiteral("label"), m_markedLabel}};
    const QJsonObject root{
        {QStringLiteral("value"), m_valueName},  {QStringLiteral("unit"), QStringLiteral("%")},
        {QStringLiteral("learning_rates"), lrs}, {QStringLiteral("channels_pruned"), ks},
        {QStringLiteral("values"), rows},        {QStringLiteral("best"), best},
        {QStringLiteral("marked"), marked}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace bdl::widgets
