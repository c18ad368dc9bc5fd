#include "app/desktop/report_builder.h"

#include "app/desktop/activation_view.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/report_verdicts.h"
#include "app/gui/session.h"
#include "widgets/channel_bars_plot.h"
#include "widgets/defense_bars_plot.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/feature_map_grid.h"
#include "widgets/heatmap_plot.h"
#include "widgets/plot_export.h"
#include "widgets/prune_curve_plot.h"
#include "widgets/roc_plot.h"

#include <QtCore/QDateTime>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>

#include <cmath>

namespace bdl::app {

namespace {

using Rows = QVector<QStringList>;

QString s(const char* text) { return QString::fromUtf8(text); }

QString num(double v, int decimals) {
    return std::isnan(v) ? QStringLiteral("\u2013") : QString::number(v, 'f', decimals);
}

QString lrText(double lr) { return QString::number(lr, 'g', 3); }

QString count(qint64 n) { return QLocale::c().toString(n); }

QString ints(const QVector<int>& v) {
    QStringList l;
    for (int x : v)
        l << QString::number(x);
    return l.join(QStringLiteral(", "));
}

/// Renders a view's plot as SVG at a report size.
void addFigure(ReportDocument& doc, widgets::PlotWidget* plot, const QString& caption,
               QSize size = QSize(900, 520)) {
    if (!plot)
        return;
    doc.figure(widgets::renderPlot(plot->customPlot(), widgets::PlotFormat::Svg, size.width(),
                                   size.height()),
               size, caption);
}

/// The rows "B", "B pruned", ... of a CCA/ASR table: one ASR column per poisoned set.
QStringList scoreRow(const QString& name, double cca, const QVector<double>& asr, int sets) {
    QStringList r{name, reportNumber(cca)};
    for (int i = 0; i < sets; ++i)
        r << reportNumber(i < asr.size() ? asr[i] : std::nan(""));
    return r;
}

QStringList scoreHeader(const QString& first, const QStringList& sets) {
    QStringList h{first, s("CCA %")};
    for (const auto& n : sets)
        h << s("ASR % ") + n;
    return h;
}

QString roleText(const DataSetInfo& d) {
    switch (d.role) {
    case DataSetInfo::CleanTest:
        return s("clean test (CCA)");
    case DataSetInfo::CleanTrain:
        return d.sameAsCleanTest ? s("clean train = the clean test set")
                                 : s("clean train (ranking, fine-tuning, STRIP overlays)");
    case DataSetInfo::Poisoned:
        break;
    }
    return s("poisoned test (ASR)");
}

QString scaleText(const WorkspaceInfo& w, const WorkspaceRequest& r) {
    const QString asked =
        r.scale.isEmpty() ? (w.zooModel.isEmpty() ? s("auto") : s("zoo")) : r.scale;
    QString how;
    if (asked == QLatin1String("auto"))
        how = s("chosen automatically: the better clean accuracy");
    else if (asked == QLatin1String("zoo"))
        how = s("the demo zoo's scale");
    else
        how = s("set by the user");
    return s("%1 (%2; clean accuracy on up to 1000 test images: %3 % at 1/255, %4 % at raw; "
             "detected: %5)")
        .arg(w.scale, how, reportNumber(w.accUnit), reportNumber(w.accRaw), w.detectedScale);
}

QString blendText(const StripRequest& r) {
    return r.blend == StripBlend::Alpha ? s("alpha blend, alpha = %1 (input weight)").arg(r.alpha)
                                        : s("additive: clip(x + overlay, 0, 255)");
}

/// The CLI command that recomputes this report from the same inputs.
QString cliCommand(const WorkspaceRequest& r, const SessionState& st) {
    QStringList a{s("backdoorlab-cli"), s("report")};
    auto quote = [](const QString& v) {
        return v.contains(QLatin1Char(' ')) ? QLatin1Char('\'') + v + QLatin1Char('\'') : v;
    };
    if (!r.zooModel.isEmpty())
        a << s("--model") << s("zoo:") + r.zooModel;
    else
        a << s("--model") << quote(r.modelPath);
    if (!r.cleanTestPath.isEmpty())
        a << s("--clean") << quote(r.cleanTestPath);
    if (!r.trainPath.isEmpty())
        a << s("--train") << quote(r.trainPath);
    for (const auto& p : r.poisoned)
        a << s("--poisoned")
          << quote(p.path + (p.target >= 0 ? s(":%1").arg(p.target) : QString()));
    if (!r.scale.isEmpty())
        a << s("--scale") << r.scale;
    if (!r.normalization.isEmpty() && r.normalization != QLatin1String("none"))
        a << s("--normalize") << quote(r.normalization);
    if (!r.precision.isEmpty() && r.precision != QLatin1String("fp32"))
        a << s("--precision") << r.precision;
    if (!r.inputShape.isEmpty())
        a << s("--input-shape") << r.inputShape;
    if (!r.pruneLayer.isEmpty())
        a << s("--layer") << r.pruneLayer;
    if (r.holdOutPercent > 0)
        a << s("--hold-out") << QString::number(r.holdOutPercent);
    a << s("--seed") << QString::number(r.seed);
    if (st.results.repaired)
        a << s("--k") << QString::number(st.results.repaired->k) << s("--lr")
          << lrText(st.results.repaired->lr) << s("--epochs")
          << QString::number(st.results.repaired->epochs);
    a << s("--out") << s("report.pdf");
    return a.join(QLatin1Char(' '));
}

void modelSection(ReportDocument& doc, const SessionState& st) {
    doc.heading(s("Model under test (B)"));
    if (!st.results.workspace) {
        doc.paragraph(s("No model is open."));
        return;
    }
    const WorkspaceInfo& w = *st.results.workspace;
    QByteArray sha = st.modelSha256;
    if (sha.isEmpty())
        sha = fileSha256(w.modelPath);
    Rows rows{{s("File"), w.modelPath},
              {s("SHA-256"), sha.isEmpty() ? s("unreadable") : QString::fromLatin1(sha.toHex())},
              {s("Format"), w.format},
              {s("Architecture"), w.architecture}};
    if (!w.zooTitle.isEmpty())
        rows.push_back({s("Demo zoo model"), w.zooTitle});
    rows.push_back({s("Parameters"), w.parameters > 0 ? count(w.parameters) : s("unknown")});
    rows.push_back({s("Classes"), QString::number(w.classes)});
    rows.push_back(
        {s("Input"),
         s("%1 x %2 x %3 (height x width x channels)").arg(w.height).arg(w.width).arg(w.channels)});
    rows.push_back({s("Input scale"), scaleText(w, st.request)});
    rows.push_back({s("Normalization"), w.normalization.isEmpty() ? s("none") : w.normalization});
    rows.push_back(
        {s("Inference precision"), w.precisionNote.isEmpty() ? s("float32") : w.precisionNote});
    rows.push_back(
        {s("Pruned layer"), s("%1 (%2 channels)").arg(w.pruneLayer).arg(w.pruneChannels)});
    doc.keyValues(rows);
}

void dataSection(ReportDocument& doc, const SessionState& st) {
    if (!st.results.workspace)
        return;
    const WorkspaceInfo& w = *st.results.workspace;
    doc.heading(s("Data"));
    Rows rows;
    for (const auto& d : w.sets) {
        QStringList targets;
        for (qint64 t : d.targets)
            targets << QString::number(t);
        rows.push_back(
            {d.name, roleText(d), count(d.size), targets.join(QStringLiteral(", ")), d.path});
    }
    doc.table({s("Set"), s("Role"), s("Images"), s("Attack target"), s("File")}, rows);
    if (w.holdOutPercent > 0)
        doc.note(
            s("The train set is %1 % of the clean data, held out with seed %2; CCA is measured "
              "on the rest.")
                .arg(w.holdOutPercent)
                .arg(w.holdOutSeed));
    else if (w.inSample)
        doc.note(s("No separate train set: ranking and fine-tuning used the clean test set, so "
                   "every CCA after them is measured in-sample (optimistic)."));
}

void curveSection(ReportDocument& doc, MainWindow* win, const SessionState& st) {
    doc.heading(s("Pruning curve"));
    if (!st.results.curve || st.results.curve->points.isEmpty()) {
        doc.paragraph(s("Not computed in this session."));
        return;
    }
    const CurveData& c = *st.results.curve;
    const int total = c.points.back().k;
    doc.paragraph(s("B with its k lowest-ranked channels of %1 pruned (channels ranked by mean "
                    "activation on the clean train set, lowest first); no fine-tuning. %2 of %3 "
                    "channels never fire on the ranking set.")
                      .arg(c.layer)
                      .arg(c.dormant.size())
                      .arg(c.order.size()));
    addFigure(doc, win->pruneView()->curvePlot(),
              s("Figure: CCA and ASR of B pruned at k channels of %1.").arg(c.layer));
    Rows rows;
    const int step = std::max(1, total / 10);
    for (const auto& p : c.points)
        if (p.k % step == 0 || p.k == total) {
            QStringList r = scoreRow(QString::number(p.k), p.cca, p.asr, c.poisonedNames.size());
            r.insert(1, num(100.0 * p.k / std::max(1, total), 1));
            rows.push_back(r);
        }
    QStringList header = scoreHeader(s("k"), c.poisonedNames);
    header.insert(1, s("% pruned"));
    doc.table(header, rows);
    if (const auto& g = st.results.goodnets; g && !std::isnan(g->pruningAwareMargin)) {
        QStringList flags;
        for (int i = 0; i < g->poisonedNames.size(); ++i)
            flags << s("%1: %2 (ASR %3 % at k* = %4)")
                         .arg(g->poisonedNames[i],
                              i < g->pruningAware.size() && g->pruningAware[i]
                                  ? s("pruning-aware")
                                  : s("not pruning-aware"),
                              reportNumber(i < g->pruneOnlyAsr.size() ? g->pruneOnlyAsr[i]
                                                                      : std::nan("")))
                         .arg(g->pruneOnlyK);
        doc.paragraph(s("Pruning-aware check (Liu et al.): k* is the most channels pruned before "
                        "CCA falls more than %1 points below B's; a backdoor whose ASR is still at "
                        "least %2 % there survives pruning alone. %3.")
                          .arg(reportNumber(g->pruningAwareMargin),
                               reportNumber(g->pruningAwareAsr), flags.join(QStringLiteral("; "))));
    }
}

void sweepSection(ReportDocument& doc, MainWindow* win, const SessionState& st) {
    if (!st.results.sweep)
        return;
    const SweepData& sw = *st.results.sweep;
    doc.heading(s("Learning-rate sweep"));
    QStringList lrs;
    for (double lr : sw.lrs)
        lrs << lrText(lr);
    doc.paragraph(s("For each learning rate (%1), B was pruned up to each k (%2) and fine-tuned "
                    "%3 epochs (batch %4, seed %5) from the previous cell; %6 of %7 cells "
                    "computed.")
                      .arg(lrs.join(QStringLiteral(", ")), ints(sw.ks))
                      .arg(sw.epochs)
                      .arg(sw.batchSize)
                      .arg(sw.seed)
                      .arg(sw.cells.size())
                      .arg(sw.lrs.size() * sw.ks.size()));
    const QSize size(900, 40 * std::max(3, static_cast<int>(sw.lrs.size())) + 160);
    addFigure(doc, win->sweepView()->ccaPlot(), s("Figure: CCA of each sweep cell."), size);
    addFigure(doc, win->sweepView()->asrPlot(), s("Figure: worst ASR of each sweep cell."), size);
    if (const auto cell = win->sweepView()->repairedCell())
        doc.paragraph(s("Chosen cell (the current B'): lr %1, k = %2: CCA %3 %, ASR %4 %.")
                          .arg(lrText(cell->lr))
                          .arg(cell->k)
                          .arg(reportNumber(cell->cca), [&] {
                              QStringList l;
                              for (double a : cell->asr)
                                  l << reportNumber(a);
                              return l.join(QStringLiteral(", "));
                          }()));
    else if (const auto best = win->sweepView()->bestCell())
        doc.paragraph(s("Best trade-off under the view's ASR limit: lr %1, k = %2: CCA %3 %.")
                          .arg(lrText(best->lr))
                          .arg(best->k)
                          .arg(reportNumber(best->cca)));
}

void repairSection(ReportDocument& doc, const SessionState& st) {
    doc.heading(s("Repaired model B'"));
    if (!st.results.repaired) {
        doc.paragraph(s("No B' was made in this session."));
        return;
    }
    const RepairResult& r = *st.results.repaired;
    const QStringList sets =
        st.results.workspace ? st.results.workspace->poisonedNames : QStringList();
    QStringList losses;
    for (double l : r.epochLoss)
        losses << QString::number(l, 'f', 4);
    doc.keyValues(
        {{s("How it was made"), r.description},
         {s("Method"), r.method},
         {s("Channels pruned"), QString::number(r.k)},
         {s("Pruned channels"), ints(r.prunedChannels)},
         {s("Fine-tuning"),
          s("Adam, lr %1, %2 epochs, batch %3").arg(lrText(r.lr)).arg(r.epochs).arg(r.batchSize)},
         {s("Loss per epoch"), losses.isEmpty() ? s("\u2013") : losses.join(s(", "))}});
    Rows rows{scoreRow(s("B"), r.ccaBefore, r.asrBefore, sets.size())};
    if (r.hasPruned)
        rows.push_back(
            scoreRow(s("B pruned, not fine-tuned"), r.ccaPruned, r.asrPruned, sets.size()));
    rows.push_back(scoreRow(s("B'"), r.ccaAfter, r.asrAfter, sets.size()));
    doc.table(scoreHeader(s("Model"), sets), rows);
    if (r.inSample)
        doc.note(s("B' was ranked and fine-tuned on the clean test set: its CCA is in-sample."));
}

void activationSection(ReportDocument& doc, MainWindow* win) {
    auto* view = win->activationView();
    if (!view || !view->mapGrid()->hasMaps(0))
        return;
    doc.heading(s("Activations at the pruned layer"));
    addFigure(doc, view->barsPlot(),
              s("Figure: mean activation of each channel on clean and poisoned inputs, in pruning "
                "order; pruned channels marked."),
              QSize(900, 420));
    addFigure(doc, view->mapGrid(),
              s("Figure: mean feature map of each channel, B and (when made) B'; pruned channels "
                "outlined."),
              QSize(900, 560));
}

void stripSection(ReportDocument& doc, MainWindow* win, const SessionState& st) {
    doc.heading(s("STRIP"));
    StripView* v = win->stripView();
    if (!st.results.strip || !v->hasResult()) {
        doc.paragraph(s("Not run in this session."));
        return;
    }
    const StripData& d = *st.results.strip;
    const StripRequest& r = d.request;
    doc.keyValues(
        {{s("Superimpositions per input (N)"), QString::number(d.overlayIndices.size())},
         {s("Blend"), blendText(r)},
         {s("Overlays from"), d.overlaySetName},
         {s("Inputs scored"),
          [&] {
              // What was scored (a set smaller than the sample is scored whole).
              QStringList l;
              for (int i = 1; i < d.sets.size(); ++i)
                  l << s("%1: %2").arg(d.sets[i].name).arg(d.sets[i].size());
              return l.join(s(", ")) + (r.sample > 0
                                            ? s(" (at most %1 per set, seeded)").arg(r.sample)
                                            : s(" (every input)"));
          }()},
         {s("Calibration inputs"), QString::number(d.calibration() ? d.calibration()->size() : 0)},
         {s("Threshold rule"), stripRuleText(r.rule, r.frr)},
         {s("Seed"), QString::number(r.seed)},
         {s("Run time"), s("%1 s").arg(d.seconds, 0, 'f', 1)}});
    for (const auto& n : {d.calibrationNote, d.splitNote})
        if (!n.isEmpty())
            doc.note(n);
    addFigure(doc, v->histogramPlot(),
              s("Figure: entropy histograms (low entropy = flagged as trojaned) with the "
                "threshold."));
    addFigure(doc, v->rocPlot(),
              s("Figure: ROC of STRIP per poisoned set (detection rate against FRR), with the "
                "operating point."),
              QSize(760, 560));
    const StripScores sc = v->scores();
    Rows rows{{s("Threshold"), v->thresholdText()},
              {s("FRR (clean test inputs rejected)"), reportNumber(sc.frr) + s(" %")},
              {s("FRR on the calibration set"), reportNumber(sc.calibrationFrr) + s(" %")},
              {s("STRIP CCA (correct and accepted)"), reportNumber(sc.cca) + s(" %")}};
    for (int i = 0; i < d.poisonedCount(); ++i) {
        const QString n = d.poisoned(i)->name;
        rows.push_back({s("FAR %1 (accepted)").arg(n),
                        reportNumber(i < sc.far.size() ? sc.far[i] : std::nan("")) + s(" %")});
        rows.push_back({s("ASR %1 through STRIP").arg(n),
                        reportNumber(i < sc.asr.size() ? sc.asr[i] : std::nan("")) + s(" %")});
        rows.push_back(
            {s("AUROC %1").arg(n), num(i < sc.auroc.size() ? sc.auroc[i] : std::nan(""), 3)});
    }
    doc.keyValues(rows);
    if (r.rule == StripRule::EqualError)
        doc.note(s("The equal-error threshold is chosen with the poisoned test data (an oracle); "
                   "the clean-only rules are what a deployment can use."));
}

void goodnetSection(ReportDocument& doc, const SessionState& st) {
    const auto& g = st.results.goodnets;
    if (!g)
        return;
    doc.heading(s("Goodnets"));
    doc.paragraph(s("G(B, B') returns the label where B and B' agree and rejects the input "
                    "(class N) otherwise; G'(B0, B') does the same with B0 = B fine-pruned by "
                    "k0 = %1 channels. B' is %2.")
                      .arg(g->k0)
                      .arg(g->repairedDescription));
    const int n = g->poisonedNames.size();
    auto row = [&](const QString& name, const DefenseScores& d, bool goodnet) {
        QStringList r = scoreRow(name, d.cca, d.asr, n);
        r << (goodnet ? reportNumber(d.cleanRejectRate) : s("\u2013"));
        for (int i = 0; i < n; ++i)
            r << (goodnet && i < d.rejectRate.size() ? reportNumber(d.rejectRate[i]) : s("\u2013"));
        return r;
    };
    QStringList header = scoreHeader(s("Model"), g->poisonedNames);
    header << s("Clean rejected %");
    for (const auto& p : g->poisonedNames)
        header << s("Rejected % ") + p;
    doc.table(header, {row(s("B"), g->b, false), row(s("B'"), g->bPrime, false),
                       row(s("B0 (k0 = %1)").arg(g->k0), g->b0, false),
                       row(s("G(B, B')"), g->g, true), row(s("G'(B0, B')"), g->gPrime, true)});
}

void comparisonSection(ReportDocument& doc, MainWindow* win, const SessionState& st) {
    if (st.comparison.isEmpty() || !win->comparisonView())
        return;
    doc.heading(s("Comparison of the defenses"));
    Rows rows;
    for (const auto& r : st.comparison)
        rows.push_back({r.attack, r.set, reportNumber(r.stripCca), reportNumber(r.stripAsr),
                        reportNumber(r.bPrimeCca), reportNumber(r.bPrimeAsr), reportNumber(r.gCca),
                        reportNumber(r.gAsr), reportNumber(r.gPrimeCca), reportNumber(r.gPrimeAsr),
                        ComparisonView::flagCellText(r)});
    doc.table({s("Attack"), s("Set"), s("STRIP CCA"), s("STRIP ASR"), s("B' CCA"), s("B' ASR"),
               s("G CCA"), s("G ASR"), s("G' CCA"), s("G' ASR"), s("Pruning-aware")},
              rows);
    addFigure(doc, win->comparisonView()->barsPlot(),
              s("Figure: CCA (upper) and ASR (lower) of each defense per attack (the paper's "
                "Figure 1)."),
              QSize(900, 620));
    const QString def = win->comparisonView()->definitionText();
    if (!def.isEmpty())
        doc.note(def);
}

void reproduceSection(ReportDocument& doc, const SessionState& st, const QString& date) {
    doc.heading(s("Reproducing this report"));
    const WorkspaceRequest& r = st.request;
    Rows rows{
        {s("Date"), date},
        {s("BackdoorLab"), QStringLiteral(BDL_VERSION)},
        {s("Libraries"), engineLibraryVersions() + s(", Qt ") + QString::fromLatin1(qVersion())},
        {s("Workspace seed (validation split)"), QString::number(r.seed)}};
    if (r.holdOutPercent > 0)
        rows.push_back(
            {s("Hold-out"), s("%1 %, seed %2").arg(r.holdOutPercent).arg(r.holdOutSeed)});
    if (st.results.repaired)
        rows.push_back({s("B' fine-tuning"), st.results.repaired->description});
    if (st.results.sweep)
        rows.push_back({s("Sweep seed"), QString::number(st.results.sweep->seed)});
    if (st.results.strip)
        rows.push_back({s("STRIP seed"), QString::number(st.results.strip->request.seed)});
    rows.push_back({s("Command line"), cliCommand(r, st)});
    doc.keyValues(rows);
}

} // namespace

QString reportNumber(double value) { return num(value, 2); }

ReportDocument buildReport(MainWindow* window, const QString& now) {
    const SessionState st = window->sessions()->capture();
    const QString date = now.isEmpty() ? QDateTime::currentDateTime().toString(Qt::ISODate) : now;
    ReportDocument doc;
    doc.title = s("BackdoorLab analysis report");
    const QString model = st.results.workspace
                              ? (st.results.workspace->zooTitle.isEmpty()
                                     ? QFileInfo(st.results.workspace->modelPath).fileName()
                                     : st.results.workspace->zooTitle)
                              : s("no model");
    doc.subtitle =
        s("%1 \u00b7 %2 \u00b7 BackdoorLab %3").arg(model, date, QStringLiteral(BDL_VERSION));

    ReportStripInput strip;
    StripView* sv = window->stripView();
    if (st.results.strip && sv->hasResult()) {
        strip.available = true;
        strip.scores = sv->scores();
        strip.thresholdText = sv->thresholdText();
        strip.oracle =
            !sv->thresholdIsManual() && st.results.strip->request.rule == StripRule::EqualError;
    }
    const ReportVerdicts v = reportVerdicts(st, strip);
    doc.heading(s("Verdicts"));
    for (const auto* q : {&v.trust, &v.repair, &v.filter})
        doc.verdict(q->question, q->level, q->answer, q->paragraph);
    doc.note(s("Thresholds of the verdicts: ") + v.thresholds);

    modelSection(doc, st);
    dataSection(doc, st);
    curveSection(doc, window, st);
    sweepSection(doc, window, st);
    repairSection(doc, st);
    activationSection(doc, window);
    stripSection(doc, window, st);
    goodnetSection(doc, st);
    comparisonSection(doc, window, st);
    reproduceSection(doc, st, date);
    return doc;
}

} // namespace bdl::app
