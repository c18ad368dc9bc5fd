// Job phases and B' descriptions follow the language: StageText::translate() (what the status bar
// shows) finds the core's template behind an English stage text and translates it, %n plurals
// included; the Worker's description of B' goes through the translator too. A German stand-in
// translator (no .qm needed) checks the routing; the table covers the core's whole catalogue.
#include "gui_test_util.h"

#include "app/gui/stage_text.h"
#include "core/base/stage_text.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QHash>
#include <QtCore/QTranslator>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

/// Translates a few known (context, source) pairs, with German plural forms for %n.
class GermanStandIn : public QTranslator {
public:
    bool isEmpty() const override { return false; }
    QString translate(const char* context, const char* source, const char* = nullptr,
                      int n = -1) const override {
        const QString key = QLatin1String(context) + QLatin1Char('|') + QLatin1String(source);
        if (key == QLatin1String("bdl::app::StageText|fine-pruning %1/%2"))
            return QStringLiteral("Feinbeschneiden %1/%2");
        if (key == QLatin1String("bdl::app::StageText|fine-tuning, epoch %1/%2"))
            return QStringLiteral("Nachtrainieren, Epoche %1/%2");
        if (key == QLatin1String("bdl::app::StageText|lr %1, %n channel(s)"))
            return n == 1 ? QStringLiteral("lr %1, %n Kanal") : QStringLiteral("lr %1, %n Kanäle");
        if (key == QLatin1String("bdl::app::Worker|pruned %n channel(s) of %1"))
            return n == 1 ? QStringLiteral("%n Kanal von %1 beschnitten")
                          : QStringLiteral("%n Kanäle von %1 beschnitten");
        if (key == QLatin1String("bdl::app::Worker|fine-tuned %n epoch(s) at lr %1"))
            return n == 1 ? QStringLiteral("%n Epoche nachtrainiert mit lr %1")
                          : QStringLiteral("%n Epochen nachtrainiert mit lr %1");
        if (key == QLatin1String("bdl::app::Worker|%1, %2"))
            return QStringLiteral("%1; %2");
        return QString();
    }
};

} // namespace

class StageTextTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableCoversTheCoresCatalogue() {
        const QStringList table = StageText::templates();
        for (const char* t : core::stage::templates())
            QVERIFY2(
                table.contains(QLatin1String(t)),
                qPrintable(
                    QStringLiteral("app/gui/stage_text.cpp lacks '%1'").arg(QLatin1String(t))));
        QCOMPARE(StageText::sources().size(), table.size());
        QCOMPARE(QSet<QString>(table.begin(), table.end()).size(), table.size());
    }

    void englishStaysAsReported() {
        for (const QString& t : StageText::templates()) {
            const QString text = QString::fromStdString(
                core::stage::format(t.toStdString().c_str(), {"7", "x", "9"}));
            QCOMPARE(StageText::templateOf(text), t);
            QCOMPARE(StageText::translate(text), text);
        }
        QCOMPARE(StageText::translate(QStringLiteral("no such stage")),
                 QStringLiteral("no such stage"));
    }

    void mostSpecificTemplateWins() {
        QCOMPARE(StageText::templateOf(QStringLiteral("activations of B' on clean")),
                 QString::fromLatin1(stage::kActivationsOfRepairedOn));
        QCOMPARE(StageText::templateOf(QStringLiteral("activations of pool_3")),
                 QString::fromLatin1(core::stage::kActivationsOf));
    }

    void germanPhasesAndPlurals() {
        GermanStandIn de;
        QCoreApplication::installTranslator(&de);
        QCOMPARE(StageText::translate(QStringLiteral("fine-pruning 3/10")),
                 QStringLiteral("Feinbeschneiden 3/10"));
        QCOMPARE(StageText::translate(QStringLiteral("fine-tuning, epoch 2/10")),
                 QStringLiteral("Nachtrainieren, Epoche 2/10"));
        QCOMPARE(StageText::translate(QString::fromStdString(
                     core::stage::format(core::stage::kSweepCell, {"0.001000", "1"}))),
                 QStringLiteral("lr 0.001000, 1 Kanal"));
        QCOMPARE(StageText::translate(QStringLiteral("lr 0.01, 12 channels")),
                 QStringLiteral("lr 0.01, 12 Kanäle"));
        // untranslated templates stay English
        QCOMPARE(StageText::translate(QStringLiteral("ranking channels")),
                 QStringLiteral("ranking channels"));
        QCoreApplication::removeTranslator(&de);
    }

    void repairedDescriptionIsTranslated() {
        TinyWorkspace ws;
        GermanStandIn de;
        QCoreApplication::installTranslator(&de);
        Controller c(nullptr, kThreads);
        openTiny(c, ws);
        QSignalSpy repaired(&c, &Controller::repairedReady);
        runToEnd(c, [&] { return c.fineTuneAt(3, kTune); });
        QCoreApplication::removeTranslator(&de);
        QCOMPARE(repaired.count(), 1);
        const QString layer = c.workspace()->pruneLayer;
        QCOMPARE(repaired.at(0).at(0).value<RepairResult>().description,
                 QStringLiteral("3 Kanäle von %1 beschnitten; 1 Epoche nachtrainiert mit lr 0.001")
                     .arg(layer));
        runToEnd(c, [&] { return c.fineTuneAt(1, TuneSettings{1e-3, 2, 16, 0}); });
        QCOMPARE(repaired.count(), 2);
        QCOMPARE(repaired.at(1).at(0).value<RepairResult>().description,
                 QStringLiteral("pruned 1 channel(s) of %1, fine-tuned 2 epoch(s) at lr 0.001")
                     .arg(layer));
    }
};

BDL_REGISTER_GUI_TEST(StageTextTest);

#include "test_stage_text.moc"
