#include "widgets/plot_export.h"

#include "widgets/qcp.h"

#include <QtCore/QBuffer>
#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QSaveFile>
#include <QtGui/QPdfWriter>
#include <QtSvg/QSvgGenerator>

namespace bdl::widgets {
namespace {

// Size used when a plot has never been shown (a hidden child widget reports 100 x 30).
constexpr int kFallbackWidth = 900;
constexpr int kFallbackHeight = 600;
constexpr int kMinimumLaidOutSize = 150;

/// The translation context of export messages ("bdl::widgets::PlotExport").
struct PlotExportText {
    Q_DECLARE_TR_FUNCTIONS(bdl::widgets::PlotExport)
};

QString nativePath(const QString& path) { return QDir::toNativeSeparators(path); }

void setError(QString* error, const QString& message) {
    if (error)
        *error = message;
}

QSize exportSize(const QCustomPlot* plot, int width, int height) {
    const bool laidOut =
        plot->width() >= kMinimumLaidOutSize && plot->height() >= kMinimumLaidOutSize;
    const int w = width > 0 ? width : (laidOut ? plot->width() : kFallbackWidth);
    const int h = height > 0 ? height : (laidOut ? plot->height() : kFallbackHeight);
    return {w, h};
}

QByteArray renderPng(QCustomPlot* plot, QSize size) {
    const QPixmap pixmap = plot->toPixmap(size.width(), size.height(), /*scale=*/1.0);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (pixmap.isNull() || !buffer.open(QIODevice::WriteOnly) || !pixmap.save(&buffer, "PNG"))
        return {};
    return bytes;
}

// Paints the plot on an already configured vector device (PDF or SVG).
bool paintVector(QCustomPlot* plot, QPaintDevice* device, QSize size) {
    QCPPainter painter;
    if (!painter.begin(device))
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, size.width(), size.height());
    return painter.end();
}

QByteArray renderPdf(QCustomPlot* plot, QSize size) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly))
        return {};
    {
        // One device pixel per screen pixel: the page is sized in points from the logical DPI.
        const int dpi = qMax(1, plot->logicalDpiX());
        QPdfWriter pdf(&buffer);
        pdf.setCreator(QStringLiteral("BackdoorLab"));
        pdf.setResolution(dpi);
        const QSizeF points(size.width() * 72.0 / dpi, size.height() * 72.0 / dpi);
        pdf.setPageLayout(
            QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                        QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        if (!paintVector(plot, &pdf, size))
            return {};
    } // ~QPdfWriter flushes the trailer
    return bytes;
}

QByteArray renderSvg(QCustomPlot* plot, QSize size) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    if (!buffer.open(QIODevice::WriteOnly))
        return {};
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setResolution(qMax(1, plot->logicalDpiX()));
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setTitle(QStringLiteral("BackdoorLab plot"));
    if (!paintVector(plot, &svg, size))
        return {};
    return bytes;
}

} // namespace

PlotFormat plotFormatForPath(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return PlotFormat::Png;
    if (suffix == QLatin1String("pdf"))
        return PlotFormat::Pdf;
    if (suffix == QLatin1String("svg"))
        return PlotFormat::Svg;
    return PlotFormat::Unknown;
}

QByteArray renderPlot(QCustomPlot* plot, PlotFormat format, int width, int height) {
    if (!plot)
        return {};
    const QSize size = exportSize(plot, width, height);
    switch (format) {
    case PlotFormat::Png:
        return renderPng(plot, size);
    case PlotFormat::Pdf:
        return renderPdf(plot, size);
    case PlotFormat::Svg:
        return renderSvg(plot, size);
    case PlotFormat::Unknown:
        break;
    }
    return {};
}

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error, int width, int height) {
    const PlotFormat format = plotFormatForPath(path);
    if (format == PlotFormat::Unknown) {
        setError(error, PlotExportText::tr(
                            "Cannot export %1: unsupported format \"%2\" (use .png, .pdf or .svg)")
                            .arg(nativePath(path), QFileInfo(path).suffix()));
        return false;
    }
    if (!plot) {
        setError(error,
                 PlotExportText::tr("Cannot export %1: there is no plot").arg(nativePath(path)));
        return false;
    }
    const QByteArray bytes = renderPlot(plot, format, width, height);
    if (bytes.isEmpty()) {
        setError(error, PlotExportText::tr("Cannot export %1: rendering the plot produced no data")
                            .arg(nativePath(path)));
        return false;
    }
    return writeTextFileAtomically(path, bytes, error);
}

bool writeTextFileAtomically(const QString& path, const QByteArray& bytes, QString* error) {
    if (path.isEmpty()) {
        setError(error, PlotExportText::tr("Cannot write the file: no file name given"));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(
            error,
            PlotExportText::tr("Cannot write %1: %2").arg(nativePath(path), file.errorString()));
        return false;
    }
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        setError(error, PlotExportText::tr("Cannot write %1: %2").arg(nativePath(path), reason));
        return false;
    }
    if (!file.commit()) {
        setError(
            error,
            PlotExportText::tr("Cannot write %1: %2").arg(nativePath(path), file.errorString()));
        return false;
    }
    return true;
}

} // namespace bdl::widgets
