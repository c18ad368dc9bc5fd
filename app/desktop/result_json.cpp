#include "app/desktop/result_json.h"

#include "app/desktop/result_file.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QSet>

#include <cmath>
#include <vector>

namespace bdl::app {

namespace result_json {

namespace {

/// Slack on the percent and unit ranges: a value computed as 100 * k / n may land a rounding
/// step outside.
constexpr double kRangeSlack = 1e-9;

/// The longest name or path a message repeats from the file.
constexpr qsizetype kMaxShownText = 80;

bool inRange(double v, Range range) {
    switch (range) {
    case Range::Finite:
        return true;
    case Range::NonNegative:
        return v >= 0.0;
    case Range::Positive:
        return v > 0.0;
    case Range::Percent:
        return v >= -kRangeSlack && v <= 100.0 + kRangeSlack;
    case Range::Unit:
        return v >= -kRangeSlack && v <= 1.0 + kRangeSlack;
    }
    return false;
}

QString rangeText(Range range) {
    switch (range) {
    case Range::Finite:
        return ResultFileText::tr("a finite number");
    case Range::NonNegative:
        return ResultFileText::tr("a number >= 0");
    case Range::Positive:
        return ResultFileText::tr("a number > 0");
    case Range::Percent:
        return ResultFileText::tr("a percentage (0 to 100)");
    case Range::Unit:
        return ResultFileText::tr("a number from 0 to 1");
    }
    return QString();
}

} // namespace

void fail(const QString& text) { throw ResultProblem{text}; }

QString shortened(const QString& text) {
    return text.size() <= kMaxShownText ? text
                                        : text.left(kMaxShownText - 3) + QStringLiteral("...");
}

QString quote(const QString& path) {
    return QLatin1Char('\'') + shortened(path) + QLatin1Char('\'');
}

QString member(const QString& path, const QString& key) {
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString element(const QString& path, qsizetype index) {
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString countOf(const QString& path, qsizetype count) {
    return ResultFileText::tr("%1 has %2").arg(quote(path), QString::number(count));
}

QString describe(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::Null:
        return ResultFileText::tr("null");
    case QJsonValue::Bool:
        return ResultFileText::tr("true or false");
    case QJsonValue::Double:
        return ResultFileText::tr("a number");
    case QJsonValue::String:
        return ResultFileText::tr("a string");
    case QJsonValue::Array:
        return ResultFileText::tr("an array");
    case QJsonValue::Object:
        return ResultFileText::tr("an object");
    case QJsonValue::Undefined:
        break;
    }
    return ResultFileText::tr("nothing");
}

QJsonValue get(const QJsonObject& object, const QString& path, const QString& key, bool required) {
    const auto it = object.constFind(key);
    if (it == object.constEnd()) {
        if (required)
            fail(ResultFileText::tr("%1 is missing").arg(quote(member(path, key))));
        return QJsonValue(QJsonValue::Undefined);
    }
    return *it;
}

QJsonObject toObject(const QJsonValue& value, const QString& path) {
    if (!value.isObject())
        fail(ResultFileText::tr("%1 is %2, not an object").arg(quote(path), describe(value)));
    return value.toObject();
}

QJsonArray toArray(const QJsonValue& value, const QString& path) {
    if (!value.isArray())
        fail(ResultFileText::tr("%1 is %2, not an array").arg(quote(path), describe(value)));
    return value.toArray();
}

QString toText(const QJsonValue& value, const QString& path) {
    if (!value.isString())
        fail(ResultFileText::tr("%1 is %2, not a string").arg(quote(path), describe(value)));
    const QString text = value.toString();
    if (text.isEmpty())
        fail(ResultFileText::tr("%1 is an empty string").arg(quote(path)));
    return text;
}

bool toBool(const QJsonValue& value, const QString& path) {
    if (!value.isBool())
        fail(ResultFileText::tr("%1 is %2, not true or false").arg(quote(path), describe(value)));
    return value.toBool();
}

qint64 toInteger(const QJsonValue& value, const QString& path, qint64 min, qint64 max) {
    const double v = value.toDouble(std::nan(""));
    if (!value.isDouble() || !std::isfinite(v) || v != std::floor(v) ||
        v < static_cast<double>(min) || v > static_cast<double>(max))
        fail(ResultFileText::tr("%1 is %2, not a whole number from %3 to %4")
                 .arg(quote(path), value.isDouble() ? QString::number(v, 'g', 17) : describe(value),
                      QString::number(min), QString::number(max)));
    return static_cast<qint64>(v);
}

double toNumber(const QJsonValue& value, const QString& path, Range range, bool nullable) {
    if (nullable && value.isNull())
        return std::nan("");
    // Qt reads a number too large for a double as infinity: refused as not finite.
    const double v = value.toDouble(std::nan(""));
    if (!value.isDouble() || !std::isfinite(v) || !inRange(v, range))
        fail(ResultFileText::tr("%1 is %2, not %3")
                 .arg(quote(path), value.isDouble() ? QString::number(v, 'g', 17) : describe(value),
                      rangeText(range) + (nullable ? ResultFileText::tr(" or null") : QString())));
    return v;
}

QVector<double> toNumbers(const QJsonValue& value, const QString& path, Range range,
                          qsizetype expected, const QString& expectedWhat) {
    const QJsonArray array = toArray(value, path);
    if (expected >= 0 && array.size() != expected)
        fail(ResultFileText::tr("%1; %2").arg(countOf(path, array.size()), expectedWhat));
    QVector<double> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        out.push_back(toNumber(array.at(i), element(path, i), range));
    return out;
}

QVector<int> toIntegers(const QJsonValue& value, const QString& path, int min, int max) {
    const QJsonArray array = toArray(value, path);
    QVector<int> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i)
        out.push_back(static_cast<int>(toInteger(array.at(i), element(path, i), min, max)));
    return out;
}

QVector<QVector<double>> toMatrix(const QJsonValue& value, const QString& path, Range range,
                                  qsizetype rows, const QString& rowsWhat, qsizetype cols,
                                  const QString& colsWhat) {
    const QJsonArray array = toArray(value, path);
    if (array.size() != rows)
        fail(ResultFileText::tr("%1 has %2 rows; %3")
                 .arg(quote(path), QString::number(array.size()), rowsWhat));
    QVector<QVector<double>> out;
    out.reserve(rows);
    for (qsizetype r = 0; r < rows; ++r) {
        const QString row = element(path, r);
        if (array.at(r).isArray() && array.at(r).toArray().size() != cols)
            fail(ResultFileText::tr("%1 has %2 values; %3")
                     .arg(quote(row), QString::number(array.at(r).toArray().size()), colsWhat));
        out.push_back(toNumbers(array.at(r), row, range));
    }
    return out;
}

} // namespace result_json

namespace {

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// One open container of the scan.
struct ScanFrame {
    bool object = false;
    QString path;
    qsizetype index = 0; ///< arrays: the element being read
    QString key;         ///< objects: the member being read
    bool expectKey = true;
    bool recorded = false; ///< objects: its keys are recorded
};

} // namespace

JsonKeyOrder::JsonKeyOrder(const QByteArray& json,
                           const std::function<bool(const QString& path)>& wanted) {
    std::vector<ScanFrame> stack;
    const qsizetype n = json.size();
    const char* s = json.constData();
    auto childPath = [&stack]() -> QString {
        if (stack.empty())
            return QString();
        const ScanFrame& top = stack.back();
        return top.object ? result_json::member(top.path, top.key)
                          : result_json::element(top.path, top.index);
    };
    for (qsizetype pos = 0; pos < n;) {
        const char c = s[pos];
        if (isJsonSpace(c) || c == ':') {
            ++pos;
        } else if (c == '{' || c == '[') {
            ScanFrame frame;
            frame.object = c == '{';
            frame.path = childPath();
            frame.recorded = frame.object && wanted && wanted(frame.path);
            stack.push_back(frame);
            ++pos;
        } else if (c == '}' || c == ']') {
            if (stack.empty())
                return; // not the JSON QJsonDocument accepted: no order known
            stack.pop_back();
            ++pos;
        } else if (c == ',') {
            if (stack.empty())
                return;
            if (stack.back().object)
                stack.back().expectKey = true;
            else
                ++stack.back().index;
            ++pos;
        } else if (c == '"') {
            qsizetype end = pos + 1;
            while (end < n && s[end] != '"')
                end += s[end] == '\\' ? 2 : 1;
            if (end >= n)
                return;
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                ScanFrame& top = stack.back();
                // The key as JSON decodes it (escapes included): parse it as a one-string array.
                const QByteArray literal = '[' + json.mid(pos, end + 1 - pos) + ']';
                top.key = QJsonDocument::fromJson(literal).array().at(0).toString();
                top.expectKey = false;
                if (top.recorded)
                    m_orders[top.path].push_back(top.key);
            }
            pos = end + 1;
        } else {
            while (pos < n && !isJsonSpace(s[pos]) && s[pos] != ',' && s[pos] != ']' &&
                   s[pos] != '}')
                ++pos; // a number, true, false or null
        }
    }
}

QStringList JsonKeyOrder::keys(const QJsonObject& object, const QString& path) const {
    const QStringList sorted = object.keys();
    const auto it = m_orders.constFind(path);
    if (it == m_orders.constEnd())
        return sorted;
    // A repeated key counts once, where it first appears (QJsonObject keeps one of them).
    QStringList ordered;
    QSet<QString> seen;
    for (const QString& key : *it) {
        if (!seen.contains(key)) {
            seen.insert(key);
            ordered.push_back(key);
        }
    }
    const QSet<QString> expected(sorted.begin(), sorted.end());
    return seen == expected ? ordered : sorted;
}

} // namespace bdl::app
