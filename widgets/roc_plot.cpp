#include "widgets/roc_plot.h"

#include "widgets/plot_style.h"

#include <QtCore/QLocale>

#include <cmath>
#include <limits>

namespace bdl::widgets {
namespace {

// 0..100 % with a little room so that curves along the borders are not cut in half.
constexpr double kAxisMin = -2.0;
constexpr double kAxisMax = 102.0;
constexpr double kTickStep = 20.0;
constexpr double kRocLineWidth = 2.0;
constexpr double kMarkerSize = 10.0;
// Hover within this distance (pixels) of a point shows its values.
constexpr double kHoverPixels = 8.0;

} // namespace

RocPlot::RocPlot(QWidget* parent) : PlotWidget(parent) {
    setObjectName(QStringLiteral("rocPlot"));
    QCustomPlot* plot = customPlot();
    // Short titles: the plot shares its row with the histogram and is often under 300 pixels
    // wide; the tooltips give the long definitions.
    plot->xAxis->setLabel(tr("FRR (% of clean flagged)"));
    plot->yAxis->setLabel(tr("detected (% of poisoned)"));
    setMinimumWidth(260);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        QSharedPointer<QCPAxisTickerFixed> ticks(new QCPAxisTickerFixed);
        ticks->setTickStep(kTickStep);
        ticks->setScaleStrategy(QCPAxisTickerFixed::ssNone);
        axis->setTicker(ticks);
        axis->setRange(kAxisMin, kAxisMax);
    }

    // The legend sits in a row above the axis rect: the plot is narrow beside the histogram,
    // and a legend inside the rect ("set (AUROC 0.974)") would reach over the axis.
    plot->legend->setVisible(true);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    QFont legendFont = plot->legend->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    plot->legend->setFont(legendFont);

    m_diagonal = plot->addGraph();
    m_diagonal->setObjectName(QStringLiteral("diagonal"));
    m_diagonal->setData({0.0, 100.0}, {0.0, 100.0});
    m_diagonal->removeFromLegend();
    m_diagonal->setSelectable(QCP::stNone);

    // Operating points live on their own buffered layer: following a dragged threshold
    // repaints that layer only.
    plot->addLayer(QStringLiteral("marker"), plot->layer(QStringLiteral("main")),
                   QCustomPlot::limAbove);
    m_markerLayer = plot->layer(QStringLiteral("marker"));
    m_markerLayer->setMode(QCPLayer::lmBuffered);

    setDarkTheme(false);
}

RocPlot::~RocPlot() = default;

void RocPlot::setCurves(const QVector<RocCurve>& curves) {
    m_curves = curves;
    m_points.clear();
    syncItems();
    for (int i = 0; i < m_curves.size(); ++i) {
        QVector<double> t;
        QVector<double> x;
        QVector<double> y;
        for (const QPointF& p : m_curves[i].points) {
            t.append(t.size());
            x.append(p.x());
            y.append(p.y());
        }
        m_curveItems[i]->setData(t, x, y, /*alreadySorted=*/true);
        m_curveItems[i]->setName(legendText(i));
    }
    updateMarkers();
    requestReplot();
}

void RocPlot::clear() { setCurves({}); }

void RocPlot::syncItems() {
    QCustomPlot* plot = customPlot();
    while (m_curveItems.size() > m_curves.size()) {
        plot->removePlottable(m_curveItems.takeLast());
        plot->removeGraph(m_markerGraphs.takeLast());
    }
    while (m_curveItems.size() < m_curves.size()) {
        auto* curve = new QCPCurve(plot->xAxis, plot->yAxis);
        curve->setObjectName(QStringLiteral("rocCurve%1").arg(m_curveItems.size()));
        curve->setSelectable(QCP::stNone);
        m_curveItems.append(curve);
        QCPGraph* marker = plot->addGraph();
        marker->setObjectName(QStringLiteral("operatingPoint%1").arg(m_markerGraphs.size()));
        marker->setLayer(m_markerLayer);
        marker->setLineStyle(QCPGraph::lsNone);
        marker->setSelectable(QCP::stNone);
        marker->removeFromLegend();
        m_markerGraphs.append(marker);
    }
    applyTheme(isDarkTheme());
}

void RocPlot::setOperatingPoints(const QVector<QPointF>& points) {
    m_points = points;
    updateMarkers();
    m_markerLayer->replot();
}

void RocPlot::updateMarkers() {
    for (int i = 0; i < m_markerGraphs.size(); ++i) {
        const bool shown =
            i < m_points.size() && std::isfinite(m_points[i].x()) && std::isfinite(m_points[i].y());
        if (shown)
            m_markerGraphs[i]->setData({m_points[i].x()}, {m_points[i].y()},
                                       /*alreadySorted=*/true);
        else
            m_markerGraphs[i]->data()->clear();
        m_markerGraphs[i]->setVisible(shown);
    }
}

QString RocPlot::legendText(int i) const {
    if (i < 0 || i >= m_curves.size())
        return QString();
    const double auroc = m_curves[i].auroc;
    const QString value = std::isfinite(auroc) ? QLocale::c().toString(auroc, 'f', 3) : tr("n/a");
    return tr("%1 (AUROC %2)").arg(m_curves[i].name, value);
}

QString RocPlot::toolTipAt(const QPoint& pos) const {
    const QCustomPlot* plot = customPlot();
    if (!plot->axisRect()->rect().contains(pos))
        return QString();
    auto distance = [&](const QPointF& p) {
        const double dx = plot->xAxis->coordToPixel(p.x()) - pos.x();
        const double dy = plot->yAxis->coordToPixel(p.y()) - pos.y();
        return std::hypot(dx, dy);
    };
    // The operating points win over the curve points below them.
    for (int i = 0; i < m_curves.size() && i < m_points.size(); ++i) {
        if (distance(m_points[i]) <= kHoverPixels)
            return tr("%1 at the threshold\nFRR %2\ndetection %3")
                .arg(m_curves[i].name, style::percentText(m_points[i].x()),
                     style::percentText(m_points[i].y()));
    }
    double best = kHoverPixels;
    int bestCurve = -1;
    QPointF bestPoint;
    for (int i = 0; i < m_curves.size(); ++i) {
        for (const QPointF& p : m_curves[i].points) {
            const double d = distance(p);
            if (d <= best) {
                best = d;
                bestCurve = i;
                bestPoint = p;
            }
        }
    }
    if (bestCurve < 0)
        return QString();
    return tr("%1\nFRR %2\ndetection %3")
        .arg(legendText(bestCurve), style::percentText(bestPoint.x()),
             style::percentText(bestPoint.y()));
}

void RocPlot::applyTheme(bool dark) {
    QColor chance = style::foreground(dark);
    chance.setAlpha(120);
    m_diagonal->setPen(QPen(chance, 1.0, Qt::DashLine));
    const QColor fg = style::foreground(dark);
    for (int i = 0; i < m_curveItems.size(); ++i) {
        const QColor color = style::seriesColor(i, dark);
        m_curveItems[i]->setPen(QPen(color, kRocLineWidth));
        m_markerGraphs[i]->setPen(QPen(color));
        m_markerGraphs[i]->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(fg, 1.5), QBrush(color), kMarkerSize));
    }
}

} // namespace bdl::widgets
