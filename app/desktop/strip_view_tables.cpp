// StripView's tables, detail tiles, texts and exports (the layout and the threshold logic are in
// strip_view.cpp).
#include "app/desktop/image_convert.h"
#include "app/desktop/strip_settings_form.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/image_tiles.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableWidget>

#include <cmath>

namespace bdl::app {

namespace {

/// "12.50 %"; "n/a" for NaN.
QString percentText(double v) {
    return std::isnan(v) ? StripView::tr("n/a") : StripView::tr("%1 %").arg(v, 0, 'f', 2);
}

/// Shortest text that reads back as the same double; empty for NaN (CSV).
QString exact(double v) { return std::isfinite(v) ? QString::number(v, 'g', 17) : QString(); }

/// JSON has no NaN: null.
QJsonValue jsonNumber(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); }

/// A CSV field, quoted when it holds a comma, quote or line break.
QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QTableWidgetItem* valueItem(const QString& text, double value) {
    auto* item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, value);
    return item;
}

QString roleName(StripSet::Role role) {
    switch (role) {
    case StripSet::Calibration:
        return QStringLiteral("calibration");
    case StripSet::CleanTest:
        return QStringLiteral("clean_test");
    case StripSet::Poisoned:
        return QStringLiteral("poisoned");
    }
    return QString();
}

QString ruleKey(StripRule rule) {
    switch (rule) {
    case StripRule::NormalFit:
        return QStringLiteral("normal_fit");
    case StripRule::Percentile:
        return QStringLiteral("percentile");
    case StripRule::EqualError:
        return QStringLiteral("equal_error");
    }
    return QString();
}

QString labelText(int label) { return label < 0 ? StripView::tr("?") : QString::number(label); }

/// The true class of input p of a set: StripSet::trueLabel, else (runs kept without it) the
/// reference of a clean set; -1 unknown.
int trueLabelOf(const StripSet& set, int p) {
    if (p >= 0 && p < set.trueLabel.size())
        return set.trueLabel[p];
    return set.role == StripSet::Poisoned ? -1 : set.reference.value(p, -1);
}

/// One set's scored inputs, column by column, for the JSON export.
QJsonObject inputsJson(const StripSet& set) {
    QJsonArray index, entropy, predicted, trueClass, target;
    for (int p = 0; p < set.size(); ++p) {
        index.append(static_cast<double>(set.indices.value(p, -1)));
        entropy.append(jsonNumber(set.entropy[p]));
        predicted.append(set.predicted.value(p, -1));
        const int t = trueLabelOf(set, p);
        trueClass.append(t < 0 ? QJsonValue() : QJsonValue(t));
        if (set.role == StripSet::Poisoned) {
            const int r = set.reference.value(p, -1);
            target.append(r < 0 ? QJsonValue() : QJsonValue(r));
        }
    }
    QJsonObject o{{QStringLiteral("index"), index},
                  {QStringLiteral("entropy"), entropy},
                  {QStringLiteral("predicted"), predicted},
                  {QStringLiteral("true_class"), trueClass}};
    if (set.role == StripSet::Poisoned)
        o.insert(QStringLiteral("target"), target);
    return o;
}

} // namespace

QString StripView::setLabel(int setIndex) const {
    if (setIndex < 0 || setIndex >= m_data.sets.size())
        return QString();
    return m_data.sets[setIndex].name; // the worker names the calibration set as such
}

