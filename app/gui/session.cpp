// Session files: the JSON mapping of SessionState (results in session_results_json.cpp) and the
// file I/O around it.
#include "app/gui/session.h"

#include "app/gui/session_json.h"
#include "app/gui/session_results_json.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QCryptographicHash>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>

#include <utility>

namespace bdl::app {

using namespace sessionjson;

namespace {

constexpr auto kFormat = "backdoorlab-session";
/// Larger files are refused before reading (a session with full STRIP runs on the CSAW sets and
/// a sweep is a few MB; the CSAW net's weights add ~3 MB).
constexpr qint64 kMaxSessionBytes = qint64{512} << 20;

QJsonObject tuneToJson(const TuneSettings& t) {
    return {{QStringLiteral("lr"), number(t.lr)},
            {QStringLiteral("epochs"), t.epochs},
            {QStringLiteral("batchSize"), t.batchSize},
            {QStringLiteral("seed"), u64(t.seed)},
            {QStringLiteral("updateBatchNorm"), t.updateBatchNorm}};
}

TuneSettings tuneFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    TuneSettings t;
    t.lr = r.num(o, "lr", p);
    t.epochs = r.integer(o, "epochs", p, 0, 100000);
    t.batchSize = r.integer(o, "batchSize", p, 1, 1 << 20);
    t.seed = r.unsigned64(o, "seed", p);
    if (o.contains(QLatin1String("updateBatchNorm"))) // sessions before it: frozen
        t.updateBatchNorm = r.boolean(o, "updateBatchNorm", p);
    return t;
}

QJsonObject sweepRequestToJson(const SweepRequest& s) {
    return {{QStringLiteral("lrs"), numbers(s.lrs)},
            {QStringLiteral("ks"), integers(s.ks)},
            {QStringLiteral("epochs"), s.epochs},
            {QStringLiteral("batchSize"), s.batchSize},
            {QStringLiteral("seed"), u64(s.seed)}};
}

SweepRequest sweepRequestFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    SweepRequest s;
    s.lrs = r.numbers(o, "lrs", p);
    s.ks = r.integers(o, "ks", p);
    s.epochs = r.integer(o, "epochs", p, 0, 100000);
    s.batchSize = r.integer(o, "batchSize", p, 1, 1 << 20);
    s.seed = r.unsigned64(o, "seed", p);
    return s;
}

QJsonObject comparisonRowToJson(const ComparisonRow& c) {
    return {{QStringLiteral("attack"), c.attack},
            {QStringLiteral("set"), c.set},
            {QStringLiteral("stripCca"), number(c.stripCca)},
            {QStringLiteral("stripAsr"), number(c.stripAsr)},
            {QStringLiteral("bPrimeCca"), number(c.bPrimeCca)},
            {QStringLiteral("bPrimeAsr"), number(c.bPrimeAsr)},
            {QStringLiteral("gCca"), number(c.gCca)},
            {QStringLiteral("gAsr"), number(c.gAsr)},
            {QStringLiteral("gPrimeCca"), number(c.gPrimeCca)},
            {QStringLiteral("gPrimeAsr"), number(c.gPrimeAsr)},
            {QStringLiteral("pruningAware"), c.pruningAware},
            {QStringLiteral("pruneOnlyAsr"), number(c.pruneOnlyAsr)},
            {QStringLiteral("pruneOnlyK"), c.pruneOnlyK},
            {QStringLiteral("stripThresholdText"), c.stripThresholdText},
            {QStringLiteral("inSample"), c.inSample},
            {QStringLiteral("pruneOnlyCca"), number(c.pruneOnlyCca)},
            {QStringLiteral("pruneBaseCca"), number(c.pruneBaseCca)},
            {QStringLiteral("pruningAwareMargin"), number(c.pruningAwareMargin)},
            {QStringLiteral("pruningAwareAsr"), number(c.pruningAwareAsr)}};
}

ComparisonRow comparisonRowFromJson(const QJsonObject& o, JsonReader& r, const QString& p) {
    ComparisonRow c;
    c.attack = r.string(o, "attack", p);
    c.set = r.string(o, "set", p);
    c.stripCca = r.num(o, "stripCca", p);
    c.stripAsr = r.num(o, "stripAsr", p);
    c.bPrimeCca = r.num(o, "bPrimeCca", p);
    c.bPrimeAsr = r.num(o, "bPrimeAsr", p);
    c.gCca = r.num(o, "gCca", p);
    c.gAsr = r.num(o, "gAsr", p);
    c.gPrimeCca = r.num(o, "gPrimeCca", p);
    c.gPrimeAsr = r.num(o, "gPrimeAsr", p);
    c.pruningAware = r.boolean(o, "pruningAware", p);
    c.pruneOnlyAsr = r.num(o, "pruneOnlyAsr", p);
    c.pruneOnlyK = r.integer(o, "pruneOnlyK", p, -1, 1 << 20);
    c.stripThresholdText = r.string(o, "stripThresholdText", p);
    // Added later: absent in older files.
    if (o.contains(QLatin1String("inSample")))
        c.inSample = r.boolean(o, "inSample", p);
    // Liu et al.'s pruning-aware definition: absent in older files (NaN margin: the old rule).
    for (auto [key, field] :
         {std::pair{"pruneOnlyCca", &c.pruneOnlyCca}, std::pair{"pruneBaseCca", &c.pruneBaseCca},
          std::pair{"pruningAwareMargin", &c.pruningAwareMargin},
          std::pair{"pruningAwareAsr", &c.pruningAwareAsr}})
        if (o.contains(QLatin1String(key)))
            *field = r.num(o, key, p);
    return c;
}

} // namespace

