#pragma once
/// @file open_dialog.h
/// File > Open: choose what to analyse, either a model of the demo zoo (its data fill in every
/// role left empty) or a Keras .h5 model with its data sets in their roles: clean test data
/// (CCA, input-scale detection), clean data for ranking channels and fine-tuning, and poisoned
/// sets with their attack targets. The input scale is auto-detected unless one is chosen.
///
/// Every data field (clean test, clean train, each poisoned set) takes what the worker's loader
/// takes: an HDF5 file, an IDX file, an image or an image folder, through a file and a folder
/// picker ("Add poisoned set" has both in its menu); each says what kind its path is
/// (PathField::kindText), and the dialog refuses a path that is not there or not loadable.
///
/// Without a train set (file mode, train field empty) ranking and fine-tuning would use the
/// clean test set, making every CCA after them in-sample. The dialog therefore offers to hold out
/// part of the clean data as the train set (WorkspaceRequest::holdOutPercent/holdOutSeed, the
/// core's seeded holdOutSplit; default WorkspaceRequest::kDefaultHoldOutPercent, seed 0), and
/// does so by default; turning it off shows an in-sample warning.
///
/// A TorchScript model (.pt) also takes its input shape ("H,W,C"; empty: inferred from the file,
/// and the open fails asking for it when it cannot be) and the normalization its data pipeline
/// applies (none, cifar10, imagenet or custom mean/std). Both are remembered per model file
/// (AppSettings::setModelInput) when the dialog is accepted and filled in when that file is
/// chosen again.
///
/// Thread: GUI thread only. The dialog only builds a WorkspaceRequest; the caller hands it to
/// Controller::openWorkspace(), whose errors name the file at fault.
#include "app/desktop/path_field.h"
#include "app/gui/job_types.h"

#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace bdl::app {

class OpenDialog : public QDialog {
    Q_OBJECT

public:
    explicit OpenDialog(QWidget* parent = nullptr);

    /// Fills the fields from a request (e.g. the workspace open now). The hold-out is on unless
    /// the request is a file request without a train set that chose none.
    void setRequest(const WorkspaceRequest& request);
    /// The request the fields describe.
    WorkspaceRequest request() const;
    /// Why the fields do not make a request (empty when they do).
    QString problem() const;
    /// Replaces the file/folder dialogs of every field and of "Add poisoned set" (tests).
    void setPicker(PathField::Picker picker);
    /// Asks for a poisoned set (a file or a folder) and adds a row for it.
    void addPoisoned(PathField::Pick what);

    void accept() override;

private:
    QWidget* buildSource();
    QWidget* buildData();
    QWidget* buildHoldOut(QWidget* parent);
    void addPoisonedRow(const QString& path, int target);
    void updateMode();
    /// Shows the TorchScript fields for a .pt path and fills them from what was remembered.
    void updateModelKind();
    void updateHoldOut();
    bool holdOutApplies() const;

    QRadioButton* m_zooMode = nullptr;
    QRadioButton* m_fileMode = nullptr;
    QComboBox* m_zooModel = nullptr;
    PathField* m_zooDir = nullptr;
    PathField* m_model = nullptr;
    QLineEdit* m_arch = nullptr;
    QLineEdit* m_inputShape = nullptr;
    QComboBox* m_normalization = nullptr;
    QString m_rememberedFor; ///< the model path the TorchScript fields were filled for
    QComboBox* m_scale = nullptr;
    QComboBox* m_precision = nullptr;
    PathField* m_clean = nullptr;
    PathField* m_train = nullptr;
    QCheckBox* m_holdOut = nullptr;
    QSpinBox* m_holdOutPercent = nullptr;
    QLineEdit* m_holdOutSeed = nullptr;
    QLabel* m_splitNote = nullptr;
    QTableWidget* m_poisoned = nullptr;
    PathField::Picker m_picker;
};

} // namespace bdl::app