void StripView::fillScoresTable() {
    const double nan = std::nan("");
    QVector<std::pair<QString, QTableWidgetItem*>> rows;
    const bool have = m_hasResult && !std::isnan(threshold());
    const QString thr = thresholdText();
    rows.push_back({tr("Threshold (bits)"),
                    valueItem(thr.isEmpty() ? tr("n/a") : thr, have ? threshold() : nan)});
    rows.push_back(
        {tr("FRR (clean test flagged)"),
         valueItem(have ? percentText(m_scores.frr) : tr("n/a"), have ? m_scores.frr : nan)});
    rows.push_back(
        {tr("Calibration FRR"), valueItem(have ? percentText(m_scores.calibrationFrr) : tr("n/a"),
                                          have ? m_scores.calibrationFrr : nan)});
    rows.push_back({tr("STRIP CCA"), valueItem(have ? percentText(m_scores.cca) : tr("n/a"),
                                               have ? m_scores.cca : nan)});
    for (int i = 0; i < m_data.poisonedCount(); ++i) {
        const QString name = m_data.poisoned(i)->name;
        const double far = have ? m_scores.far.value(i, nan) : nan;
        const double asr = have ? m_scores.asr.value(i, nan) : nan;
        const double auroc = have ? m_scores.auroc.value(i, nan) : nan;
        rows.push_back({tr("FAR · %1").arg(name), valueItem(percentText(far), far)});
        rows.push_back({tr("ASR · %1").arg(name), valueItem(percentText(asr), asr)});
        rows.push_back(
            {tr("AUROC · %1").arg(name),
             valueItem(std::isnan(auroc) ? tr("n/a") : QString::number(auroc, 'f', 4), auroc)});
    }
    m_scoresTable->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        // "FAR · patch_poisoned_test" as two lines: a set's name is often a long word that the
        // narrow column would cut.
        QString quantity = rows[r].first;
        quantity.replace(QStringLiteral(" \u00b7 "), QStringLiteral("\n"));
        auto* item = new QTableWidgetItem(quantity);
        item->setToolTip(rows[r].first);
        m_scoresTable->setItem(r, 0, item);
        m_scoresTable->setItem(r, 1, rows[r].second);
    }
    m_scoresTable->resizeColumnToContents(0);
    m_scoresTable->resizeRowsToContents();
}

void StripView::fillBinTable(int setIndex, const QVector<int>& positions) {
    const QSignalBlocker block(m_binTable); // refilling is not a selection
    m_binTable->clearContents();
    m_binTable->setRowCount(0);
    m_detailSet = m_detailPosition = -1;
    m_tiles->clear();
    m_detail.reset();
    if (setIndex < 0 || setIndex >= m_data.sets.size())
        return;
    const StripSet& set = m_data.sets[setIndex];
    m_binTable->setRowCount(static_cast<int>(positions.size()));
    for (int r = 0; r < positions.size(); ++r) {
        const int p = positions[r];
        auto* setItem = new QTableWidgetItem(setLabel(setIndex));
        setItem->setData(Qt::UserRole, setIndex);
        auto* indexItem = new QTableWidgetItem(QString::number(set.indices.value(p, -1)));
        indexItem->setData(Qt::UserRole, p);
        const double entropy = set.entropy.value(p, std::nan(""));
        m_binTable->setItem(r, kSetColumn, setItem);
        m_binTable->setItem(r, kIndexColumn, indexItem);
        m_binTable->setItem(
            r, kEntropyColumn,
            valueItem(QString::number(entropy, 'f', entropyDecimals() + 1), entropy));
        m_binTable->setItem(r, kPredictedColumn,
                            new QTableWidgetItem(labelText(set.predicted.value(p, -1))));
        const int truth = trueLabelOf(set, p);
        auto* trueItem = new QTableWidgetItem(labelText(truth));
        trueItem->setData(Qt::UserRole, truth);
        m_binTable->setItem(r, kTrueClassColumn, trueItem);
        const bool poisoned = set.role == StripSet::Poisoned;
        const int target = poisoned ? set.reference.value(p, -1) : -1;
        auto* targetItem = new QTableWidgetItem(poisoned ? labelText(target) : QString());
        targetItem->setData(Qt::UserRole, target);
        m_binTable->setItem(r, kTargetColumn, targetItem);
        m_binTable->setItem(r, kFlaggedColumn, new QTableWidgetItem());
    }
    updateFlaggedColumn();
    m_binTable->resizeColumnsToContents();
    m_detailLabel->setText(positions.isEmpty()
                               ? tr("No input of %1 in this bin.").arg(setLabel(setIndex))
                               : tr("%n input(s) of %1 in this bin; select one to see it under "
                                    "STRIP.",
                                    nullptr, static_cast<int>(positions.size()))
                                     .arg(setLabel(setIndex)));
}