QJsonObject sessionToJson(const SessionState& state) {
    QJsonArray rows;
    for (const ComparisonRow& c : state.comparison)
        rows.append(comparisonRowToJson(c));
    return {{QStringLiteral("format"), QLatin1String(kFormat)},
            {QStringLiteral("version"), kSessionFormatVersion},
            {QStringLiteral("request"), workspaceRequestToJson(state.request)},
            {QStringLiteral("modelSha256"), QString::fromLatin1(state.modelSha256.toHex())},
            {QStringLiteral("results"), resultsToJson(state.results)},
            {QStringLiteral("tune"), tuneToJson(state.tune)},
            {QStringLiteral("sweepRequest"), sweepRequestToJson(state.sweepRequest)},
            {QStringLiteral("stripRequest"), stripRequestToJson(state.stripRequest)},
            {QStringLiteral("stripThreshold"), number(state.stripThreshold)},
            {QStringLiteral("comparison"), rows},
            {QStringLiteral("view"), state.view}};
}

bool sessionFromJson(const QJsonObject& json, SessionState* state, QString* error,
                     const QString& origin) {
    const QString prefix = origin.isEmpty() ? QString() : origin + QStringLiteral(": ");
    auto failWith = [&](const QString& message) {
        if (error)
            *error = prefix + message;
        return false;
    };
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return failWith(SessionText::tr("not a BackdoorLab session (no \"format\": \"%1\")")
                            .arg(QLatin1String(kFormat)));
    const QJsonValue version = json.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() < 1)
        return failWith(SessionText::tr("the session has no valid format version"));
    if (version.toDouble() > kSessionFormatVersion)
        return failWith(
            SessionText::tr("the session has format version %1; this BackdoorLab reads up to %2: "
                            "update BackdoorLab to open it")
                .arg(version.toDouble())
                .arg(kSessionFormatVersion));
    JsonReader r;
    SessionState s;
    s.request =
        workspaceRequestFromJson(r.object(json, "request", {}), r, QStringLiteral("request"));
    const QString sha = r.string(json, "modelSha256", {});
    s.modelSha256 = QByteArray::fromHex(sha.toLatin1());
    if (r.ok() && !sha.isEmpty() && s.modelSha256.size() != 32)
        r.fail(QStringLiteral("modelSha256"), SessionText::tr("expected 64 hexadecimal digits"));
    s.results = resultsFromJson(r.object(json, "results", {}), r, QStringLiteral("results"));
    s.tune = tuneFromJson(r.object(json, "tune", {}), r, QStringLiteral("tune"));
    s.sweepRequest =
        sweepRequestFromJson(r.object(json, "sweepRequest", {}), r, QStringLiteral("sweepRequest"));
    s.stripRequest =
        stripRequestFromJson(r.object(json, "stripRequest", {}), r, QStringLiteral("stripRequest"));
    s.stripThreshold = r.num(json, "stripThreshold", {});
    const QJsonArray rows = r.array(json, "comparison", {});
    for (int i = 0; r.ok() && i < rows.size(); ++i)
        s.comparison.push_back(
            comparisonRowFromJson(r.element(rows, i, QStringLiteral("comparison")), r,
                                  at(QStringLiteral("comparison"), i)));
    s.view = r.object(json, "view", {});
    if (!r.ok())
        return failWith(SessionText::tr("damaged session: %1").arg(r.error()));
    *state = std::move(s);
    return true;
}

QByteArray sessionToBytes(const SessionState& state) {
    return QJsonDocument(sessionToJson(state)).toJson(QJsonDocument::Compact);
}

