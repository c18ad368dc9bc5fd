#include "result_fixtures.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <algorithm>

namespace bdl::app::test {

namespace {

QJsonArray fixtureNumbers(const QVector<double>& values) {
    QJsonArray a;
    for (double v : values)
        a.append(v);
    return a;
}

QJsonArray fixtureMatrix(double (*value)(int, int, int), int set) {
    QJsonArray rows;
    for (int i = 0; i < kFixtureLrs.size(); ++i) {
        QJsonArray row;
        for (int k = 0; k < kFixtureKs.size(); ++k)
            row.append(value(set, i, k));
        rows.append(row);
    }
    return rows;
}

double ccaOfSet(int, int i, int k) { return fixtureCca(i, k); }

QJsonObject modelInputs(const QString& path) {
    return {{QStringLiteral("path"), path},
            {QStringLiteral("format"), QStringLiteral("keras")},
            {QStringLiteral("input_shape"), QJsonArray{55, 47, 3}},
            {QStringLiteral("architecture"), QStringLiteral("csaw-badnet")},
            {QStringLiteral("classes"), 1283}};
}

QByteArray scalarText(const QJsonValue& v) {
    QByteArray text = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return text.mid(1, text.size() - 2); // without the array's brackets
}

QByteArray valueText(const QJsonValue& v, bool setOrder);

QByteArray objectText(const QJsonObject& o, bool setOrder) {
    QStringList keys = o.keys();
    if (setOrder) {
        std::stable_sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) {
            return kFixtureSets.indexOf(a) < kFixtureSets.indexOf(b);
        });
    } else if (keys.removeOne(QStringLiteral("command"))) {
        keys.prepend(QStringLiteral("command"));
    }
    QByteArray out = "{";
    for (const QString& key : keys) {
        if (out.size() > 1)
            out += ',';
        out += scalarText(key) + ':' +
               valueText(o.value(key), (key == QLatin1String("asr") ||
                                        key == QLatin1String("pruning_aware_sets")) &&
                                           o.value(key).isObject());
    }
    return out + '}';
}

QByteArray valueText(const QJsonValue& v, bool setOrder) {
    if (v.isObject())
        return objectText(v.toObject(), setOrder);
    if (v.isArray()) {
        QByteArray out = "[";
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            out += (i ? "," : "") + valueText(a.at(i), false);
        return out + ']';
    }
    return scalarText(v);
}

QJsonObject fixtureAuditModel(const QString& name, double cca, const QVector<double>& asr,
                              const QString& trust) {
    QJsonObject asrObject;
    for (int s = 0; s < kFixtureSets.size(); ++s)
        asrObject.insert(kFixtureSets[s], asr.value(s));
    return {{QStringLiteral("name"), name},
            {QStringLiteral("inputs"),
             QJsonObject{{QStringLiteral("model"), modelInputs(QStringLiteral("/models/") + name)},
                         {QStringLiteral("scale"), QStringLiteral("1/255")}}},
            {QStringLiteral("eval"), QJsonObject{{QStringLiteral("cca"), cca},
                                                 {QStringLiteral("n_clean"), 100},
                                                 {QStringLiteral("asr"), asrObject}}},
            {QStringLiteral("verdict"),
             QJsonObject{{QStringLiteral("trust"), trust},
                         {QStringLiteral("answer"), QStringLiteral("the verdict on ") + name},
                         {QStringLiteral("max_asr"), *std::max_element(asr.begin(), asr.end())}}}};
}

QJsonObject fixturePruning(const QVector<double>& cca, const QVector<double>& patch,
                           const QVector<double>& blend, bool aware) {
    return {{QStringLiteral("layer"), QStringLiteral("conv_3")},
            {QStringLiteral("channels"), 4},
            {QStringLiteral("ks"), QJsonArray{0, 1, 2, 3, 4}},
            {QStringLiteral("cca"), fixtureNumbers(cca)},
            {QStringLiteral("asr"), QJsonObject{{QStringLiteral("patch"), fixtureNumbers(patch)},
                                                {QStringLiteral("blend"), fixtureNumbers(blend)}}},
            {QStringLiteral("k_star"), 2},
            {QStringLiteral("pruning_aware"), aware},
            {QStringLiteral("pruning_aware_sets"),
             QJsonObject{{QStringLiteral("patch"), aware}, {QStringLiteral("blend"), false}}}};
}

QJsonObject fixtureAuditStrip(double threshold, const QVector<double>& far,
                              const QVector<double>& auroc) {
    QJsonArray sets;
    for (int s = 0; s < kFixtureSets.size(); ++s)
        sets.append(QJsonObject{{QStringLiteral("name"), kFixtureSets[s]},
                                {QStringLiteral("frr"), 1.0},
                                {QStringLiteral("far"), far.value(s)},
                                {QStringLiteral("auroc"), auroc.value(s)}});
    return {{QStringLiteral("n"), 20},
            {QStringLiteral("threshold"), threshold},
            {QStringLiteral("clean_frr"), 1.0},
            {QStringLiteral("sets"), sets}};
}

} // namespace

double fixtureCca(int lrIndex, int kIndex) { return 90.0 - 5.0 * lrIndex - 2.5 * kIndex; }

double fixtureAsr(int set, int lrIndex, int kIndex) {
    if (set == 0)
        return std::max(0.0, 95.0 - 10.0 * lrIndex - 20.0 * kIndex);
    return 50.0 + lrIndex - 3.0 * kIndex;
}

