#pragma once
/// @file prune_view.h
/// The "Fine-pruning" tab: the pruning curve (CCA and one ASR per poisoned set against channels
/// pruned) filled live while the curve job runs, the prune slider with its readout, the
/// fine-tuning jobs (fine-tune at k, the paper's protocol, Liu et al.'s), the live curve of the
/// paper's protocol steps and, below the curves, every B' made so far (candidates_panel.h).
///
/// The slider never waits for the worker when the curve is cached: valueChanged asks
/// Controller::requestSliderK(), which answers synchronously with sliderChanged(), so the
/// readout, the curve marker and the channel bars (through prunedCountChanged()) change in the
/// same event-loop turn. The time from valueChanged to the readout is measured (sliderLatency()).
///
/// In-sample workspaces (WorkspaceInfo::inSample: no train set, the clean test set ranks and
/// fine-tunes) are marked where their numbers appear: a warning line above the curves
/// (objectName "inSampleBadge", with a tooltip), the CCA legend entry of both plots (so
/// exported figures say it too), the slider readout and the B' summary.
///
/// Thread: GUI thread only. `controller` must outlive the view.
#include "app/gui/job_types.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>
#include <QtWidgets/QWidget>

#include <optional>

class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace bdl::widgets {
class PruneCurvePlot;
}

namespace bdl::app {

class CandidatesPanel;
class Controller;
class TuneForm;

class PruneView : public QWidget {
    Q_OBJECT

public:
    explicit PruneView(Controller* controller, QWidget* parent = nullptr);

    /// The pruning-only curve (objectName "pruneCurvePlot").
    widgets::PruneCurvePlot* curvePlot() const { return m_curvePlot; }
    /// The paper protocol's steps (objectName "paperStepsPlot"), in a box hidden until a run.
    widgets::PruneCurvePlot* stepsPlot() const { return m_stepsPlot; }
    /// The prune slider (objectName "pruneSlider"), 0 .. C.
    QSlider* slider() const { return m_slider; }
    /// The B' candidates below the curves (objectName "candidatesPanel"), hidden while none.
    CandidatesPanel* candidatesPanel() const { return m_candidates; }
    /// The readout shown under the slider (objectName "sliderReadout"), if any yet.
    const std::optional<SliderReadout>& lastReadout() const { return m_readout; }
    /// Milliseconds from the slider's valueChanged to its readout; the last one and the largest.
    double lastLatencyMs() const { return m_lastLatencyMs; }
    double maxLatencyMs() const { return m_maxLatencyMs; }

    /// The job forms' fields (fine-tune, paper protocol with its steps, Liu et al. with its
    /// maximum drop) as JSON, for session files; setFormState() puts them back (unknown or
    /// malformed members are skipped).
    QJsonObject formState() const;
    void setFormState(const QJsonObject& state);

    /// The readout text for `r` (k, % pruned, CCA, ASR per set; "CCA in-sample" when it is).
    QString readoutText(const SliderReadout& r) const;
    /// Whether the open workspace's CCA after ranking/fine-tuning is in-sample.
    bool inSample() const { return m_inSample; }

Q_SIGNALS:
    /// The slider moved to k (channels pruned, lowest-ranked first).
    void prunedCountChanged(int k);
    /// One slider step was answered: `ms` from valueChanged to the readout.
    void sliderLatency(double ms, bool fromCurve);
    /// A request could not be made (e.g. an invalid learning rate); for the banner.
    void errorMessage(const QString& message);

private:
    QWidget* buildPlots();
    QWidget* buildSliderRow();
    QWidget* buildJobs();
    void connectController();
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onCurveStarted(const bdl::app::CurveData& header);
    void onCurvePoint(const bdl::app::CurvePoint& point);
    void onCurveReady(const bdl::app::CurveData& curve);
    void onJobEnded(const QString& job);
    void onSliderValue(int k);
    void onSliderChanged(const bdl::app::SliderReadout& readout);
    void onFinePruneStep(const bdl::app::FinePruneStep& step);
    void onRepaired(const bdl::app::RepairResult& result);
    void showCurve(const CurveData& curve);
    void setInSample(bool inSample);
    void setChannels(int channels);
    void updateEnabled();
    void startFineTune();
    void startPaper();
    void startLiu();

    Controller* m_controller;
    widgets::PruneCurvePlot* m_curvePlot = nullptr;
    widgets::PruneCurvePlot* m_stepsPlot = nullptr;
    QGroupBox* m_stepsBox = nullptr;
    CandidatesPanel* m_candidates = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_readoutLabel = nullptr;
    QLabel* m_inSampleBadge = nullptr;
    QLabel* m_repairedLabel = nullptr;
    QPushButton* m_curveButton = nullptr;
    TuneForm* m_fineTune = nullptr;
    TuneForm* m_paper = nullptr;
    TuneForm* m_liu = nullptr;
    QSpinBox* m_paperSteps = nullptr;
    QDoubleSpinBox* m_liuDrop = nullptr;

    QStringList m_poisonedNames;
    bool m_hasWorkspace = false;
    bool m_inSample = false;
    std::optional<SliderReadout> m_readout;
    QElapsedTimer m_latencyClock;
    int m_latencyK = -1; ///< the slider value being timed; -1 when none
    double m_lastLatencyMs = 0.0;
    double m_maxLatencyMs = 0.0;
};

} // namespace bdl::app
