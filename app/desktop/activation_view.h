#pragma once
/// @file activation_view.h
/// The "Activations" tab: per-channel mean activation of the pruned layer on clean vs poisoned
/// data (bars in rank order, the slider's k lowest-ranked channels marked pruned) and the mean
/// feature maps of every channel, before (B) and after (B') fine-pruning, clean and poisoned
/// side by side on one colour scale. Filled from Controller::activationsReady(); a selector
/// picks the poisoned set when there are several.
///
/// Thread: GUI thread only. `controller` must outlive the view.
#include "app/gui/job_types.h"

#include <QtWidgets/QWidget>

#include <optional>

class QComboBox;
class QLabel;

namespace bdl::widgets {
class ChannelBarsPlot;
class FeatureMapGrid;
} // namespace bdl::widgets

namespace bdl::app {

class Controller;

class ActivationView : public QWidget {
    Q_OBJECT

public:
    explicit ActivationView(Controller* controller, QWidget* parent = nullptr);

    /// Bars (objectName "channelBars") and feature maps (objectName "featureMaps").
    widgets::ChannelBarsPlot* barsPlot() const { return m_bars; }
    widgets::FeatureMapGrid* mapGrid() const { return m_maps; }
    /// The data shown, if any.
    const std::optional<ActivationData>& data() const { return m_data; }

public Q_SLOTS:
    /// The prune slider moved: mark the k lowest-ranked channels pruned.
    void setPrunedCount(int k);

private:
    void onWorkspaceOpened(const bdl::app::WorkspaceInfo& info);
    void onActivations(const bdl::app::ActivationData& data);
    void showSelectedSet();
    void updateOutlines();
    /// Index into ActivationData::before/after of the selected poisoned set; -1 when none.
    int selectedSet() const;

    Controller* m_controller;
    widgets::ChannelBarsPlot* m_bars = nullptr;
    widgets::FeatureMapGrid* m_maps = nullptr;
    QComboBox* m_set = nullptr;
    QLabel* m_status = nullptr;
    std::optional<ActivationData> m_data;
    int m_pruned = 0;
};

} // namespace bdl::app
