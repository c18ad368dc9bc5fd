#pragma once
/// @file audit_view.h
/// An audit loaded from a file (`backdoorlab-cli audit --json`, ResultWindow), read-only
/// (objectName "auditView"):
/// - a caption ("auditCaption"): the audit's settings and how many models it holds;
/// - the table ("auditTable"), one row per model, sortable by any column: the model, CCA, the
///   highest ASR (each poisoned set's ASR in its tooltip), the trust verdict, the pruning-aware
///   flag, and STRIP's worst FRR, FAR and AUROC over the poisoned sets (each set's in the
///   tooltips);
/// - the pruning curve of the selected model ("auditPruneCurve": CCA and each set's ASR against
///   the channels pruned, the prune curve widget of the Fine-pruning view) with its title
///   ("auditCurveLabel").
///
/// Every cell holds its exact value in kSortRole (a number; NaN when the file has none; the
/// text for the model's name) and the model's index in the file in kModelRole, so sorting
/// orders numbers as numbers and rows can be traced back after sorting.
///
/// Thread: GUI thread only.
#include "app/desktop/result_file.h"

#include <QtWidgets/QWidget>

class QLabel;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace bdl::widgets {
class PruneCurvePlot;
}

namespace bdl::app {

class AuditView : public QWidget {
    Q_OBJECT

public:
    enum Column {
        kModelColumn,
        kCcaColumn,
        kMaxAsrColumn,
        kTrustColumn,
        kPruningAwareColumn,
        kFrrColumn,
        kFarColumn,
        kAurocColumn,
        kColumns
    };
    /// The exact value of a cell (what sorting compares).
    static constexpr int kSortRole = Qt::UserRole;
    /// The model's index in AuditResult::models.
    static constexpr int kModelRole = Qt::UserRole + 1;

    explicit AuditView(QWidget* parent = nullptr);

    /// Shows `audit`, the first model's curve selected.
    void setResult(const AuditResult& audit);
    const AuditResult& result() const { return m_audit; }
    QString caption() const;

    /// The table as shown (sorted); its model is the sorting proxy over sourceModel().
    QTableView* table() const { return m_table; }
    /// Rows in the file's order.
    QStandardItemModel* sourceModel() const { return m_model; }
    widgets::PruneCurvePlot* curvePlot() const { return m_curve; }
    /// The model (index into result().models) whose curve is shown; -1 when none.
    int shownModel() const { return m_shown; }
    /// Selects the row of model `index` (file order) and shows its curve.
    void selectModel(int index);

private:
    void fillRow(int index, const AuditModel& m);
    void onCurrentRowChanged();
    void showCurve(int index);

    AuditResult m_audit;
    QLabel* m_caption = nullptr;
    QStandardItemModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_curveLabel = nullptr;
    widgets::PruneCurvePlot* m_curve = nullptr;
    int m_shown = -1;
};

} // namespace bdl::app
