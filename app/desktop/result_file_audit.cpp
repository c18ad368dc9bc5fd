// Reading an audit result (`backdoorlab-cli audit --json`): its settings and, per model, the
// evaluation, the pruning curve, STRIP and the verdict. Every member used is checked
// (result_json.h); the first problem refuses the file.
#include "app/desktop/result_file.h"
#include "app/desktop/result_json.h"

#include <QtCore/QFileInfo>

#include <algorithm>
#include <climits>
#include <cmath>

namespace bdl::app {

namespace result_json {

namespace {

/// The most channels a pruned layer of an audited model may have.
constexpr int kMaxAuditChannels = 1 << 20;

/// The largest of `values` ignoring NaN; NaN when none is a number.
double largestOf(const QVector<double>& values) {
    double out = std::nan("");
    for (double v : values)
        if (!std::isnan(v) && (std::isnan(out) || v > out))
            out = v;
    return out;
}

/// A setting the CLI describes: a number or a text, shown as text.
QString settingText(const QJsonValue& value, const QString& path) {
    if (value.isString())
        return toText(value, path);
    return QString::number(toNumber(value, path, Range::Finite), 'g', 17);
}

void readAuditSettings(const QJsonObject& root, AuditResult* r) {
    const QString s = QStringLiteral("settings");
    const QJsonValue value = get(root, QString(), s, false);
    if (value.isUndefined())
        return;
    const QJsonObject o = toObject(value, s);
    auto optional = [&](const char* key) { return get(o, s, QString::fromLatin1(key), false); };
    auto path = [&](const char* key) { return member(s, QString::fromLatin1(key)); };
    if (const QJsonValue v = optional("seed"); !v.isUndefined())
        r->seed = settingText(v, path("seed"));
    if (const QJsonValue v = optional("strip_n"); !v.isUndefined())
        r->stripN = settingText(v, path("strip_n"));
    if (const QJsonValue v = optional("blend"); !v.isUndefined())
        r->blend = toText(v, path("blend"));
    if (const QJsonValue v = optional("rule"); !v.isUndefined())
        r->rule = toText(v, path("rule"));
    if (const QJsonValue v = optional("frr"); !v.isUndefined())
        r->frr = toNumber(v, path("frr"), Range::Percent, true);
    if (const QJsonValue v = optional("sample"); !v.isUndefined() && !v.isNull())
        r->sample = toInteger(v, path("sample"), 0, qint64{1} << 53);
}

void readAuditEval(const QJsonObject& o, const QString& path, const JsonKeyOrder& order,
                   AuditModel* m) {
    const QString e = member(path, QStringLiteral("eval"));
    const QJsonObject eval = toObject(get(o, path, QStringLiteral("eval")), e);
    m->cca = toNumber(get(eval, e, QStringLiteral("cca")), member(e, QStringLiteral("cca")),
                      Range::Percent);
    m->nClean = toInteger(get(eval, e, QStringLiteral("n_clean")),
                          member(e, QStringLiteral("n_clean")), 0, qint64{1} << 53);
    const QString a = member(e, QStringLiteral("asr"));
    const QJsonObject asr = toObject(get(eval, e, QStringLiteral("asr")), a);
    for (const QString& name : order.keys(asr, a)) {
        if (name.isEmpty())
            fail(ResultFileText::tr("%1 has a set without a name").arg(quote(a)));
        m->asrSets.push_back(name);
        m->asr.push_back(toNumber(asr.value(name), member(a, name), Range::Percent));
    }
}

void readAuditPruning(const QJsonObject& o, const QString& path, const JsonKeyOrder& order,
                      AuditModel* m) {
    const QString p = member(path, QStringLiteral("pruning"));
    const QJsonValue value = get(o, path, QStringLiteral("pruning"), false);
    if (value.isUndefined() || value.isNull())
        return;
    const QJsonObject pruning = toObject(value, p);
    m->hasPruning = true;
    m->pruneLayer =
        toText(get(pruning, p, QStringLiteral("layer")), member(p, QStringLiteral("layer")));
    m->channels =
        static_cast<int>(toInteger(get(pruning, p, QStringLiteral("channels")),
                                   member(p, QStringLiteral("channels")), 1, kMaxAuditChannels));
    const QString ksPath = member(p, QStringLiteral("ks"));
    m->pruneKs = toIntegers(get(pruning, p, QStringLiteral("ks")), ksPath, 0, m->channels);
    for (int i = 1; i < m->pruneKs.size(); ++i)
        if (m->pruneKs[i] <= m->pruneKs[i - 1])
            fail(ResultFileText::tr("%1 is not increasing at position %2")
                     .arg(quote(ksPath), QString::number(i)));
    const QString ksWhat = countOf(ksPath, m->pruneKs.size());
    m->pruneCca =
        toNumbers(get(pruning, p, QStringLiteral("cca")), member(p, QStringLiteral("cca")),
                  Range::Percent, m->pruneKs.size(), ksWhat);
    const QString a = member(p, QStringLiteral("asr"));
    const QJsonObject asr = toObject(get(pruning, p, QStringLiteral("asr")), a);
    for (const QString& name : order.keys(asr, a)) {
        if (name.isEmpty())
            fail(ResultFileText::tr("%1 has a set without a name").arg(quote(a)));
        m->pruneSets.push_back(name);
        m->pruneAsr.push_back(
            toNumbers(asr.value(name), member(a, name), Range::Percent, m->pruneKs.size(), ksWhat));
    }
    m->pruningAware = toBool(get(pruning, p, QStringLiteral("pruning_aware")),
                             member(p, QStringLiteral("pruning_aware")));
    if (const QJsonValue v = get(pruning, p, QStringLiteral("k_star"), false); !v.isUndefined())
        m->kStar =
            static_cast<int>(toInteger(v, member(p, QStringLiteral("k_star")), 0, m->channels));
    const QString awarePath = member(p, QStringLiteral("pruning_aware_sets"));
    if (const QJsonValue v = get(pruning, p, QStringLiteral("pruning_aware_sets"), false);
        !v.isUndefined()) {
        const QJsonObject sets = toObject(v, awarePath);
        for (const QString& name : order.keys(sets, awarePath)) {
            m->awareSets.push_back(name);
            m->awareOfSet.push_back(toBool(sets.value(name), member(awarePath, name)));
        }
    }
}

void readAuditStrip(const QJsonObject& o, const QString& path, AuditModel* m) {
    const QString s = member(path, QStringLiteral("strip"));
    const QJsonValue value = get(o, path, QStringLiteral("strip"), false);
    if (value.isUndefined() || value.isNull())
        return;
    const QJsonObject strip = toObject(value, s);
    m->hasStrip = true;
    m->stripN = static_cast<int>(
        toInteger(get(strip, s, QStringLiteral("n")), member(s, QStringLiteral("n")), 1, INT_MAX));
    m->stripThreshold = toNumber(get(strip, s, QStringLiteral("threshold")),
                                 member(s, QStringLiteral("threshold")), Range::Finite, true);
    m->stripCleanFrr = toNumber(get(strip, s, QStringLiteral("clean_frr")),
                                member(s, QStringLiteral("clean_frr")), Range::Percent, true);
    const QString setsPath = member(s, QStringLiteral("sets"));
    const QJsonArray sets = toArray(get(strip, s, QStringLiteral("sets")), setsPath);
    for (qsizetype i = 0; i < sets.size(); ++i) {
        const QString at = element(setsPath, i);
        const QJsonObject set = toObject(sets.at(i), at);
        AuditStripSet out;
        out.name = toText(get(set, at, QStringLiteral("name")), member(at, QStringLiteral("name")));
        out.frr = toNumber(get(set, at, QStringLiteral("frr")), member(at, QStringLiteral("frr")),
                           Range::Percent, true);
        out.far = toNumber(get(set, at, QStringLiteral("far")), member(at, QStringLiteral("far")),
                           Range::Percent, true);
        out.auroc = toNumber(get(set, at, QStringLiteral("auroc")),
                             member(at, QStringLiteral("auroc")), Range::Unit, true);
        m->stripSets.push_back(out);
    }
}

AuditModel readAuditModel(const QJsonValue& value, const QString& path, const JsonKeyOrder& order) {
    const QJsonObject o = toObject(value, path);
    AuditModel m;
    m.name = toText(get(o, path, QStringLiteral("name")), member(path, QStringLiteral("name")));
    // The inputs are described, not checked whole: only the model file's path is shown.
    if (const QJsonValue inputs = get(o, path, QStringLiteral("inputs"), false);
        !inputs.isUndefined()) {
        const QString in = member(path, QStringLiteral("inputs"));
        const QJsonValue model = get(toObject(inputs, in), in, QStringLiteral("model"), false);
        if (!model.isUndefined()) {
            const QString mp = member(in, QStringLiteral("model"));
            const QJsonObject mo = toObject(model, mp);
            for (const QString& key : {QStringLiteral("path"), QStringLiteral("file")}) {
                const QJsonValue v = get(mo, mp, key, false);
                if (!v.isUndefined() && m.modelPath.isEmpty())
                    m.modelPath = toText(v, member(mp, key));
            }
        }
    }
    readAuditEval(o, path, order, &m);
    readAuditPruning(o, path, order, &m);
    readAuditStrip(o, path, &m);
    const QString v = member(path, QStringLiteral("verdict"));
    const QJsonObject verdict = toObject(get(o, path, QStringLiteral("verdict")), v);
    static const QStringList levels{QStringLiteral("yes"), QStringLiteral("partly"),
                                    QStringLiteral("no"), QStringLiteral("unknown")};
    m.trust = toText(get(verdict, v, QStringLiteral("trust")), member(v, QStringLiteral("trust")));
    if (!levels.contains(m.trust))
        fail(ResultFileText::tr("%1 is \"%2\", not \"yes\", \"partly\", \"no\" or \"unknown\"")
                 .arg(quote(member(v, QStringLiteral("trust"))), shortened(m.trust)));
    if (const QJsonValue a = get(verdict, v, QStringLiteral("answer"), false); !a.isUndefined())
        m.answer = toText(a, member(v, QStringLiteral("answer")));
    m.maxAsr = toNumber(get(verdict, v, QStringLiteral("max_asr")),
                        member(v, QStringLiteral("max_asr")), Range::Percent);
    return m;
}

} // namespace

AuditResult readAuditJson(const QJsonObject& root, const JsonKeyOrder& order) {
    AuditResult r;
    readAuditSettings(root, &r);
    const QString models = QStringLiteral("models");
    const QJsonArray array = toArray(get(root, QString(), models), models);
    if (array.isEmpty())
        fail(ResultFileText::tr("'models' is empty: the audit has no model"));
    for (qsizetype i = 0; i < array.size(); ++i)
        r.models.push_back(readAuditModel(array.at(i), element(models, i), order));
    return r;
}

} // namespace result_json

double AuditModel::worstFrr() const {
    if (!hasStrip)
        return kNone;
    if (!std::isnan(stripCleanFrr))
        return stripCleanFrr;
    QVector<double> frr;
    for (const AuditStripSet& s : stripSets)
        frr.push_back(s.frr);
    return result_json::largestOf(frr);
}

double AuditModel::worstFar() const {
    QVector<double> far;
    for (const AuditStripSet& s : stripSets)
        far.push_back(s.far);
    return hasStrip ? result_json::largestOf(far) : kNone;
}

double AuditModel::worstAuroc() const {
    QVector<double> negated; // the lowest AUROC is the largest of the negated values
    for (const AuditStripSet& s : stripSets)
        negated.push_back(-s.auroc);
    return hasStrip ? -result_json::largestOf(negated) : kNone;
}

} // namespace bdl::app