void StripView::updateFlaggedColumn() {
    const double t = threshold();
    for (int r = 0; r < m_binTable->rowCount(); ++r) {
        QTableWidgetItem* entropy = m_binTable->item(r, kEntropyColumn);
        QTableWidgetItem* flagged = m_binTable->item(r, kFlaggedColumn);
        if (!entropy || !flagged)
            continue;
        if (std::isnan(t)) {
            flagged->setText(tr("n/a"));
            continue;
        }
        // The core's rule: entropy strictly below the threshold is flagged as trojaned.
        const bool isFlagged = entropy->data(Qt::UserRole).toDouble() < t;
        flagged->setText(isFlagged ? tr("yes") : tr("no"));
        flagged->setData(Qt::UserRole, isFlagged);
    }
}

void StripView::clearBinSelection() {
    m_histogramPlot->setSelectedBar(widgets::HistogramBar{});
    fillBinTable(-1, {});
    m_detailLabel->setText(tr("Click a bar of the histogram to list its inputs."));
}

void StripView::onBinRowSelected() {
    const QList<QTableWidgetItem*> selected = m_binTable->selectedItems();
    if (selected.isEmpty())
        return;
    const int row = selected.first()->row();
    const int setIndex = m_binTable->item(row, kSetColumn)->data(Qt::UserRole).toInt();
    const int position = m_binTable->item(row, kIndexColumn)->data(Qt::UserRole).toInt();
    if (setIndex == m_detailSet && position == m_detailPosition)
        return;
    if (!m_hasResult) {
        m_detailLabel->setText(tr("The images can be shown when the STRIP run has finished."));
        return;
    }
    StripDetailRequest request;
    request.setIndex = setIndex;
    request.position = position;
    request.blends = kDetailBlends;
    if (!m_controller->stripDetail(request)) {
        m_detailLabel->setText(tr("A job is running: select the input again when it has "
                                  "finished."));
        return;
    }
    m_detailSet = setIndex;
    m_detailPosition = position;
    m_detailLabel->setText(tr("Loading %1 #%2...")
                               .arg(setLabel(setIndex))
                               .arg(m_data.sets[setIndex].indices.value(position, -1)));
}

void StripView::onDetail(const StripDetail& d) {
    QVector<widgets::ImageTile> tiles;
    const int decimals = entropyDecimals();
    auto caption = [decimals](const ClassScore& top, double entropy) {
        return tr("%1 (%2 %)\nH = %3")
            .arg(top.name.isEmpty() ? QString::number(top.label) : top.name)
            .arg(top.probability * 100.0, 0, 'f', 1)
            .arg(entropy, 0, 'f', decimals);
    };
    widgets::ImageTile input;
    input.image = toQImage(d.image);
    input.caption = caption(d.predicted, d.entropy);
    input.toolTip = tr("The input: %1 #%2; H is its mean entropy over the run's N "
                       "superimpositions")
                        .arg(d.setName)
                        .arg(d.datasetIndex);
    tiles.push_back(input);
    for (const StripBlendView& b : d.blends) {
        widgets::ImageTile tile;
        tile.image = toQImage(b.image);
        tile.caption = caption(b.top, b.entropy);
        tile.toolTip = tr("blended with overlay #%1").arg(b.overlayIndex);
        tiles.push_back(tile);
    }
    m_tiles->setTiles(tiles);
    m_detail = d;
    updateDetailLabel();
}

