#pragma once
/// @file strip_view.h
/// The "STRIP" tab (objectName "stripView"): STRIP (Gao et al.) on the workspace's model.
/// - The settings form (strip_settings_form.h) and its Run button ("runStripButton").
/// - The entropy histograms ("stripHistogram"): one series per set over shared bins spanning
///   every set of the run (app::stripHistogram), the calibration set only when "stripShowCalibration"
///   is checked; filled live while the job scores each set (the entries so far), "stripBins" bins.
/// - The threshold: the rule's (stripRuleThreshold() from the clean calibration entropies, or the
///   equal-error oracle, which looks at poisoned data and says so), recomputed when the run ends or
///   the rule / target FRR change; dragging the line on the histogram makes it manual, "Reset to
///   rule" ("resetThresholdButton") brings the rule's back. Every change updates, live, the
///   scores table ("stripScoresTable"), the ROC plot's operating points and the "flagged" column
///   of the bin table.
/// - The ROC plot ("stripRoc"): one curve per poisoned set, AUROC in the legend.
/// - Clicking a bar lists that bin's inputs ("binInputsTable") with B's prediction, the input's
///   true class and, for a poisoned input, its attack target (a poisoned input's true class comes
///   from the data: the zoo's `true_label`, CSAW image names; "?" where unknown); selecting one
///   asks the worker for the input and its first 8 superimpositions (Controller::stripDetail()),
///   shown in the tiles ("stripDetailTiles") with B's prediction, its probability and the
///   entropy, and named above them with its true class and target. The JSON export lists every
///   scored input with the same columns.
/// - A run that cannot be done (e.g. N chosen so large that no calibration input is left) shows
///   why and what to do in "stripMessage" above the summary, until the next run starts or a
///   workspace opens; the summary ("stripRunSummary") gives the N used and the automatic
///   split's note when it lowered N.
///
/// A new run (stripStarted) drops a manual threshold; a re-emitted result without a start (a
/// restored session) keeps one set with setThreshold(). Cancelling or failing a run brings back
/// the previous one (the Controller keeps it). Opening a workspace clears everything.
///
/// Thread: GUI thread only. `controller` must outlive the view.
#include "app/gui/analysis_types.h"
#include "app/gui/strip_math.h"

#include <QtWidgets/QWidget>

#include <optional>

#include <cmath>
#include <limits>

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace bdl::widgets {
class EntropyHistogramPlot;
class ImageTiles;
class RocPlot;
} // namespace bdl::widgets

namespace bdl::app {

class Controller;
class StripSettingsForm;

class StripView : public QWidget {
    Q_OBJECT

public:
    /// Rows of the scores table ("stripScoresTable"); column 1 holds the value, its exact number
    /// in Qt::UserRole (NaN when unknown). Poisoned set i has rows kFirstSetRow + 3 i (FAR),
    /// + 1 (ASR) and + 2 (AUROC).
    enum ScoreRow { kThresholdRow, kFrrRow, kCalibrationFrrRow, kCcaRow, kFirstSetRow };
    /// Columns of the bin table ("binInputsTable"). Column kSetColumn holds the set index
    /// (into StripData::sets) in Qt::UserRole, kIndexColumn the position in that set.
    enum BinColumn {
        kSetColumn,
        kIndexColumn,
        kEntropyColumn,
        kPredictedColumn,
        kTrueClassColumn, ///< StripSet::trueLabel ("?" unknown)
        kTargetColumn,    ///< a poisoned input's attack target; empty for clean inputs
        kFlaggedColumn,
        kBinColumns
    };
    /// Superimpositions shown for a selected input.
    static constexpr int kDetailBlends = 8;
    /// Histogram bins by default.
    static constexpr int kDefaultBins = 30;

    explicit StripView(Controller* controller, QWidget* parent = nullptr);
    ~StripView() override;

    /// The settings form's request / fills the form (may change the rule's threshold).
    StripRequest request() const;
    void setRequest(const StripRequest& request);

    /// The threshold in effect (entropy below it = flagged): the manual one, else the rule's on
    /// the shown run; NaN without a finished run (or a manual one).
    double threshold() const;
    /// NaN: back to the rule's threshold; any other value: a manual threshold (as if dragged).
    /// Emits thresholdChanged().
    void setThreshold(double threshold);
    bool thresholdIsManual() const { return !std::isnan(m_manual); }
    /// STRIP's numbers at threshold() on the shown run; a default StripScores (empty vectors)
    /// without a finished run.
    StripScores scores() const { return m_scores; }
    /// "normal fit, FRR 1 %: 0.214", "percentile, FRR 5 %: 0.180", "equal error (oracle: uses
    /// poisoned data): 0.250" or "manual: 0.300"; empty without a threshold.
    QString thresholdText() const;
    /// Why the last run could not be done ("stripMessage"); empty when no such message is shown.
    QString message() const;

