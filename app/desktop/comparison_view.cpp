#include "app/desktop/comparison_view.h"

#include "app/gui/controller.h"
#include "widgets/defense_bars_plot.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace bdl::app {

namespace {

constexpr double kNaN = ComparisonRow::kNone;
/// The paper's B0: B fine-pruned by a few channels.
constexpr int kDefaultK0 = 2;

/// Table columns.
enum Column {
    kAttackCol,
    kSetCol,
    kStripCcaCol,
    kStripAsrCol,
    kBPrimeCcaCol,
    kBPrimeAsrCol,
    kGCcaCol,
    kGAsrCol,
    kGPrimeCcaCol,
    kGPrimeAsrCol,
    kFlagCol,
    kColumnCount
};

/// The defenses' names, in bar order (the last three are formulas, not translated).
QStringList defenseNames() {
    return {ComparisonView::tr("STRIP"), QStringLiteral("B'"), QStringLiteral("G(B, B')"),
            QStringLiteral("G'(B0, B')")};
}

/// Shortest text that reads back as the same double; empty for NaN (CSV).
QString exactNumber(double value) {
    if (!std::isfinite(value))
        return QString();
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool flagged(const ComparisonRow& r) { return r.pruningAware && !std::isnan(r.pruneOnlyAsr); }

} // namespace

ComparisonView::ComparisonView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("comparisonView"));
    m_bars = new widgets::DefenseBarsPlot(this);
    m_bars->setObjectName(QStringLiteral("comparisonBars"));
    m_bars->setDefenses(defenseNames());

    m_table = new QTableWidget(0, kColumnCount, this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setHorizontalHeaderLabels({tr("Attack"), tr("Poisoned set"), tr("STRIP CCA %"),
                                        tr("STRIP ASR %"), tr("B' CCA %"), tr("B' ASR %"),
                                        tr("G CCA %"), tr("G ASR %"), tr("G' CCA %"),
                                        tr("G' ASR %"), tr("Pruning-aware")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_flagLabel = new QLabel(this);
    m_flagLabel->setObjectName(QStringLiteral("pruningAwareNote"));
    m_flagLabel->setWordWrap(true);
    m_flagLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_flagLabel->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #664d03; "
                                              "border: 1px solid #ffe69c; padding: 4px; }"));
    m_flagLabel->hide();

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_bars);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(m_flagLabel);
    layout->addWidget(split, 1);
    connectController();
    updateEnabled();
}

QWidget* ComparisonView::buildControls() {
    auto* row = new QWidget(this);
    m_k0 = new QSpinBox(row);
    m_k0->setObjectName(QStringLiteral("goodnetK0"));
    m_k0->setRange(0, 9999);
    m_k0->setValue(kDefaultK0);
    m_k0->setToolTip(tr("B0 = B fine-pruned by this many channels (the improved goodnet G')"));
    m_goodnetsButton = new QPushButton(tr("Compute goodnets"), row);
    m_goodnetsButton->setObjectName(QStringLiteral("goodnetsButton"));
    m_goodnetsButton->setToolTip(
        tr("Scores B, B', G(B, B') and G'(B0, B') on the test sets; needs a repaired model B'"));
    m_status = new QLabel(row);
    m_status->setObjectName(QStringLiteral("comparisonStatus"));
    m_status->setWordWrap(true);
    m_removeButton = new QPushButton(tr("Remove row"), row);
    m_removeButton->setObjectName(QStringLiteral("removeComparisonRow"));
    m_clearButton = new QPushButton(tr("Clear"), row);
    m_clearButton->setObjectName(QStringLiteral("clearComparison"));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("k0 (channels of B0)"), row));
    layout->addWidget(m_k0);
    layout->addWidget(m_goodnetsButton);
    layout->addWidget(m_status, 1);
    layout->addWidget(m_removeButton);
    layout->addWidget(m_clearButton);
    connect(m_goodnetsButton, &QPushButton::clicked, this, &ComparisonView::startGoodnets);
    connect(m_removeButton, &QPushButton::clicked, this, &ComparisonView::removeSelectedRows);
    connect(m_clearButton, &QPushButton::clicked, this, &ComparisonView::clearRows);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ComparisonView::updateEnabled);
    return row;
}

void ComparisonView::connectController() {
    Controller* c = m_controller;
    connect(c, &Controller::workspaceOpened, this, &ComparisonView::onWorkspaceOpened);
    connect(c, &Controller::repairedReady, this, &ComparisonView::onRepaired);
    connect(c, &Controller::goodnetsReady, this, &ComparisonView::onGoodnets);
    connect(c, &Controller::busyChanged, this, &ComparisonView::updateEnabled);
}

QString ComparisonView::attackName(const WorkspaceInfo& info) {
    return info.zooTitle.isEmpty() ? QFileInfo(info.modelPath).fileName() : info.zooTitle;
}

QString ComparisonView::numberText(double value) {
    return std::isnan(value) ? QString(QChar(0x2013)) : QString::number(value, 'f', 2);
}

