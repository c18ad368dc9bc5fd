#pragma once
/// @file open_dialog.h
/// File > Open: choose what to analyse, either a model of the demo zoo (its data fill in every
/// role left empty) or a Keras .h5 model with its data sets in their roles: clean test data
/// (CCA, input-scale detection), clean data for ranking channels and fine-tuning, and poisoned
/// sets with their attack targets. The input scale is auto-detected unless one is chosen.
///
/// Thread: GUI thread only. The dialog only builds a WorkspaceRequest; the caller hands it to
/// Controller::openWorkspace(), whose errors name the file at fault.
#include "app/gui/job_types.h"

#include <QtWidgets/QDialog>

class QButtonGroup;
class QComboBox;
class QLineEdit;
class QRadioButton;
class QTableWidget;

namespace bdl::app {

class PathField;

class OpenDialog : public QDialog {
    Q_OBJECT

public:
    explicit OpenDialog(QWidget* parent = nullptr);

    /// Fills the fields from a request (e.g. the workspace open now).
    void setRequest(const WorkspaceRequest& request);
    /// The request the fields describe.
    WorkspaceRequest request() const;
    /// Why the fields do not make a request (empty when they do).
    QString problem() const;

    void accept() override;

private:
    QWidget* buildSource();
    QWidget* buildData();
    void addPoisonedRow(const QString& path, int target);
    void updateMode();

    QRadioButton* m_zooMode = nullptr;
    QRadioButton* m_fileMode = nullptr;
    QComboBox* m_zooModel = nullptr;
    PathField* m_zooDir = nullptr;
    PathField* m_model = nullptr;
    QLineEdit* m_arch = nullptr;
    QComboBox* m_scale = nullptr;
    PathField* m_clean = nullptr;
    PathField* m_train = nullptr;
    QTableWidget* m_poisoned = nullptr;
};

} // namespace bdl::app
