#pragma once
/// @file session_json.h
/// Internal to session.cpp and session_types_json.cpp: JSON helpers that read with validation.
/// A JsonReader records the first problem (with the path of the offending value, e.g.
/// "results.curve.points[3].cca: expected a number") and makes every later read a no-op, so a
/// reader function can read everything and check ok() once at the end.
#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

#include <climits>
#include <limits>

namespace bdl::app::sessionjson {

/// The translation context of session messages ("bdl::app::Session").
struct SessionText {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::Session)
};

/// A double as JSON: NaN and infinities (not representable) become null.
QJsonValue number(double v);
QJsonArray numbers(const QVector<double>& v);
QJsonArray integers(const QVector<int>& v);
QJsonArray integers64(const QVector<qint64>& v);
QJsonArray strings(const QStringList& v);
/// Unsigned 64-bit values as decimal strings (JSON numbers lose precision past 2^53).
QJsonValue u64(quint64 v);

class JsonReader {
public:
    bool ok() const { return m_error.isEmpty(); }
    const QString& error() const { return m_error; }
    /// Records a problem at `path` (only the first one is kept).
    void fail(const QString& path, const QString& what);

    /// Required members; a missing member or one of the wrong type is a failure.
    double num(const QJsonObject& o, const char* key, const QString& path); ///< null -> NaN
    int integer(const QJsonObject& o, const char* key, const QString& path, int min = INT_MIN,
                int max = INT_MAX);
    qint64 integer64(const QJsonObject& o, const char* key, const QString& path);
    quint64 unsigned64(const QJsonObject& o, const char* key, const QString& path);
    bool boolean(const QJsonObject& o, const char* key, const QString& path);
    QString string(const QJsonObject& o, const char* key, const QString& path);
    QJsonObject object(const QJsonObject& o, const char* key, const QString& path);
    QJsonArray array(const QJsonObject& o, const char* key, const QString& path);
    QVector<double> numbers(const QJsonObject& o, const char* key, const QString& path);
    QVector<int> integers(const QJsonObject& o, const char* key, const QString& path);
    QVector<qint64> integers64(const QJsonObject& o, const char* key, const QString& path);
    QStringList strings(const QJsonObject& o, const char* key, const QString& path);
    /// Element i of an array as an object.
    QJsonObject element(const QJsonArray& a, int i, const QString& path);
    /// Fails when `size` differs from `expected`.
    void expectSize(qsizetype size, qsizetype expected, const QString& path);

private:
    QJsonValue member(const QJsonObject& o, const char* key, const QString& path);
    QString m_error;
};

/// "path.key" (or "key" at the root).
QString join(const QString& path, const char* key);
/// "path[i]".
QString at(const QString& path, int i);

} // namespace bdl::app::sessionjson
