#include "app/gui/session_json.h"

#include <QtCore/QCoreApplication>

#include <cmath>

namespace bdl::app::sessionjson {

namespace {} // namespace

QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(); }

QJsonArray numbers(const QVector<double>& v) {
    QJsonArray a;
    for (double x : v)
        a.append(number(x));
    return a;
}

QJsonArray integers(const QVector<int>& v) {
    QJsonArray a;
    for (int x : v)
        a.append(x);
    return a;
}

QJsonArray integers64(const QVector<qint64>& v) {
    QJsonArray a;
    for (qint64 x : v)
        a.append(static_cast<double>(x)); // indices and counts: far below 2^53
    return a;
}

QJsonArray strings(const QStringList& v) { return QJsonArray::fromStringList(v); }

QJsonValue u64(quint64 v) { return QString::number(v); }

QString join(const QString& path, const char* key) {
    return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
}

QString at(const QString& path, int i) { return path + QStringLiteral("[%1]").arg(i); }

void JsonReader::fail(const QString& path, const QString& what) {
    if (m_error.isEmpty())
        m_error = path + QStringLiteral(": ") + what;
}

QJsonValue JsonReader::member(const QJsonObject& o, const char* key, const QString& path) {
    if (!ok())
        return QJsonValue();
    const auto it = o.constFind(QLatin1String(key));
    if (it == o.constEnd()) {
        fail(join(path, key), SessionText::tr("missing"));
        return QJsonValue(QJsonValue::Undefined);
    }
    return *it;
}

double JsonReader::num(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (v.isNull())
        return std::numeric_limits<double>::quiet_NaN();
    if (!v.isDouble()) {
        if (!v.isUndefined())
            fail(join(path, key), SessionText::tr("expected a number"));
        return std::numeric_limits<double>::quiet_NaN();
    }
    return v.toDouble();
}

int JsonReader::integer(const QJsonObject& o, const char* key, const QString& path, int min,
                        int max) {
    const QJsonValue v = member(o, key, path);
    if (!ok())
        return 0;
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!v.isDouble() || d != std::floor(d) || d < min || d > max) {
        fail(join(path, key),
             SessionText::tr("expected a whole number in %1..%2").arg(min).arg(max));
        return 0;
    }
    return static_cast<int>(d);
}

qint64 JsonReader::integer64(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (!ok())
        return 0;
    const double d = v.toDouble(std::numeric_limits<double>::quiet_NaN());
    if (!v.isDouble() || d != std::floor(d) || std::fabs(d) > 9.0e15) {
        fail(join(path, key), SessionText::tr("expected a whole number"));
        return 0;
    }
    return static_cast<qint64>(d);
}

quint64 JsonReader::unsigned64(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (!ok())
        return 0;
    bool good = false;
    const quint64 x = v.toString().toULongLong(&good);
    if (!v.isString() || !good) {
        fail(join(path, key), SessionText::tr("expected an unsigned whole number as a string"));
        return 0;
    }
    return x;
}

bool JsonReader::boolean(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (ok() && !v.isBool())
        fail(join(path, key), SessionText::tr("expected true or false"));
    return v.toBool();
}

QString JsonReader::string(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (ok() && !v.isString())
        fail(join(path, key), SessionText::tr("expected a string"));
    return v.toString();
}

QJsonObject JsonReader::object(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (ok() && !v.isObject())
        fail(join(path, key), SessionText::tr("expected an object"));
    return v.toObject();
}

QJsonArray JsonReader::array(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonValue v = member(o, key, path);
    if (ok() && !v.isArray())
        fail(join(path, key), SessionText::tr("expected an array"));
    return v.toArray();
}

QVector<double> JsonReader::numbers(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonArray a = array(o, key, path);
    QVector<double> out;
    out.reserve(a.size());
    for (int i = 0; ok() && i < a.size(); ++i) {
        if (a[i].isNull())
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        else if (a[i].isDouble())
            out.push_back(a[i].toDouble());
        else
            fail(at(join(path, key), i), SessionText::tr("expected a number"));
    }
    return ok() ? out : QVector<double>();
}

QVector<int> JsonReader::integers(const QJsonObject& o, const char* key, const QString& path) {
    const QVector<qint64> wide = integers64(o, key, path);
    QVector<int> out;
    out.reserve(wide.size());
    for (int i = 0; ok() && i < wide.size(); ++i) {
        if (wide[i] < INT_MIN || wide[i] > INT_MAX)
            fail(at(join(path, key), i), SessionText::tr("out of range"));
        out.push_back(static_cast<int>(wide[i]));
    }
    return ok() ? out : QVector<int>();
}

QVector<qint64> JsonReader::integers64(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonArray a = array(o, key, path);
    QVector<qint64> out;
    out.reserve(a.size());
    for (int i = 0; ok() && i < a.size(); ++i) {
        const double d = a[i].toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!a[i].isDouble() || d != std::floor(d) || std::fabs(d) > 9.0e15)
            fail(at(join(path, key), i), SessionText::tr("expected a whole number"));
        else
            out.push_back(static_cast<qint64>(d));
    }
    return ok() ? out : QVector<qint64>();
}

QStringList JsonReader::strings(const QJsonObject& o, const char* key, const QString& path) {
    const QJsonArray a = array(o, key, path);
    QStringList out;
    for (int i = 0; ok() && i < a.size(); ++i) {
        if (!a[i].isString())
            fail(at(join(path, key), i), SessionText::tr("expected a string"));
        else
            out.push_back(a[i].toString());
    }
    return ok() ? out : QStringList();
}

QJsonObject JsonReader::element(const QJsonArray& a, int i, const QString& path) {
    if (!ok())
        return {};
    if (i < 0 || i >= a.size() || !a[i].isObject()) {
        fail(at(path, i), SessionText::tr("expected an object"));
        return {};
    }
    return a[i].toObject();
}

void JsonReader::expectSize(qsizetype size, qsizetype expected, const QString& path) {
    if (ok() && size != expected)
        fail(path, SessionText::tr("has %1 entries, expected %2").arg(size).arg(expected));
}

} // namespace bdl::app::sessionjson
