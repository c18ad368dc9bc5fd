#pragma once
/// @file strip_settings_form.h
/// The STRIP tab's settings (a StripRequest): superimpositions N, the automatic split, blend mode
/// and alpha, overlay source, seed, inputs per set, calibration inputs, threshold rule and target
/// FRR, and the Run button (objectName "runStripButton"). Child widgets are named for tests:
/// "stripN", "stripAutoSplit", "stripBlend", "stripAlpha", "stripOverlay", "stripSeed",
/// "stripSample", "stripCalibration", "stripRule", "stripFrr".
///
/// "Split the clean data automatically" (StripRequest::autoSplit, ticked by default) is what
/// "the user has not chosen N" means: the run may lower N to half of a small clean set that
/// supplies both overlays and calibration inputs (core::planStrip). Unticked, N is used as given
/// and a run that would leave no calibration input fails with the reason and the remedies.
///
/// The rule and the target FRR also apply to a finished run without re-running it (the
/// threshold is recomputed from the run's clean entropies): ruleChanged() says when they change.
///
/// Thread: GUI thread only.
#include "app/gui/analysis_types.h"

#include <QtWidgets/QGroupBox>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace bdl::app {

class StripSettingsForm : public QGroupBox {
    Q_OBJECT

public:
    explicit StripSettingsForm(QWidget* parent = nullptr);

    /// The request the fields describe.
    StripRequest request() const;
    /// Fills the fields; values outside a field's range are clamped to it. Emits ruleChanged()
    /// once when the rule or the FRR changed.
    void setRequest(const StripRequest& request);
    StripRule rule() const;
    double frr() const;

    QPushButton* runButton() const { return m_run; }

    /// The rule's name as the combo box shows it ("normal fit at FRR", ...).
    static QString ruleName(StripRule rule);

Q_SIGNALS:
    /// The threshold rule or the target FRR was changed (by the user or setRequest()).
    void ruleChanged();

private:
    void updateEnabled();

    QSpinBox* m_n = nullptr;
    QCheckBox* m_autoSplit = nullptr;
    QComboBox* m_blend = nullptr;
    QDoubleSpinBox* m_alpha = nullptr;
    QComboBox* m_overlay = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_sample = nullptr;
    QSpinBox* m_calibration = nullptr;
    QComboBox* m_rule = nullptr;
    QDoubleSpinBox* m_frr = nullptr;
    QPushButton* m_run = nullptr;
};

} // namespace bdl::app
