#include "app/desktop/comparison_view.h"

#include "app/desktop/tune_form.h"
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
enum ComparisonColumn {
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

/// The row carries a verdict of Liu et al.'s definition (rows of sessions saved before it carry
/// the ASR at the k of B' and a NaN margin: shown, never flagged).
bool judged(const ComparisonRow& r) {
    return !std::isnan(r.pruneOnlyAsr) && !std::isnan(r.pruningAwareMargin) && r.pruneOnlyK >= 0;
}

bool flagged(const ComparisonRow& r) { return r.pruningAware && judged(r); }

} // namespace

ComparisonView::ComparisonView(Controller* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("comparisonView"));
    m_bars = new widgets::DefenseBarsPlot(this);
    m_bars->setObjectName(QStringLiteral("comparisonBars"));
    m_bars->setDefenses(defenseNames());

    m_table = new QTableWidget(0, kColumnCount, this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    QStringList headers{tr("Attack"),   tr("Poisoned set"), tr("STRIP CCA %"),  tr("STRIP ASR %"),
                        tr("B' CCA %"), tr("B' ASR %"),     tr("G CCA %"),      tr("G ASR %"),
                        tr("G' CCA %"), tr("G' ASR %"),     tr("Pruning-aware")};
    // Two lines per header ("STRIP" over "CCA %"): the numbers are narrower than their titles,
    // so eleven columns fit a 1280-pixel window without cutting a title.
    for (QString& h : headers) {
        const int space = static_cast<int>(h.indexOf(QLatin1Char(' ')));
        if (space > 0)
            h[space] = QLatin1Char('\n');
    }
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setWordWrap(true);
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
    m_definitionLabel = new QLabel(this);
    m_definitionLabel->setObjectName(QStringLiteral("pruningAwareDefinition"));
    m_definitionLabel->setWordWrap(true);
    m_definitionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_definitionLabel->hide();

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_bars);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildControls());
    layout->addWidget(m_flagLabel);
    layout->addWidget(m_definitionLabel);
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
    m_k0->setToolTip(tr("B0 = B fine-pruned by this many channels (the paper's protocol: Adam, lr "
                        "1e-3, 10 epochs, batch 32) for the improved goodnet G'(B0, B'). Default: "
                        "2 (the paper: \"a few channels\")."));
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
    for (QPushButton* b : {m_goodnetsButton, m_removeButton, m_clearButton})
        keepFocusWhenDisabled(b);
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
        r.inSample = result.inSample;
        // The goodnets were measured with the previous B' (the pruning-aware check is about B
        // and stays).
        r.gCca = r.gAsr = r.gPrimeCca = r.gPrimeAsr = kNaN;
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
        if (const auto& repaired = m_controller->repaired()) // the B' the goodnets used
            r.inSample = repaired->inSample;
        r.pruneOnlyAsr = data.pruneOnlyAsr.value(i, kNaN);
        r.pruningAware = data.pruningAware.value(i, false);
        r.pruneOnlyK = data.pruneOnlyK;
        r.pruneOnlyCca = data.pruneOnlyCca;
        r.pruneBaseCca = data.b.cca;
        r.pruningAwareMargin = data.pruningAwareMargin;
        r.pruningAwareAsr = data.pruningAwareAsr;
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
    const QString definition = definitionText();
    m_definitionLabel->setText(definition);
    m_definitionLabel->setVisible(!definition.isEmpty());
    m_table->horizontalHeaderItem(kFlagCol)->setToolTip(
        definition.isEmpty() ? tr("Liu et al. (Fine-Pruning, 2018): the backdoor survives pruning "
                                  "of the dormant channels; compute the goodnets to check")
                             : definition);
    updateEnabled();
    Q_EMIT rowsChanged();
}

QString ComparisonView::flagText() const {
    QStringList lines;
    for (const ComparisonRow& r : m_rows) {
        if (!flagged(r))
            continue;
        lines << tr("\u26a0 %1 \u00b7 %2: pruning-aware: ASR %3 % at k* = %4 (B pruned alone; "
                    "CCA %5 %, unpruned %6 %)")
                     .arg(r.attack, r.set, numberText(r.pruneOnlyAsr),
                          QString::number(r.pruneOnlyK), numberText(r.pruneOnlyCca),
                          numberText(r.pruneBaseCca));
    }
    return lines.join(QLatin1Char('\n'));
}

QString ComparisonView::definitionText() const {
    for (const ComparisonRow& r : m_rows) {
        if (!judged(r))
            continue;
        return tr("Pruning-aware (Liu et al., Fine-Pruning, 2018): the backdoor survives pruning "
                  "of the dormant channels. B is pruned alone (no fine-tuning), lowest mean "
                  "activation first, up to k*, the most channels before its clean accuracy first "
                  "falls more than %1 points below the unpruned CCA; the attack is pruning-aware "
                  "when its ASR at k* is still at least %2 %.")
            .arg(QLocale().toString(r.pruningAwareMargin, 'g', 4),
                 QLocale().toString(r.pruningAwareAsr, 'g', 4));
    }
    return QString();
}

