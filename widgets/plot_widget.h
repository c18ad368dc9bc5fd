#pragma once
/// @file plot_widget.h
/// Common base of the plot widgets: owns one QCustomPlot by composition, coalesces replots,
/// shows tooltips from the subclass's toolTipAt(), exports figures and switches light/dark.
///
/// Thread: GUI thread only, like every QWidget. Ownership: the QCustomPlot is a child of this
/// widget; customPlot() hands out a non-owning pointer (for tests, screenshots and exports).

#include <QtWidgets/QWidget>

class QCustomPlot;
class QVBoxLayout;

namespace bdl::widgets {

class PlotWidget : public QWidget {
    Q_OBJECT

public:
    ~PlotWidget() override;

    /// The wrapped plot (objectName "plot"); never null.
    QCustomPlot* customPlot() const { return m_plot; }

    /// Writes the plot as PNG, PDF or SVG by the suffix of `path`, atomically (see exportPlot()).
    /// `width`/`height` 0 = the current on-screen size. Returns false and sets `error` (naming
    /// the file) on failure; an existing file is then left unchanged.
    bool exportTo(const QString& path, QString* error, int width = 0, int height = 0);

    /// Light (default) or dark colours for background, axes, grid, legend and series.
    void setDarkTheme(bool dark);
    bool isDarkTheme() const { return m_dark; }

    /// Tooltip text for a position in customPlot() coordinates, with exact values; empty when
    /// there is nothing under `pos`. Shown on hover; public so that tests can check it.
    virtual QString toolTipAt(const QPoint& pos) const = 0;

    /// Lays out and draws the plot now instead of at the next event-loop turn. Needed before
    /// reading pixel positions (coordToPixel) of a plot whose data changed since the last paint.
    void replotNow();

protected:
    explicit PlotWidget(QWidget* parent = nullptr);

    /// Queues one replot for the next event-loop turn; many calls in a row cost one replot.
    void requestReplot();
    /// The vertical layout holding the plot; subclasses may add readouts below it.
    QVBoxLayout* plotLayout() const { return m_layout; }
    /// Subclass colours that depend on the theme (series, markers); called by setDarkTheme()
    /// after the common parts are themed. The default does nothing.
    virtual void applyTheme(bool dark);

    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QCustomPlot* m_plot = nullptr;
    QVBoxLayout* m_layout = nullptr;
    bool m_dark = false;
};

} // namespace bdl::widgets
