#pragma once
/// @file workspace_panel.h
/// The workspace at a glance (left dock): the model under test B (file, architecture, classes,
/// pruned layer), its input scale next to the auto-detected one with the clean accuracy at both
/// scales, the repaired model B' and how it was made, and the data sets in their roles (clean
/// test data for CCA, clean data for ranking and fine-tuning, poisoned sets with their targets),
/// each with its size, and how the clean data was split (a separate train set, a seeded hold-out
/// with both sizes, or none).
///
/// In-sample results: when the workspace has no separate train set (WorkspaceInfo::inSample),
/// a warning line above the tree (objectName "workspaceInSample", not elided, with a tooltip)
/// says that ranking and fine-tuning use the clean test set, and B''s CCA row is labelled
/// "in-sample" (RepairResult::inSample).
///
/// Thread: GUI thread only. It shows what it is given; it asks nothing of the Controller.
#include "app/gui/job_types.h"

#include <QtWidgets/QWidget>

class QComboBox;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace bdl::app {

class WorkspacePanel : public QWidget {
    Q_OBJECT

public:
    explicit WorkspacePanel(QWidget* parent = nullptr);

    /// Shows a workspace (replacing the previous one; B' is reset to "none").
    void setWorkspace(const WorkspaceInfo& info);
    /// Shows B' and how it was made (CCA/ASR named after the workspace's poisoned sets).
    void setRepaired(const RepairResult& repaired);
    /// A one-line state above the tree ("Opening the demo zoo: building ..."); empty hides it.
    void setStatus(const QString& text);

    /// Every item as "label: value" lines, depth-first (for copying and for tests).
    QString summaryText() const;
    /// The in-sample warning's text when it is shown, else empty.
    QString inSampleText() const;
    /// The list of prunable layers shown with the model (null before a workspace).
    QComboBox* pruneLayerBox() const { return m_pruneLayer; }

Q_SIGNALS:
    /// The user picked another layer to prune (a convolution's name); the caller reopens the
    /// workspace with it (WorkspaceRequest::pruneLayer).
    void pruneLayerChosen(const QString& conv);

private:
    QTreeWidgetItem* addGroup(const QString& title);
    static QTreeWidgetItem* addRow(QTreeWidgetItem* group, const QString& label,
                                   const QString& value, const QString& toolTip = QString());
    void fillModel(const WorkspaceInfo& info);
    void fillScale(const WorkspaceInfo& info);
    void fillData(const WorkspaceInfo& info);
    void fillSplit(QTreeWidgetItem* group, const WorkspaceInfo& info);
    void fillNoRepaired();

    QLabel* m_status = nullptr;
    QLabel* m_inSample = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTreeWidgetItem* m_repairedGroup = nullptr;
    QComboBox* m_pruneLayer = nullptr;
    QStringList m_poisonedNames;
};

} // namespace bdl::app