void ComparisonView::onWorkspaceOpened(const WorkspaceInfo& info) {
    // The rows of earlier workspaces stay: the comparison spans the session.
    m_attack = attackName(info);
    m_poisonedNames = info.poisonedNames;
    m_k0->setMaximum(std::max(0, info.pruneChannels));
    updateEnabled();
}

ComparisonRow& ComparisonView::rowFor(const QString& attack, const QString& set) {
    for (ComparisonRow& r : m_rows)
        if (r.attack == attack && r.set == set)
            return r;
    ComparisonRow r;
    r.attack = attack;
    r.set = set;
    m_rows.push_back(r);
    return m_rows.back();
}

void ComparisonView::onRepaired(const RepairResult& result) {
    for (int i = 0; i < m_poisonedNames.size(); ++i) {
        ComparisonRow& r = rowFor(m_attack, m_poisonedNames[i]);
        r.bPrimeCca = result.ccaAfter;
        r.bPrimeAsr = result.asrAfter.value(i, kNaN);
        // The goodnets and the pruning-alone ASR were measured with the previous B'.
        r.gCca = r.gAsr = r.gPrimeCca = r.gPrimeAsr = kNaN;
        r.pruningAware = false;
        r.pruneOnlyAsr = kNaN;
        r.pruneOnlyK = -1;
    }
    refresh();
}

void ComparisonView::onGoodnets(const GoodnetData& data) {
    for (int i = 0; i < data.poisonedNames.size(); ++i) {
        ComparisonRow& r = rowFor(data.attack, data.poisonedNames[i]);
        r.bPrimeCca = data.bPrime.cca;
        r.bPrimeAsr = data.bPrime.asr.value(i, kNaN);
        r.gCca = data.g.cca;
        r.gAsr = data.g.asr.value(i, kNaN);
        r.gPrimeCca = data.gPrime.cca;
        r.gPrimeAsr = data.gPrime.asr.value(i, kNaN);
        r.pruneOnlyAsr = data.pruneOnlyAsr.value(i, kNaN);
        r.pruningAware = data.pruningAware.value(i, false);
        r.pruneOnlyK = data.pruneOnlyK;
    }
    refresh();
}

void ComparisonView::setStripScores(const StripScores& scores, const QString& thresholdText) {
    if (scores.asr.isEmpty() || std::isnan(scores.threshold))
        return;
    for (int i = 0; i < scores.asr.size(); ++i) {
        const QString set = m_poisonedNames.value(i, tr("set %1").arg(i + 1));
        ComparisonRow& r = rowFor(m_attack, set);
        r.stripCca = scores.cca;
        r.stripAsr = scores.asr[i];
        r.stripThresholdText = thresholdText;
    }
    refresh();
}

void ComparisonView::setRows(const QVector<ComparisonRow>& rows) {
    m_rows = rows;
    refresh();
}

void ComparisonView::removeSelectedRows() {
    QVector<int> selected;
    const auto ranges = m_table->selectedRanges();
    for (const QTableWidgetSelectionRange& range : ranges)
        for (int row = range.topRow(); row <= range.bottomRow(); ++row)
            selected.push_back(row);
    if (selected.isEmpty())
        return;
    std::sort(selected.begin(), selected.end());
    selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
    for (auto it = selected.crbegin(); it != selected.crend(); ++it)
        if (*it < m_rows.size())
            m_rows.removeAt(*it);
    refresh();
}

void ComparisonView::clearRows() {
    m_rows.clear();
    refresh();
}

void ComparisonView::startGoodnets() {
    if (!m_controller->repaired()) {
        Q_EMIT errorMessage(tr("The goodnets need a repaired model B': fine-tune first "
                               "(Fine-pruning tab)"));
        return;
    }
    GoodnetRequest request;
    request.k0 = m_k0->value();
    request.tune = TuneSettings();
    m_controller->computeGoodnets(request);
}

void ComparisonView::updateEnabled() {
    const bool busy = m_controller->busy();
    const bool repaired = m_controller->repaired().has_value();
    m_goodnetsButton->setEnabled(!busy && repaired);
    m_k0->setEnabled(!busy);
    m_removeButton->setEnabled(!m_table->selectedRanges().isEmpty());
    m_clearButton->setEnabled(!m_rows.isEmpty());
    if (!m_controller->workspace())
        m_status->setText(tr("Open a workspace, run STRIP and fine-tune to compare the defenses"));
    else if (!repaired)
        m_status->setText(tr("No repaired model B' yet: fine-tune on the Fine-pruning tab to "
                             "compute the goodnets"));
    else
        m_status->setText(tr("B': %1").arg(m_controller->repaired()->description));
}

void ComparisonView::refresh() {
    fillTable();
    fillBars();
    const QString note = flagText();
    m_flagLabel->setText(note);
    m_flagLabel->setVisible(!note.isEmpty());
    updateEnabled();
    Q_EMIT rowsChanged();
}

QString ComparisonView::flagText() const {
    QStringList lines;
    for (const ComparisonRow& r : m_rows) {
        if (!flagged(r))
            continue;
        lines << tr("\u26a0 %1 \u00b7 %2: the backdoor survives pruning alone: ASR %3 % at k = %4")
                     .arg(r.attack, r.set, numberText(r.pruneOnlyAsr))
                     .arg(r.pruneOnlyK);
    }
    return lines.join(QLatin1Char('\n'));
}

