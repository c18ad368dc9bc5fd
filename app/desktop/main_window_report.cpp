// File > Export Report...: the analysis report of the window (report_builder.h) as PDF + HTML.
#include "app/desktop/app_settings.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/report_builder.h"
#include "app/gui/controller.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QStatusBar>

namespace bdl::app {

bool MainWindow::writeReportTo(const QString& pdfPath, QString* error) {
    if (m_controller->busy()) {
        if (error)
            *error = tr("%1: wait for the running job to finish (or cancel it): its results "
                        "are not complete yet")
                         .arg(pdfPath);
        return false;
    }
    replotAll();
    const ReportDocument doc = buildReport(this);
    return writeReport(doc, pdfPath, error);
}

void MainWindow::exportReport() {
    AppSettings settings;
    const QString dir = settings.lastDir(QStringLiteral("report"));
    QString base = QStringLiteral("backdoorlab-report");
    if (!m_modelName.isEmpty())
        base = QFileInfo(m_modelName).completeBaseName() + QStringLiteral("-report");
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Report"),
        QDir(dir.isEmpty() ? QDir::homePath() : dir).filePath(base + QStringLiteral(".pdf")),
        tr("PDF report, with an HTML copy (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) != 0)
        path += QStringLiteral(".pdf");
    settings.setLastDir(QStringLiteral("report"), QFileInfo(path).absolutePath());
    QString error;
    if (!writeReportTo(path, &error)) {
        m_banner->showErrorFor(QStringLiteral("export"), tr("Report not written: %1").arg(error));
        return;
    }
    m_banner->clear(QStringLiteral("export"));
    statusBar()->showMessage(tr("Wrote the report %1 and %2").arg(path, reportHtmlPath(path)),
                             12000);
}

} // namespace bdl::app
