#pragma once
/// @file heatmap_plot.h
/// The learning-rate sweep as a heat map: rows are learning rates, columns numbers of channels
/// pruned, cells a percentage (CCA or ASR) filled cell by cell while the sweep runs. Cells not
/// computed yet are NaN and drawn blank (hatched background). The best trade-off can be marked,
/// and clicking a cell emits cellClicked().
///
/// A second, independent mark (setMarkedCell(): a dashed outline with a short label such as
/// "B'" on the cell's top edge) shows a chosen cell, e.g. the one whose model became B'. With
/// setShowValues(true) every computed cell shows its number (cellText()), in black or white,
/// whichever reads on the cell's colour; setCellNote() adds lines (e.g. the other map's numbers)
/// to a cell's tooltip.
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
class QCPItemText;
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

    /// Marks a chosen cell (e.g. the cell whose model is B'): a dashed outline, `label` on the
    /// cell's top edge, and `description` (or `label` when empty) as a line of its tooltip.
    /// Independent of the best cell; kept by setCell() and setValues(), cleared by setup(); an
    /// out-of-range cell removes the mark.
    void setMarkedCell(int lrIndex, int kIndex, const QString& label,
                       const QString& description = QString());
    void clearMarkedCell();
    std::optional<HeatmapCell> markedCell() const { return m_marked; }
    QString markedLabel() const { return m_marked ? m_markedLabel : QString(); }

    /// Draws each computed cell's value in it (cellText()); off by default, kept across setup().
    void setShowValues(bool show);
    bool showValues() const { return m_showValues; }
    /// The text a cell shows while values are shown: one decimal up to kOneDecimalColumns
    /// columns, none beyond; empty for a blank or out-of-range cell.
    QString cellText(int lrIndex, int kIndex) const;
    /// The number of cell texts drawn now (0 while values are hidden).
    int drawnValueCount() const;
    /// The colour a cell's text is drawn in (black or white for contrast); invalid when none.
    QColor cellTextColor(int lrIndex, int kIndex) const;
    /// Extra tooltip lines for a cell (e.g. the other map's numbers); empty removes them.
    /// Cleared by setup().
    void setCellNote(int lrIndex, int kIndex, const QString& note);
    static constexpr int kOneDecimalColumns = 12;

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
    /// blank), "best": {"lr_index", "k_index"} or null, "marked": {"lr_index", "k_index",
    /// "label"} or null}.
    QByteArray toJson() const;

Q_SIGNALS:
    /// A left click (press and release on the same spot) on a cell, blank or not.
    void cellClicked(int lrIndex, int kIndex);

protected:
    void applyTheme(bool dark) override;

private:
    void updateTicks();
    void updateBestMarker();
    void updateMarkedCell();
    void updateValueText(int lrIndex, int kIndex);
    void removeValueTexts();
    void writeCell(int lrIndex, int kIndex, double value);
    bool inRange(int lrIndex, int kIndex) const;
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QVector<double> m_lrs;
    QVector<int> m_ks;
    QString m_valueName;
    QVector<double> m_values; // row-major: lrIndex * columns + kIndex
    std::optional<HeatmapCell> m_best;
    std::optional<HeatmapCell> m_marked;
    QString m_markedLabel;
    QString m_markedDescription;
    bool m_showValues = false;
    QVector<QString> m_notes;           // row-major, as m_values
    QVector<QCPItemText*> m_valueTexts; // row-major; null where none is drawn
    QPoint m_pressPos;
    bool m_pressed = false;
    QCPColorMap* m_map = nullptr;
    QCPColorScale* m_scale = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPItemRect* m_bestOuter = nullptr;
    QCPItemRect* m_bestInner = nullptr;
    QCPItemRect* m_markOuter = nullptr;
    QCPItemRect* m_markInner = nullptr;
    QCPItemText* m_markText = nullptr;
};

} // namespace bdl::widgets
