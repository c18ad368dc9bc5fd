#pragma once
/// @file result_json.h
/// Checked reading of an untrusted JSON document, for result_file.cpp: each accessor returns
/// the value when it has the type, range and shape asked for, and otherwise throws a
/// ResultProblem whose text names the member ('lrs', 'models[2].pruning.cca') and the problem,
/// so that a reader reads straight through and its caller (readResultFile()) turns the first
/// problem into the error. Paths: member(path, key) is "path.key", element(path, i) "path[i]".
///
/// JsonKeyOrder recovers the order of an object's keys as written in the file (QJsonObject sorts
/// them): the poisoned sets' order in the "asr" objects.
///
/// Thread: any. Internal to app/desktop.
#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <functional>

namespace bdl::app {

/// What is wrong with a member; thrown by the accessors below, caught by readResultFile().
struct ResultProblem {
    QString text;
};

namespace result_json {

/// Throws ResultProblem{text}.
[[noreturn]] void fail(const QString& text);

QString member(const QString& path, const QString& key);
QString element(const QString& path, qsizetype index);
/// What a value is, for messages: "a string", "a number", "an object", "an array", "true or
/// false", "null".
QString describe(const QJsonValue& value);

/// Member `key` of `object` (at `path`). Absent: fails when `required`, else Undefined.
QJsonValue get(const QJsonObject& object, const QString& path, const QString& key,
               bool required = true);

QJsonObject toObject(const QJsonValue& value, const QString& path);
QJsonArray toArray(const QJsonValue& value, const QString& path);
/// A non-empty string.
QString toText(const QJsonValue& value, const QString& path);
bool toBool(const QJsonValue& value, const QString& path);
/// A whole number in [min, max].
qint64 toInteger(const QJsonValue& value, const QString& path, qint64 min, qint64 max);

/// The values a number may take.
enum class Range {
    Finite,      ///< any finite number
    NonNegative, ///< >= 0
    Positive,    ///< > 0
    Percent,     ///< 0..100
    Unit,        ///< 0..1
};
/// A finite number in `range`; null gives NaN when `nullable`.
double toNumber(const QJsonValue& value, const QString& path, Range range, bool nullable = false);
/// An array of numbers in `range` (no nulls). `expected` >= 0: it must have that many, which
/// `expectedWhat` explains ("'ks' has 11").
QVector<double> toNumbers(const QJsonValue& value, const QString& path, Range range,
                          qsizetype expected = -1, const QString& expectedWhat = QString());
/// An array of whole numbers in [min, max].
QVector<int> toIntegers(const QJsonValue& value, const QString& path, int min, int max);
/// `rows` arrays of `cols` numbers in `range`; `rowsWhat` / `colsWhat` explain the expected
/// counts ("'lrs' has 5").
QVector<QVector<double>> toMatrix(const QJsonValue& value, const QString& path, Range range,
                                  qsizetype rows, const QString& rowsWhat, qsizetype cols,
                                  const QString& colsWhat);

/// "'X' has N" (the counts the shape messages compare with).
QString countOf(const QString& path, qsizetype count);
/// `path` in quotes for a message ('models[2].name'), shortened when very long.
QString quote(const QString& path);
/// `text` shortened for a message when very long (a hostile file's strings).
QString shortened(const QString& text);

} // namespace result_json

/// The keys of the objects at chosen paths in the order the file has them. Built from bytes
/// QJsonDocument has accepted; anything unexpected leaves the order unknown (keys() then gives
/// QJsonObject's sorted order).
class JsonKeyOrder {
public:
    /// Scans `json` once, recording the keys of every object whose path `wanted` accepts (paths
    /// as result_json::member / element build them; "" is the top level).
    JsonKeyOrder(const QByteArray& json, const std::function<bool(const QString& path)>& wanted);

    /// `object`'s keys (object at `path`): in the file's order when recorded for exactly these
    /// keys, else sorted.
    QStringList keys(const QJsonObject& object, const QString& path) const;

private:
    QHash<QString, QStringList> m_orders;
};

struct AuditResult;

namespace result_json {
/// The audit part of readResultFile() (result_file_audit.cpp): the members of an "audit" result
/// `root`; throws ResultProblem.
AuditResult readAuditJson(const QJsonObject& root, const JsonKeyOrder& order);
} // namespace result_json

} // namespace bdl::app
