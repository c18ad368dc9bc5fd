#pragma once
/// @file notification_banner.h
/// A non-modal message strip above the views (objectName "errorBanner"): job failures and export
/// errors are shown here instead of in a modal box, so nothing waits for a click (and tests never
/// block). It stays until closed or replaced by the next message.
///
/// Thread: GUI thread only.
#include <QtWidgets/QFrame>

class QLabel;
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
    bool m_error = false;
};

} // namespace bdl::app
