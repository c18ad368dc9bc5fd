#include "app/gui/session_results_json.h"
#include "app/gui/session_optional_json.h"

#include <QtCore/QCoreApplication>

#include <climits>

#include <utility>

namespace bdl::app::sessionjson {

namespace {

// ---- workspace info ----------------------------------------------------------------------------

QJsonArray prunableToJson(const QVector<WorkspaceInfo::Prunable>& list) {
    QJsonArray out;
    for (const auto& e : list)
        out.append(QJsonObject{{QStringLiteral("conv"), e.conv},
                               {QStringLiteral("layer"), e.layer},
                               {QStringLiteral("channels"), e.channels}});
    return out;
}

QJsonObject infoToJson(const WorkspaceInfo& w) {
    QJsonArray sets;
    for (const DataSetInfo& d : w.sets)
        sets.append(QJsonObject{{QStringLiteral("name"), d.name},
                                {QStringLiteral("path"), d.path},
                                {QStringLiteral("role"), static_cast<int>(d.role)},
                                {QStringLiteral("size"), static_cast<double>(d.size)},
                                {QStringLiteral("targets"), integers64(d.targets)},
                                {QStringLiteral("sameAsCleanTest"), d.sameAsCleanTest}});
    return {{QStringLiteral("modelPath"), w.modelPath},
            {QStringLiteral("format"), w.format},
            {QStringLiteral("architecture"), w.architecture},
            {QStringLiteral("classes"), w.classes},
            {QStringLiteral("parameters"), static_cast<double>(w.parameters)},
            {QStringLiteral("height"), w.height},
            {QStringLiteral("width"), w.width},
            {QStringLiteral("channels"), w.channels},
            {QStringLiteral("zooDir"), w.zooDir},
            {QStringLiteral("zooModel"), w.zooModel},
            {QStringLiteral("zooTitle"), w.zooTitle},
            {QStringLiteral("zooBuilt"), w.zooBuilt},
            {QStringLiteral("scale"), w.scale},
            {QStringLiteral("detectedScale"), w.detectedScale},
            {QStringLiteral("accUnit"), number(w.accUnit)},
            {QStringLiteral("accRaw"), number(w.accRaw)},
            {QStringLiteral("pruneLayer"), w.pruneLayer},
            {QStringLiteral("pruneChannels"), w.pruneChannels},
            {QStringLiteral("prunable"), prunableToJson(w.prunable)},
            {QStringLiteral("normalization"), w.normalization},
            {QStringLiteral("precision"), w.precision},
            {QStringLiteral("precisionRequested"), w.precisionRequested},
            {QStringLiteral("precisionNote"), w.precisionNote},
            {QStringLiteral("sets"), sets},
            {QStringLiteral("poisonedNames"), strings(w.poisonedNames)},
            {QStringLiteral("inSample"), w.inSample},
            {QStringLiteral("holdOutPercent"), w.holdOutPercent},
            {QStringLiteral("holdOutSeed"), u64(w.holdOutSeed)}};
}

WorkspaceInfo infoFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    WorkspaceInfo w;
    w.modelPath = r.string(o, "modelPath", p);
    w.format = r.string(o, "format", p);
    w.architecture = r.string(o, "architecture", p);
    w.classes = r.integer(o, "classes", p, 0, 1 << 20);
    if (o.contains(QLatin1String("parameters"))) // sessions before the analysis report
        w.parameters = r.integer64(o, "parameters", p);
    w.height = r.integer(o, "height", p, 0, 1 << 16);
    w.width = r.integer(o, "width", p, 0, 1 << 16);
    w.channels = r.integer(o, "channels", p, 0, 1 << 16);
    w.zooDir = r.string(o, "zooDir", p);
    w.zooModel = r.string(o, "zooModel", p);
    w.zooTitle = r.string(o, "zooTitle", p);
    w.zooBuilt = r.boolean(o, "zooBuilt", p);
    w.scale = r.string(o, "scale", p);
    w.detectedScale = r.string(o, "detectedScale", p);
    w.accUnit = r.num(o, "accUnit", p);
    w.accRaw = r.num(o, "accRaw", p);
    w.pruneLayer = r.string(o, "pruneLayer", p);
    // Sessions from before per-layer pruning have neither.
    if (o.contains(QLatin1String("prunable"))) {
        const QJsonArray list = r.array(o, "prunable", p);
        for (int i = 0; r.ok() && i < list.size(); ++i) {
            const QString ip = at(k(p, "prunable"), i);
            const QJsonObject e = r.element(list, i, k(p, "prunable"));
            w.prunable.push_back({r.string(e, "conv", ip), r.string(e, "layer", ip),
                                  r.integer(e, "channels", ip, 0, 1 << 24)});
        }
    }
    if (o.contains(QLatin1String("normalization")))
        w.normalization = r.string(o, "normalization", p);
    if (o.contains(QLatin1String("precision"))) { // sessions before bfloat16 inference: float32
        w.precision = r.string(o, "precision", p);
        w.precisionRequested = r.string(o, "precisionRequested", p);
        w.precisionNote = r.string(o, "precisionNote", p);
    }
    w.pruneChannels = r.integer(o, "pruneChannels", p, 0, 1 << 20);
    const QJsonArray sets = r.array(o, "sets", p);
    for (int i = 0; r.ok() && i < sets.size(); ++i) {
        const QString sp = at(k(p, "sets"), i);
        const QJsonObject so = r.element(sets, i, k(p, "sets"));
        DataSetInfo d;
        d.name = r.string(so, "name", sp);
        d.path = r.string(so, "path", sp);
        d.role = static_cast<DataSetInfo::Role>(r.integer(so, "role", sp, 0, 2));
        d.size = r.integer64(so, "size", sp);
        d.targets = r.integers64(so, "targets", sp);
        d.sameAsCleanTest = r.boolean(so, "sameAsCleanTest", sp);
        w.sets.push_back(d);
    }
    w.poisonedNames = r.strings(o, "poisonedNames", p);
    // Older files: in-sample exactly when the train set was the clean test set.
    bool trainIsClean = false;
    for (const DataSetInfo& d : w.sets)
        trainIsClean = trainIsClean || (d.role == DataSetInfo::CleanTrain && d.sameAsCleanTest);
    w.inSample = optionalBool(o, "inSample", r, p, trainIsClean);
    w.holdOutPercent = optionalInt(o, "holdOutPercent", r, p, 0, 99);
    w.holdOutSeed = optionalU64(o, "holdOutSeed", r, p);
    return w;
}

// ---- pruning curve, sweep, repair ----------------------------------------------------------------

QJsonObject curveToJson(const CurveData& c) {
    QJsonArray points;
    for (const CurvePoint& pt : c.points)
        points.append(QJsonObject{{QStringLiteral("k"), pt.k},
                                  {QStringLiteral("channel"), pt.channel},
                                  {QStringLiteral("cca"), number(pt.cca)},
                                  {QStringLiteral("asr"), numbers(pt.asr)}});
    return {{QStringLiteral("layer"), c.layer},
            {QStringLiteral("order"), integers(c.order)},
            {QStringLiteral("channelMeans"), numbers(c.channelMeans)},
            {QStringLiteral("dormant"), integers(c.dormant)},
            {QStringLiteral("cleanName"), c.cleanName},
            {QStringLiteral("poisonedNames"), strings(c.poisonedNames)},
            {QStringLiteral("points"), points},
            {QStringLiteral("fastPath"), c.fastPath}};
}

CurveData curveFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    CurveData c;
    c.layer = r.string(o, "layer", p);
    c.order = r.integers(o, "order", p);
    c.channelMeans = r.numbers(o, "channelMeans", p);
    c.dormant = r.integers(o, "dormant", p);
    c.cleanName = r.string(o, "cleanName", p);
    c.poisonedNames = r.strings(o, "poisonedNames", p);
    c.fastPath = r.boolean(o, "fastPath", p);
    r.expectSize(c.channelMeans.size(), c.order.size(), k(p, "channelMeans"));
    const QJsonArray points = r.array(o, "points", p);
    for (int i = 0; r.ok() && i < points.size(); ++i) {
        const QString pp = at(k(p, "points"), i);
        const QJsonObject po = r.element(points, i, k(p, "points"));
        CurvePoint pt;
        pt.k = r.integer(po, "k", pp, i, i); // points[k].k == k
        pt.channel = r.integer(po, "channel", pp, -1, static_cast<int>(c.order.size()));
        pt.cca = r.num(po, "cca", pp);
        pt.asr = r.numbers(po, "asr", pp);
        r.expectSize(pt.asr.size(), c.poisonedNames.size(), k(pp, "asr"));
        c.points.push_back(pt);
    }
    return c;
}

