#pragma once
/// @file notification_banner.h
/// A non-modal message strip above the views (objectName "errorBanner"): job failures and export
/// errors are shown here instead of in a modal box, so nothing waits for a click (and tests never
/// block). It stays until closed or replaced by the next message.
///
/// Thread: GUI thread only.
#include <QtWidgets/QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace bdl::app {

class NotificationBanner : public QFrame {
    Q_OBJECT

public:
    explicit NotificationBanner(QWidget* parent = nullptr);

    /// Shows `message` as an error (red) and makes the banner visible.
    void showError(const QString& message);
    /// Shows `message` as information (neutral colours).
    void showInfo(const QString& message);
    /// Shows `message` as information with a button (objectName "errorBannerAction") labelled
    /// `actionText`; clicking it hides the banner, then calls `action`. The button goes away
    /// with the next message.
    void showAction(const QString& message, const QString& actionText,
                    std::function<void()> action);
    /// The action button (hidden unless showAction() is on display).
    QPushButton* actionButton() const { return m_action; }
    /// The text shown (also while hidden: the last message).
    QString text() const;
    /// Whether the banner shows an error (as opposed to information).
    bool isError() const { return m_error; }

public Q_SLOTS:
    /// Hides the banner (the close button does this).
    void dismiss();

private:
    void showMessage(const QString& message, bool error);

    QLabel* m_label = nullptr;
    QToolButton* m_close = nullptr;
    QPushButton* m_action = nullptr;
    std::function<void()> m_onAction;
    bool m_error = false;
};

} // namespace bdl::app
