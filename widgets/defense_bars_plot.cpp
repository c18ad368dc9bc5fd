#include "widgets/defense_bars_plot.h"

#include "widgets/plot_style.h"

#include <QtCore/QChar>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace bdl::widgets {
namespace {

// The bars of one group fill this share of the group's unit width; each bar this share of its slot.
constexpr double kBarGroupFill = 0.8;
constexpr double kBarFill = 0.9;
// Height (in %) of the hatched stub that stands for a value not measured yet.
constexpr double kStubHeight = 3.0;
constexpr double kTickStep = 20.0;
// Bars lower than this still take the mouse over this height (pixels).
constexpr int kMinBarHitPixels = 4;
// Flag texts longer than this are elided in the tick label (the tooltip has them whole).
constexpr int kMaxFlagChars = 32;
constexpr QChar kWarningSign(u'\u26A0');
constexpr QChar kEllipsis(u'\u2026');

QString warned(const QString& text) { return QString(kWarningSign) + QLatin1Char(' ') + text; }

// Okabe-Ito, in an order that keeps neighbouring bars apart in hue and lightness.
QColor defenseColor(int index, bool dark) {
    static const std::array<QColor, 6> kLight = {
        QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00), QColor(0x00, 0x9E, 0x73),
        QColor(0xCC, 0x79, 0xA7), QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9)};
    static const std::array<QColor, 6> kDark = {QColor(0x56, 0xB4, 0xE9), QColor(0xFF, 0x7F, 0x2A),
                                                QColor(0x2E, 0xD1, 0x9C), QColor(0xE6, 0x9F, 0xC8),
                                                QColor(0xF0, 0xE4, 0x42), QColor(0x9C, 0xD7, 0xF5)};
    const auto& colors = dark ? kDark : kLight;
    return colors[static_cast<size_t>(index) % colors.size()];
}

} // namespace

DefenseBarsPlot::DefenseBarsPlot(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("defenseBarsPlot"));
    QCustomPlot* plot = customPlot();
    m_cca.rect = plot->axisRect();
    m_asr.rect = new QCPAxisRect(plot, /*setupDefaultAxes=*/true);
    plot->plotLayout()->addElement(1, 0, m_asr.rect);
    // Short titles: each panel can be under 120 pixels high (the bars' tooltips say more).
    setupPanel(m_cca, Metric::Cca, tr("CCA (%)"));
    setupPanel(m_asr, Metric::Asr, tr("ASR (%)"));
    auto* margins = new QCPMarginGroup(plot);
    m_cca.rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    m_asr.rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);

    // The legend goes in a row above both panels: inside, it would hide bars near 100 %.
    plot->legend->setVisible(true);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);

    updateData();
    setDarkTheme(false);
}

DefenseBarsPlot::~DefenseBarsPlot() = default;

void DefenseBarsPlot::setupPanel(Panel& panel, Metric metric, const QString& axisLabel) {
    const bool cca = metric == Metric::Cca;
    panel.rect->setObjectName(cca ? QStringLiteral("ccaRect") : QStringLiteral("asrRect"));
    QCPAxis* xAxis = panel.rect->axis(QCPAxis::atBottom);
    QCPAxis* yAxis = panel.rect->axis(QCPAxis::atLeft);
    xAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    xAxis->setSubTicks(false);
    xAxis->setTickLength(0, 4);
    xAxis->grid()->setVisible(false);
    yAxis->setLabel(axisLabel);
    QSharedPointer<QCPAxisTickerFixed> percentTicks(new QCPAxisTickerFixed);
    percentTicks->setTickStep(kTickStep);
    percentTicks->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    yAxis->setTicker(percentTicks);

    panel.missing = new QCPBars(xAxis, yAxis);
    panel.missing->setObjectName(cca ? QStringLiteral("ccaMissing") : QStringLiteral("asrMissing"));
    panel.missing->setName(tr("not measured"));
    panel.missing->setSelectable(QCP::stNone);
}

void DefenseBarsPlot::setDefenses(const QStringList& names) {
    m_defenses = names;
    rebuildBars();
    updateData();
}

void DefenseBarsPlot::setGroups(const QVector<DefenseGroup>& groups) {
    m_groups = groups;
    updateData();
}

void DefenseBarsPlot::rebuildBars() {
    QCustomPlot* plot = customPlot();
    for (Panel* panel : {&m_cca, &m_asr}) {
        const bool cca = panel == &m_cca;
        while (panel->bars.size() > m_defenses.size())
            plot->removePlottable(panel->bars.takeLast());
        while (panel->bars.size() < m_defenses.size()) {
            auto* bars = new QCPBars(panel->rect->axis(QCPAxis::atBottom),
                                     panel->rect->axis(QCPAxis::atLeft));
            bars->setObjectName(QStringLiteral("%1Bars%2")
                                    .arg(cca ? QStringLiteral("cca") : QStringLiteral("asr"))
                                    .arg(panel->bars.size()));
            bars->setSelectable(QCP::stNone);
            panel->bars.append(bars);
        }
        for (int d = 0; d < m_defenses.size(); ++d) {
            panel->bars[d]->setName(m_defenses[d]);
            if (!cca) // one legend entry per defense: the upper panel's
                panel->bars[d]->removeFromLegend();
        }
    }
    // The stubs' legend entry stays last.
    m_cca.missing->removeFromLegend();
    applyTheme(isDarkTheme());
}

