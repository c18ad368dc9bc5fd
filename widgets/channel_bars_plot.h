#pragma once
/// @file channel_bars_plot.h
/// Per-channel mean activation of the pruned layer on clean and poisoned data, as bars in rank
/// order (the pruning order: lowest clean activation first). The first k ranks, the pruned
/// channels, are greyed and separated from the kept ones by a dashed divider.
///
/// Coordinates: the x axis is the rank; the clean bar of rank r is centred at r - 0.2, the
/// poisoned bar at r + 0.2. Tick labels show channel ids.
///
/// Thread: GUI thread only. Errors: setData() rejects inconsistent input (returns false).

#include "widgets/plot_widget.h"

#include <QtCore/QVector>

class QCPBars;
class QCPItemStraightLine;
class QCPItemText;

namespace bdl::widgets {

class ChannelBarsPlot : public PlotWidget {
    Q_OBJECT

public:
    explicit ChannelBarsPlot(QWidget* parent = nullptr);
    ~ChannelBarsPlot() override;

    /// rankOrder[r] is the channel id at rank r and must be a permutation of 0..C-1;
    /// cleanMeans and poisonedMeans are indexed by channel id and have C entries
    /// (poisonedMeans may be empty: clean bars only). Keeps the pruned count (clamped to C).
    /// Returns false, leaving the previous data, when the sizes or the permutation are wrong.
    bool setData(const QVector<int>& rankOrder, const QVector<double>& cleanMeans,
                 const QVector<double>& poisonedMeans);
    /// Removes all bars.
    void clear();
    int channelCount() const { return static_cast<int>(m_rank.size()); }
    QVector<int> rankOrder() const { return m_rank; }

    /// Marks the first k ranks as pruned (clamped to 0..C).
    void setPrunedCount(int k);
    int prunedCount() const { return m_pruned; }
    /// Whether the channel with this id is among the pruned ones.
    bool isChannelPruned(int channel) const;

    /// Channel id, rank, clean mean, poisoned mean and pruned or not; empty when out of range.
    QString toolTipForRank(int rank) const;
    /// The rank under `pos` (customPlot() coordinates), or -1.
    int rankAt(const QPoint& pos) const;
    QString toolTipAt(const QPoint& pos) const override;

    /// CSV: rank, channel, clean_mean, poisoned_mean, pruned (0/1), one row per rank.
    QByteArray toCsv() const;

protected:
    void applyTheme(bool dark) override;

private:
    void updateBars();
    void updateTicks();

    QVector<int> m_rank;        // channel id per rank
    QVector<int> m_rankOf;      // rank per channel id
    QVector<double> m_clean;    // per channel id
    QVector<double> m_poisoned; // per channel id, may be empty
    int m_pruned = 0;
    QCPBars* m_cleanKept = nullptr;
    QCPBars* m_poisonedKept = nullptr;
    QCPBars* m_cleanPruned = nullptr;
    QCPBars* m_poisonedPruned = nullptr;
    QCPItemStraightLine* m_divider = nullptr;
    QCPItemText* m_dividerLabel = nullptr;
};

} // namespace bdl::widgets
