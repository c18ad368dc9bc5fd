#pragma once
// Result files of the CLI made by the tests, in the shapes of the spec (the same members
// `backdoorlab-cli sweep|strip|audit --json` and `merge` write): a small sweep, a STRIP run and
// an audit of three models, with numbers the tests know.
#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVector>

namespace bdl::app::test {

/// The sweep: lrs x ks, two poisoned sets written "patch" then "blend" (not in sorted order).
inline const QVector<double> kFixtureLrs{1e-2, 1e-3, 1e-4};
inline const QVector<int> kFixtureKs{1, 2, 4, 8};
inline const QStringList kFixtureSets{QStringLiteral("patch"), QStringLiteral("blend")};
double fixtureCca(int lrIndex, int kIndex);
/// set 0: patch, 1: blend.
double fixtureAsr(int set, int lrIndex, int kIndex);

QJsonObject sweepFixture();
QJsonObject stripFixture();
QJsonObject auditFixture();

/// `object` as JSON text the way the CLI writes it: "command" first, the members of every "asr"
/// object in kFixtureSets' order, any other members sorted.
QByteArray resultText(const QJsonObject& object);

/// Writes `bytes` to `path`; false on failure.
bool writeFixture(const QString& path, const QByteArray& bytes);

} // namespace bdl::app::test