void StripView::updateDetailLabel() {
    if (!m_detail)
        return;
    const StripDetail& d = *m_detail;
    const double t = threshold();
    const QString verdict = std::isnan(t)   ? QString()
                            : d.entropy < t ? tr(" · flagged as trojaned")
                                            : tr(" · passes");
    const QString head = tr("%1 #%2: entropy %3 bits, predicted %4")
                             .arg(d.setName)
                             .arg(d.datasetIndex)
                             .arg(d.entropy, 0, 'f', entropyDecimals() + 1)
                             .arg(labelText(d.predicted.label));
    // A poisoned input has two references: the class it shows and the one its trigger aims at.
    const QString labels =
        d.poisoned
            ? tr(", true class %1, target %2").arg(labelText(d.trueLabel), labelText(d.reference))
            : tr(", true class %1").arg(labelText(d.trueLabel));
    m_detailLabel->setText(head + labels + verdict);
}

void StripView::updateRunSummary() {
    if (!m_hasResult) {
        m_summary->setText(tr("No STRIP run yet"));
        return;
    }
    QStringList lines;
    // The N used: the automatic split may have lowered the requested one (splitNote says so).
    const int n = m_data.overlayIndices.isEmpty() ? m_data.request.n
                                                  : static_cast<int>(m_data.overlayIndices.size());
    lines << tr("N = %1 overlays from %2").arg(n).arg(m_data.overlaySetName);
    if (!m_data.splitNote.isEmpty())
        lines << m_data.splitNote;
    lines << (m_data.request.blend == StripBlend::Additive
                  ? tr("additive blend")
                  : tr("alpha blend %1").arg(m_data.request.alpha, 0, 'g', 3));
    lines << tr("%1 s%2")
                 .arg(m_data.seconds, 0, 'f', 1)
                 .arg(m_data.fastPath ? tr(" (first-convolution cache)") : QString());
    if (!m_data.calibrationNote.isEmpty())
        lines << m_data.calibrationNote;
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

QString StripView::toCsv() const {
    QStringList lines{QStringLiteral("section,set,quantity,bin_low,bin_high,value")};
    auto row = [&lines](const QString& section, const QString& set, const QString& quantity,
                        const QString& low, const QString& high, double value) {
        lines << QStringList{section, csvField(set), quantity, low, high, exact(value)}.join(
            QLatin1Char(','));
    };
    const QString scores = QStringLiteral("scores");
    const double nan = std::nan("");
    row(scores, QString(), QStringLiteral("threshold"), {}, {}, m_hasResult ? threshold() : nan);
    if (m_hasResult && !std::isnan(threshold())) {
        const QString clean = m_data.cleanTest() ? m_data.cleanTest()->name : QString();
        const QString calibration = m_data.calibration() ? m_data.calibration()->name : QString();
        row(scores, clean, QStringLiteral("frr"), {}, {}, m_scores.frr);
        row(scores, calibration, QStringLiteral("calibration_frr"), {}, {},
            m_scores.calibrationFrr);
        row(scores, clean, QStringLiteral("cca"), {}, {}, m_scores.cca);
        for (int i = 0; i < m_data.poisonedCount(); ++i) {
            const QString name = m_data.poisoned(i)->name;
            row(scores, name, QStringLiteral("far"), {}, {}, m_scores.far.value(i, nan));
            row(scores, name, QStringLiteral("asr"), {}, {}, m_scores.asr.value(i, nan));
            row(scores, name, QStringLiteral("auroc"), {}, {}, m_scores.auroc.value(i, nan));
        }
    }
    const QString histogram = QStringLiteral("histogram");
    const QVector<double>& edges = m_histogram.edges;
    for (int i = 0; i < m_histogram.setIndices.size(); ++i) {
        const int s = m_histogram.setIndices[i];
        if (s < 0 || s >= m_data.sets.size())
            continue;
        const StripSet& set = m_data.sets[s];
        const QVector<qint64>& counts = m_histogram.counts.value(i);
        for (int b = 0; b + 1 < edges.size() && b < counts.size(); ++b) {
            const QString low = exact(edges[b]), high = exact(edges[b + 1]);
            row(histogram, set.name, QStringLiteral("count"), low, high,
                static_cast<double>(counts[b]));
            row(histogram, set.name, QStringLiteral("percent"), low, high,
                set.size() > 0 ? 100.0 * static_cast<double>(counts[b]) / set.size() : nan);
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString StripView::toJson() const {
    const StripRequest& r = m_data.request;
    const QJsonObject request{{QStringLiteral("n"), r.n},
                              {QStringLiteral("n_used"),
                               m_data.overlayIndices.isEmpty()
                                   ? QJsonValue()
                                   : QJsonValue(static_cast<int>(m_data.overlayIndices.size()))},
                              {QStringLiteral("auto_split"), r.autoSplit},
                              {QStringLiteral("split_note"), m_data.splitNote},
                              {QStringLiteral("blend"), r.blend == StripBlend::Additive
                                                            ? QStringLiteral("additive")
                                                            : QStringLiteral("alpha")},
                              {QStringLiteral("alpha"), r.alpha},
                              {QStringLiteral("overlay_set"), m_data.overlaySetName},
                              {QStringLiteral("seed"), QString::number(r.seed)},
                              {QStringLiteral("sample"), r.sample},
                              {QStringLiteral("calibration"), r.calibration}};
    const QJsonObject thresholdObject{
        {QStringLiteral("value"), jsonNumber(m_hasResult ? threshold() : std::nan(""))},
        {QStringLiteral("manual"), thresholdIsManual()},
        {QStringLiteral("rule"), ruleKey(m_form->rule())},
        {QStringLiteral("target_frr"), m_form->frr()},
        {QStringLiteral("uses_poisoned_data"),
         !thresholdIsManual() && m_form->rule() == StripRule::EqualError},
        {QStringLiteral("text"), thresholdText()}};
    QJsonArray poisoned;
    for (int i = 0; i < m_data.poisonedCount(); ++i)
        poisoned.append(
            QJsonObject{{QStringLiteral("name"), m_data.poisoned(i)->name},
                        {QStringLiteral("far"), jsonNumber(m_scores.far.value(i, NAN))},
                        {QStringLiteral("asr"), jsonNumber(m_scores.asr.value(i, NAN))},
                        {QStringLiteral("auroc"), jsonNumber(m_scores.auroc.value(i, NAN))}});
    const bool have = m_hasResult && !std::isnan(threshold());
    const QJsonObject scores{
        {QStringLiteral("frr"), have ? jsonNumber(m_scores.frr) : QJsonValue()},
        {QStringLiteral("calibration_frr"),
         have ? jsonNumber(m_scores.calibrationFrr) : QJsonValue()},
        {QStringLiteral("cca"), have ? jsonNumber(m_scores.cca) : QJsonValue()},
        {QStringLiteral("poisoned"), poisoned}};
    QJsonArray edges, sets;
    for (double e : m_histogram.edges)
        edges.append(jsonNumber(e));
    for (int i = 0; i < m_histogram.setIndices.size(); ++i) {
        const int s = m_histogram.setIndices[i];
        if (s < 0 || s >= m_data.sets.size())
            continue;
        const StripSet& set = m_data.sets[s];
        QJsonArray counts, percent;
        for (qint64 c : m_histogram.counts.value(i)) {
            counts.append(static_cast<double>(c));
            percent.append(
                jsonNumber(set.size() > 0 ? 100.0 * static_cast<double>(c) / set.size() : NAN));
        }
        sets.append(QJsonObject{{QStringLiteral("name"), set.name},
                                {QStringLiteral("role"), roleName(set.role)},
                                {QStringLiteral("size"), set.size()},
                                {QStringLiteral("counts"), counts},
                                {QStringLiteral("percent"), percent},
                                {QStringLiteral("inputs"), inputsJson(set)}});
    }
    const QJsonObject root{
        {QStringLiteral("complete"), m_hasResult},
        {QStringLiteral("request"), request},
        {QStringLiteral("threshold"), thresholdObject},
        {QStringLiteral("scores"), scores},
        {QStringLiteral("histogram"),
         QJsonObject{{QStringLiteral("edges"), edges}, {QStringLiteral("sets"), sets}}}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace bdl::app
