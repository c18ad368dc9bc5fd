#pragma once
/// @file defense_bars_plot.h
/// The paper's Figure 1, live: grouped bars of clean accuracy (CCA, upper panel) and attack
/// success rate (ASR, lower panel) per attack, one bar per defense within each group (STRIP, B',
/// G(B, B'), G'(B0, B')). Missing values (NaN: not run yet) leave a gap with a hatched stub. A
/// group can be flagged (e.g. "pruning-aware": the backdoor survives pruning alone): its label
/// gets a warning mark and the flag text.
///
/// Thread: GUI thread only. Errors: none thrown; short vectors are padded with NaN.

#include "widgets/plot_widget.h"

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <optional>

class QCPAxisRect;
class QCPBars;
class QCPItemRect;

namespace bdl::widgets {

/// One attack (a poisoned set of one model): a value per defense, in setDefenses() order.
struct DefenseGroup {
    QString label;       ///< e.g. "patch → 0"
    QVector<double> cca; ///< % per defense, NaN = not measured
    QVector<double> asr;
    bool flagged = false;
    QString flagText; ///< e.g. "pruning-aware: ASR 97 % after pruning alone"
};

class DefenseBarsPlot : public PlotWidget {
    Q_OBJECT

public:
    enum class Metric { Cca, Asr };

    explicit DefenseBarsPlot(QWidget* parent = nullptr);
    ~DefenseBarsPlot() override;

    /// The defenses (legend, bar colours), e.g. {"STRIP", "B'", "G(B, B')", "G'(B0, B')"}.
    void setDefenses(const QStringList& names);
    QStringList defenses() const { return m_defenses; }
    /// Replaces the groups (x axis, left to right). Coordinates: group g is centred at x = g in
    /// both panels (objectNames "ccaRect", "asrRect"); its bars sit side by side in defense order
    /// within the middle 80 % of [g - 0.5, g + 0.5]. The lower panel's tick label is "⚠ label"
    /// plus the (elided) flag text on a second line for flagged groups.
    void setGroups(const QVector<DefenseGroup>& groups);
    const QVector<DefenseGroup>& groups() const { return m_groups; }
    /// The value drawn for (group, defense) in a panel; NaN when missing or out of range.
    double valueAt(int group, int defense, Metric metric) const;
    /// The bar under `pos` (customPlot() coordinates): group, defense, metric.
    struct Bar {
        int group = -1;
        int defense = -1;
        Metric metric = Metric::Cca;
    };
    /// A missing (NaN) value's stub counts as a bar.
    std::optional<Bar> barAt(const QPoint& pos) const;
    /// The x-axis label of a group as drawn in the lower panel ("" out of range).
    QString groupTickLabel(int group) const;
    /// Exact values of one bar (group, flag, defense, value or "not measured").
    QString toolTipForBar(int group, int defense, Metric metric) const;

    QString toolTipAt(const QPoint& pos) const override;

protected:
    void applyTheme(bool dark) override;

private:
    struct Panel {
        QCPAxisRect* rect = nullptr;
        QVector<QCPBars*> bars;          // one per defense
        QCPBars* missing = nullptr;      // hatched stubs where a value is NaN
        QVector<QCPItemRect*> flagBands; // pool; one per flagged group
    };

    void setupPanel(Panel& panel, Metric metric, const QString& axisLabel);
    void rebuildBars();
    void updateData();
    void updateTicks();
    void updateFlagBands(Panel& panel);
    const Panel& panel(Metric metric) const { return metric == Metric::Cca ? m_cca : m_asr; }
    double barKey(int group, int defense) const;
    double barWidth() const;
    int groupAtPixel(const Panel& panel, int x) const;
    QString toolTipForGroup(int group, Metric metric) const;

    QStringList m_defenses;
    QVector<DefenseGroup> m_groups;
    Panel m_cca;
    Panel m_asr;
};

} // namespace bdl::widgets
