#pragma once
/// @file tune_form.h
/// A group box for one fine-tuning job: learning rate, epochs and batch size (TuneSettings), any
/// extra rows the job needs (steps, maximum drop) and the button that starts it. Child widgets
/// are named after `prefix` ("fineTune" -> "fineTuneLr", "fineTuneEpochs", "fineTuneBatch",
/// "fineTuneButton") for tests.
///
/// Keyboard focus: the button is disabled while a job runs. When it is clicked (so it holds the
/// focus), Qt would move the focus to the next widget of the tab chain, the next form's
/// learning-rate field with its text selected, and the next key press would overwrite it.
/// keepFocusWhenDisabled() keeps the focus where the user was instead; the form applies it to its
/// button, and the views to their own job buttons.
///
/// Thread: GUI thread only.
#include "app/gui/job_types.h"

#include <QtCore/QJsonObject>
#include <QtWidgets/QGroupBox>

#include <optional>

class QCheckBox;
class QFormLayout;
class QWidget;
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
    QCheckBox* m_updateBn = nullptr;
    QPushButton* m_button = nullptr;
    int m_extraRows = 0;
};

/// When `widget` is disabled while it has the keyboard focus, the focus goes to its nearest
/// enabled ancestor that keeps it (not a group box or tab widget, which would hand it on to a
/// field), where keys do nothing, instead of the next widget of the tab chain, and
/// comes back to `widget` when it is enabled again, unless the user has moved the focus
/// meanwhile. Call once per widget; the helper is a child of `widget`.
void keepFocusWhenDisabled(QWidget* widget);

} // namespace bdl::app