QString ComparisonView::flagCellText(const ComparisonRow& r) {
    if (std::isnan(r.pruneOnlyAsr))
        return numberText(kNaN);
    if (!judged(r))
        return tr("not judged (saved by an earlier version): ASR %1 % at the k of B', %2; "
                  "compute the goodnets again")
            .arg(numberText(r.pruneOnlyAsr))
            .arg(r.pruneOnlyK);
    return (r.pruningAware ? tr("yes: ASR %1 % at k* = %2") : tr("no: ASR %1 % at k* = %2"))
        .arg(numberText(r.pruneOnlyAsr))
        .arg(r.pruneOnlyK);
}

QString ComparisonView::flagCellToolTip(const ComparisonRow& r) {
    if (!judged(r))
        return tr("ASR of B pruned alone (no fine-tuning) at k*, where its clean accuracy starts "
                  "to fall (Liu et al.)");
    return tr("B pruned alone (no fine-tuning), lowest mean activation first: k* = %1, the most "
              "channels pruned before its CCA first falls more than %2 points below %3 % (CCA "
              "%4 % at k*). ASR there: %5 %, %6 the threshold of %7 %.")
        .arg(r.pruneOnlyK)
        .arg(QLocale().toString(r.pruningAwareMargin, 'g', 4), numberText(r.pruneBaseCca),
             numberText(r.pruneOnlyCca), numberText(r.pruneOnlyAsr),
             r.pruningAware ? tr("at least") : tr("below"),
             QLocale().toString(r.pruningAwareAsr, 'g', 4));
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
            QString tip = i < 2 && !r.stripThresholdText.isEmpty()
                              ? tr("Threshold: %1").arg(r.stripThresholdText)
                              : QString();
            QString text = numberText(numbers[i]);
            // B', G and G' CCA of a B' tuned on the clean test set (STRIP is not tuned).
            const int col = kStripCcaCol + i;
            if (r.inSample && !std::isnan(numbers[i]) &&
                (col == kBPrimeCcaCol || col == kGCcaCol || col == kGPrimeCcaCol)) {
                text = tr("%1 (in-sample)").arg(text);
                tip = tr("In-sample: B' was fine-tuned on the clean test set this CCA is "
                         "measured on");
            }
            set(col, text, tip);
        }
        set(kFlagCol, flagCellText(r), flagCellToolTip(r));
    }
}

void ComparisonView::fillBars() {
    QVector<widgets::DefenseGroup> groups;
    groups.reserve(m_rows.size());
    for (const ComparisonRow& r : m_rows) {
        widgets::DefenseGroup g;
        g.label = r.inSample ? tr("%1 \u00b7 %2 (in-sample CCA)").arg(r.attack, r.set)
                             : tr("%1 \u00b7 %2").arg(r.attack, r.set);
        g.cca = {r.stripCca, r.bPrimeCca, r.gCca, r.gPrimeCca};
        g.asr = {r.stripAsr, r.bPrimeAsr, r.gAsr, r.gPrimeAsr};
        g.flagged = flagged(r);
        if (g.flagged)
            g.flagText = tr("pruning-aware: ASR %1 % at k* = %2")
                             .arg(numberText(r.pruneOnlyAsr))
                             .arg(r.pruneOnlyK);
        groups.push_back(g);
    }
    m_bars->setGroups(groups);
}

QString ComparisonView::toCsv() const {
    QStringList lines{QStringLiteral(
        "attack,set,strip_cca,strip_asr,b_prime_cca,b_prime_asr,g_cca,g_asr,g_prime_cca,"
        "g_prime_asr,pruning_aware,prune_only_asr,prune_only_k,strip_threshold,in_sample,"
        "prune_only_cca,prune_base_cca,pruning_aware_margin,pruning_aware_asr_threshold")};
    for (const ComparisonRow& r : m_rows) {
        QStringList f{csvField(r.attack), csvField(r.set)};
        for (double v : {r.stripCca, r.stripAsr, r.bPrimeCca, r.bPrimeAsr, r.gCca, r.gAsr,
                         r.gPrimeCca, r.gPrimeAsr})
            f << exactNumber(v);
        f << (r.pruningAware ? QStringLiteral("true") : QStringLiteral("false"))
          << exactNumber(r.pruneOnlyAsr)
          << (r.pruneOnlyK >= 0 ? QString::number(r.pruneOnlyK) : QString())
          << csvField(r.stripThresholdText)
          << (r.inSample ? QStringLiteral("true") : QStringLiteral("false"));
        for (double v : {r.pruneOnlyCca, r.pruneBaseCca, r.pruningAwareMargin, r.pruningAwareAsr})
            f << exactNumber(v);
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
            {QStringLiteral("in_sample"), r.inSample},
            {QStringLiteral("prune_only_cca"), jsonNumber(r.pruneOnlyCca)},
            {QStringLiteral("prune_base_cca"), jsonNumber(r.pruneBaseCca)},
            {QStringLiteral("pruning_aware_margin"), jsonNumber(r.pruningAwareMargin)},
            {QStringLiteral("pruning_aware_asr_threshold"), jsonNumber(r.pruningAwareAsr)},
        });
    }
    const QJsonObject root{{QStringLiteral("defenses"), QJsonArray::fromStringList(defenseNames())},
                           {QStringLiteral("rows"), rows}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace bdl::app