double DefenseBarsPlot::barWidth() const {
    return m_defenses.isEmpty() ? 0.0 : kBarGroupFill / m_defenses.size();
}

double DefenseBarsPlot::barKey(int group, int defense) const {
    return group - 0.5 * kBarGroupFill + (defense + 0.5) * barWidth();
}

double DefenseBarsPlot::valueAt(int group, int defense, Metric metric) const {
    if (group < 0 || group >= m_groups.size() || defense < 0 || defense >= m_defenses.size())
        return kNaN;
    const DefenseGroup& g = m_groups[group];
    return (metric == Metric::Cca ? g.cca : g.asr).value(defense, kNaN);
}

void DefenseBarsPlot::updateData() {
    bool anyMissing = false;
    for (Metric metric : {Metric::Cca, Metric::Asr}) {
        Panel& p = metric == Metric::Cca ? m_cca : m_asr;
        double low = 0.0;
        double high = 100.0;
        QVector<double> stubKeys;
        for (int d = 0; d < m_defenses.size(); ++d) {
            QVector<double> keys;
            QVector<double> values;
            for (int g = 0; g < m_groups.size(); ++g) {
                const double v = valueAt(g, d, metric);
                if (std::isfinite(v)) {
                    keys.append(barKey(g, d));
                    values.append(v);
                    low = std::min(low, v);
                    high = std::max(high, v);
                } else {
                    stubKeys.append(barKey(g, d));
                }
            }
            p.bars[d]->setWidth(kBarFill * barWidth());
            p.bars[d]->setData(keys, values, /*alreadySorted=*/true);
        }
        std::sort(stubKeys.begin(), stubKeys.end());
        p.missing->setWidth(kBarFill * barWidth());
        p.missing->setData(stubKeys, QVector<double>(stubKeys.size(), kStubHeight),
                           /*alreadySorted=*/true);
        anyMissing = anyMissing || !stubKeys.isEmpty();
        p.rect->axis(QCPAxis::atBottom)
            ->setRange(-0.5, std::max<qsizetype>(1, m_groups.size()) - 0.5);
        p.rect->axis(QCPAxis::atLeft)->setRange(low, high + 0.05 * (high - low));
        updateFlagBands(p);
    }
    m_cca.missing->removeFromLegend();
    if (anyMissing)
        m_cca.missing->addToLegend();
    m_asr.missing->removeFromLegend();
    updateTicks();
    requestReplot();
}

QString DefenseBarsPlot::groupTickLabel(int group) const {
    if (group < 0 || group >= m_groups.size())
        return QString();
    const DefenseGroup& g = m_groups[group];
    if (!g.flagged)
        return g.label;
    QString text = warned(g.label);
    if (!g.flagText.isEmpty()) {
        const QString flag = g.flagText.size() > kMaxFlagChars
                                 ? g.flagText.left(kMaxFlagChars - 1) + kEllipsis
                                 : g.flagText;
        text += QLatin1Char('\n') + flag;
    }
    return text;
}

void DefenseBarsPlot::updateTicks() {
    auto upper = m_cca.rect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
    auto lower = m_asr.rect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
    upper->clear();
    lower->clear();
    for (int g = 0; g < m_groups.size(); ++g) {
        const DefenseGroup& group = m_groups[g];
        upper->addTick(g, group.flagged ? warned(group.label) : group.label);
        lower->addTick(g, groupTickLabel(g));
    }
}

void DefenseBarsPlot::updateFlagBands(Panel& p) {
    QCustomPlot* plot = customPlot();
    QCPAxis* xAxis = p.rect->axis(QCPAxis::atBottom);
    QCPAxis* yAxis = p.rect->axis(QCPAxis::atLeft);
    int used = 0;
    for (int g = 0; g < m_groups.size(); ++g) {
        if (!m_groups[g].flagged)
            continue;
        if (used == p.flagBands.size()) {
            auto* band = new QCPItemRect(plot);
            band->setObjectName(QStringLiteral("flagBand"));
            band->setLayer(QStringLiteral("grid")); // behind the bars
            band->setClipAxisRect(p.rect);
            band->setSelectable(false);
            band->setPen(Qt::NoPen);
            for (QCPItemPosition* corner : {band->topLeft, band->bottomRight}) {
                corner->setAxes(xAxis, yAxis);
                corner->setAxisRect(p.rect);
                corner->setTypeX(QCPItemPosition::ptPlotCoords);
                corner->setTypeY(QCPItemPosition::ptAxisRectRatio);
            }
            p.flagBands.append(band);
        }
        QCPItemRect* band = p.flagBands[used++];
        band->topLeft->setCoords(g - 0.5, 0.0);
        band->bottomRight->setCoords(g + 0.5, 1.0);
        band->setVisible(true);
    }
    for (int i = used; i < p.flagBands.size(); ++i)
        p.flagBands[i]->setVisible(false);
    applyTheme(isDarkTheme());
}

