// Reading the CLI's result files: the file, the JSON, the command, and the sweep and STRIP
// results (the audit's are in result_file_audit.cpp). Every member used is checked
// (result_json.h); the first problem refuses the file.
#include "app/desktop/result_file.h"

#include "app/desktop/result_json.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>

#include <climits>
#include <new>

namespace bdl::app {

namespace result_json {

namespace {

const QString kPartialKey = QStringLiteral("backdoorlab_partial");
const QString kMergeCommand =
    QStringLiteral("backdoorlab-cli merge PART.json... --out RESULT.json");
/// The most superimpositions a STRIP result may name (the CLI allows 100 000).
constexpr qint64 kMaxStripN = 10000000;

/// The objects whose key order is the file's: the ones that hold poisoned sets by name ("asr",
/// an audit's "pruning_aware_sets").
bool isSetMapPath(const QString& path) {
    return path == QLatin1String("asr") || path.endsWith(QLatin1String(".asr")) ||
           path.endsWith(QLatin1String(".pruning_aware_sets"));
}

/// "zoo:ID" or the model file's name, from the inputs the CLI describes; empty when absent.
QString modelLabel(const QJsonObject& root) {
    const QJsonValue zoo = get(root, QString(), QStringLiteral("zoo"), false);
    if (!zoo.isUndefined()) {
        const QJsonObject z = toObject(zoo, QStringLiteral("zoo"));
        const QJsonValue id = get(z, QStringLiteral("zoo"), QStringLiteral("model"), false);
        if (!id.isUndefined())
            return QStringLiteral("zoo:") + toText(id, QStringLiteral("zoo.model"));
    }
    const QJsonValue model = get(root, QString(), QStringLiteral("model"), false);
    if (model.isUndefined())
        return QString();
    const QJsonObject m = toObject(model, QStringLiteral("model"));
    for (const QString& key : {QStringLiteral("path"), QStringLiteral("file")}) {
        const QJsonValue v = get(m, QStringLiteral("model"), key, false);
        if (!v.isUndefined())
            return QFileInfo(toText(v, member(QStringLiteral("model"), key))).fileName();
    }
    return QString();
}

/// Why a shard is refused, with the command that merges the shards.
QString shardProblem(const QJsonObject& root) {
    static const QStringList commands{QStringLiteral("sweep"), QStringLiteral("strip"),
                                      QStringLiteral("audit"), QStringLiteral("fine-prune")};
    const QString command = root.value(QStringLiteral("command")).toString();
    const QJsonObject shard = root.value(QStringLiteral("shard")).toObject();
    const double index = shard.value(QStringLiteral("index")).toDouble(-1.0);
    const double count = shard.value(QStringLiteral("count")).toDouble(-1.0);
    const bool known = commands.contains(command) && index >= 1.0 && index <= count &&
                       count <= 1e9 && index == static_cast<qint64>(index) &&
                       count == static_cast<qint64>(count);
    if (!known)
        return ResultFileText::tr("this is one shard of a sharded result (a partial file); merge "
                                  "the parts first: %1")
            .arg(kMergeCommand);
    return ResultFileText::tr("this is shard %1 of %2 of a %3 result; merge the parts first: %4")
        .arg(QString::number(static_cast<qint64>(index)),
             QString::number(static_cast<qint64>(count)), command, kMergeCommand);
}

SweepResult readSweep(const QJsonObject& root, const JsonKeyOrder& order) {
    const QVector<double> lrs = toNumbers(get(root, QString(), QStringLiteral("lrs")),
                                          QStringLiteral("lrs"), Range::Positive);
    const QVector<int> ks =
        toIntegers(get(root, QString(), QStringLiteral("ks")), QStringLiteral("ks"), 0, INT_MAX);
    if (lrs.isEmpty())
        fail(ResultFileText::tr("'lrs' is empty: the sweep has no learning rate"));
    if (ks.isEmpty())
        fail(ResultFileText::tr("'ks' is empty: the sweep has no channel count"));
    const qint64 cells = static_cast<qint64>(lrs.size()) * ks.size();
    if (cells > kMaxSweepCells)
        fail(ResultFileText::tr("the grid has %1 cells (%2 learning rates x %3 channel counts); "
                                "at most %4 can be shown")
                 .arg(QString::number(cells), QString::number(lrs.size()),
                      QString::number(ks.size()), QString::number(kMaxSweepCells)));
    const QString lrsWhat = countOf(QStringLiteral("lrs"), lrs.size());
    const QString ksWhat = countOf(QStringLiteral("ks"), ks.size());
    const QVector<QVector<double>> cca =
        toMatrix(get(root, QString(), QStringLiteral("cca")), QStringLiteral("cca"), Range::Percent,
                 lrs.size(), lrsWhat, ks.size(), ksWhat);
    const QJsonObject asrObject =
        toObject(get(root, QString(), QStringLiteral("asr")), QStringLiteral("asr"));
    SweepResult r;
    QVector<QVector<QVector<double>>> asr; // [set][lr][k]
    for (const QString& name : order.keys(asrObject, QStringLiteral("asr"))) {
        if (name.isEmpty())
            fail(ResultFileText::tr("'asr' has a set without a name"));
        r.sweep.poisonedNames.push_back(name);
        asr.push_back(toMatrix(asrObject.value(name), member(QStringLiteral("asr"), name),
                               Range::Percent, lrs.size(), lrsWhat, ks.size(), ksWhat));
    }
    if (const QJsonValue v = get(root, QString(), QStringLiteral("layer"), false); !v.isUndefined())
        r.layer = toText(v, QStringLiteral("layer"));
    if (const QJsonValue v = get(root, QString(), QStringLiteral("protocol"), false);
        !v.isUndefined()) {
        r.protocol = toText(v, QStringLiteral("protocol"));
        if (r.protocol != QLatin1String("paper") && r.protocol != QLatin1String("liu"))
            fail(ResultFileText::tr("'protocol' is \"%1\", not \"paper\" or \"liu\"")
                     .arg(shortened(r.protocol)));
    }
    if (const QJsonValue v = get(root, QString(), QStringLiteral("epochs"), false);
        !v.isUndefined())
        r.sweep.epochs = static_cast<int>(toInteger(v, QStringLiteral("epochs"), 0, INT_MAX));
    if (const QJsonValue v = get(root, QString(), QStringLiteral("in_sample"), false);
        !v.isUndefined())
        r.inSample = toBool(v, QStringLiteral("in_sample"));
    r.sweep.lrs = lrs;
    r.sweep.ks = ks;
    r.sweep.cells.reserve(static_cast<qsizetype>(cells));
    for (int i = 0; i < lrs.size(); ++i) {
        for (int k = 0; k < ks.size(); ++k) {
            SweepCell cell;
            cell.lrIndex = i;
            cell.kIndex = k;
            cell.lr = lrs[i];
            cell.k = ks[k];
            cell.cca = cca[i][k];
            for (const auto& set : asr)
                cell.asr.push_back(set[i][k]);
            r.sweep.cells.push_back(cell);
        }
    }
    return r;
}

/// A scored set of a STRIP result: the clean test set or one poisoned set.
StripResultSet readStripSet(const QJsonValue& value, const QString& path, bool poisoned) {
    const QJsonObject o = toObject(value, path);
    StripResultSet s;
    s.name = toText(get(o, path, QStringLiteral("name")), member(path, QStringLiteral("name")));
    const QString nPath = member(path, QStringLiteral("n"));
    s.n = toInteger(get(o, path, QStringLiteral("n")), nPath, 0, INT_MAX);
    s.entropy = toNumbers(get(o, path, QStringLiteral("entropy")),
                          member(path, QStringLiteral("entropy")), Range::NonNegative, s.n,
                          ResultFileText::tr("%1 is %2").arg(quote(nPath), QString::number(s.n)));
    s.frr = toNumber(get(o, path, QStringLiteral("frr")), member(path, QStringLiteral("frr")),
                     Range::Percent, true);
    if (const QJsonValue v = get(o, path, QStringLiteral("cca"), poisoned); !v.isUndefined())
        s.cca = toNumber(v, member(path, QStringLiteral("cca")), Range::Percent, true);
    if (!poisoned)
        return s;
    s.threshold = toNumber(get(o, path, QStringLiteral("threshold")),
                           member(path, QStringLiteral("threshold")), Range::Finite, true);
    s.far = toNumber(get(o, path, QStringLiteral("far")), member(path, QStringLiteral("far")),
                     Range::Percent, true);
    s.auroc = toNumber(get(o, path, QStringLiteral("auroc")), member(path, QStringLiteral("auroc")),
                       Range::Unit, true);
    s.asr = toNumber(get(o, path, QStringLiteral("asr")), member(path, QStringLiteral("asr")),
                     Range::Percent, true);
    return s;
}

StripResult readStrip(const QJsonObject& root) {
    StripResult r;
    r.n = static_cast<int>(
        toInteger(get(root, QString(), QStringLiteral("n")), QStringLiteral("n"), 1, kMaxStripN));
    r.blend = toText(get(root, QString(), QStringLiteral("blend")), QStringLiteral("blend"));
    const QString t = QStringLiteral("threshold");
    const QJsonObject threshold = toObject(get(root, QString(), t), t);
    r.rule = toText(get(threshold, t, QStringLiteral("rule")), member(t, QStringLiteral("rule")));
    r.threshold = toNumber(get(threshold, t, QStringLiteral("value")),
                           member(t, QStringLiteral("value")), Range::Finite, true);
    if (const QJsonValue v = get(threshold, t, QStringLiteral("target_frr"), false);
        !v.isUndefined())
        r.targetFrr = toNumber(v, member(t, QStringLiteral("target_frr")), Range::Percent, true);
    r.clean =
        readStripSet(get(root, QString(), QStringLiteral("clean")), QStringLiteral("clean"), false);
    const QJsonArray sets =
        toArray(get(root, QString(), QStringLiteral("poisoned")), QStringLiteral("poisoned"));
    for (qsizetype i = 0; i < sets.size(); ++i)
        r.poisoned.push_back(
            readStripSet(sets.at(i), element(QStringLiteral("poisoned"), i), true));
    return r;
}

bool refuse(QString* error, const QString& origin, const QString& problem) {
    if (error)
        *error = ResultFileText::tr("%1: %2").arg(origin, problem);
    return false;
}

} // namespace

} // namespace result_json

StripData StripResult::toStripData() const {
    StripData d;
    d.request.n = n;
    StripSet calibration;
    calibration.role = StripSet::Calibration;
    calibration.complete = true;
    d.sets.push_back(calibration);
    StripSet cleanSet;
    cleanSet.name = clean.name;
    cleanSet.role = StripSet::CleanTest;
    cleanSet.entropy = clean.entropy;
    cleanSet.complete = true;
    d.sets.push_back(cleanSet);
    for (const StripResultSet& p : poisoned) {
        StripSet s;
        s.name = p.name;
        s.role = StripSet::Poisoned;
        s.entropy = p.entropy;
        s.complete = true;
        d.sets.push_back(s);
    }
    return d;
}

QString resultCommand(ResultKind kind) {
    switch (kind) {
    case ResultKind::Sweep:
        return QStringLiteral("sweep");
    case ResultKind::Strip:
        return QStringLiteral("strip");
    case ResultKind::Audit:
        break;
    }
    return QStringLiteral("audit");
}

bool isResultPath(const QString& path) {
    return path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
}

bool readResultFile(const QString& path, ResultFile* result, QString* error, qint64 maxBytes) {
    using result_json::refuse;
    const QFileInfo info(path);
    if (!info.exists())
        return refuse(error, path, ResultFileText::tr("no such file"));
    if (!info.isFile())
        return refuse(error, path, ResultFileText::tr("not a file"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return refuse(error, path, ResultFileText::tr("cannot open: %1").arg(file.errorString()));
    const QString tooLarge =
        ResultFileText::tr("%1 bytes is too large for a result file (at most %2)");
    if (file.size() > maxBytes)
        return refuse(
            error, path,
            tooLarge.arg(QString::number(file.size()), QLocale().formattedDataSize(maxBytes)));
    QByteArray bytes;
    try {
        bytes = file.read(maxBytes + 1); // + 1: a file that grew since is still caught
    } catch (const std::bad_alloc&) {
        return refuse(error, path, ResultFileText::tr("not enough memory to read it"));
    }
    if (bytes.size() > maxBytes)
        return refuse(
            error, path,
            tooLarge.arg(QString::number(bytes.size()), QLocale().formattedDataSize(maxBytes)));
    if (file.error() != QFileDevice::NoError)
        return refuse(error, path, ResultFileText::tr("cannot read: %1").arg(file.errorString()));
    return resultFromBytes(bytes, result, error, path);
}

bool resultFromBytes(const QByteArray& bytes, ResultFile* result, QString* error,
                     const QString& origin) {
    using namespace result_json; // the checked accessors and readers, here only
    try {
        QJsonParseError parse{};
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
        if (parse.error != QJsonParseError::NoError)
            return refuse(error, origin,
                          ResultFileText::tr("not valid JSON (error at byte %1: %2)")
                              .arg(QString::number(parse.offset), parse.errorString()));
        if (!doc.isObject())
            return refuse(error, origin,
                          ResultFileText::tr("not a BackdoorLab result (the JSON is not an "
                                             "object)"));
        const QJsonObject root = doc.object();
        if (root.contains(kPartialKey))
            return refuse(error, origin, shardProblem(root));
        if (!root.contains(QStringLiteral("command")))
            return refuse(error, origin,
                          ResultFileText::tr("not a BackdoorLab result: it has no \"command\" "
                                             "(results of backdoorlab-cli sweep, strip or audit "
                                             "with --json, or of backdoorlab-cli merge, have "
                                             "one)"));
        const QString command =
            toText(root.value(QStringLiteral("command")), QStringLiteral("command"));
        ResultFile r;
        r.path = origin;
        const JsonKeyOrder order(bytes, isSetMapPath);
        if (command == QLatin1String("sweep")) {
            r.kind = ResultKind::Sweep;
            r.model = modelLabel(root);
            r.sweep = readSweep(root, order);
        } else if (command == QLatin1String("strip")) {
            r.kind = ResultKind::Strip;
            r.model = modelLabel(root);
            r.strip = readStrip(root);
        } else if (command == QLatin1String("audit")) {
            r.kind = ResultKind::Audit;
            r.audit = readAuditJson(root, order);
        } else {
            return refuse(error, origin,
                          ResultFileText::tr("a \"%1\" result; the desktop app opens sweep, "
                                             "strip and audit results")
                              .arg(shortened(command)));
        }
        if (result)
            *result = std::move(r);
        return true;
    } catch (const ResultProblem& problem) {
        return refuse(error, origin, problem.text);
    } catch (const std::bad_alloc&) {
        return refuse(error, origin, ResultFileText::tr("not enough memory to read it"));
    }
}

} // namespace bdl::app
