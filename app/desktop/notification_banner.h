#pragma once
/// @file notification_banner.h
/// A non-modal message strip (objectName "errorBanner"): job failures and export errors are shown
/// here instead of in a modal box, so nothing waits for a click (and tests never block). It stays
/// until closed, replaced by the next message, or its cause is gone.
///
/// Causes: a message shown with showErrorFor() carries a cause key (the main window uses
/// "job:<kind>" for a failed job, "export" for a failed export, "input" for a request the views
/// refused); clear(cause) hides it when that cause is gone (the same kind of job succeeded, an
/// export was written, a job started) and clearCaused() when every caused message is stale (a new
/// workspace opened). Messages without a cause (showError(), showInfo(), showAction(), e.g. the
/// session restore offer) are never hidden that way.
///
/// Placement: floatOver(host) makes the banner float over the bottom edge of `host` instead of
/// taking a place in a layout, so showing, replacing and hiding it never moves the views.
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

    /// Shows `message` as an error (red) and makes the banner visible. No cause.
    void showError(const QString& message);
    /// Shows `message` as an error caused by `cause` (non-empty key): clear(cause) hides it.
    void showErrorFor(const QString& cause, const QString& message);
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
    /// The cause of the message on display; empty when hidden or shown without a cause.
    QString cause() const;
    /// Hides the banner when it shows a message of `cause`. True when it did.
    bool clear(const QString& cause);
    /// Hides the banner when it shows a message with any cause. True when it did.
    bool clearCaused();

    /// Floats the banner over the bottom of `host` (reparented to it, in no layout): it keeps
    /// `host`'s width minus a margin and its own height for that width, follows `host`'s resizes
    /// and stays above `host`'s other children. Showing it moves no widget.
    void floatOver(QWidget* host);

public Q_SLOTS:
    /// Hides the banner (the close button does this).
    void dismiss();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showMessage(const QString& message, bool error);
    void place();

    QLabel* m_label = nullptr;
    QToolButton* m_close = nullptr;
    QPushButton* m_action = nullptr;
    QWidget* m_host = nullptr;
    std::function<void()> m_onAction;
    QString m_cause;
    bool m_error = false;
};

} // namespace bdl::app
