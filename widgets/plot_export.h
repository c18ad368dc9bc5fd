#pragma once
/// @file plot_export.h
/// Atomic figure and text exports for the plot widgets.
///
/// Everything is produced in memory first and then written through QSaveFile, so a failed or
/// interrupted export (full disk, missing folder, unsupported format) never leaves a truncated
/// file and never destroys an older file at the same path.
///
/// Thread: GUI thread only (rendering a QCustomPlot touches widgets).
/// Errors: every function returns false and, when `error` is non-null, sets a translated message
/// that names the file and the reason; on success `error` is left untouched.

#include <QtCore/QByteArray>
#include <QtCore/QString>

class QCustomPlot;

namespace bdl::widgets {

/// The figure formats exportPlot() understands, chosen by the file suffix (case-insensitive).
enum class PlotFormat { Unknown, Png, Pdf, Svg };

/// Format for `path` from its suffix: .png, .pdf or .svg; anything else is Unknown.
PlotFormat plotFormatForPath(const QString& path);

/// Renders `plot` as PNG, PDF or SVG (by the suffix of `path`) into memory and writes it
/// atomically. `width`/`height` in device-independent pixels; 0 uses the plot's current size
/// (or 900 x 600 when the plot has never been laid out). PDF and SVG are vector output at the
/// plot's logical DPI, so text has the size it has on screen.
/// Returns false (and leaves any existing file untouched) when the format is unknown, `plot` is
/// null, rendering produced no bytes, or the file cannot be written or committed.
bool exportPlot(QCustomPlot* plot, const QString& path, QString* error, int width = 0,
                int height = 0);

/// Renders `plot` into bytes of the given format without touching the disk (empty on failure).
QByteArray renderPlot(QCustomPlot* plot, PlotFormat format, int width = 0, int height = 0);

/// Writes `bytes` (CSV, JSON, or any rendered figure) to `path` through QSaveFile: either the
/// whole new content is there after a true return, or the old file (if any) is unchanged.
bool writeTextFileAtomically(const QString& path, const QByteArray& bytes, QString* error);

} // namespace bdl::widgets
