#pragma once
/// @file prune_curve_plot.h
/// The pruning curve: clean accuracy (CCA) and attack success rate (ASR, one curve per poisoned
/// set) against the number of channels pruned, filled point by point while a job runs, with a
/// marker that follows the prune slider.
///
/// Thread: GUI thread only. Errors: none thrown; out-of-range input is documented per function.

#include "widgets/plot_widget.h"

#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <optional>

class QCPGraph;
class QCPItemStraightLine;
class QCPLayer;
class QLabel;

namespace bdl::widgets {

/// One point of the curve. Percentages are 0..100; NaN means "not measured" (drawn as a gap).
struct PrunePoint {
    int k = 0;           ///< channels pruned
    double cca = 0.0;    ///< clean classification accuracy (%)
    QVector<double> asr; ///< attack success (%) per poisoned set, in setup() order
};

class PruneCurvePlot : public PlotWidget {
    Q_OBJECT

public:
    explicit PruneCurvePlot(QWidget* parent = nullptr);
    ~PruneCurvePlot() override;

    /// Starts a new curve for a layer of `totalChannels` channels (>= 1; smaller is taken as 1)
    /// and one ASR curve per name. Clears the points and the marker. The graphs are rebuilt only
    /// when the number of sets changes.
    void setup(int totalChannels, const QStringList& poisonedNames);
    int totalChannels() const { return m_totalChannels; }
    QStringList poisonedNames() const { return m_names; }

    /// Adds (or replaces) the point at k. `asr` is padded with NaN / truncated to the number of
    /// sets. Appending in increasing k costs O(1) per graph; out-of-order k rebuilds the graphs.
    void addPoint(int k, double cca, const QVector<double>& asr);
    /// Replaces every point (sorted by k here; a repeated k keeps the last one).
    void setPoints(const QVector<PrunePoint>& points);
    /// Removes the points and the marker; keeps the setup.
    void clear();
    /// The points, sorted by k.
    const QVector<PrunePoint>& points() const { return m_points; }
    /// The point at exactly k, if there is one.
    std::optional<PrunePoint> pointAt(int k) const;

    /// Moves the marker (vertical line + readout) to k; k < 0 hides it. Cheap enough for a
    /// slider at frame rate: only the marker layer is redrawn.
    void setMarker(int k);
    int marker() const { return m_marker; }
    /// The readout under the plot (objectName "readout"): k, % pruned, CCA and each ASR at k.
    QString readoutText() const;

    /// Exact values of the point at k (k, % pruned, CCA, each ASR); empty when there is none.
    QString toolTipForK(int k) const;
    /// Tooltip of the point nearest (in k) to `pos` inside the axis rect.
    QString toolTipAt(const QPoint& pos) const override;

    /// CSV: channels_pruned, percent_pruned, cca, asr_<set>...; NaN as an empty field; numbers
    /// in the shortest form that reads back to the same double.
    QByteArray toCsv() const;
    /// JSON: {"total_channels", "poisoned_sets": [...], "points": [{"channels_pruned",
    /// "percent_pruned", "cca", "asr": [...]}]}; NaN as null.
    QByteArray toJson() const;

protected:
    void applyTheme(bool dark) override;

private:
    void createGraphs();
    void rebuildGraphData();
    void updateAxes();
    void updateReadout();
    QString pointText(const PrunePoint& point, const QString& separator) const;
    double percentOf(int k) const;
    int indexOfK(int k) const; // index in m_points of k, or of the insertion position (lower bound)

    int m_totalChannels = 1;
    QStringList m_names;
    QVector<PrunePoint> m_points;
    int m_marker = -1;
    QCPGraph* m_ccaGraph = nullptr;
    QVector<QCPGraph*> m_asrGraphs;
    QCPLayer* m_markerLayer = nullptr;
    QCPItemStraightLine* m_markerLine = nullptr;
    QLabel* m_readout = nullptr;
};

} // namespace bdl::widgets
