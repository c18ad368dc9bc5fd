#pragma once
/// @file result_window.h
/// A window showing one result file (File > Open Result, a dropped .json, `backdoorlab --result
/// FILE.json`; MainWindow::openResult()) - objectName "resultWindow":
/// - its title names the file and the kind of result ("sweep.json - LR sweep result -
///   BackdoorLab"), and a banner at the top ("resultBanner") says that these are the numbers of
///   a finished run read from that file, not a live analysis;
/// - a sweep shows in a read-only SweepView (the LR sweep tab's heatmaps, ASR per set, best
///   trade-off, values), its caption naming the model, the layer and the protocol; a STRIP run in
///   a StripResultView; an audit in an AuditView.
///
/// The window is independent of the main window's workspace: opening or closing it changes
/// nothing there (the workspace, its results and its unsaved state stay as they are). It is a
/// separate top-level window owned by `parent` (deleted with it, or when closed).
///
/// Thread: GUI thread only.
#include "app/desktop/result_file.h"

#include <QtWidgets/QMainWindow>

class QLabel;

namespace bdl::app {

class AuditView;
class StripResultView;
class SweepView;

class ResultWindow : public QMainWindow {
    Q_OBJECT

public:
    /// Shows `result` (read whole by readResultFile()); `parent` owns the window.
    explicit ResultWindow(const ResultFile& result, QWidget* parent = nullptr);

    const ResultFile& result() const { return m_result; }
    /// The banner's text.
    QString bannerText() const;
    /// The view of the result's kind; the others are null.
    SweepView* sweepView() const { return m_sweepView; }
    StripResultView* stripView() const { return m_stripView; }
    AuditView* auditView() const { return m_auditView; }

    /// "LR sweep result", "STRIP result", "Audit result".
    static QString kindTitle(ResultKind kind);

    /// Draws every plot now (e.g. before grab()).
    void replotAll();
    void setDarkPlots(bool dark);

private:
    QWidget* buildView();
    QString sweepCaption() const;

    ResultFile m_result;
    QLabel* m_banner = nullptr;
    SweepView* m_sweepView = nullptr;
    StripResultView* m_stripView = nullptr;
    AuditView* m_auditView = nullptr;
};

} // namespace bdl::app