QJsonObject sweepToJson(const SweepData& d) {
    QJsonArray cells;
    for (const SweepCell& c : d.cells)
        cells.append(QJsonObject{{QStringLiteral("lrIndex"), c.lrIndex},
                                 {QStringLiteral("kIndex"), c.kIndex},
                                 {QStringLiteral("lr"), number(c.lr)},
                                 {QStringLiteral("k"), c.k},
                                 {QStringLiteral("cca"), number(c.cca)},
                                 {QStringLiteral("asr"), numbers(c.asr)}});
    return {{QStringLiteral("lrs"), numbers(d.lrs)},
            {QStringLiteral("ks"), integers(d.ks)},
            {QStringLiteral("poisonedNames"), strings(d.poisonedNames)},
            {QStringLiteral("epochs"), d.epochs},
            {QStringLiteral("batchSize"), d.batchSize},
            {QStringLiteral("seed"), u64(d.seed)},
            {QStringLiteral("cells"), cells}};
}

SweepData sweepFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    SweepData d;
    d.lrs = r.numbers(o, "lrs", p);
    d.ks = r.integers(o, "ks", p);
    d.poisonedNames = r.strings(o, "poisonedNames", p);
    d.epochs = r.integer(o, "epochs", p, 0, 100000);
    d.batchSize = r.integer(o, "batchSize", p, 1, 1 << 20);
    d.seed = r.unsigned64(o, "seed", p);
    const QJsonArray cells = r.array(o, "cells", p);
    const int rows = static_cast<int>(d.lrs.size());
    const int cols = static_cast<int>(d.ks.size());
    for (int i = 0; r.ok() && i < cells.size(); ++i) {
        const QString cp = at(k(p, "cells"), i);
        const QJsonObject co = r.element(cells, i, k(p, "cells"));
        SweepCell c;
        c.lrIndex = r.integer(co, "lrIndex", cp, 0, rows - 1);
        c.kIndex = r.integer(co, "kIndex", cp, 0, cols - 1);
        c.lr = r.num(co, "lr", cp);
        c.k = r.integer(co, "k", cp, 0, 1 << 20);
        c.cca = r.num(co, "cca", cp);
        c.asr = r.numbers(co, "asr", cp);
        r.expectSize(c.asr.size(), d.poisonedNames.size(), k(cp, "asr"));
        d.cells.push_back(c);
    }
    return d;
}

