#pragma once
/// @file report_runner.h
/// The headless analysis report (`backdoorlab-cli report`, the headless demo of scripts/run.sh):
/// drives a main window, offscreen, through whatever its session still lacks, then writes the
/// report (buildReport(), writeReport()). Once the workspace is open (or the session restored),
/// each missing result is computed in this order, each at most once, with the window's own
/// follow-up jobs running in between:
///  1. the pruning curve;
///  2. B': B pruned at `k` channels and fine-tuned with `tune` (Controller::fineTuneAt());
///  3. the activations of B and B';
///  4. STRIP with `strip` (the rule's threshold);
///  5. the goodnets G and G' (k0 = `k0`).
/// The sweep is never started (it is long): a session's sweep is reported as it is.
/// A failed or cancelled job ends the run with exit code 1 (cancelled: 130) and the message.
///
/// Thread: GUI thread. `window` must outlive the runner.
#include "app/desktop/report_document.h"
#include "app/gui/analysis_types.h"
#include "app/gui/job_types.h"

#include <QtCore/QObject>
#include <QtCore/QSet>
#include <QtCore/QString>

namespace bdl::app {

class MainWindow;
struct ProgressInfo;

struct ReportPlan {
    QString pdfPath;
    int k = -1; ///< channels pruned for B'; -1 = 10 % of the layer (at least 1)
    TuneSettings tune;
    StripRequest strip;
    int k0 = 2; ///< the goodnet G' 's B0
};

class ReportRunner : public QObject {
    Q_OBJECT

public:
    ReportRunner(MainWindow* window, const ReportPlan& plan, QObject* parent = nullptr);

    /// The k used for B' when the plan leaves it to the runner, for a layer of `channels`.
    static int defaultK(int channels);
    /// The report written (valid after done(0, ...)).
    const ReportDocument& document() const { return m_document; }

Q_SIGNALS:
    /// A step started (e.g. "fine-tuning B' at k = 6"), for a log line.
    void stepStarted(const QString& text);
    /// The report was written (0, message names both files) or not (1 or 130, the reason).
    void done(int exitCode, const QString& message);

private:
    void onFailure(const QString& job, const QString& message);
    void scheduleAdvance();
    void advance();
    void finish(int exitCode, const QString& message);
    /// Starts `job` unless it was tried before; true when it started.
    bool tryStart(const QString& job, const QString& text, bool started);

    MainWindow* m_window;
    ReportPlan m_plan;
    QSet<QString> m_tried;
    bool m_done = false;
    bool m_pending = false;
    ReportDocument m_document;
};

} // namespace bdl::app
