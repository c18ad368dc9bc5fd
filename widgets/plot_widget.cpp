#include "widgets/plot_widget.h"

#include "widgets/plot_export.h"
#include "widgets/plot_style.h"

#include <QtGui/QHelpEvent>
#include <QtWidgets/QToolTip>
#include <QtWidgets/QVBoxLayout>

namespace bdl::widgets {

PlotWidget::PlotWidget(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_layout(new QVBoxLayout(this)) {
    m_plot->setObjectName(QStringLiteral("plot"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    m_layout->addWidget(m_plot, /*stretch=*/1);
    m_plot->setMinimumSize(200, 150);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    // Text looks right on screen and in exports; lines stay sharp without antialiasing costs
    // for the many rectangles of the heat maps.
    m_plot->setNotAntialiasedElements(QCP::aeNone);
    m_plot->setPlottingHint(QCP::phCacheLabels, true);
}

PlotWidget::~PlotWidget() = default;

bool PlotWidget::exportTo(const QString& path, QString* error, int width, int height) {
    m_layout->activate(); // size the plot to this widget even if it was never shown
    return exportPlot(m_plot, path, error, width, height);
}

void PlotWidget::setDarkTheme(bool dark) {
    m_dark = dark;
    style::applyPlotTheme(m_plot, dark);
    applyTheme(dark);
    requestReplot();
}

void PlotWidget::replotNow() {
    m_layout->activate(); // a widget that was never shown has not laid out its plot yet
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

void PlotWidget::requestReplot() { m_plot->replot(QCustomPlot::rpQueuedReplot); }

void PlotWidget::applyTheme(bool /*dark*/) {}

bool PlotWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, m_plot);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace bdl::widgets