QJsonObject sweepFixture() {
    QJsonObject asr;
    for (int s = 0; s < kFixtureSets.size(); ++s)
        asr.insert(kFixtureSets[s], fixtureMatrix(fixtureAsr, s));
    QJsonArray lrs, ks;
    for (double lr : kFixtureLrs)
        lrs.append(lr);
    for (int k : kFixtureKs)
        ks.append(k);
    return {{QStringLiteral("command"), QStringLiteral("sweep")},
            {QStringLiteral("model"), modelInputs(QStringLiteral("/models/bd_net.h5"))},
            {QStringLiteral("scale"), QStringLiteral("1/255")},
            {QStringLiteral("trained_on"), QStringLiteral("clean_validation")},
            {QStringLiteral("in_sample"), false},
            {QStringLiteral("layer"), QStringLiteral("pool_3")},
            {QStringLiteral("lrs"), lrs},
            {QStringLiteral("ks"), ks},
            {QStringLiteral("epochs"), 2},
            {QStringLiteral("protocol"), QStringLiteral("paper")},
            {QStringLiteral("order"), QJsonArray{3, 1, 0, 2, 7, 5, 4, 6}},
            {QStringLiteral("cca"), fixtureMatrix(ccaOfSet, 0)},
            {QStringLiteral("asr"), asr}};
}

QJsonObject stripFixture() {
    const auto set = [](const QString& name, const QVector<double>& entropy, double far,
                        double auroc, double asr) {
        return QJsonObject{{QStringLiteral("name"), name},
                           {QStringLiteral("n"), entropy.size()},
                           {QStringLiteral("threshold"), 0.5},
                           {QStringLiteral("frr"), 100.0 / 6.0},
                           {QStringLiteral("far"), far},
                           {QStringLiteral("auroc"), auroc},
                           {QStringLiteral("asr"), asr},
                           {QStringLiteral("cca"), 80.0},
                           {QStringLiteral("entropy"), fixtureNumbers(entropy)}};
    };
    return {
        {QStringLiteral("command"), QStringLiteral("strip")},
        {QStringLiteral("zoo"), QJsonObject{{QStringLiteral("dir"), QStringLiteral("/zoo")},
                                            {QStringLiteral("model"), QStringLiteral("patch")}}},
        {QStringLiteral("model"), modelInputs(QStringLiteral("/zoo/patch.h5"))},
        {QStringLiteral("n"), 50},
        {QStringLiteral("n_requested"), 100},
        {QStringLiteral("blend"), QStringLiteral("alpha")},
        {QStringLiteral("alpha"), 0.5},
        {QStringLiteral("seed"), 0},
        {QStringLiteral("threshold"),
         QJsonObject{{QStringLiteral("rule"), QStringLiteral("normal")},
                     {QStringLiteral("target_frr"), 1.0},
                     {QStringLiteral("value"), 0.5},
                     {QStringLiteral("uses_poisoned_data"), false}}},
        {QStringLiteral("clean"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("clean_test")},
                     {QStringLiteral("n"), 6},
                     {QStringLiteral("frr"), 100.0 / 6.0},
                     {QStringLiteral("cca"), 80.0},
                     {QStringLiteral("entropy"), fixtureNumbers({0.2, 0.6, 0.9, 1.1, 1.3, 1.6})}}},
        {QStringLiteral("poisoned"),
         QJsonArray{set(QStringLiteral("patch"), {0.01, 0.02, 0.05, 0.7}, 25.0, 0.9375, 25.0),
                    set(QStringLiteral("blend"), {0.3, 0.8, 1.2}, 200.0 / 3.0, 0.6667, 50.0)}}};
}

QJsonObject auditFixture() {
    QJsonObject badnet =
        fixtureAuditModel(QStringLiteral("badnet.h5"), 91.5, {99.0, 40.0}, QStringLiteral("no"));
    badnet.insert(QStringLiteral("pruning"),
                  fixturePruning({91.5, 91.0, 90.0, 70.0, 10.0}, {99.0, 99.0, 98.0, 60.0, 5.0},
                                 {40.0, 30.0, 20.0, 10.0, 0.0}, true));
    badnet.insert(QStringLiteral("strip"), fixtureAuditStrip(0.3, {2.0, 30.0}, {0.99, 0.8}));
    QJsonObject clean =
        fixtureAuditModel(QStringLiteral("zoo:clean"), 95.0, {0.5, 1.0}, QStringLiteral("yes"));
    clean.insert(QStringLiteral("pruning"),
                 fixturePruning({95.0, 95.0, 94.0, 93.0, 50.0}, {0.5, 0.5, 0.4, 0.3, 0.2},
                                {1.0, 1.0, 0.9, 0.8, 0.5}, false));
    clean.insert(QStringLiteral("strip"), fixtureAuditStrip(0.25, {90.0, 85.0}, {0.55, 0.6}));
    // No STRIP and no pruning curve for this one: the table says n/a.
    QJsonObject bare =
        fixtureAuditModel(QStringLiteral("weird.h5"), 60.0, {70.0, 10.0}, QStringLiteral("partly"));
    bare.insert(QStringLiteral("pruning"), QJsonValue::Null);
    return {{QStringLiteral("command"), QStringLiteral("audit")},
            {QStringLiteral("settings"),
             QJsonObject{{QStringLiteral("seed"), 0},
                         {QStringLiteral("strip_n"), QStringLiteral("100 (auto split)")},
                         {QStringLiteral("blend"), QStringLiteral("alpha")},
                         {QStringLiteral("rule"), QStringLiteral("normal")},
                         {QStringLiteral("frr"), 1.0},
                         {QStringLiteral("sample"), 100}}},
            {QStringLiteral("models"), QJsonArray{badnet, clean, bare}}};
}

QByteArray resultText(const QJsonObject& object) { return objectText(object, false) + '\n'; }

bool writeFixture(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace bdl::app::test
