#include "app/desktop/notification_banner.h"

#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStyle>
#include <QtWidgets/QToolButton>

namespace bdl::app {

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

void NotificationBanner::showInfo(const QString& message) { showMessage(message, false); }

void NotificationBanner::showAction(const QString& message, const QString& actionText,
                                    std::function<void()> action) {
    showMessage(message, false);
    m_onAction = std::move(action);
    m_action->setText(actionText);
    m_action->show();
}

QString NotificationBanner::text() const { return m_label->text(); }

void NotificationBanner::dismiss() { hide(); }

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
    show();
}

} // namespace bdl::app
