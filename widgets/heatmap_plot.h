#pragma once
/// @file heatmap_plot.h
/// The learning-rate sweep as a heat map: rows are learning rates, columns numbers of channels
/// pruned, cells a percentage (CCA or ASR) filled cell by cell while the sweep runs. Cells not
/// computed yet are NaN and drawn blank (hatched background). The best trade-off can be marked,
/// and clicking a cell emits cellClicked().
///
/// Coordinates: the plot's x axis is the column index (kIndex), its y axis the row index
/// (lrIndex, row 0 at the top as in a matrix); cell centres sit on integer coordinates, so
/// customPlot()->xAxis->coordToPixel(kIndex) is the pixel column of a cell's centre.
///
/// Thread: GUI thread only. Errors: out-of-range indices are ignored (setters) or give NaN /
/// empty results (getters).

#include "widgets/plot_widget.h"

#include <QtCore/QVector>

#include <optional>

class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;

namespace bdl::widgets {

/// A cell of the sweep grid.
struct HeatmapCell {
    int lrIndex = -1; ///< row: index into the learning rates
    int kIndex = -1;  ///< column: index into the channels-pruned values
    bool operator==(const HeatmapCell& other) const {
        return lrIndex == other.lrIndex && kIndex == other.kIndex;
    }
};

class HeatmapPlot : public PlotWidget {
    Q_OBJECT

public:
    explicit HeatmapPlot(QWidget* parent = nullptr);
    ~HeatmapPlot() override;

    /// Starts an empty grid (every cell NaN) of learningRates.size() rows and
    /// channelsPruned.size() columns; `valueName` (e.g. "CCA") titles the plot and the tooltip.
    /// Clears the best-cell marker.
    void setup(const QVector<double>& learningRates, const QVector<int>& channelsPruned,
               const QString& valueName);
    QVector<double> learningRates() const { return m_lrs; }
    QVector<int> channelsPruned() const { return m_ks; }
    QString valueName() const { return m_valueName; }

    /// Stores and draws one cell (a percentage, 0..100 on the colour scale; NaN blanks the cell).
    void setCell(int lrIndex, int kIndex, double value);
    /// Replaces all cells from a rows x columns matrix (missing entries become NaN).
    void setValues(const QVector<QVector<double>>& values);
    /// Blanks every cell (keeps the setup).
    void clearValues();
    /// The stored value, NaN when blank or out of range.
    double value(int lrIndex, int kIndex) const;
    /// All cells as rows (learning rates) of columns (channels pruned).
    QVector<QVector<double>> values() const;

    /// Marks a cell (outlined box); an out-of-range cell removes the mark.
    void setBestCell(int lrIndex, int kIndex);
    void clearBestCell();
    std::optional<HeatmapCell> bestCell() const { return m_best; }

    /// The cell with the highest CCA among cells whose ASR <= asrLimit and both values are
    /// numbers; ties go to the lower ASR, then fewer channels pruned, then the earlier row.
    /// Rows/columns present in only one matrix are ignored. None when no cell qualifies.
    static std::optional<HeatmapCell> bestTradeOff(const QVector<QVector<double>>& cca,
                                                   const QVector<QVector<double>>& asr,
                                                   double asrLimit);
    /// A learning rate as short text: 0.001 -> "1e-3", 0.0005 -> "5e-4", 0.25 -> "0.25".
    static QString formatLearningRate(double lr);

    /// The cell under `pos` (customPlot() coordinates), if any.
    std::optional<HeatmapCell> cellAt(const QPoint& pos) const;
    /// Learning rate, channels pruned and the exact value of a cell; empty when out of range.
    QString toolTipForCell(int lrIndex, int kIndex) const;
    QString toolTipAt(const QPoint& pos) const override;

    /// CSV matrix: header "learning_rate,<k0>,<k1>,...", one row per learning rate; blank = "".
    QByteArray toCsv() const;
    /// JSON: {"value", "unit": "%", "learning_rates", "channels_pruned", "values" (rows; null =
    /// blank), "best": {"lr_index", "k_index"} or null}.
    QByteArray toJson() const;

Q_SIGNALS:
    /// A left click (press and release on the same spot) on a cell, blank or not.
    void cellClicked(int lrIndex, int kIndex);

protected:
    void applyTheme(bool dark) override;

private:
    void updateTicks();
    void updateBestMarker();
    void writeCell(int lrIndex, int kIndex, double value);
    bool inRange(int lrIndex, int kIndex) const;
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QVector<double> m_lrs;
    QVector<int> m_ks;
    QString m_valueName;
    QVector<double> m_values; // row-major: lrIndex * columns + kIndex
    std::optional<HeatmapCell> m_best;
    QPoint m_pressPos;
    bool m_pressed = false;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPItemRect* m_bestOuter = nullptr;
    QCPItemRect* m_bestInner = nullptr;
};

} // namespace bdl::widgets