int DefenseBarsPlot::groupAtPixel(const Panel& p, int x) const {
    const int group =
        static_cast<int>(std::floor(p.rect->axis(QCPAxis::atBottom)->pixelToCoord(x) + 0.5));
    return group >= 0 && group < m_groups.size() ? group : -1;
}

std::optional<DefenseBarsPlot::Bar> DefenseBarsPlot::barAt(const QPoint& pos) const {
    if (m_defenses.isEmpty())
        return std::nullopt;
    for (Metric metric : {Metric::Cca, Metric::Asr}) {
        const Panel& p = panel(metric);
        if (!p.rect->rect().contains(pos))
            continue;
        const int group = groupAtPixel(p, pos.x());
        if (group < 0)
            return std::nullopt;
        const double x = p.rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        const double slot = (x - (group - 0.5 * kBarGroupFill)) / barWidth();
        if (slot < 0.0 || slot >= m_defenses.size())
            return std::nullopt;
        const int defense = static_cast<int>(slot);
        const double value = valueAt(group, defense, metric);
        const QCPAxis* yAxis = p.rect->axis(QCPAxis::atLeft);
        const double base = yAxis->coordToPixel(std::max(0.0, yAxis->range().lower));
        const double end = yAxis->coordToPixel(std::isfinite(value) ? value : kStubHeight);
        const double top = std::min(end, base - kMinBarHitPixels);
        const double bottom = std::max(end, base);
        if (pos.y() < top - 1.0 || pos.y() > bottom + 1.0)
            return std::nullopt;
        return Bar{group, defense, metric};
    }
    return std::nullopt;
}

QString DefenseBarsPlot::toolTipForBar(int group, int defense, Metric metric) const {
    if (group < 0 || group >= m_groups.size() || defense < 0 || defense >= m_defenses.size())
        return QString();
    const DefenseGroup& g = m_groups[group];
    const QString name = metric == Metric::Cca ? tr("CCA") : tr("ASR");
    const double value = valueAt(group, defense, metric);
    QStringList lines;
    lines << g.label;
    if (g.flagged)
        lines << warned(g.flagText.isEmpty() ? tr("flagged") : g.flagText);
    lines << m_defenses[defense];
    lines << (std::isfinite(value) ? tr("%1 %2").arg(name, style::percentText(value))
                                   : tr("%1 not measured").arg(name));
    return lines.join(QLatin1Char('\n'));
}

QString DefenseBarsPlot::toolTipForGroup(int group, Metric metric) const {
    const DefenseGroup& g = m_groups[group];
    const QString name = metric == Metric::Cca ? tr("CCA") : tr("ASR");
    QStringList lines;
    lines << g.label;
    if (g.flagged)
        lines << warned(g.flagText.isEmpty() ? tr("flagged") : g.flagText);
    for (int d = 0; d < m_defenses.size(); ++d) {
        const double value = valueAt(group, d, metric);
        lines << (std::isfinite(value)
                      ? tr("%1: %2 %3").arg(m_defenses[d], name, style::percentText(value))
                      : tr("%1: %2 not measured").arg(m_defenses[d], name));
    }
    return lines.join(QLatin1Char('\n'));
}

QString DefenseBarsPlot::toolTipAt(const QPoint& pos) const {
    if (const std::optional<Bar> bar = barAt(pos))
        return toolTipForBar(bar->group, bar->defense, bar->metric);
    // Anywhere else in a group's column, tick labels included: the whole group.
    for (Metric metric : {Metric::Cca, Metric::Asr}) {
        const Panel& p = panel(metric);
        const QRect inner = p.rect->rect();
        if (!p.rect->outerRect().contains(pos) || pos.x() < inner.left() || pos.x() > inner.right())
            continue;
        const int group = groupAtPixel(p, pos.x());
        return group >= 0 ? toolTipForGroup(group, metric) : QString();
    }
    return QString();
}

void DefenseBarsPlot::applyTheme(bool dark) {
    const QColor fg = style::foreground(dark);
    for (Panel* p : {&m_cca, &m_asr}) {
        for (int d = 0; d < p->bars.size(); ++d) {
            const QColor color = defenseColor(d, dark);
            p->bars[d]->setPen(QPen(dark ? color.lighter(130) : color.darker(130)));
            p->bars[d]->setBrush(color);
        }
        QColor stub = fg;
        stub.setAlpha(150);
        p->missing->setPen(QPen(stub, 1.0, Qt::DashLine));
        p->missing->setBrush(QBrush(stub, Qt::BDiagPattern));
        // Flagged groups: a faint amber band behind their bars.
        const QColor band = dark ? QColor(0xF0, 0xE4, 0x42, 40) : QColor(0xE6, 0x9F, 0x00, 45);
        for (QCPItemRect* rect : p->flagBands)
            rect->setBrush(band);
    }
}

} // namespace bdl::widgets
