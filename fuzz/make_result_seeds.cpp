// bdl_fuzz_result_seeds OUTDIR: writes the result target's seeds into OUTDIR/result/: the sweep,
// STRIP run and audit the desktop tests open (tests/app/desktop/result_fixtures.h), the audit
// indented (as a hand-edited file would be), and a shard of the sweep.
#include "tests/app/desktop/result_fixtures.h"

#include <QtCore/QDir>
#include <QtCore/QJsonDocument>

#include <cstdio>

using namespace bdl::app::test;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: bdl_fuzz_result_seeds OUTDIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]) + QStringLiteral("/result"));
    QJsonObject shard = sweepFixture();
    shard.insert(QStringLiteral("backdoorlab_partial"), 1);
    shard.insert(QStringLiteral("shard"),
                 QJsonObject{{QStringLiteral("index"), 2}, {QStringLiteral("count"), 4}});
    const bool ok =
        QDir().mkpath(out.path()) &&
        writeFixture(out.filePath(QStringLiteral("sweep.json")), resultText(sweepFixture())) &&
        writeFixture(out.filePath(QStringLiteral("strip.json")), resultText(stripFixture())) &&
        writeFixture(out.filePath(QStringLiteral("audit.json")), resultText(auditFixture())) &&
        writeFixture(out.filePath(QStringLiteral("audit-indented.json")),
                     QJsonDocument(auditFixture()).toJson(QJsonDocument::Indented)) &&
        writeFixture(out.filePath(QStringLiteral("shard.json")), resultText(shard));
    if (!ok)
        std::fprintf(stderr, "bdl_fuzz_result_seeds: cannot write %s\n", qPrintable(out.path()));
    return ok ? 0 : 1;
}