QJsonObject repairToJson(const RepairResult& x) {
    return {{QStringLiteral("method"), x.method},
            {QStringLiteral("description"), x.description},
            {QStringLiteral("k"), x.k},
            {QStringLiteral("lr"), number(x.lr)},
            {QStringLiteral("epochs"), x.epochs},
            {QStringLiteral("batchSize"), x.batchSize},
            {QStringLiteral("ccaBefore"), number(x.ccaBefore)},
            {QStringLiteral("asrBefore"), numbers(x.asrBefore)},
            {QStringLiteral("hasPruned"), x.hasPruned},
            {QStringLiteral("ccaPruned"), number(x.ccaPruned)},
            {QStringLiteral("asrPruned"), numbers(x.asrPruned)},
            {QStringLiteral("ccaAfter"), number(x.ccaAfter)},
            {QStringLiteral("asrAfter"), numbers(x.asrAfter)},
            {QStringLiteral("epochLoss"), numbers(x.epochLoss)},
            {QStringLiteral("baseValidation"), number(x.baseValidation)},
            {QStringLiteral("validationCurve"), numbers(x.validationCurve)},
            {QStringLiteral("prunedChannels"), integers(x.prunedChannels)},
            {QStringLiteral("inSample"), x.inSample}};
}

RepairResult repairFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    RepairResult x;
    x.method = r.string(o, "method", p);
    x.description = r.string(o, "description", p);
    x.k = r.integer(o, "k", p, 0, 1 << 20);
    x.lr = r.num(o, "lr", p);
    x.epochs = r.integer(o, "epochs", p, 0, 100000);
    x.batchSize = r.integer(o, "batchSize", p, 0, 1 << 20);
    x.ccaBefore = r.num(o, "ccaBefore", p);
    x.asrBefore = r.numbers(o, "asrBefore", p);
    x.hasPruned = r.boolean(o, "hasPruned", p);
    x.ccaPruned = r.num(o, "ccaPruned", p);
    x.asrPruned = r.numbers(o, "asrPruned", p);
    x.ccaAfter = r.num(o, "ccaAfter", p);
    x.asrAfter = r.numbers(o, "asrAfter", p);
    x.epochLoss = r.numbers(o, "epochLoss", p);
    x.baseValidation = r.num(o, "baseValidation", p);
    x.validationCurve = r.numbers(o, "validationCurve", p);
    x.prunedChannels = r.integers(o, "prunedChannels", p);
    x.inSample = optionalBool(o, "inSample", r, p);
    r.expectSize(x.asrAfter.size(), x.asrBefore.size(), k(p, "asrAfter"));
    return x;
}

