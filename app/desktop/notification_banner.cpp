#include "app/desktop/notification_banner.h"

#include <QtCore/QEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStyle>
#include <QtWidgets/QToolButton>

#include <algorithm>

namespace bdl::app {

namespace {

/// Space between a floating banner and its host's edges (px).
constexpr int kFloatMargin = 6;

} // namespace

NotificationBanner::NotificationBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("errorBannerText"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("errorBannerClose"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    m_action = new QPushButton(this);
    m_action->setObjectName(QStringLiteral("errorBannerAction"));
    m_action->hide();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &NotificationBanner::dismiss);
    connect(m_action, &QPushButton::clicked, this, [this] {
        const std::function<void()> action = m_onAction; // the action may show a new message
        dismiss();
        if (action)
            action();
    });
    hide();
}

void NotificationBanner::showError(const QString& message) { showMessage(message, true); }

void NotificationBanner::showErrorFor(const QString& cause, const QString& message) {
    showMessage(message, true);
    m_cause = cause;
}

void NotificationBanner::showInfo(const QString& message) { showMessage(message, false); }

void NotificationBanner::showAction(const QString& message, const QString& actionText,
                                    std::function<void()> action) {
    showMessage(message, false);
    m_onAction = std::move(action);
    m_action->setText(actionText);
    m_action->show();
    place();
}

QString NotificationBanner::text() const { return m_label->text(); }

QString NotificationBanner::cause() const { return isHidden() ? QString() : m_cause; }

bool NotificationBanner::clear(const QString& cause) {
    if (cause.isEmpty() || isHidden() || m_cause != cause)
        return false;
    dismiss();
    return true;
}

bool NotificationBanner::clearCaused() {
    if (isHidden() || m_cause.isEmpty())
        return false;
    dismiss();
    return true;
}

void NotificationBanner::dismiss() {
    hide();
    m_cause.clear();
}

void NotificationBanner::floatOver(QWidget* host) {
    if (m_host)
        m_host->removeEventFilter(this);
    m_host = host;
    const bool shown = !isHidden();
    setParent(host); // out of any layout; hides
    host->installEventFilter(this);
    place();
    setVisible(shown);
}

bool NotificationBanner::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_host && event->type() == QEvent::Resize)
        place();
    return QFrame::eventFilter(watched, event);
}

void NotificationBanner::place() {
    if (!m_host)
        return;
    const int width = std::max(0, m_host->width() - 2 * kFloatMargin);
    const int hinted = layout() && layout()->hasHeightForWidth()
                           ? layout()->totalHeightForWidth(width)
                           : sizeHint().height();
    const int height = std::min(std::max(hinted, minimumSizeHint().height()),
                                std::max(0, m_host->height() - 2 * kFloatMargin));
    setGeometry(kFloatMargin, m_host->height() - height - kFloatMargin, width, height);
    raise();
}

void NotificationBanner::showMessage(const QString& message, bool error) {
    m_error = error;
    m_onAction = nullptr;
    m_action->hide();
    m_label->setText(message);
    // Colours picked to stay readable on light and dark palettes alike.
    static const QString errorStyle =
        QStringLiteral("QFrame#errorBanner { background: #fde2e1; border: 1px solid #d93025; }"
                       " QLabel { color: #5f0b07; }");
    static const QString infoStyle =
        QStringLiteral("QFrame#errorBanner { background: #e3eefc; border: 1px solid #4a7fd1; }"
                       " QLabel { color: #0b2a5f; }");
    setStyleSheet(error ? errorStyle : infoStyle);
    m_cause.clear();
    show();
    place(); // the height follows the text
}

} // namespace bdl::app
