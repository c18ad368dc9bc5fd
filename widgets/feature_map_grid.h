#pragma once
/// @file feature_map_grid.h
/// Per-channel mean feature maps of the pruned layer, up to four panels side by side (by
/// convention "before, clean", "before, poisoned", "after, clean", "after, poisoned"). Each panel
/// tiles its channels' H x W maps into one mosaic (one colour map per panel, so 60 channels x 4
/// panels draw as four images). All panels share one colour scale and range; cells are never
/// interpolated; pruned channels are outlined.
///
/// Channel labels: a tile's channel is its row label (left axis) plus its column label (bottom
/// axis); the tooltip names the channel and the exact value.
///
/// Thread: GUI thread only. Errors: setMaps() rejects inconsistent input (returns false).

#include "widgets/plot_widget.h"

#include <QtCore/QVector>

#include <array>
#include <optional>
#include <utility>

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;

namespace bdl::widgets {

/// One cell of one channel's map in one panel.
struct FeatureMapHit {
    int panel = -1;
    int channel = -1;
    int y = -1; ///< row within the channel's map
    int x = -1; ///< column within the channel's map
};

class FeatureMapGrid : public PlotWidget {
    Q_OBJECT

public:
    static constexpr int kPanelCount = 4;

    explicit FeatureMapGrid(QWidget* parent = nullptr);
    ~FeatureMapGrid() override;

    /// Shows `channels` maps of height x width in `panel` (0..3) under `title`. `data` holds
    /// channels * height * width values, channel-major then row-major (as the core's meanMap).
    /// Non-finite values are drawn blank. Returns false, changing nothing, when the panel index,
    /// a dimension (< 1) or the data size is wrong.
    bool setMaps(int panel, const QString& title, int channels, int height, int width,
                 const QVector<float>& data);
    /// Empties one panel (it keeps its title and shows no data) / every panel.
    void clearPanel(int panel);
    void clear();
    bool hasMaps(int panel) const;
    QString panelTitle(int panel) const;
    /// Tiles per mosaic row of a panel (0 when empty).
    int tileColumns(int panel) const;

    /// Outlines these channels (ids) in every panel; ids out of a panel's range are ignored.
    void setPrunedChannels(const QVector<int>& channels);
    QVector<int> prunedChannels() const { return m_pruned; }
    /// Number of outlines currently drawn over `panel`.
    int prunedMarkCount(int panel) const;

    /// The stored value, NaN when absent.
    double mapValue(int panel, int channel, int y, int x) const;
    /// The shared colour range (min, max over every finite value of every panel; (0, 1) when
    /// there is none, widened when all values are equal).
    std::pair<double, double> colorRange() const;

    /// Pixel centre (customPlot() coordinates) of a cell; (-1, -1) when out of range. Valid
    /// after a replot (see replotNow()).
    QPoint cellCenter(int panel, int channel, int y, int x) const;
    /// The cell under `pos`, if any (gaps between tiles hit nothing).
    std::optional<FeatureMapHit> hitAt(const QPoint& pos) const;
    /// Panel title, channel (and whether pruned), cell position and the exact value.
    QString toolTipForCell(int panel, int channel, int y, int x) const;
    QString toolTipAt(const QPoint& pos) const override;

private:
    struct Panel {
        QString title;
        int channels = 0;
        int height = 0;
        int width = 0;
        int columns = 0; // tiles per mosaic row
        QVector<float> data;
        QCPAxisRect* rect = nullptr;
        QCPColorMap* map = nullptr;
        QCPTextElement* titleElement = nullptr;
        QVector<QCPItemRect*> marks; // pool; the first `usedMarks` are visible
        int usedMarks = 0;
    };

    void createPanel(int index);
    void updatePanelGeometry(Panel& panel);
    void updatePanelMarks(Panel& panel);
    void updateColorRange();
    bool validCell(int panel, int channel, int y, int x) const;
    static QString defaultTitle(int panel);

    std::array<Panel, kPanelCount> m_panels;
    QVector<int> m_pruned;
    QCPColorScale* m_scale = nullptr;
    std::pair<double, double> m_range{0.0, 1.0};
};

} // namespace bdl::widgets
