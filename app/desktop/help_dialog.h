#pragma once
/// @file help_dialog.h
/// Help > User guide (F1): a short guide in a non-modal dialog (objectName "helpDialog") with a
/// QTextBrowser ("helpBrowser"): the three questions a user answers (trust the model, repair it,
/// filter its inputs) and which views answer them, the workflow through the views in tab order
/// (one section per view, anchored by its screenshotViews() name: "fine-pruning", "sweep", ...)
/// and the terms (B, B', G, G', CCA, ASR, FRR, FAR, AUROC, pruning-aware), with the paper's
/// defaults. Every string goes through tr(); the view headings are the tabs' own titles.
///
/// The main window keeps one dialog: F1 shows it again (raised) and scrolls it to the section of
/// the current view (showSection()).
///
/// Thread: GUI thread only.
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtWidgets/QDialog>

class QTextBrowser;

namespace bdl::app {

class HelpDialog : public QDialog {
    Q_OBJECT

public:
    /// `viewTitles`: the tab titles, in tab order (the order of screenshotViews()).
    explicit HelpDialog(const QStringList& viewTitles, QWidget* parent = nullptr);

    QTextBrowser* browser() const { return m_browser; }
    /// Scrolls the guide to the section of `view` (a screenshotViews() name) or, for an empty or
    /// unknown name, to the top.
    void showSection(const QString& view);
    /// The section last asked for by showSection() (empty: the top).
    QString section() const { return m_section; }

    /// The guide as HTML, translated; `viewTitles` as for the constructor.
    static QString html(const QStringList& viewTitles);
    /// The terms the glossary explains, each in its own entry (for tests): B, B', G, G', CCA, ASR,
    /// FRR, FAR, AUROC and (translated) pruning-aware.
    static QStringList glossaryTerms();

private:
    QTextBrowser* m_browser = nullptr;
    QString m_section;
};

} // namespace bdl::app
