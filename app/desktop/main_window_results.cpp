// File > Open Result...: the CLI's result files (sweep, STRIP, audit) in windows of their own
// (result_window.h). The rest of the window is in main_window.cpp.
#include "app/desktop/app_settings.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/recent_files.h"
#include "app/desktop/result_file.h"
#include "app/desktop/result_window.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QRect>
#include <QtGui/QAction>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QStatusBar>

#include <optional>

namespace bdl::app {

namespace {

/// The banner's cause key of a result file's error: cleared once a result opens.
const QString kResultCause = QStringLiteral("result");

} // namespace

ResultWindow* MainWindow::openResult(const QString& path, QString* error) {
    ResultFile result;
    QString why;
    if (!readResultFile(path, &result, &why)) {
        m_banner->showErrorFor(kResultCause, why);
        if (error)
            *error = why;
        return nullptr;
    }
    m_banner->clear(kResultCause);
    // The same file again (e.g. merged anew): its window shows the new contents instead.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    std::optional<QRect> geometry;
    for (ResultWindow* old : resultWindows()) {
        if (QFileInfo(old->result().path).absoluteFilePath() == absolute) {
            geometry = old->geometry();
            old->close(); // deletes it (Qt::WA_DeleteOnClose)
        }
    }
    auto* window = new ResultWindow(result, this);
    window->setDarkPlots(m_darkAction->isChecked());
    if (geometry)
        window->setGeometry(*geometry);
    window->show();
    window->raise();
    window->activateWindow();
    if (m_recent && !m_options.unattended())
        m_recent->add(path);
    statusBar()->showMessage(tr("Opened the result %1").arg(path), 8000);
    return window;
}

QList<ResultWindow*> MainWindow::resultWindows() const {
    QList<ResultWindow*> open;
    const auto windows = findChildren<ResultWindow*>(QString(), Qt::FindDirectChildrenOnly);
    for (ResultWindow* w : windows)
        if (w->isVisible()) // a closed one waits for its deletion
            open << w;
    return open;
}

void MainWindow::showOpenResultDialog() {
    AppSettings settings;
    QString dir = settings.lastDir(QStringLiteral("result"));
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Result"), dir,
        tr("BackdoorLab results (sweep, strip, audit, merge) (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setLastDir(QStringLiteral("result"), QFileInfo(path).absolutePath());
    openResult(path);
}

} // namespace bdl::app
