// Reading the CLI's result files (result_file.h): the three kinds read whole with the file's
// numbers and set order, and every kind of bad file refused with a message that names the file
// and the problem (shapes, types, ranges, truncated JSON, shards, size).
#include "desktop_test_util.h"
#include "result_fixtures.h"

#include "app/desktop/result_file.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <cmath>
#include <functional>

namespace bdl::app::test {

namespace {

using Edit = std::function<void(QJsonObject&)>;

/// `object` with `edit` applied to member `key` (an object) .
QJsonObject editedMember(QJsonObject object, const QString& key,
                         const std::function<void(QJsonObject&)>& edit) {
    QJsonObject inner = object.value(key).toObject();
    edit(inner);
    object.insert(key, inner);
    return object;
}

/// `array`[index] (an object) edited.
QJsonArray editedElement(QJsonArray array, int index,
                         const std::function<void(QJsonObject&)>& edit) {
    QJsonObject inner = array.at(index).toObject();
    edit(inner);
    array.replace(index, inner);
    return array;
}

/// The audit with model `index` edited.
QByteArray auditWithModel(int index, const std::function<void(QJsonObject&)>& edit) {
    QJsonObject audit = auditFixture();
    audit.insert(QStringLiteral("models"),
                 editedElement(audit.value(QStringLiteral("models")).toArray(), index, edit));
    return resultText(audit);
}

QByteArray sweepWith(const Edit& edit) {
    QJsonObject o = sweepFixture();
    edit(o);
    return resultText(o);
}

QByteArray stripWith(const Edit& edit) {
    QJsonObject o = stripFixture();
    edit(o);
    return resultText(o);
}

} // namespace

class ResultFileTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString& name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(name);
        return writeFixture(path, bytes) ? path : QString();
    }

    ResultFile readOk(const QString& name, const QByteArray& bytes) {
        const QString path = write(name, bytes);
        ResultFile r;
        QString error;
        const bool ok = readResultFile(path, &r, &error);
        [&] { QVERIFY2(ok, qPrintable(error)); }();
        return r;
    }

