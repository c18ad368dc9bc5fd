#include "app/desktop/job_status_bar.h"

#include "app/desktop/job_text.h"
#include "app/gui/controller.h"
#include "app/gui/stage_text.h"

#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtGui/QKeyEvent>

#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStatusBar>

#include <cmath>
#include <utility>

namespace bdl::app {

namespace {

/// How long an outcome message stays in the status bar (ms).
constexpr int kOutcomeMessageMs = 8000;
/// Progress bar resolution: 0.1 % steps, as throttled by the core's Feedback.
constexpr int kProgressSteps = 1000;

/// See routeEscapeToCancel().
class EscapeToCancel : public QObject {
public:
    EscapeToCancel(QMenuBar* menuBar, QAction* cancel) : QObject(menuBar), m_cancel(cancel) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        // Only where the menu bar takes the Esc itself (an item highlighted in keyboard mode);
        // elsewhere the shortcut fires as usual.
        const auto* bar = qobject_cast<QMenuBar*>(watched);
        if (event->type() == QEvent::ShortcutOverride && bar && bar->activeAction() && m_cancel &&
            m_cancel->isEnabled()) {
            const auto* key = static_cast<QKeyEvent*>(event);
            if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier)
                m_cancel->trigger(); // the menu bar still gets the key and leaves keyboard mode
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QPointer<QAction> m_cancel;
};

} // namespace

void routeEscapeToCancel(QMenuBar* menuBar, QAction* cancel) {
    menuBar->installEventFilter(new EscapeToCancel(menuBar, cancel));
}

JobStatusBar::JobStatusBar(Controller* controller, QStatusBar* statusBar)
    : QWidget(statusBar), m_controller(controller), m_statusBar(statusBar) {
    setObjectName(QStringLiteral("jobStatusBar"));
    m_stage = new QLabel(this);
    m_stage->setObjectName(QStringLiteral("jobStage"));
    m_stage->setMinimumWidth(220);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("jobProgress"));
    m_progress->setRange(0, kProgressSteps);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_eta = new QLabel(this);
    m_eta->setObjectName(QStringLiteral("jobEta"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop the running job; the previous results stay"));
    m_cancel->setEnabled(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stage);
    layout->addWidget(m_progress);
    layout->addWidget(m_eta);
    layout->addWidget(m_cancel);
    m_progress->setVisible(false);
    statusBar->addPermanentWidget(this);
    m_tick = new QTimer(this);
    m_tick->setObjectName(QStringLiteral("jobElapsedTimer"));
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, this, [this] {
        const ProgressInfo p = m_controller->progressNow();
        if (!p.job.isEmpty())
            showProgress(p);
    });

    connect(m_cancel, &QPushButton::clicked, controller, &Controller::cancel);
    connect(controller, &Controller::jobStarted, this, &JobStatusBar::onJobStarted);
    connect(controller, &Controller::progressChanged, this, &JobStatusBar::onProgress);
    connect(controller, &Controller::busyChanged, this, &JobStatusBar::onBusyChanged);
    connect(controller, &Controller::finished, this, &JobStatusBar::onFinished);
    connect(controller, &Controller::cancelled, this, &JobStatusBar::onCancelled);
    connect(controller, &Controller::failed, this, &JobStatusBar::onFailed);
    connect(controller, &Controller::refused, this, &JobStatusBar::onRefused);
    connect(controller, &Controller::exported, this,
            [this](const QString& job) { m_exportedJob = job; });
}

QString JobStatusBar::stageText() const { return m_stage->text(); }

QString JobStatusBar::elapsedText() const { return m_eta->text(); }

void JobStatusBar::onJobStarted(const QString& job) {
    m_stage->setText(JobText::title(job));
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_eta->setText(tr("%1 elapsed").arg(JobText::duration(0.0)));
    m_statusBar->clearMessage();
    m_exportedJob.clear();
    m_tick->start();
}

void JobStatusBar::onProgress(const ProgressInfo& p) { showProgress(p); }

void JobStatusBar::showProgress(const ProgressInfo& p) {
    const QString title = JobText::title(p.job);
    m_stage->setText(p.stage.isEmpty() ? title
                                       : tr("%1: %2").arg(title, StageText::translate(p.stage)));
    m_progress->setValue(static_cast<int>(std::lround(p.fraction * kProgressSteps)));
    m_eta->setText(p.etaS < 0.0
                       ? tr("%1 elapsed").arg(JobText::duration(p.elapsedS))
                       : tr("%1 elapsed, about %2 left")
                             .arg(JobText::duration(p.elapsedS), JobText::duration(p.etaS)));
}

void JobStatusBar::onBusyChanged(bool busy) {
    m_cancel->setEnabled(busy);
    if (!busy) {
        m_tick->stop();
        m_progress->setVisible(false);
        m_stage->clear();
        m_eta->clear();
    }
}

void JobStatusBar::onFinished(const QString& job) {
    if (job == std::exchange(m_exportedJob, QString()))
        return; // "Wrote <file>" (MainWindow) says more than "done"
    m_statusBar->showMessage(tr("%1: done").arg(JobText::title(job)), kOutcomeMessageMs);
}

void JobStatusBar::onCancelled(const QString& job) {
    m_statusBar->showMessage(tr("%1: cancelled").arg(JobText::title(job)), kOutcomeMessageMs);
}

void JobStatusBar::onFailed(const QString& job, const QString& message) {
    const QString text = tr("%1 failed: %2").arg(JobText::title(job), message);
    m_statusBar->showMessage(text, kOutcomeMessageMs);
    Q_EMIT jobFailed(text);
}

void JobStatusBar::onRefused(const QString& job, const QString& reason) {
    m_statusBar->showMessage(tr("%1 not started: %2").arg(JobText::title(job), reason),
                             kOutcomeMessageMs);
}

} // namespace bdl::app
