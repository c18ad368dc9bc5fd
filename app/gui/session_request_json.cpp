// The session's workspace request and STRIP request as JSON (split from session_results_json.cpp).
#include "app/gui/session_optional_json.h"
#include "app/gui/session_results_json.h"

namespace bdl::app::sessionjson {

QJsonObject workspaceRequestToJson(const WorkspaceRequest& w) {
    QJsonArray poisoned;
    for (const PoisonedSource& s : w.poisoned)
        poisoned.append(
            QJsonObject{{QStringLiteral("path"), s.path}, {QStringLiteral("target"), s.target}});
    return {{QStringLiteral("zooModel"), w.zooModel},
            {QStringLiteral("zooDir"), w.zooDir},
            {QStringLiteral("buildZoo"), w.buildZoo},
            {QStringLiteral("modelPath"), w.modelPath},
            {QStringLiteral("architecture"), w.architecture},
            {QStringLiteral("inputShape"), w.inputShape},
            {QStringLiteral("normalization"), w.normalization},
            {QStringLiteral("pruneLayer"), w.pruneLayer},
            {QStringLiteral("scale"), w.scale},
            {QStringLiteral("precision"), w.precision},
            {QStringLiteral("cleanTestPath"), w.cleanTestPath},
            {QStringLiteral("trainPath"), w.trainPath},
            {QStringLiteral("poisoned"), poisoned},
            {QStringLiteral("seed"), u64(w.seed)},
            {QStringLiteral("holdOutPercent"), w.holdOutPercent},
            {QStringLiteral("holdOutSeed"), u64(w.holdOutSeed)}};
}

WorkspaceRequest workspaceRequestFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    WorkspaceRequest w;
    w.zooModel = r.string(o, "zooModel", p);
    w.zooDir = r.string(o, "zooDir", p);
    w.buildZoo = r.boolean(o, "buildZoo", p);
    w.modelPath = r.string(o, "modelPath", p);
    w.architecture = r.string(o, "architecture", p);
    // Sessions from before TorchScript support have neither: inferred shape, no normalization.
    if (o.contains(QLatin1String("inputShape")))
        w.inputShape = r.string(o, "inputShape", p);
    if (o.contains(QLatin1String("normalization")))
        w.normalization = r.string(o, "normalization", p);
    if (o.contains(QLatin1String("pruneLayer")))
        w.pruneLayer = r.string(o, "pruneLayer", p);
    w.scale = r.string(o, "scale", p);
    if (o.contains(QLatin1String("precision"))) // sessions before bfloat16 inference: float32
        w.precision = r.string(o, "precision", p);
    w.cleanTestPath = r.string(o, "cleanTestPath", p);
    w.trainPath = r.string(o, "trainPath", p);
    const QJsonArray poisoned = r.array(o, "poisoned", p);
    for (int i = 0; r.ok() && i < poisoned.size(); ++i) {
        const QString pp = at(k(p, "poisoned"), i);
        const QJsonObject po = r.element(poisoned, i, k(p, "poisoned"));
        PoisonedSource s;
        s.path = r.string(po, "path", pp);
        s.target = r.integer(po, "target", pp, -1, 1 << 20);
        w.poisoned.push_back(s);
    }
    w.seed = r.unsigned64(o, "seed", p);
    w.holdOutPercent = optionalInt(o, "holdOutPercent", r, p, 0, 99);
    w.holdOutSeed = optionalU64(o, "holdOutSeed", r, p);
    return w;
}

QJsonObject stripRequestToJson(const StripRequest& s) {
    return {{QStringLiteral("n"), s.n},
            {QStringLiteral("blend"), s.blend == StripBlend::Additive ? QStringLiteral("additive")
                                                                      : QStringLiteral("alpha")},
            {QStringLiteral("alpha"), number(s.alpha)},
            {QStringLiteral("overlaySource"), s.overlaySource == OverlaySource::CleanTest
                                                  ? QStringLiteral("clean-test")
                                                  : QStringLiteral("train")},
            {QStringLiteral("seed"), u64(s.seed)},
            {QStringLiteral("sample"), s.sample},
            {QStringLiteral("calibration"), s.calibration},
            {QStringLiteral("rule"), s.rule == StripRule::Percentile ? QStringLiteral("percentile")
                                     : s.rule == StripRule::EqualError
                                         ? QStringLiteral("equal-error")
                                         : QStringLiteral("normal-fit")},
            {QStringLiteral("frr"), number(s.frr)},
            {QStringLiteral("autoSplit"), s.autoSplit}};
}

StripRequest stripRequestFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    StripRequest s;
    s.n = r.integer(o, "n", p, 1, 100000);
    const QString blend = r.string(o, "blend", p);
    if (r.ok() && blend != QLatin1String("alpha") && blend != QLatin1String("additive"))
        r.fail(k(p, "blend"), SessionText::tr("expected \"alpha\" or \"additive\""));
    s.blend = blend == QLatin1String("additive") ? StripBlend::Additive : StripBlend::Alpha;
    s.alpha = r.num(o, "alpha", p);
    const QString source = r.string(o, "overlaySource", p);
    if (r.ok() && source != QLatin1String("train") && source != QLatin1String("clean-test"))
        r.fail(k(p, "overlaySource"), SessionText::tr("expected \"train\" or \"clean-test\""));
    s.overlaySource =
        source == QLatin1String("clean-test") ? OverlaySource::CleanTest : OverlaySource::Train;
    s.seed = r.unsigned64(o, "seed", p);
    s.sample = r.integer(o, "sample", p, 0, INT_MAX);
    s.calibration = r.integer(o, "calibration", p, 0, INT_MAX);
    const QString rule = r.string(o, "rule", p);
    if (r.ok() && rule != QLatin1String("normal-fit") && rule != QLatin1String("percentile") &&
        rule != QLatin1String("equal-error"))
        r.fail(k(p, "rule"),
               SessionText::tr("expected \"normal-fit\", \"percentile\" or \"equal-error\""));
    s.rule = rule == QLatin1String("percentile")    ? StripRule::Percentile
             : rule == QLatin1String("equal-error") ? StripRule::EqualError
                                                    : StripRule::NormalFit;
    s.frr = r.num(o, "frr", p);
    s.autoSplit = optionalBool(o, "autoSplit", r, p, /*fallback=*/true);
    return s;
}

} // namespace bdl::app::sessionjson
