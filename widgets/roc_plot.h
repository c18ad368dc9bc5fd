#pragma once
/// @file roc_plot.h
/// ROC curves of STRIP as a detector: x = FRR (% of clean inputs flagged), y = detection rate
/// (% of poisoned inputs flagged, 100 - FAR), one curve per poisoned set, the legend giving each
/// set's AUROC, the chance diagonal, and a marker per curve at the current threshold's
/// operating point (moved live while the threshold is dragged).
///
/// Thread: GUI thread only. Errors: none thrown.

#include "widgets/plot_widget.h"

#include <QtCore/QPointF>
#include <QtCore/QString>
#include <QtCore/QVector>

class QCPCurve;
class QCPGraph;
class QCPLayer;

namespace bdl::widgets {

struct RocCurve {
    QString name;
    QVector<QPointF> points; ///< (FRR %, detection %), ascending FRR, from (0,0) to (100,100)
    double auroc = 0.0;      ///< shown in the legend as "name (AUROC 0.968)"
};

class RocPlot : public PlotWidget {
    Q_OBJECT

public:
    explicit RocPlot(QWidget* parent = nullptr);
    ~RocPlot() override;

    /// Replaces the curves (and drops the operating points).
    void setCurves(const QVector<RocCurve>& curves);
    void clear();
    const QVector<RocCurve>& curves() const { return m_curves; }
    /// One (FRR %, detection %) per curve, in curve order; fewer (or a NaN point) hides the rest.
    /// Cheap: only the markers' layer is redrawn (call it on every threshold drag step).
    void setOperatingPoints(const QVector<QPointF>& points);
    const QVector<QPointF>& operatingPoints() const { return m_points; }
    /// The legend text of curve i ("" out of range); AUROC with three decimals, NaN as "n/a".
    QString legendText(int i) const;

    QString toolTipAt(const QPoint& pos) const override;

protected:
    void applyTheme(bool dark) override;

private:
    void syncItems();
    void updateMarkers();

    QVector<RocCurve> m_curves;
    QVector<QPointF> m_points;
    QVector<QCPCurve*> m_curveItems;   // one per curve, drawn in point order (ties in FRR kept)
    QVector<QCPGraph*> m_markerGraphs; // one operating point per curve
    QCPGraph* m_diagonal = nullptr;
    QCPLayer* m_markerLayer = nullptr;
};

} // namespace bdl::widgets
