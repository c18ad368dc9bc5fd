#pragma once
// Shared helpers of the widget tests: the registry main() runs from, files, CSV parsing and
// pixel checks on a rendered plot.

#include "qt_test_registry.h"
#include "widgets/qcp.h"

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>
#include <QtGui/QColor>
#include <QtGui/QImage>

#include <cmath>
#include <functional>

namespace bdl::widgets::test {

/// Each test file registers its class under its name: `bdl_widgets_tests NAME` runs it.
#define BDL_REGISTER_WIDGET_TEST(Class) BDL_REGISTER_QT_TEST(Class)

/// A quiet NaN: "no value" in the plots' inputs.
inline const double kNaN = std::nan("");

/// The (key, value) of every bar of `bars`, in key order.
inline QVector<QPointF> barPoints(const QCPBars* bars) {
    QVector<QPointF> points;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it)
        points.append(QPointF(it->key, it->value));
    return points;
}

inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// Splits simple CSV (no quoted fields) into rows of fields; drops the trailing empty line.
inline QVector<QStringList> parseCsv(const QByteArray& csv) {
    QVector<QStringList> rows;
    for (const QString& line : QString::fromUtf8(csv).split(QLatin1Char('\n'))) {
        if (!line.isEmpty())
            rows.append(line.split(QLatin1Char(',')));
    }
    return rows;
}

/// The plot drawn at its current size, as an image (no antialiasing of colour-map cells).
inline QImage renderImage(QCustomPlot* plot) {
    return plot->toPixmap(plot->width(), plot->height()).toImage();
}

/// True when two colours differ by at most `tolerance` in every channel.
inline bool sameColor(const QColor& a, const QColor& b, int tolerance = 2) {
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance &&
           qAbs(a.blue() - b.blue()) <= tolerance;
}

} // namespace bdl::widgets::test
