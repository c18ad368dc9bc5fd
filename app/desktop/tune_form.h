#pragma once
/// @file tune_form.h
/// A group box for one fine-tuning job: learning rate, epochs and batch size (TuneSettings), any
/// extra rows the job needs (steps, maximum drop) and the button that starts it. Child widgets
/// are named after `prefix` ("fineTune" -> "fineTuneLr", "fineTuneEpochs", "fineTuneBatch",
/// "fineTuneButton") for tests.
///
/// Thread: GUI thread only.
#include "app/gui/job_types.h"

#include <QtCore/QJsonObject>
#include <QtWidgets/QGroupBox>

#include <optional>

class QFormLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace bdl::app {

class TuneForm : public QGroupBox {
    Q_OBJECT

public:
    /// defaults: the spin boxes' initial values (TuneSettings() = the paper's).
    TuneForm(const QString& title, const QString& buttonText, const QString& prefix,
             const TuneSettings& defaults = TuneSettings(), QWidget* parent = nullptr);

    /// The settings entered, or nullopt when the learning rate is not a valid number.
    std::optional<TuneSettings> settings() const;
    /// Puts `settings` into the fields (a restored session); the seed is not shown.
    void setSettings(const TuneSettings& settings);
    /// The fields as JSON {"lr": text, "epochs", "batchSize"} and back (malformed members are
    /// skipped; the learning rate text is kept as typed).
    QJsonObject state() const;
    void setState(const QJsonObject& state);
    /// Adds a row above the tuning rows (e.g. the protocol's steps).
    void addExtraRow(const QString& label, QWidget* field);
    QPushButton* button() const { return m_button; }
    QLineEdit* learningRateEdit() const { return m_lr; }

    /// Parses a learning rate ("1e-3", "0.001"); nullopt unless it is a number in (0, 10].
    static std::optional<double> parseLearningRate(const QString& text);

private:
    QFormLayout* m_form = nullptr;
    QLineEdit* m_lr = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QPushButton* m_button = nullptr;
    int m_extraRows = 0;
};

} // namespace bdl::app
