#include "app/desktop/screenshot_runner.h"

#include "app/desktop/job_text.h"
#include "app/desktop/main_window.h"
#include "app/gui/controller.h"
#include "widgets/plot_export.h"

#include <QtCore/QBuffer>
#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QTimer>
#include <QtGui/QPixmap>

namespace bdl::app {

ScreenshotRunner::ScreenshotRunner(MainWindow* window, const QString& path, QObject* parent)
    : QObject(parent), m_window(window), m_path(path)
{
    Controller* c = window->controller();
    connect(c, &Controller::curveReady, this, &ScreenshotRunner::onCurveReady);
    connect(c, &Controller::failed, this, &ScreenshotRunner::onFailure);
    connect(c, &Controller::cancelled, this,
            [this](const QString& job) { onFailure(job, tr("cancelled")); });
}

void ScreenshotRunner::onCurveReady()
{
    // The views take the curve in this same turn of the event loop, after this slot maybe:
    // grab at the next turn, when every receiver has run.
    QTimer::singleShot(0, this, [this] {
        QString error;
        if (grabTo(m_window, m_path, &error))
            finish(0, tr("Wrote %1").arg(m_path));
        else
            finish(1, error);
    });
}

void ScreenshotRunner::onFailure(const QString& job, const QString& message)
{
    // Only the jobs the screenshot waits for: a failed slider evaluation does not matter.
    if (job == job::kOpen || job == job::kCurve)
        finish(1, tr("No screenshot: %1 failed: %2").arg(JobText::title(job), message));
}

void ScreenshotRunner::finish(int exitCode, const QString& message)
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT done(exitCode, message);
}

bool ScreenshotRunner::grabTo(MainWindow* window, const QString& path, QString* error)
{
    // Layouts whose contents changed this turn (new texts, shown boxes) settle first, as they
    // would before the next paint; then the plots draw their current data.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    window->replotAll();
    const QPixmap pixmap = window->grab();
    if (pixmap.isNull()) {
        *error = tr("Could not render the window for %1").arg(path);
        return false;
    }
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!pixmap.save(&buffer, "PNG")) {
        *error = tr("Could not encode the screenshot as PNG for %1").arg(path);
        return false;
    }
    return widgets::writeTextFileAtomically(path, png, error);
}

} // namespace bdl::app