namespace {

bool writeBytes(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = SessionText::tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error =
                SessionText::tr("%1: cannot write (disk full?): %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

/// Where two JSON values first differ ("results.curve.points[3].cca"); empty when equal.
QString firstDifference(const QJsonValue& a, const QJsonValue& b, const QString& path) {
    if (a.type() != b.type())
        return path.isEmpty() ? QStringLiteral("(document)") : path;
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys() + y.keys();
        keys.removeDuplicates();
        for (const QString& key : keys) {
            const QString d = firstDifference(x.value(key), y.value(key),
                                              path.isEmpty() ? key : path + QLatin1Char('.') + key);
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return path;
        for (int i = 0; i < x.size(); ++i) {
            const QString d = firstDifference(x.at(i), y.at(i), at(path, i));
            if (!d.isEmpty())
                return d;
        }
        return {};
    }
    return a == b ? QString() : path;
}

bool samePath(const QString& a, const QString& b) {
    return a == b || (!a.isEmpty() && !b.isEmpty() && QFileInfo(a) == QFileInfo(b));
}

} // namespace

bool writeSessionFile(const QString& path, const SessionState& state, QString* error) {
    return writeBytes(path, sessionToBytes(state), error);
}

bool sessionRequestMatchesResults(const SessionState& state, QString* why) {
    if (!state.results.workspace)
        return true;
    const WorkspaceRequest& r = state.request;
    const WorkspaceInfo& w = *state.results.workspace;
    auto fail = [why](const QString& message) {
        if (why)
            *why = message;
        return false;
    };
    if (!r.zooModel.isEmpty() ? r.zooModel != w.zooModel : !samePath(r.modelPath, w.modelPath))
        return fail(SessionText::tr("the request opens %1 but the results are for %2")
                        .arg(r.zooModel.isEmpty() ? r.modelPath : r.zooModel,
                             w.zooModel.isEmpty() ? w.modelPath : w.zooModel));
    QString clean, train;
    QStringList poisoned;
    for (const DataSetInfo& d : w.sets) {
        if (d.role == DataSetInfo::CleanTest)
            clean = d.path;
        else if (d.role == DataSetInfo::CleanTrain && !d.sameAsCleanTest)
            train = d.path;
        else if (d.role == DataSetInfo::Poisoned)
            poisoned << d.path;
    }
    // Paths left empty in a zoo request are the zoo's own.
    if (!r.cleanTestPath.isEmpty() && !samePath(r.cleanTestPath, clean))
        return fail(SessionText::tr("the request's clean test data %1 is not the results' %2")
                        .arg(r.cleanTestPath, clean));
    if (!r.trainPath.isEmpty() && !samePath(r.trainPath, r.cleanTestPath) &&
        !samePath(r.trainPath, train))
        return fail(SessionText::tr("the request's train data %1 is not the results' %2")
                        .arg(r.trainPath, train.isEmpty() ? clean : train));
    if (!r.poisoned.isEmpty()) {
        bool same = r.poisoned.size() == poisoned.size();
        for (int i = 0; same && i < poisoned.size(); ++i)
            same = samePath(r.poisoned[i].path, poisoned[i]);
        if (!same)
            return fail(
                SessionText::tr("the request's poisoned sets are not those of the results"));
    }
    return true;
}

bool writeVerifiedSessionFile(const QString& path, const SessionState& state, QString* error) {
    auto fail = [&](const QString& why) {
        if (error)
            *error = SessionText::tr("%1: not saved, it would not reopen: %2").arg(path, why);
        return false;
    };
    QString why;
    if (!sessionRequestMatchesResults(state, &why))
        return fail(why);
    const QByteArray bytes = sessionToBytes(state);
    SessionState reread;
    if (!sessionFromBytes(bytes, &reread, &why, QString()))
        return fail(why);
    const QByteArray again = sessionToBytes(reread);
    if (again != bytes) {
        const QString where = firstDifference(QJsonDocument::fromJson(bytes).object(),
                                              QJsonDocument::fromJson(again).object(), QString());
        return fail(SessionText::tr("%1 reads back differently").arg(where));
    }
    return writeBytes(path, bytes, error);
}

bool readSessionFile(const QString& path, SessionState* state, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = SessionText::tr("%1: cannot open: %2").arg(path, file.errorString());
        return false;
    }
    if (file.size() > kMaxSessionBytes) {
        if (error)
            *error = SessionText::tr("%1: %2 bytes is too large for a session file")
                         .arg(path)
                         .arg(file.size());
        return false;
    }
    return sessionFromBytes(file.readAll(), state, error, path);
}

bool sessionFromBytes(const QByteArray& bytes, SessionState* state, QString* error,
                      const QString& origin) {
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parse);
    if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = doc.isNull()
                         ? SessionText::tr("%1: not a session file (JSON error at byte %2: %3)")
                               .arg(origin)
                               .arg(parse.offset)
                               .arg(parse.errorString())
                         : SessionText::tr("%1: not a session file (no JSON object)").arg(origin);
        return false;
    }
    return sessionFromJson(doc.object(), state, error, origin);
}

QByteArray fileSha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return hash.result();
}

} // namespace bdl::app
