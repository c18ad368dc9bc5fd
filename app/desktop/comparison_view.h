#pragma once
/// @file comparison_view.h
/// The "Comparison" tab: the paper's Figure 1, live. One row per poisoned set of each attacked
/// model analysed in the session (keyed by attack + set; rows of earlier workspaces stay when a
/// new workspace opens), with the clean accuracy (CCA) and attack success rate (ASR) of four
/// defenses: STRIP at the STRIP tab's current threshold, the repaired model B', the goodnet
/// G(B, B') and the improved goodnet G'(B0, B'). Shown as grouped bars (DefenseBarsPlot, CCA and
/// ASR panels) and as a table with the same numbers, plus a note on the attacks whose backdoor
/// survives pruning alone (pruning-aware).
///
/// Pruning-aware follows Liu et al. (Fine-Pruning, 2018; core::pruningAwareness, computed by the
/// goodnets job on B's pruning curve): B pruned alone, lowest mean activation first, up to k*, the
/// most channels before its clean accuracy first falls more than a margin (4 points) below the
/// unpruned CCA; the attack is pruning-aware when the ASR at k* is still >= a threshold (50 %).
/// The definition, with the numbers the rows used, is stated in a visible note
/// (objectName "pruningAwareDefinition") and as the tooltip of the column header; each cell
/// shows "yes/no: ASR x % at k* = k" with k*, the CCA at k* and unpruned in its tooltip. Rows
/// of sessions saved before the definition (ASR at the k of B', no margin) are shown as not
/// judged and never flagged.
///
/// Filled from the Controller: repairedReady() (B' at once; it also clears that attack's G and
/// G', which belonged to the previous B'), goodnetsReady() (B', G, G', the pruning-aware check), and from setStripScores() (the main window calls it when the
/// STRIP tab's threshold moves or a STRIP run ends). "Compute goodnets" starts
/// Controller::computeGoodnets() (k0 from its spin box, TuneSettings defaults).
///
/// Rows whose B' was fine-tuned on the clean test set (ComparisonRow::inSample, from
/// RepairResult::inSample) show their B', G and G' CCA as "(in-sample)", say so in their bar
/// label, and carry `in_sample` in the CSV and JSON.
///
/// Thread: GUI thread only. `controller` must outlive the view.
#include "app/gui/analysis_types.h"
#include "app/gui/strip_math.h"

#include <QtWidgets/QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bdl::widgets {
class DefenseBarsPlot;
}

namespace bdl::app {

class Controller;

class ComparisonView : public QWidget {
    Q_OBJECT

public:
    explicit ComparisonView(Controller* controller, QWidget* parent = nullptr);

    /// The rows shown, in table order.
    QVector<ComparisonRow> rows() const { return m_rows; }
    /// Replaces every row (e.g. from a session file) and redraws the bars and the table.
    void setRows(const QVector<ComparisonRow>& rows);
    /// The rows as CSV (one line per row; empty fields for numbers not measured) and as JSON
    /// ({"defenses": [...], "rows": [...]}, null for numbers not measured).
    QString toCsv() const;
    QString toJson() const;
    /// The grouped bars (objectName "comparisonBars").
    widgets::DefenseBarsPlot* barsPlot() const { return m_bars; }
    /// The table (objectName "comparisonTable").
    QTableWidget* table() const { return m_table; }
    /// The note on pruning-aware attacks (objectName "pruningAwareNote"); empty when none.
    QString flagText() const;
    /// The definition of pruning-aware with the margin and threshold the rows used (objectName
    /// "pruningAwareDefinition"; also the flag column's header tooltip); empty while no row has
    /// a verdict.
    QString definitionText() const;
    /// The flag column's cell and tooltip for a row.
    static QString flagCellText(const ComparisonRow& row);
    static QString flagCellToolTip(const ComparisonRow& row);

    /// The name under which the current workspace's rows are kept: its zoo title, else the
    /// model's file name (as GoodnetData::attack).
    static QString attackName(const WorkspaceInfo& info);
    /// A cell of the table: "93.25" (two decimals), an en dash for NaN.
    static QString numberText(double value);

public Q_SLOTS:
    /// STRIP as a filter at the STRIP tab's threshold (StripView::scores()): STRIP CCA and the
    /// ASR of each poisoned set of the current workspace (scores.asr in its order), with
    /// `thresholdText` (e.g. "normal fit, FRR 1 %: 0.214"). No-op for scores without poisoned
    /// sets (no finished run, no threshold).
    void setStripScores(const bdl::app::StripScores& scores, const QString& thresholdText);
    /// Removes the rows selected in the table.
    void removeSelectedRows();
    /// Removes every row.
    void clearRows();

Q_SIGNALS:
    /// A request could not be made; for the banner.
    void errorMessage(const QString& message);
    /// The rows changed (for session state).
    void rowsChanged();

private:
    QWidget* buildControls();
    void connectController();
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onRepaired(const bdl::app::RepairResult& result);
    void onGoodnets(const bdl::app::GoodnetData& data);
    void startGoodnets();
    void updateEnabled();
    /// The row of (attack, set), appended when absent.
    ComparisonRow& rowFor(const QString& attack, const QString& set);
    void refresh();
    void fillTable();
    void fillBars();

    Controller* m_controller;
    widgets::DefenseBarsPlot* m_bars = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_flagLabel = nullptr;
    QLabel* m_definitionLabel = nullptr;
    QLabel* m_status = nullptr;
    QSpinBox* m_k0 = nullptr;
    QPushButton* m_goodnetsButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QPushButton* m_clearButton = nullptr;

    QVector<ComparisonRow> m_rows;
    QString m_attack;            ///< the current workspace's attack name
    QStringList m_poisonedNames; ///< the current workspace's poisoned sets
};

} // namespace bdl::app