void ComparisonView::fillTable() {
    m_table->setRowCount(static_cast<int>(m_rows.size()));
    for (int row = 0; row < m_rows.size(); ++row) {
        const ComparisonRow& r = m_rows[row];
        const double numbers[] = {r.stripCca, r.stripAsr, r.bPrimeCca, r.bPrimeAsr,
                                  r.gCca,     r.gAsr,     r.gPrimeCca, r.gPrimeAsr};
        auto set = [this, row](int col, const QString& text, const QString& tip = QString()) {
            auto* item = new QTableWidgetItem(text);
            if (col >= kStripCcaCol && col <= kGPrimeAsrCol)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(tip);
            m_table->setItem(row, col, item);
        };
        set(kAttackCol, r.attack);
        set(kSetCol, r.set);
        for (int i = 0; i < 8; ++i) {
            const QString tip = i < 2 && !r.stripThresholdText.isEmpty()
                                    ? tr("Threshold: %1").arg(r.stripThresholdText)
                                    : QString();
            set(kStripCcaCol + i, numberText(numbers[i]), tip);
        }
        QString flag = numberText(kNaN);
        if (!std::isnan(r.pruneOnlyAsr))
            flag = (r.pruningAware ? tr("yes: ASR %1 % at k = %2") : tr("no: ASR %1 % at k = %2"))
                       .arg(numberText(r.pruneOnlyAsr))
                       .arg(r.pruneOnlyK);
        set(kFlagCol, flag, tr("ASR of B pruned alone (no fine-tuning) at the k of B'"));
    }
}

void ComparisonView::fillBars() {
    QVector<widgets::DefenseGroup> groups;
    groups.reserve(m_rows.size());
    for (const ComparisonRow& r : m_rows) {
        widgets::DefenseGroup g;
        g.label = tr("%1 \u00b7 %2").arg(r.attack, r.set);
        g.cca = {r.stripCca, r.bPrimeCca, r.gCca, r.gPrimeCca};
        g.asr = {r.stripAsr, r.bPrimeAsr, r.gAsr, r.gPrimeAsr};
        g.flagged = flagged(r);
        if (g.flagged)
            g.flagText =
                tr("pruning-aware: ASR %1 % after pruning alone").arg(numberText(r.pruneOnlyAsr));
        groups.push_back(g);
    }
    m_bars->setGroups(groups);
}

QString ComparisonView::toCsv() const {
    QStringList lines{QStringLiteral(
        "attack,set,strip_cca,strip_asr,b_prime_cca,b_prime_asr,g_cca,g_asr,g_prime_cca,"
        "g_prime_asr,pruning_aware,prune_only_asr,prune_only_k,strip_threshold")};
    for (const ComparisonRow& r : m_rows) {
        QStringList f{csvField(r.attack), csvField(r.set)};
        for (double v : {r.stripCca, r.stripAsr, r.bPrimeCca, r.bPrimeAsr, r.gCca, r.gAsr,
                         r.gPrimeCca, r.gPrimeAsr})
            f << exactNumber(v);
        f << (r.pruningAware ? QStringLiteral("true") : QStringLiteral("false"))
          << exactNumber(r.pruneOnlyAsr)
          << (r.pruneOnlyK >= 0 ? QString::number(r.pruneOnlyK) : QString())
          << csvField(r.stripThresholdText);
        lines << f.join(QLatin1Char(','));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString ComparisonView::toJson() const {
    QJsonArray rows;
    for (const ComparisonRow& r : m_rows) {
        rows.append(QJsonObject{
            {QStringLiteral("attack"), r.attack},
            {QStringLiteral("set"), r.set},
            {QStringLiteral("strip_cca"), jsonNumber(r.stripCca)},
            {QStringLiteral("strip_asr"), jsonNumber(r.stripAsr)},
            {QStringLiteral("strip_threshold"), r.stripThresholdText},
            {QStringLiteral("b_prime_cca"), jsonNumber(r.bPrimeCca)},
            {QStringLiteral("b_prime_asr"), jsonNumber(r.bPrimeAsr)},
            {QStringLiteral("g_cca"), jsonNumber(r.gCca)},
            {QStringLiteral("g_asr"), jsonNumber(r.gAsr)},
            {QStringLiteral("g_prime_cca"), jsonNumber(r.gPrimeCca)},
            {QStringLiteral("g_prime_asr"), jsonNumber(r.gPrimeAsr)},
            {QStringLiteral("pruning_aware"), r.pruningAware},
            {QStringLiteral("prune_only_asr"), jsonNumber(r.pruneOnlyAsr)},
            {QStringLiteral("prune_only_k"),
             r.pruneOnlyK >= 0 ? QJsonValue(r.pruneOnlyK) : QJsonValue(QJsonValue::Null)},
        });
    }
    const QJsonObject root{{QStringLiteral("defenses"), QJsonArray::fromStringList(defenseNames())},
                           {QStringLiteral("rows"), rows}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace bdl::app
