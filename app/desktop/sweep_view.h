#pragma once
/// @file sweep_view.h
/// The "LR sweep" tab: the sweep's settings (learning rates, channel counts, epochs, batch), the
/// CCA heatmap and the ASR heatmap (the worst poisoned set, or one set picked in a selector),
/// both filled cell by cell while the sweep runs, and the best trade-off (highest CCA with ASR at
/// most the chosen limit, over the worst set) marked on both and described in a label. Clicking
/// a computed cell makes that cell's model B' (Controller::selectRepaired()).
///
/// The cell whose model is the current B' is marked on both maps (a dashed outline labelled
/// "B'"): set when a cell's model becomes B' (also when a session restores one), kept while
/// that sweep is shown (again after a later sweep is cancelled), gone when another B' or a new
/// complete sweep replaces it. "Show values" (objectName "showCellValues") draws every cell's
/// number on both maps; each cell's tooltip lists its CCA and the ASR of every poisoned set.
///
/// Cancelling or failing a sweep brings back the previous complete sweep (the Controller keeps
/// it); the cells drawn so far go.
///
/// Without a controller (null) the view is read-only, for a sweep loaded from a result file
/// (ResultWindow): no settings and no run, cells that make no B'; showLoadedSweep() fills it and
/// the caption above the maps ("sweepCaption") says where the sweep came from. The ASR selector,
/// the best trade-off, "Show values" and the tooltips work as for a live sweep.
///
/// Thread: GUI thread only. `controller` (when not null) must outlive the view.
#include "app/gui/job_types.h"

#include <QtCore/QJsonObject>
#include <QtCore/QPair>
#include <QtWidgets/QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace bdl::widgets {
class HeatmapPlot;
}

namespace bdl::app {

class Controller;

class SweepView : public QWidget {
    Q_OBJECT

public:
    /// `controller` null: a read-only view (see the file comment).
    explicit SweepView(Controller* controller, QWidget* parent = nullptr);

    /// Read-only views: shows `sweep` (complete: a cell for every lr and k) with `caption`
    /// above the maps. Ignored (false) when the view has a controller.
    bool showLoadedSweep(const SweepData& sweep, const QString& caption);
    /// The text above the maps; empty (and hidden) for a live sweep.
    QString caption() const;

    /// CCA per (lr, k) (objectName "ccaHeatmap") and ASR (objectName "asrHeatmap").
    widgets::HeatmapPlot* ccaPlot() const { return m_ccaPlot; }
    widgets::HeatmapPlot* asrPlot() const { return m_asrPlot; }
    /// The sweep shown (complete, or the cells so far while one runs).
    const SweepData& shownSweep() const { return m_sweep; }
    /// The best trade-off under the current ASR limit, if a cell qualifies.
    std::optional<SweepCell> bestCell() const;
    /// The cell of the shown sweep whose model is the current B', if any (marked on the maps).
    std::optional<SweepCell> repairedCell() const;

    /// The request from the settings fields, or nullopt (and `error` set) when they do not parse.
    std::optional<SweepRequest> request(QString* error) const;
    /// The settings fields (lrs and ks as typed, epochs, batch size, ASR limit, show values) as
    /// JSON, for session files; setFormState() puts them back (unknown or malformed members are
    /// skipped).
    QJsonObject formState() const;
    void setFormState(const QJsonObject& state);
    /// Parses "1e-2, 1e-3" into learning rates; nullopt on an invalid or empty list.
    static std::optional<QVector<double>> parseLearningRates(const QString& text);
    /// Parses "1-10, 12, 20-60:10" into strictly increasing channel counts in 1..channels;
    /// an empty text gives an empty list (= every k). nullopt when it does not parse.
    static std::optional<QVector<int>> parseChannelCounts(const QString& text, int channels);

Q_SIGNALS:
    /// A request could not be made (bad settings, or a cell without a model); for the banner.
    void errorMessage(const QString& message);

private:
    QWidget* buildSettings();
    QWidget* buildPicker(QWidget* parent);
    void connectController();
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onSweepStarted(const bdl::app::SweepData& header);
    void onSweepCell(const bdl::app::SweepCell& cell);
    void onJobEnded(const QString& job);
    void onCellClicked(int lrIndex, int kIndex);
    void onSweepReady(const bdl::app::SweepData& sweep);
    void onRepaired(const bdl::app::RepairResult& result);
    void updateRepairedMark();
    void setCellNote(const SweepCell& cell);
    void showSweep(const SweepData& sweep);
    void setupPlots(const SweepData& header);
    void refillAsr();
    void updateBest();
    void updateEnabled();
    void startSweep();
    /// The ASR shown for a cell: the selected set's, or the worst over all sets.
    double shownAsr(const SweepCell& cell) const;

    Controller* m_controller;
    widgets::HeatmapPlot* m_ccaPlot = nullptr;
    widgets::HeatmapPlot* m_asrPlot = nullptr;
    QLineEdit* m_lrs = nullptr;
    QLineEdit* m_ks = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QPushButton* m_run = nullptr;
    QDoubleSpinBox* m_asrLimit = nullptr;
    QComboBox* m_asrSet = nullptr;
    QLabel* m_bestLabel = nullptr;
    QCheckBox* m_showValues = nullptr;
    QWidget* m_settingsBox = nullptr; ///< the sweep's settings and Run: hidden when read-only
    QLabel* m_hint = nullptr;         ///< "Click a cell...": hidden when read-only
    QLabel* m_caption = nullptr;      ///< where a loaded sweep came from ("sweepCaption")

    SweepData m_sweep;
    bool m_hasWorkspace = false;
    bool m_running = false; ///< a sweep runs: the maps show its cells, not the complete sweep's
    /// (lrIndex, kIndex) of the complete sweep's cell whose model is B'; (-1, -1) when none.
    QPair<int, int> m_repairedCell{-1, -1};
    int m_channels = 0;
};

} // namespace bdl::app
