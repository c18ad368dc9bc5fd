#include "widgets/plot_style.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLocale>

#include <array>
#include <cmath>

namespace bdl::widgets::style {

QColor seriesColor(int index, bool dark) {
    // Okabe & Ito (2008), without blue (the accuracy curve) and, on light backgrounds, yellow.
    static const std::array<QColor, 6> kLight = {
        QColor(0xD5, 0x5E, 0x00), QColor(0xE6, 0x9F, 0x00), QColor(0xCC, 0x79, 0xA7),
        QColor(0x00, 0x9E, 0x73), QColor(0x56, 0xB4, 0xE9), QColor(0x55, 0x55, 0x55)};
    static const std::array<QColor, 6> kDark = {QColor(0xFF, 0x7F, 0x2A), QColor(0xF0, 0xE4, 0x42),
                                                QColor(0xE6, 0x9F, 0xC8), QColor(0x2E, 0xD1, 0x9C),
                                                QColor(0xE6, 0x9F, 0x00), QColor(0xBB, 0xBB, 0xBB)};
    const auto& colors = dark ? kDark : kLight;
    const auto n = static_cast<int>(colors.size());
    return colors[static_cast<size_t>(((index % n) + n) % n)];
}

QColor accuracyColor(bool dark) {
    return dark ? QColor(0x56, 0xB4, 0xE9) : QColor(0x00, 0x72, 0xB2);
}

QColor foreground(bool dark) { return dark ? QColor(0xEF, 0xF0, 0xF1) : QColor(Qt::black); }

QColor background(bool dark) { return dark ? QColor(0x23, 0x26, 0x29) : QColor(Qt::white); }

QCPColorGradient heatGradient() {
    QCPColorGradient gradient;
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    // Viridis at nine stops: perceptually uniform and readable in greyscale.
    gradient.setColorStopAt(0.000, QColor(0x44, 0x01, 0x54));
    gradient.setColorStopAt(0.125, QColor(0x48, 0x28, 0x78));
    gradient.setColorStopAt(0.250, QColor(0x3E, 0x4A, 0x89));
    gradient.setColorStopAt(0.375, QColor(0x31, 0x68, 0x8E));
    gradient.setColorStopAt(0.500, QColor(0x26, 0x82, 0x8E));
    gradient.setColorStopAt(0.625, QColor(0x1F, 0x9E, 0x89));
    gradient.setColorStopAt(0.750, QColor(0x35, 0xB7, 0x79));
    gradient.setColorStopAt(0.875, QColor(0x6D, 0xCD, 0x59));
    gradient.setColorStopAt(1.000, QColor(0xFD, 0xE7, 0x25));
    gradient.setNanHandling(QCPColorGradient::nhTransparent);
    return gradient;
}

int cellsPerIndex(int count) { return count == 1 ? 2 : 1; }

QCPRange cellRange(int count) {
    // A single index is stored as two cells over [-0.25, 0.25], drawn as [-0.5, 0.5].
    return count == 1 ? QCPRange(-0.25, 0.25) : QCPRange(0.0, count > 1 ? count - 1 : 0);
}

namespace {

void themeAxis(QCPAxis* axis, bool dark) {
    const QColor fg = foreground(dark);
    const QColor gridColor = dark ? QColor(0x4A, 0x50, 0x56) : QColor(0xD0, 0xD0, 0xD0);
    axis->setBasePen(QPen(fg));
    axis->setTickPen(QPen(fg));
    axis->setSubTickPen(QPen(fg));
    axis->setTickLabelColor(fg);
    axis->setLabelColor(fg);
    axis->grid()->setPen(QPen(gridColor, 0, Qt::DotLine));
    axis->grid()->setZeroLinePen(Qt::NoPen);
}

} // namespace

void applyPlotTheme(QCustomPlot* plot, bool dark) {
    const QColor fg = foreground(dark);
    plot->setBackground(QBrush(background(dark)));
    // Recursive: reaches the legends in axis rects' inset layouts and in the plot layout.
    const QList<QCPLayoutElement*> elements = plot->plotLayout()->elements(/*recursive=*/true);
    for (QCPLayoutElement* element : elements) {
        if (auto* legend = qobject_cast<QCPLegend*>(element)) {
            legend->setBrush(
                QBrush(dark ? QColor(0x23, 0x26, 0x29, 220) : QColor(255, 255, 255, 220)));
            if (legend->borderPen().style() != Qt::NoPen)
                legend->setBorderPen(
                    QPen(dark ? QColor(0x60, 0x66, 0x6C) : QColor(0xA0, 0xA0, 0xA0)));
            legend->setTextColor(fg);
        } else if (auto* rect = qobject_cast<QCPAxisRect*>(element)) {
            for (QCPAxis* axis : rect->axes())
                themeAxis(axis, dark);
        } else if (auto* scale = qobject_cast<QCPColorScale*>(element)) {
            themeAxis(scale->axis(), dark);
        } else if (auto* text = qobject_cast<QCPTextElement*>(element)) {
            text->setTextColor(fg);
        }
    }
}

QString percentText(double value) {
    if (!std::isfinite(value))
        return QCoreApplication::translate("bdl::widgets::PlotStyle", "n/a");
    return QCoreApplication::translate("bdl::widgets::PlotStyle", "%1 %")
        .arg(QLocale::c().toString(value, 'f', 2));
}

QString valueText(double value) {
    if (!std::isfinite(value))
        return QCoreApplication::translate("bdl::widgets::PlotStyle", "n/a");
    return QLocale::c().toString(value, 'g', 6);
}

QString exactNumber(double value) {
    if (!std::isfinite(value))
        return QString();
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

} // namespace bdl::widgets::style
