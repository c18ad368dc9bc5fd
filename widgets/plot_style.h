#pragma once
/// @file plot_style.h
/// Internal helpers shared by the plot widgets: colours, the colour gradient, number formats and
/// CSV/JSON field encoding. Includes qcustomplot.h, so it is for widgets/ sources only.
/// Thread: any (pure functions), except applyPlotTheme (GUI thread only).

#include "widgets/qcp.h"

#include <QtCore/QJsonValue>
#include <QtCore/QString>

#include <limits>

namespace bdl::widgets {
/// A quiet NaN: a gap in a QCustomPlot line, "no value" in a map or a table.
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
} // namespace bdl::widgets

namespace bdl::widgets::style {

/// Okabe-Ito colour-blind-safe series colours; index wraps around.
QColor seriesColor(int index, bool dark);
/// Colour of the clean accuracy curve (kept apart from the ASR series colours).
QColor accuracyColor(bool dark);
/// Foreground (text, axes) and background of a theme.
QColor foreground(bool dark);
QColor background(bool dark);
/// A perceptually uniform gradient (viridis) for heat maps, NaN cells transparent.
QCPColorGradient heatGradient();

/// QCPColorMap needs two data cells to span a range: an axis of `count` cells (index i centred
/// at coordinate i) is stored as cellsPerIndex(count) data cells per index over cellRange(count).
int cellsPerIndex(int count);
QCPRange cellRange(int count);

/// Colours every axis, grid, legend, text element and colour scale of `plot` for the theme.
void applyPlotTheme(QCustomPlot* plot, bool dark);

/// "93.25 %": two decimals are exact for percentages over up to 10 000 images; NaN -> "n/a".
QString percentText(double value);
/// A measured value with up to 6 significant digits; NaN -> "n/a".
QString valueText(double value);
/// Shortest text that parses back to the same double (for CSV/JSON); NaN -> empty.
QString exactNumber(double value);
/// A CSV field, quoted when it holds a comma, quote or line break.
QString csvField(const QString& text);
/// JSON number, or null for NaN/infinity (JSON has no NaN).
QJsonValue jsonNumber(double value);

} // namespace bdl::widgets::style
