#pragma once
/// @file entropy_histogram_plot.h
/// STRIP's entropy histograms: one series per data set (clean calibration, clean test, each
/// poisoned set) over shared bins, each normalised to % of its set, drawn side by side within a
/// bin, refreshed while a STRIP job fills them. A vertical threshold line (entropy below it =
/// flagged as trojaned) can be dragged with the mouse; clicking a bar selects that bin of that
/// set. The counts are given (computed by the caller with the core's binning), so what is drawn
/// is exactly what was counted.
///
/// Thread: GUI thread only. Errors: none thrown; mismatched sizes are padded/truncated as stated.

#include "widgets/plot_widget.h"

#include <QtCore/QString>
#include <QtCore/QVector>

#include <limits>
#include <optional>

class QCPBars;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCPLayer;

namespace bdl::widgets {

/// One data set's histogram.
struct HistogramSeries {
    QString name;
    QVector<qint64> counts; ///< per bin (padded with 0 / truncated to the bin count)
    qint64 total = 0;       ///< the set's size; percent = 100 * count / total (0 when total = 0)
    bool poisoned = false;  ///< poisoned sets get warm colours, clean ones cool
};

/// A bar: series index and bin index.
struct HistogramBar {
    int series = -1;
    int bin = -1;
    bool operator==(const HistogramBar& o) const { return series == o.series && bin == o.bin; }
};

class EntropyHistogramPlot : public PlotWidget {
    Q_OBJECT

public:
    explicit EntropyHistogramPlot(QWidget* parent = nullptr);
    ~EntropyHistogramPlot() override;

    /// Sets the shared bin edges (ascending, bins + 1 values) and the series, replacing both.
    /// Axis ranges follow the edges and the highest percentage; the threshold and selection stay
    /// (the selection is dropped when its bar no longer exists). Edges that are not finite and
    /// strictly ascending, or fewer than two, give no bins (nothing is drawn).
    /// Coordinates: the bars of bin b are side by side, in series order, within the middle 90 %
    /// of the bin (of the narrowest bin when widths differ), centred on the bin's centre.
    void setHistogram(const QVector<double>& edges, const QVector<HistogramSeries>& series);
    /// Removes every series (keeps the threshold).
    void clear();
    QVector<double> edges() const { return m_edges; }
    int binCount() const { return m_edges.size() > 1 ? static_cast<int>(m_edges.size()) - 1 : 0; }
    int seriesCount() const { return static_cast<int>(m_series.size()); }
    const QVector<HistogramSeries>& series() const { return m_series; }
    /// Count / percentage drawn for a bar (0 / NaN when out of range).
    qint64 countAt(int series, int bin) const;
    double percentAt(int series, int bin) const;

    /// Draws the threshold line at `entropy` with `label` beside it (e.g. "0.214 (normal fit)");
    /// NaN hides it; an empty label shows the value. Does not emit thresholdDragged(). Cheap:
    /// only the line's layer is redrawn (call it on every drag step).
    void setThreshold(double entropy, const QString& label = QString());
    double threshold() const { return m_threshold; }
    /// The text beside the line ("" when hidden).
    QString thresholdLabel() const;
    /// Whether the mouse may drag the line (default true). Switching it off ends a drag.
    void setThresholdDraggable(bool draggable);
    bool isThresholdDraggable() const { return m_draggable; }
    /// Pixel column of the line in customPlot() coordinates (after replotNow()); -1 when hidden.
    int thresholdPixel() const;

    /// The bar under `pos` (customPlot() coordinates), if any.
    std::optional<HistogramBar> barAt(const QPoint& pos) const;
    /// Outlines a bar (selection); an invalid bar clears it. Does not emit binClicked().
    void setSelectedBar(const HistogramBar& bar);
    std::optional<HistogramBar> selectedBar() const { return m_selected; }

    QString toolTipAt(const QPoint& pos) const override;

Q_SIGNALS:
    /// While the line is dragged: the entropy under the mouse, clamped to the x range (the span
    /// of the edges; the axis range when there are no bins). Emitted for every mouse move
    /// (callers update their readouts live). The line follows the mouse by itself.
    void thresholdDragged(double entropy);
    /// The mouse released the line at `entropy`.
    void thresholdDragFinished(double entropy);
    /// A bar was clicked (not the line): it is now the selected bar.
    void binClicked(int series, int bin);

protected:
    void applyTheme(bool dark) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void syncBars();
    void updateBarData();
    void updateAxes();
    void updateThresholdItems();
    /// The label's side, line break and position for the axis rect as laid out now.
    void placeThresholdLabel();
    void updateSelectionFrame();
    double binCenter(int bin) const;
    double barWidth() const;
    double barKey(int series, int bin) const;
    bool nearThreshold(const QPoint& pos) const;
    void dragTo(int pixelX);
    void updateHoverCursor(const QPoint& pos);

    QVector<double> m_edges;
    QVector<HistogramSeries> m_series;
    double m_threshold = std::numeric_limits<double>::quiet_NaN();
    QString m_thresholdLabel;
    std::optional<HistogramBar> m_selected;
    bool m_draggable = true;
    bool m_dragging = false;
    bool m_pressed = false; // left button down away from the line (a click on a bar?)
    QPoint m_pressPos;
    int m_lastDragX = 0;
    QVector<QCPBars*> m_bars; // one per series
    QCPLayer* m_markerLayer = nullptr;
    QCPItemStraightLine* m_line = nullptr;
    QCPItemText* m_label = nullptr;
    QCPItemRect* m_selectionFrame = nullptr;
};

} // namespace bdl::widgets