    /// The run shown: complete, or the entries so far while one runs (sets empty before any).
    const StripData& shownData() const { return m_data; }
    bool hasResult() const { return m_hasResult; }
    /// The bins and counts of the histogram (over every set of the run, calibration included).
    const StripHistogram& histogram() const { return m_histogram; }
    /// The set (index into StripData::sets) each histogram series shows, in series order.
    const QVector<int>& seriesSets() const { return m_seriesSets; }

    widgets::EntropyHistogramPlot* histogramPlot() const { return m_histogramPlot; }
    widgets::RocPlot* rocPlot() const { return m_rocPlot; }
    widgets::ImageTiles* detailTiles() const { return m_tiles; }
    QTableWidget* scoresTable() const { return m_scoresTable; }
    QTableWidget* binTable() const { return m_binTable; }
    StripSettingsForm* settingsForm() const { return m_form; }

    /// The scores at the threshold and the histogram (counts and % per set and bin) as CSV in
    /// long form: section,set,quantity,bin_low,bin_high,value. UTF-8 text, exact numbers.
    QString toCsv() const;
    /// The same as JSON, with the request, the threshold (value, rule, manual, text) and the
    /// bin edges.
    QString toJson() const;

Q_SIGNALS:
    /// The threshold in effect changed (run, rule, FRR, drag, reset, setThreshold); NaN = none.
    void thresholdChanged(double threshold);
    /// Something the user asked for could not be done; for the banner.
    void errorMessage(const QString& message);

private:
    /// Bins, calibration, threshold readout and reset, under the plots.
    QWidget* buildHistogramControls(QWidget* parent);
    QWidget* buildLowerPanel();
    void connectController();
    void onWorkspaceOpened();
    void onStripStarted(const bdl::app::StripData& header);
    void onStripProgress(const bdl::app::StripProgress& progress);
    void onStripReady(const bdl::app::StripData& data);
    void onJobEnded(const QString& job);
    void onJobFailed(const QString& job, const QString& message);
    void setMessage(const QString& text);
    void onBinClicked(int series, int bin);
    void onBinRowSelected();
    void onDetail(const bdl::app::StripDetail& detail);
    /// The text above the detail tiles, with the verdict at the current threshold.
    void updateDetailLabel();
    void clearAll();
    void showResult(const StripData& data);
    void refreshHistogram();
    void recomputeRuleThreshold();
    void applyThreshold();
    void updateEnabled();
    void startRun();

    // strip_view_tables.cpp: the tables, tiles and texts.
    void fillScoresTable();
    void fillBinTable(int setIndex, const QVector<int>& positions);
    void updateFlaggedColumn();
    void clearBinSelection();
    void updateRunSummary();
    QString setLabel(int setIndex) const;
    /// Decimals that tell entropies apart at the histogram's scale (3 for a range of bits, more
    /// when every input sits within a thousandth of a bit, as with an untrained model).
    int entropyDecimals() const;

    Controller* m_controller;
    StripSettingsForm* m_form = nullptr;
    widgets::EntropyHistogramPlot* m_histogramPlot = nullptr;
    widgets::RocPlot* m_rocPlot = nullptr;
    widgets::ImageTiles* m_tiles = nullptr;
    QSpinBox* m_bins = nullptr;
    QCheckBox* m_showCalibration = nullptr;
    QLabel* m_thresholdLabel = nullptr;
    QPushButton* m_reset = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_message = nullptr; ///< why the last run could not be done (hidden when none)
    QTableWidget* m_scoresTable = nullptr;
    QTableWidget* m_binTable = nullptr;
    QLabel* m_detailLabel = nullptr;
    std::optional<StripDetail> m_detail; ///< shown in the tiles

    StripData m_data;
    bool m_hasResult = false; ///< m_data is a finished run
    bool m_hasWorkspace = false;
    StripHistogram m_histogram;
    QVector<int> m_seriesSets;
    double m_manual = std::numeric_limits<double>::quiet_NaN();
    double m_ruleThreshold = std::numeric_limits<double>::quiet_NaN();
    StripScores m_scores;
    int m_detailSet = -1; ///< the input whose detail was asked for last
    int m_detailPosition = -1;
};

} // namespace bdl::app