/// Bytes from base64 text at member `key` of `o`; a failure naming the member when the text is
/// not valid base64.
QByteArray base64Member(const QJsonObject& o, const char* key, JsonReader& r, const QString& p) {
    const QString text = r.string(o, key, p);
    auto decoded =
        QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (r.ok() && !decoded)
        r.fail(k(p, key), SessionText::tr("not valid base64"));
    return r.ok() ? *decoded : QByteArray();
}

// B' candidates: one entry per candidate, oldest first, {"id", "repair", "weights" (base64)};
// the current one's entry holds only its id, its repair and weights being results.repaired and
// results.repairedWeights (so that its few MB are not in the file twice).

QJsonArray candidatesToJson(const QVector<RepairCandidate>& list, int current) {
    QJsonArray out;
    for (const RepairCandidate& c : list) {
        QJsonObject e{{QStringLiteral("id"), c.id}};
        if (c.id != current) {
            e.insert(QStringLiteral("repair"), repairToJson(c.result));
            e.insert(QStringLiteral("weights"), QString::fromLatin1(c.weights.toBase64()));
        }
        out.append(e);
    }
    return out;
}

/// The list of results.candidates; `current` is results.currentCandidate, whose entry takes
/// `repaired` and `weights` (results.repaired, results.repairedWeights).
QVector<RepairCandidate> candidatesFromJson(const QJsonArray& list, int current,
                                            const std::optional<RepairResult>& repaired,
                                            const QByteArray& weights, JsonReader& r,
                                            const QString& p) {
    QVector<RepairCandidate> out;
    const QString lp = k(p, "candidates");
    if (list.size() > kMaxRepairCandidates)
        r.fail(lp, SessionText::tr("more than %1 candidates").arg(kMaxRepairCandidates));
    bool hasCurrent = false;
    for (int i = 0; r.ok() && i < list.size(); ++i) {
        const QString ep = at(lp, i);
        const QJsonObject e = r.element(list, i, lp);
        RepairCandidate c;
        c.id = r.integer(e, "id", ep, 1, INT_MAX - 1);
        for (const RepairCandidate& before : out)
            if (r.ok() && before.id == c.id)
                r.fail(k(ep, "id"), SessionText::tr("the id %1 is used twice").arg(c.id));
        if (c.id == current) {
            hasCurrent = true;
            c.result = repaired.value_or(RepairResult());
            c.weights = weights;
        } else {
            c.result = repairFromJson(r.object(e, "repair", ep), r, k(ep, "repair"));
            c.weights = base64Member(e, "weights", r, ep);
            if (r.ok() && c.weights.isEmpty())
                r.fail(k(ep, "weights"), SessionText::tr("no weights"));
        }
        out.push_back(c);
    }
    if (r.ok() && !hasCurrent)
        r.fail(k(p, "currentCandidate"), SessionText::tr("names no entry of results.candidates"));
    if (r.ok() && (!repaired || weights.isEmpty()))
        r.fail(lp, SessionText::tr("candidates without the current B' (results.repaired and "
                                   "results.repairedWeights)"));
    return out;
}