private Q_SLOTS:
    void readsASweepWhole() {
        const ResultFile r = readOk(QStringLiteral("sweep.json"), resultText(sweepFixture()));
        QCOMPARE(r.kind, ResultKind::Sweep);
        QVERIFY(r.sweep && !r.strip && !r.audit);
        QCOMPARE(r.model, QStringLiteral("bd_net.h5"));
        const SweepResult& s = *r.sweep;
        QCOMPARE(s.layer, QStringLiteral("pool_3"));
        QCOMPARE(s.protocol, QStringLiteral("paper"));
        QCOMPARE(s.sweep.epochs, 2);
        QCOMPARE(s.sweep.lrs, kFixtureLrs);
        QCOMPARE(s.sweep.ks, kFixtureKs);
        // The file's order ("patch" before "blend"), not QJsonObject's sorted one.
        QCOMPARE(s.sweep.poisonedNames, kFixtureSets);
        QCOMPARE(s.sweep.cells.size(), kFixtureLrs.size() * kFixtureKs.size());
        for (int i = 0; i < kFixtureLrs.size(); ++i) {
            for (int k = 0; k < kFixtureKs.size(); ++k) {
                const SweepCell* c = s.sweep.cell(i, k);
                QVERIFY(c);
                QCOMPARE(c->lr, kFixtureLrs[i]);
                QCOMPARE(c->k, kFixtureKs[k]);
                QCOMPARE(c->cca, fixtureCca(i, k));
                QCOMPARE(c->asr, (QVector<double>{fixtureAsr(0, i, k), fixtureAsr(1, i, k)}));
            }
        }
    }

    void aSweepWithoutOptionalMembersReads() {
        const ResultFile r =
            readOk(QStringLiteral("bare.json"), sweepWith([](QJsonObject& o) {
                       for (const char* key : {"model", "layer", "protocol", "epochs", "order",
                                               "in_sample", "trained_on", "scale"})
                           o.remove(QString::fromLatin1(key));
                       o.insert(QStringLiteral("asr"), QJsonObject());
                   }));
        QVERIFY(r.sweep);
        QVERIFY(r.model.isEmpty());
        QVERIFY(r.sweep->protocol.isEmpty());
        QVERIFY(r.sweep->sweep.poisonedNames.isEmpty());
        QCOMPARE(r.sweep->sweep.cells.size(), kFixtureLrs.size() * kFixtureKs.size());
    }

    void readsAStripRunWhole() {
        const ResultFile r = readOk(QStringLiteral("strip.json"), resultText(stripFixture()));
        QCOMPARE(r.kind, ResultKind::Strip);
        QVERIFY(r.strip);
        QCOMPARE(r.model, QStringLiteral("zoo:patch"));
        const StripResult& s = *r.strip;
        QCOMPARE(s.n, 50);
        QCOMPARE(s.blend, QStringLiteral("alpha"));
        QCOMPARE(s.rule, QStringLiteral("normal"));
        QCOMPARE(s.threshold, 0.5);
        QCOMPARE(s.targetFrr, 1.0);
        QCOMPARE(s.clean.name, QStringLiteral("clean_test"));
        QCOMPARE(s.clean.n, qint64(6));
        QCOMPARE(s.clean.entropy, (QVector<double>{0.2, 0.6, 0.9, 1.1, 1.3, 1.6}));
        QCOMPARE(s.clean.cca, 80.0);
        QVERIFY(std::isnan(s.clean.far));
        QCOMPARE(s.poisoned.size(), 2);
        QCOMPARE(s.poisoned[0].name, QStringLiteral("patch"));
        QCOMPARE(s.poisoned[0].far, 25.0);
        QCOMPARE(s.poisoned[0].auroc, 0.9375);
        QCOMPARE(s.poisoned[1].name, QStringLiteral("blend"));
        QCOMPARE(s.poisoned[1].entropy, (QVector<double>{0.3, 0.8, 1.2}));
        const StripData d = s.toStripData();
        QCOMPARE(d.poisonedCount(), 2);
        QCOMPARE(d.cleanTest()->entropy, s.clean.entropy);
        QCOMPARE(d.calibration()->size(), 0);
    }

    void nullNumbersOfAStripRunAreNotANumber() {
        // The CLI writes NaN (no threshold could be set, an empty set) as null.
        const ResultFile r = readOk(
            QStringLiteral("nulls.json"), stripWith([](QJsonObject& o) {
                QJsonObject t = o.value(QStringLiteral("threshold")).toObject();
                t.insert(QStringLiteral("value"), QJsonValue::Null);
                o.insert(QStringLiteral("threshold"), t);
                o.insert(QStringLiteral("poisoned"),
                         editedElement(o.value(QStringLiteral("poisoned")).toArray(), 0,
                                       [](QJsonObject& p) {
                                           p.insert(QStringLiteral("auroc"), QJsonValue::Null);
                                       }));
            }));
        QVERIFY(std::isnan(r.strip->threshold));
        QVERIFY(std::isnan(r.strip->poisoned[0].auroc));
    }

    void readsAnAuditWhole() {
        const ResultFile r = readOk(QStringLiteral("audit.json"), resultText(auditFixture()));
        QCOMPARE(r.kind, ResultKind::Audit);
        QVERIFY(r.audit);
        const AuditResult& a = *r.audit;
        QCOMPARE(a.seed, QStringLiteral("0"));
        QCOMPARE(a.stripN, QStringLiteral("100 (auto split)")); // the CLI writes text here
        QCOMPARE(a.rule, QStringLiteral("normal"));
        QCOMPARE(a.sample, qint64(100));
        QCOMPARE(a.models.size(), 3);
        const AuditModel& m = a.models[0];
        QCOMPARE(m.name, QStringLiteral("badnet.h5"));
        QCOMPARE(m.modelPath, QStringLiteral("/models/badnet.h5"));
        QCOMPARE(m.cca, 91.5);
        QCOMPARE(m.nClean, qint64(100));
        QCOMPARE(m.asrSets, kFixtureSets);
        QCOMPARE(m.asr, (QVector<double>{99.0, 40.0}));
        QCOMPARE(m.trust, QStringLiteral("no"));
        QCOMPARE(m.answer, QStringLiteral("the verdict on badnet.h5"));
        QCOMPARE(m.maxAsr, 99.0);
        QVERIFY(m.hasPruning);
        QCOMPARE(m.pruneLayer, QStringLiteral("conv_3"));
        QCOMPARE(m.channels, 4);
        QCOMPARE(m.pruneKs, (QVector<int>{0, 1, 2, 3, 4}));
        QCOMPARE(m.pruneCca[3], 70.0);
        QCOMPARE(m.pruneSets, kFixtureSets);
        QCOMPARE(m.pruneAsr[0][3], 60.0);
        QVERIFY(m.pruningAware);
        QCOMPARE(m.kStar, 2);
        QCOMPARE(m.awareSets, kFixtureSets); // the file's order
        QCOMPARE(m.awareOfSet, (QVector<bool>{true, false}));
        QVERIFY(m.hasStrip);
        QCOMPARE(m.stripN, 20);
        QCOMPARE(m.stripSets.size(), 2);
        QCOMPARE(m.worstFrr(), 1.0);
        QCOMPARE(m.worstFar(), 30.0);
        QCOMPARE(m.worstAuroc(), 0.8);
        QCOMPARE(a.models[1].trust, QStringLiteral("yes"));
        QCOMPARE(a.models[2].trust, QStringLiteral("partly"));
        QVERIFY(!a.models[2].hasPruning); // "pruning": null
        QVERIFY(!a.models[2].hasStrip);   // no "strip"
        QVERIFY(std::isnan(a.models[2].worstAuroc()));
    }

    void refusesBadFiles_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const QByteArray sweep = resultText(sweepFixture());
        QTest::newRow("too few rows") << sweepWith([](QJsonObject& o) {
            QJsonArray cca = o.value(QStringLiteral("cca")).toArray();
            cca.removeLast();
            o.insert(QStringLiteral("cca"), cca);
        }) << "'cca' has 2 rows; 'lrs' has 3";
        QTest::newRow("short row of a set") << sweepWith([](QJsonObject& o) {
            QJsonObject asr = o.value(QStringLiteral("asr")).toObject();
            QJsonArray m = asr.value(QStringLiteral("blend")).toArray();
            QJsonArray row = m.at(1).toArray();
            row.removeLast();
            m.replace(1, row);
            asr.insert(QStringLiteral("blend"), m);
            o.insert(QStringLiteral("asr"), asr);
        }) << "'asr.blend[1]' has 3 values; 'ks' has 4";
        QTest::newRow("a string among the learning rates") << sweepWith([](QJsonObject& o) {
            QJsonArray lrs = o.value(QStringLiteral("lrs")).toArray();
            lrs.replace(1, QStringLiteral("1e-3"));
            o.insert(QStringLiteral("lrs"), lrs);
        }) << "'lrs[1]' is a string, not a number > 0";
        QTest::newRow("a percentage over 100") << sweepWith([](QJsonObject& o) {
            QJsonArray cca = o.value(QStringLiteral("cca")).toArray();
            QJsonArray row = cca.at(0).toArray();
            row.replace(2, 120);
            cca.replace(0, row);
            o.insert(QStringLiteral("cca"), cca);
        }) << "'cca[0][2]' is 120, not a percentage (0 to 100)";
        QTest::newRow("a null cell") << sweepWith([](QJsonObject& o) {
            QJsonArray cca = o.value(QStringLiteral("cca")).toArray();
            QJsonArray row = cca.at(0).toArray();
            row.replace(0, QJsonValue::Null);
            cca.replace(0, row);
            o.insert(QStringLiteral("cca"), cca);
        }) << "'cca[0][0]' is null, not a percentage";
        QTest::newRow("a number beyond a double")
            << QByteArray(sweep).replace("[0.01,", "[1e999,") << "not valid JSON (error at byte";
        QTest::newRow("no asr") << sweepWith([](QJsonObject& o) {
            o.remove(QStringLiteral("asr"));
        }) << "'asr' is missing";
        QTest::newRow("asr not an object")
            << sweepWith([](QJsonObject& o) { o.insert(QStringLiteral("asr"), QJsonArray()); })
            << "'asr' is an array, not an object";
        QTest::newRow("unknown protocol") << sweepWith([](QJsonObject& o) {
            o.insert(QStringLiteral("protocol"), QStringLiteral("weird"));
        }) << "'protocol' is \"weird\", not \"paper\" or \"liu\"";
        QTest::newRow("no learning rate")
            << sweepWith([](QJsonObject& o) { o.insert(QStringLiteral("lrs"), QJsonArray()); })
            << "'lrs' is empty";
        QTest::newRow("fractional k") << sweepWith([](QJsonObject& o) {
            o.insert(QStringLiteral("ks"), QJsonArray{1, 2.5, 4, 8});
        }) << "'ks[1]' is 2.5, not a whole number";
        QTest::newRow("entropies fewer than n") << stripWith([](QJsonObject& o) {
            o.insert(QStringLiteral("clean"),
                     editedMember(o, QStringLiteral("clean"), [](QJsonObject& c) {
                         c.insert(QStringLiteral("n"), 7);
                     }).value(QStringLiteral("clean")));
        }) << "'clean.entropy' has 6; 'clean.n' is 7";
        QTest::newRow("AUROC above 1") << stripWith([](QJsonObject& o) {
            o.insert(QStringLiteral("poisoned"),
                     editedElement(o.value(QStringLiteral("poisoned")).toArray(), 1,
                                   [](QJsonObject& p) { p.insert(QStringLiteral("auroc"), 1.5); }));
        }) << "'poisoned[1].auroc' is 1.5, not a number from 0 to 1 or null";
        QTest::newRow("negative entropy") << stripWith([](QJsonObject& o) {
            o.insert(
                QStringLiteral("poisoned"),
                editedElement(o.value(QStringLiteral("poisoned")).toArray(), 0, [](QJsonObject& p) {
                    p.insert(QStringLiteral("entropy"), QJsonArray{0.1, 0.2, -1, 0.3});
                }));
        }) << "'poisoned[0].entropy[2]' is -1, not a number >= 0";
        QTest::newRow("threshold not an object")
            << stripWith([](QJsonObject& o) { o.insert(QStringLiteral("threshold"), 0.5); })
            << "'threshold' is a number, not an object";
        QTest::newRow("poisoned not an array") << stripWith([](QJsonObject& o) {
            o.insert(QStringLiteral("poisoned"), QStringLiteral("patch"));
        }) << "'poisoned' is a string, not an array";
        QTest::newRow("no models")
            << resultText(QJsonObject{{QStringLiteral("command"), QStringLiteral("audit")},
                                      {QStringLiteral("models"), QJsonArray()}})
            << "'models' is empty";
        QTest::newRow("pruning curve shorter than its ks") << auditWithModel(0, [](QJsonObject& m) {
            QJsonObject p = m.value(QStringLiteral("pruning")).toObject();
            p.insert(QStringLiteral("cca"), QJsonArray{91, 90, 80, 70});
            m.insert(QStringLiteral("pruning"), p);
        }) << "'models[0].pruning.cca' has 4; 'models[0].pruning.ks' has 5";
        QTest::newRow("ks not increasing") << auditWithModel(1, [](QJsonObject& m) {
            QJsonObject p = m.value(QStringLiteral("pruning")).toObject();
            p.insert(QStringLiteral("ks"), QJsonArray{0, 2, 1, 3, 4});
            m.insert(QStringLiteral("pruning"), p);
        }) << "'models[1].pruning.ks' is not increasing at position 2";
        QTest::newRow("a verdict neither yes nor no")
            << auditWithModel(
                   1,
                   [](QJsonObject& m) {
                       m.insert(QStringLiteral("verdict"),
                                QJsonObject{{QStringLiteral("trust"), QStringLiteral("maybe")},
                                            {QStringLiteral("max_asr"), 1.0}});
                   })
            << "'models[1].verdict.trust' is \"maybe\", not \"yes\", \"partly\", \"no\" or "
               "\"unknown\"";
        QTest::newRow("CCA as text") << auditWithModel(2, [](QJsonObject& m) {
            QJsonObject e = m.value(QStringLiteral("eval")).toObject();
            e.insert(QStringLiteral("cca"), QStringLiteral("60 %"));
            m.insert(QStringLiteral("eval"), e);
        }) << "'models[2].eval.cca' is a string, not a percentage (0 to 100)";
        QTest::newRow("truncated")
            << sweep.left(sweep.size() / 2) << "not valid JSON (error at byte";
        QTest::newRow("empty") << QByteArray() << "not valid JSON";
        QTest::newRow("NaN is not JSON")
            << QByteArray(sweep).replace("[0.01,", "[NaN,") << "not valid JSON";
        QTest::newRow("deeply nested") << QByteArray(100000, '[') << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2, 3]") << "the JSON is not an object";
        QTest::newRow("no command")
            << sweepWith([](QJsonObject& o) { o.remove(QStringLiteral("command")); })
            << "not a BackdoorLab result: it has no \"command\"";
        QTest::newRow("another command") << sweepWith([](QJsonObject& o) {
            o.insert(QStringLiteral("command"), QStringLiteral("fine-prune"));
        }) << "a \"fine-prune\" result; the desktop app opens sweep, strip and audit results";
        QTest::newRow("shard")
            << sweepWith([](QJsonObject& o) {
                   o.insert(QStringLiteral("backdoorlab_partial"), 1);
                   o.insert(QStringLiteral("shard"), QJsonObject{{QStringLiteral("index"), 2},
                                                                 {QStringLiteral("count"), 4}});
               })
            << "this is shard 2 of 4 of a sweep result; merge the parts first: backdoorlab-cli "
               "merge PART.json... --out RESULT.json";
        QTest::newRow("shard of an unknown command")
            << resultText(QJsonObject{{QStringLiteral("backdoorlab_partial"), 1},
                                      {QStringLiteral("command"), 7}})
            << "this is one shard of a sharded result (a partial file); merge the parts first";
    }

    void refusesBadFiles() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const QString path = write(QStringLiteral("result.json"), bytes);
        ResultFile r;
        r.path = QStringLiteral("untouched");
        QString error;
        QVERIFY(!readResultFile(path, &r, &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
        QVERIFY2(error.contains(problem), qPrintable(error));
        QCOMPARE(r.path, QStringLiteral("untouched")); // nothing half-read handed out
    }

    void refusesAFileOverTheLimitUnread() {
        // A sparse file one byte over the real limit: refused by its size, before any read.
        const QString path = m_dir.filePath(QStringLiteral("huge.json"));
        QFile huge(path);
        QVERIFY(huge.open(QIODevice::WriteOnly));
        QVERIFY(huge.resize(kMaxResultBytes + 1));
        huge.close();
        QString error;
        QVERIFY(!readResultFile(path, nullptr, &error));
        QVERIFY2(error.startsWith(path + QStringLiteral(": ")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("bytes is too large for a result file")),
                 qPrintable(error));
        // The same check at a small limit on a real file.
        const QString small = write(QStringLiteral("small.json"), resultText(sweepFixture()));
        QVERIFY(!readResultFile(small, nullptr, &error, 100));
        QVERIFY2(error.contains(QStringLiteral("too large")), qPrintable(error));
    }

    void refusesWhatIsNoFile() {
        QString error;
        const QString missing = m_dir.filePath(QStringLiteral("missing.json"));
        QVERIFY(!readResultFile(missing, nullptr, &error));
        QCOMPARE(error, missing + QStringLiteral(": no such file"));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("folder.json")));
        const QString folder = m_dir.filePath(QStringLiteral("folder.json"));
        QVERIFY(!readResultFile(folder, nullptr, &error));
        QCOMPARE(error, folder + QStringLiteral(": not a file"));
    }

    void keyOrderSurvivesEscapesAndNesting() {
        // Keys with escapes, an "asr" inside an array, and a repeated key (counted once).
        const QByteArray json =
            "{\"command\":\"sweep\",\"lrs\":[0.1],\"ks\":[1],\"cca\":[[50]],"
            "\"note\":{\"asr\":{\"ignored\":1}},"
            "\"asr\":{\"z\\u00e9ta \\\"q\\\"\":[[1]],\"alpha\":[[2]],\"m\\\\n\":[[3]]}}";
        const ResultFile r = readOk(QStringLiteral("order.json"), json);
        QVERIFY(r.sweep);
        QCOMPARE(r.sweep->sweep.poisonedNames,
                 (QStringList{QStringLiteral("z\u00e9ta \"q\""), QStringLiteral("alpha"),
                              QStringLiteral("m\\n")}));
        QCOMPARE(r.sweep->sweep.cells[0].asr, (QVector<double>{1.0, 2.0, 3.0}));
    }

    void isResultPathTakesJsonFiles() {
        QVERIFY(isResultPath(QStringLiteral("/r/sweep.json")));
        QVERIFY(isResultPath(QStringLiteral("MERGED.JSON")));
        QVERIFY(!isResultPath(QStringLiteral("a.bdlsession")));
        QVERIFY(!isResultPath(QStringLiteral("json")));
    }
};

BDL_REGISTER_DESKTOP_TEST(ResultFileTest);

} // namespace bdl::app::test

#include "test_result_file.moc"
