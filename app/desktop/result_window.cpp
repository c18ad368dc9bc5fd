#include "app/desktop/result_window.h"

#include "app/desktop/audit_view.h"
#include "app/desktop/strip_result_view.h"
#include "app/desktop/sweep_view.h"
#include "widgets/plot_widget.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QAction>
#include <QtGui/QKeySequence>
#include <QtGui/QPalette>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QVBoxLayout>

namespace bdl::app {

namespace {

constexpr int kResultWindowWidth = 1200;
constexpr int kResultWindowHeight = 800;

} // namespace

ResultWindow::ResultWindow(const ResultFile& result, QWidget* parent)
    : QMainWindow(parent, Qt::Window), m_result(result) {
    setObjectName(QStringLiteral("resultWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    const QString file = QFileInfo(result.path).fileName();
    setWindowTitle(tr("%1 - %2 - BackdoorLab").arg(file, kindTitle(result.kind)));

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("resultBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setMargin(6);
    m_banner->setAutoFillBackground(true);
    QPalette palette = m_banner->palette();
    palette.setColor(QPalette::Window, palette.color(QPalette::ToolTipBase));
    palette.setColor(QPalette::WindowText, palette.color(QPalette::ToolTipText));
    m_banner->setPalette(palette);
    m_banner->setText(tr("Loaded result: %1 (backdoorlab-cli %2). These are the numbers of a "
                         "finished run, read from this file: not a live analysis. The workspace "
                         "in the main window is unchanged.")
                          .arg(QDir::toNativeSeparators(result.path), resultCommand(result.kind)));
    m_banner->setToolTip(QFileInfo(result.path).absoluteFilePath());

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(buildView(), 1);
    setCentralWidget(central);

    QMenu* menu = menuBar()->addMenu(tr("&File"));
    QAction* close = menu->addAction(tr("&Close"), this, &QWidget::close);
    close->setObjectName(QStringLiteral("closeResultAction"));
    close->setShortcut(QKeySequence::Close);
    resize(kResultWindowWidth, kResultWindowHeight);
}

QString ResultWindow::kindTitle(ResultKind kind) {
    switch (kind) {
    case ResultKind::Sweep:
        return tr("LR sweep result");
    case ResultKind::Strip:
        return tr("STRIP result");
    case ResultKind::Audit:
        break;
    }
    return tr("Audit result");
}

QString ResultWindow::bannerText() const { return m_banner->text(); }

QWidget* ResultWindow::buildView() {
    if (m_result.sweep) {
        m_sweepView = new SweepView(nullptr, this); // no controller: read-only
        m_sweepView->showLoadedSweep(m_result.sweep->sweep, sweepCaption());
        return m_sweepView;
    }
    if (m_result.strip) {
        m_stripView = new StripResultView(this);
        m_stripView->setResult(*m_result.strip, m_result.model);
        return m_stripView;
    }
    m_auditView = new AuditView(this);
    if (m_result.audit)
        m_auditView->setResult(*m_result.audit);
    return m_auditView;
}

QString ResultWindow::sweepCaption() const {
    const SweepResult& s = *m_result.sweep;
    QStringList parts;
    if (!m_result.model.isEmpty())
        parts << m_result.model;
    if (!s.layer.isEmpty())
        parts << tr("layer %1").arg(s.layer);
    if (s.protocol == QLatin1String("paper"))
        parts << tr("paper protocol (prune a channel, fine-tune, repeat)");
    else if (s.protocol == QLatin1String("liu"))
        parts << tr("Liu et al.'s protocol (each cell: prune k channels, fine-tune once)");
    if (s.sweep.epochs > 0)
        parts << tr("epochs per fine-tuning: %1").arg(s.sweep.epochs);
    if (s.inSample)
        parts << tr("fine-tuned on the clean test set (CCA in-sample)");
    return parts.isEmpty() ? QString() : tr("Sweep of %1").arg(parts.join(QStringLiteral(", ")));
}

void ResultWindow::replotAll() {
    const auto plots = findChildren<widgets::PlotWidget*>();
    for (widgets::PlotWidget* plot : plots)
        plot->replotNow();
}

void ResultWindow::setDarkPlots(bool dark) {
    const auto plots = findChildren<widgets::PlotWidget*>();
    for (widgets::PlotWidget* plot : plots)
        plot->setDarkTheme(dark);
}

} // namespace bdl::app