// ---- STRIP and goodnets ------------------------------------------------------------------------

QJsonObject stripToJson(const StripData& d) {
    QJsonArray sets;
    for (const StripSet& s : d.sets)
        sets.append(QJsonObject{{QStringLiteral("name"), s.name},
                                {QStringLiteral("role"), static_cast<int>(s.role)},
                                {QStringLiteral("indices"), integers64(s.indices)},
                                {QStringLiteral("entropy"), numbers(s.entropy)},
                                {QStringLiteral("predicted"), integers(s.predicted)},
                                {QStringLiteral("reference"), integers(s.reference)},
                                {QStringLiteral("trueLabel"), integers(s.trueLabel)},
                                {QStringLiteral("complete"), s.complete}});
    return {{QStringLiteral("request"), stripRequestToJson(d.request)},
            {QStringLiteral("sets"), sets},
            {QStringLiteral("overlayIndices"), integers64(d.overlayIndices)},
            {QStringLiteral("overlaySetName"), d.overlaySetName},
            {QStringLiteral("calibrationNote"), d.calibrationNote},
            {QStringLiteral("splitNote"), d.splitNote},
            {QStringLiteral("fastPath"), d.fastPath},
            {QStringLiteral("seconds"), number(d.seconds)},
            {QStringLiteral("classes"), d.classes}};
}

StripData stripFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    StripData d;
    d.request = stripRequestFromJson(r.object(o, "request", p), r, k(p, "request"));
    d.overlayIndices = r.integers64(o, "overlayIndices", p);
    d.overlaySetName = r.string(o, "overlaySetName", p);
    d.calibrationNote = r.string(o, "calibrationNote", p);
    if (o.contains(QLatin1String("splitNote"))) // absent in sessions saved before it existed
        d.splitNote = r.string(o, "splitNote", p);
    d.fastPath = r.boolean(o, "fastPath", p);
    d.seconds = r.num(o, "seconds", p);
    d.classes = r.integer(o, "classes", p, 0, 1 << 20);
    const QJsonArray sets = r.array(o, "sets", p);
    if (r.ok() && sets.size() < 2)
        r.fail(k(p, "sets"), SessionText::tr("needs the calibration and clean test sets"));
    for (int i = 0; r.ok() && i < sets.size(); ++i) {
        const QString sp = at(k(p, "sets"), i);
        const QJsonObject so = r.element(sets, i, k(p, "sets"));
        StripSet s;
        s.name = r.string(so, "name", sp);
        const int expectedRole = i == 0   ? StripSet::Calibration
                                 : i == 1 ? StripSet::CleanTest
                                          : StripSet::Poisoned;
        s.role = static_cast<StripSet::Role>(r.integer(so, "role", sp, expectedRole, expectedRole));
        s.indices = r.integers64(so, "indices", sp);
        s.entropy = r.numbers(so, "entropy", sp);
        s.predicted = r.integers(so, "predicted", sp);
        s.reference = r.integers(so, "reference", sp);
        // Absent in older sessions (or empty, not kept): a clean set's labels are its
        // references, a poisoned set's true classes unknown.
        if (so.contains(QLatin1String("trueLabel")))
            s.trueLabel = r.integers(so, "trueLabel", sp);
        if (s.trueLabel.isEmpty())
            s.trueLabel =
                s.role == StripSet::Poisoned ? QVector<int>(s.reference.size(), -1) : s.reference;
        s.complete = r.boolean(so, "complete", sp);
        r.expectSize(s.indices.size(), s.entropy.size(), k(sp, "indices"));
        r.expectSize(s.predicted.size(), s.entropy.size(), k(sp, "predicted"));
        r.expectSize(s.reference.size(), s.entropy.size(), k(sp, "reference"));
        r.expectSize(s.trueLabel.size(), s.entropy.size(), k(sp, "trueLabel"));
        for (int j = 0; r.ok() && j < s.entropy.size(); ++j)
            if (!(s.entropy[j] >= 0.0))
                r.fail(at(k(sp, "entropy"), j), SessionText::tr("expected a non-negative number"));
        d.sets.push_back(s);
    }
    return d;
}

