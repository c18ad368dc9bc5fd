#pragma once
/// @file strip_result_view.h
/// A STRIP result loaded from a file (`backdoorlab-cli strip --json`, ResultWindow), read-only
/// (objectName "stripResultView"):
/// - a caption ("stripResultCaption"): where the run came from, N, the blend and the threshold;
/// - the entropy histograms ("stripResultHistogram") of the clean test set and each poisoned
///   set over shared bins (the STRIP view's binning, app::stripHistogram), % of each set, with
///   the file's threshold as a line that does not move; "stripResultBins" sets the bins;
/// - the ROC curves ("stripResultRoc") from the entropies, each with the file's AUROC;
/// - the file's numbers ("stripResultTable"): one row for the clean test set, then one per
///   poisoned set, with the inputs scored, the threshold, FRR, FAR, AUROC, STRIP's CCA and ASR.
///
/// The live STRIP view (StripView) computes its numbers from a run's inputs and predictions;
/// a result file has the entropies and the numbers only, so this view shows the file's numbers
/// as they are and draws what the entropies give.
///
/// Thread: GUI thread only.
#include "app/desktop/result_file.h"

#include <QtWidgets/QWidget>

class QLabel;
class QSpinBox;
class QTableWidget;

namespace bdl::widgets {
class EntropyHistogramPlot;
class RocPlot;
} // namespace bdl::widgets

namespace bdl::app {

class StripResultView : public QWidget {
    Q_OBJECT

public:
    /// Columns of the table; each number's cell holds its exact value in Qt::UserRole (NaN when
    /// the file has none, shown as "n/a").
    enum Column {
        kSetColumn,
        kInputsColumn,
        kThresholdColumn,
        kFrrColumn,
        kFarColumn,
        kAurocColumn,
        kCcaColumn,
        kAsrColumn,
        kColumns
    };
    /// Histogram bins by default (as the STRIP view).
    static constexpr int kDefaultBins = 30;

    explicit StripResultView(QWidget* parent = nullptr);

    /// Shows `result`; `origin` (e.g. "zoo:patch") goes into the caption when not empty.
    void setResult(const StripResult& result, const QString& origin);
    const StripResult& result() const { return m_result; }
    QString caption() const;
    /// "normal fit, FRR 1 %: 0.2143"; "none" without a threshold.
    QString thresholdText() const;

    widgets::EntropyHistogramPlot* histogramPlot() const { return m_histogram; }
    widgets::RocPlot* rocPlot() const { return m_roc; }
    QTableWidget* table() const { return m_table; }
    QSpinBox* binsBox() const { return m_bins; }

private:
    void refreshHistogram();
    void fillTable();

    StripResult m_result;
    StripData m_data; ///< the entropies, for strip_math
    QLabel* m_caption = nullptr;
    widgets::EntropyHistogramPlot* m_histogram = nullptr;
    widgets::RocPlot* m_roc = nullptr;
    QSpinBox* m_bins = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace bdl::app
