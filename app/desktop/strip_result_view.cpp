#include "app/desktop/strip_result_view.h"

#include "app/gui/strip_math.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/roc_plot.h"

#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <cmath>

namespace bdl::app {

namespace {

constexpr int kMinResultBins = 2;
constexpr int kMaxResultBins = 200;
/// Splitter proportions are given in multiples of this (any positive value would do).
constexpr int kResultSplitUnit = 100;

/// A table cell with its text and, in Qt::UserRole, the exact number.
QTableWidgetItem* stripResultItem(const QString& text, double value) {
    auto* item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, value);
    return item;
}

QString stripResultPercent(double v) {
    return std::isnan(v) ? StripResultView::tr("n/a")
                         : StripResultView::tr("%1 %").arg(v, 0, 'f', 2);
}

QString stripResultNumber(double v, int decimals) {
    return std::isnan(v) ? StripResultView::tr("n/a") : QString::number(v, 'f', decimals);
}

/// The CLI's rule names in words.
QString stripRuleName(const QString& rule) {
    if (rule == QLatin1String("normal"))
        return StripResultView::tr("normal fit");
    if (rule == QLatin1String("percentile"))
        return StripResultView::tr("percentile");
    if (rule == QLatin1String("eer"))
        return StripResultView::tr("equal error (oracle: uses poisoned data)");
    return rule;
}

} // namespace

StripResultView::StripResultView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("stripResultView"));
    m_caption = new QLabel(this);
    m_caption->setObjectName(QStringLiteral("stripResultCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* graphs = new QSplitter(Qt::Horizontal, this);
    m_histogram = new widgets::EntropyHistogramPlot(graphs);
    m_histogram->setObjectName(QStringLiteral("stripResultHistogram"));
    m_histogram->setThresholdDraggable(false); // the file's threshold: nothing to move
    m_roc = new widgets::RocPlot(graphs);
    m_roc->setObjectName(QStringLiteral("stripResultRoc"));
    graphs->addWidget(m_histogram);
    graphs->addWidget(m_roc);
    graphs->setSizes({3 * kResultSplitUnit, 2 * kResultSplitUnit});

    m_bins = new QSpinBox(this);
    m_bins->setObjectName(QStringLiteral("stripResultBins"));
    m_bins->setRange(kMinResultBins, kMaxResultBins);
    m_bins->setValue(kDefaultBins);
    m_bins->setToolTip(tr("Equal-width bins of the entropy histograms, shared by every set. "
                          "Default: %1.")
                           .arg(kDefaultBins));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Bins"), this));
    controls->addWidget(m_bins);
    controls->addStretch(1);

    m_table = new QTableWidget(0, kColumns, this);
    m_table->setObjectName(QStringLiteral("stripResultTable"));
    m_table->setHorizontalHeaderLabels({tr("Set"), tr("Inputs"), tr("Threshold"), tr("FRR"),
                                        tr("FAR"), tr("AUROC"), tr("CCA"), tr("ASR")});
    m_table->horizontalHeaderItem(kFrrColumn)
        ->setToolTip(tr("Clean inputs flagged as trojaned (false rejections)"));
    m_table->horizontalHeaderItem(kFarColumn)
        ->setToolTip(tr("Poisoned inputs not flagged (false acceptances)"));
    m_table->horizontalHeaderItem(kCcaColumn)
        ->setToolTip(tr("STRIP as a filter: clean inputs classified correctly and not flagged"));
    m_table->horizontalHeaderItem(kAsrColumn)
        ->setToolTip(tr("STRIP as a filter: poisoned inputs that reach the attack's target and "
                        "are not flagged"));
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(graphs, 1);
    topLayout->addLayout(controls);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_table);
    split->setSizes({3 * kResultSplitUnit, kResultSplitUnit});
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(split, 1);
    connect(m_bins, &QSpinBox::valueChanged, this, &StripResultView::refreshHistogram);
}

QString StripResultView::caption() const { return m_caption->text(); }

QString StripResultView::thresholdText() const {
    if (std::isnan(m_result.threshold))
        return tr("none");
    QString rule = stripRuleName(m_result.rule);
    if (!std::isnan(m_result.targetFrr) && m_result.rule != QLatin1String("eer"))
        rule = tr("%1, FRR %2 %").arg(rule, QString::number(m_result.targetFrr, 'g', 4));
    return tr("%1: %2").arg(rule, QString::number(m_result.threshold, 'f', 4));
}

void StripResultView::setResult(const StripResult& result, const QString& origin) {
    m_result = result;
    m_data = result.toStripData();
    const QString run = tr("N = %1 superimpositions (%2 blend); threshold %3")
                            .arg(QString::number(result.n), result.blend, thresholdText());
    m_caption->setText(origin.isEmpty() ? run : tr("%1: %2").arg(origin, run));
    refreshHistogram();
    QVector<widgets::RocCurve> curves;
    for (int i = 0; i < result.poisoned.size(); ++i)
        curves.push_back({result.poisoned[i].name, stripRoc(m_data, i), result.poisoned[i].auroc});
    m_roc->setCurves(curves);
    fillTable();
}

void StripResultView::refreshHistogram() {
    QVector<int> sets;
    for (int i = 1; i < m_data.sets.size(); ++i) // not the (empty) calibration set
        sets.push_back(i);
    const StripHistogram h = stripHistogram(m_data, m_bins->value(), sets);
    QVector<widgets::HistogramSeries> series;
    for (int i = 0; i < h.setIndices.size(); ++i) {
        const StripSet& set = m_data.sets[h.setIndices[i]];
        widgets::HistogramSeries s;
        s.name = set.name;
        s.counts = h.counts.value(i);
        s.total = set.size();
        s.poisoned = set.role == StripSet::Poisoned;
        series.push_back(s);
    }
    if (series.isEmpty())
        m_histogram->clear();
    else
        m_histogram->setHistogram(h.edges, series);
    m_histogram->setThreshold(m_result.threshold, thresholdText());
}

void StripResultView::fillTable() {
    m_table->setRowCount(0);
    auto addRow = [this](const StripResultSet& s, bool poisoned) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto* name = new QTableWidgetItem(s.name);
        name->setToolTip(poisoned ? tr("poisoned set") : tr("clean test set"));
        m_table->setItem(row, kSetColumn, name);
        m_table->setItem(row, kInputsColumn,
                         stripResultItem(QString::number(s.n), static_cast<double>(s.n)));
        const double threshold = poisoned ? s.threshold : m_result.threshold;
        m_table->setItem(row, kThresholdColumn,
                         stripResultItem(stripResultNumber(threshold, 4), threshold));
        m_table->setItem(row, kFrrColumn, stripResultItem(stripResultPercent(s.frr), s.frr));
        m_table->setItem(row, kFarColumn, stripResultItem(stripResultPercent(s.far), s.far));
        m_table->setItem(row, kAurocColumn,
                         stripResultItem(stripResultNumber(s.auroc, 4), s.auroc));
        m_table->setItem(row, kCcaColumn, stripResultItem(stripResultPercent(s.cca), s.cca));
        m_table->setItem(row, kAsrColumn, stripResultItem(stripResultPercent(s.asr), s.asr));
    };
    addRow(m_result.clean, false);
    for (const StripResultSet& s : m_result.poisoned)
        addRow(s, true);
    m_table->resizeColumnsToContents();
}

} // namespace bdl::app