QJsonObject scoresToJson(const DefenseScores& s) {
    return {{QStringLiteral("cca"), number(s.cca)},
            {QStringLiteral("asr"), numbers(s.asr)},
            {QStringLiteral("cleanRejectRate"), number(s.cleanRejectRate)},
            {QStringLiteral("rejectRate"), numbers(s.rejectRate)}};
}

DefenseScores scoresFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    DefenseScores s;
    s.cca = r.num(o, "cca", p);
    s.asr = r.numbers(o, "asr", p);
    s.cleanRejectRate = r.num(o, "cleanRejectRate", p);
    s.rejectRate = r.numbers(o, "rejectRate", p);
    return s;
}

QJsonObject goodnetsToJson(const GoodnetData& g) {
    QJsonArray aware;
    for (bool b : g.pruningAware)
        aware.append(b);
    return {{QStringLiteral("attack"), g.attack},
            {QStringLiteral("poisonedNames"), strings(g.poisonedNames)},
            {QStringLiteral("repairedDescription"), g.repairedDescription},
            {QStringLiteral("k0"), g.k0},
            {QStringLiteral("b"), scoresToJson(g.b)},
            {QStringLiteral("bPrime"), scoresToJson(g.bPrime)},
            {QStringLiteral("b0"), scoresToJson(g.b0)},
            {QStringLiteral("g"), scoresToJson(g.g)},
            {QStringLiteral("gPrime"), scoresToJson(g.gPrime)},
            {QStringLiteral("pruneOnlyAsr"), numbers(g.pruneOnlyAsr)},
            {QStringLiteral("pruningAware"), aware},
            {QStringLiteral("pruneOnlyK"), g.pruneOnlyK},
            {QStringLiteral("pruneOnlyCca"), number(g.pruneOnlyCca)},
            {QStringLiteral("pruningAwareMargin"), number(g.pruningAwareMargin)},
            {QStringLiteral("pruningAwareAsr"), number(g.pruningAwareAsr)}};
}

