#pragma once
/// @file candidates_panel.h
/// "B' candidates": every repaired model B' made in the workspace (Controller::candidates():
/// fine-tuning at k, the protocols, sweep cells made current), one row each in a table
/// (objectName "candidatesTable"): its number, how it was made (the method and
/// RepairResult::description), k, lr, epochs, CCA and the ASR on each poisoned set (two
/// decimals). The current B' is marked: bold, "(current)" after its number. "Make current"
/// (objectName "makeCurrentButton") makes the selected row B' again (Controller::
/// selectCandidate()); "Export..." ("exportCandidateButton") writes it as Keras .h5 or
/// TorchScript .pt (Controller::exportCandidate(), the file dialog of File > Export) without
/// changing B'. Both are disabled while a job runs and without a selected row; the status bar
/// names the file written (MainWindow, on Controller::exported()).
///
/// Thread: GUI thread only. `controller` must outlive the panel.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtWidgets/QGroupBox>

class QPushButton;
class QTableWidget;

namespace bdl::app {

class Controller;
struct WorkspaceInfo;

class CandidatesPanel : public QGroupBox {
    Q_OBJECT

public:
    explicit CandidatesPanel(Controller* controller, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    QPushButton* makeCurrentButton() const { return m_makeCurrent; }
    QPushButton* exportButton() const { return m_export; }
    /// The id of the candidate of the selected row; -1 when none is selected.
    int selectedId() const;
    /// Selects the row of candidate `id` (no-op when it is not listed).
    void selectId(int id);
    /// Asks the worker to write candidate `id` to `path` (.h5/.hdf5 or .pt); exported() or
    /// failed() follow from the Controller. False (errorMessage()) for another suffix, an
    /// unknown id, or while a job runs.
    bool exportCandidate(int id, const QString& path);

Q_SIGNALS:
    /// A request could not be made; for the banner.
    void errorMessage(const QString& message);

private:
    void rebuild();
    void updateButtons();
    void makeSelectedCurrent();
    void exportSelected();

    Controller* m_controller;
    QTableWidget* m_table = nullptr;
    QPushButton* m_makeCurrent = nullptr;
    QPushButton* m_export = nullptr;
    QStringList m_poisonedNames; ///< of the open workspace: the ASR columns
    QString m_lastDir;           ///< where the export dialog starts
};

} // namespace bdl::app