GoodnetData goodnetsFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    GoodnetData g;
    g.attack = r.string(o, "attack", p);
    g.poisonedNames = r.strings(o, "poisonedNames", p);
    g.repairedDescription = r.string(o, "repairedDescription", p);
    g.k0 = r.integer(o, "k0", p, 0, 1 << 20);
    g.b = scoresFromJson(r.object(o, "b", p), r, k(p, "b"));
    g.bPrime = scoresFromJson(r.object(o, "bPrime", p), r, k(p, "bPrime"));
    g.b0 = scoresFromJson(r.object(o, "b0", p), r, k(p, "b0"));
    g.g = scoresFromJson(r.object(o, "g", p), r, k(p, "g"));
    g.gPrime = scoresFromJson(r.object(o, "gPrime", p), r, k(p, "gPrime"));
    g.pruneOnlyAsr = r.numbers(o, "pruneOnlyAsr", p);
    const QJsonArray aware = r.array(o, "pruningAware", p);
    for (int i = 0; r.ok() && i < aware.size(); ++i) {
        if (!aware[i].isBool())
            r.fail(at(k(p, "pruningAware"), i), SessionText::tr("expected true or false"));
        g.pruningAware.push_back(aware[i].toBool());
    }
    g.pruneOnlyK = r.integer(o, "pruneOnlyK", p, 0, 1 << 20);
    // Liu et al.'s definition (k*, its CCA, the margin and threshold): absent in files saved
    // before it, which keep NaN (their pruneOnlyAsr is at the k of B', the old rule).
    for (auto [key, field] : {std::pair{"pruneOnlyCca", &g.pruneOnlyCca},
                              std::pair{"pruningAwareMargin", &g.pruningAwareMargin},
                              std::pair{"pruningAwareAsr", &g.pruningAwareAsr}})
        if (o.contains(QLatin1String(key)))
            *field = r.num(o, key, p);
    const qsizetype sets = g.poisonedNames.size();
    r.expectSize(g.pruneOnlyAsr.size(), sets, k(p, "pruneOnlyAsr"));
    r.expectSize(g.pruningAware.size(), sets, k(p, "pruningAware"));
    return g;
}

} // namespace

QJsonObject resultsToJson(const SessionResults& s) {
    QJsonObject o;
    if (s.workspace)
        o.insert(QStringLiteral("workspace"), infoToJson(*s.workspace));
    if (s.curve)
        o.insert(QStringLiteral("curve"), curveToJson(*s.curve));
    if (s.sweep)
        o.insert(QStringLiteral("sweep"), sweepToJson(*s.sweep));
    if (s.repaired)
        o.insert(QStringLiteral("repaired"), repairToJson(*s.repaired));
    if (!s.repairedWeights.isEmpty())
        o.insert(QStringLiteral("repairedWeights"),
                 QString::fromLatin1(s.repairedWeights.toBase64()));
    if (!s.candidates.isEmpty()) {
        o.insert(QStringLiteral("candidates"), candidatesToJson(s.candidates, s.currentCandidate));
        o.insert(QStringLiteral("currentCandidate"), s.currentCandidate);
    }
    if (s.strip)
        o.insert(QStringLiteral("strip"), stripToJson(*s.strip));
    if (s.goodnets)
        o.insert(QStringLiteral("goodnets"), goodnetsToJson(*s.goodnets));
    return o;
}

SessionResults resultsFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    SessionResults s;
    auto has = [&](const char* key) { return o.contains(QLatin1String(key)); };
    if (has("workspace"))
        s.workspace = infoFromJson(r.object(o, "workspace", p), r, k(p, "workspace"));
    if (has("curve"))
        s.curve = curveFromJson(r.object(o, "curve", p), r, k(p, "curve"));
    if (has("sweep"))
        s.sweep = sweepFromJson(r.object(o, "sweep", p), r, k(p, "sweep"));
    if (has("repaired"))
        s.repaired = repairFromJson(r.object(o, "repaired", p), r, k(p, "repaired"));
    if (has("repairedWeights")) {
        s.repairedWeights = base64Member(o, "repairedWeights", r, p);
        if (r.ok() && !s.repaired)
            r.fail(k(p, "repairedWeights"),
                   SessionText::tr("weights without the repair they belong to"));
    }
    // Sessions saved before the list of B' candidates have neither member.
    if (has("candidates") || has("currentCandidate")) {
        s.currentCandidate = r.integer(o, "currentCandidate", p, 1, INT_MAX - 1);
        s.candidates = candidatesFromJson(r.array(o, "candidates", p), s.currentCandidate,
                                          s.repaired, s.repairedWeights, r, p);
    }
    if (has("strip"))
        s.strip = stripFromJson(r.object(o, "strip", p), r, k(p, "strip"));
    if (has("goodnets"))
        s.goodnets = goodnetsFromJson(r.object(o, "goodnets", p), r, k(p, "goodnets"));
    return s;
}

} // namespace bdl::app::sessionjson
