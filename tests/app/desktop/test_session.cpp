// Sessions in the real window on the tiny workspace: a saved session reopens, in a new window,
// to the same numbers (curve, B', STRIP scores and threshold, comparison rows, view state); the
// modified mark; damaged files and a changed model are refused with the file named; the
// autosave and the restore offer after an unclean exit (more in test_session_recovery.cpp).
#include "desktop_test_util.h"

#include "app/desktop/app_settings.h"
#include "app/desktop/comparison_view.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/recovery_dialog.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/strip_view.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/controller.h"
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QTabWidget>

#include <cmath>
#include <memory>

namespace bdl::app::test {

namespace {

bool sameValue(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool sameRows(const QVector<ComparisonRow>& a, const QVector<ComparisonRow>& b) {
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        const ComparisonRow &x = a[i], &y = b[i];
        if (x.attack != y.attack || x.set != y.set || !sameValue(x.stripCca, y.stripCca) ||
            !sameValue(x.stripAsr, y.stripAsr) || !sameValue(x.bPrimeCca, y.bPrimeCca) ||
            !sameValue(x.bPrimeAsr, y.bPrimeAsr) || !sameValue(x.gCca, y.gCca) ||
            !sameValue(x.gAsr, y.gAsr) || x.stripThresholdText != y.stripThresholdText)
            return false;
    }
    return true;
}

} // namespace

class SessionTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    QTemporaryDir m_dir;
    QString m_session;
    // What the first window showed.
    CurveData m_curve;
    RepairResult m_repaired;
    QByteArray m_weights;
    StripData m_strip;
    double m_threshold = 0.0;
    QJsonObject m_pruneForms;
    QJsonObject m_sweepForm;
    QVector<ComparisonRow> m_rows;

    bool waitRestored(MainWindow& w, QSignalSpy& restored) {
        return waitIdle(w, [&] { return !restored.isEmpty(); });
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_session = m_dir.filePath(QStringLiteral("tiny analysis.bdlsession"));
        AppSettings().raw().clear();
    }

    void saveAWholeAnalysis() {
        MainWindow w(testOptions());
        w.show();
        SessionManager* sessions = w.sessions();
        QSignalSpy curve(w.controller(), &Controller::curveReady);
        QVERIFY(w.openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(w, [&] { return !curve.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QVERIFY(sessions->isModified());
        QVERIFY(w.isWindowModified());
        QVERIFY(w.windowTitle().contains(QStringLiteral("tiny.h5")));

        TuneSettings tune;
        tune.epochs = 1;
        QSignalSpy repaired(w.controller(), &Controller::repairedReady);
        QVERIFY(w.controller()->fineTuneAt(2, tune));
        QVERIFY(waitIdle(w, [&] { return !repaired.isEmpty(); }));
        QVERIFY(waitIdle(w));
        StripRequest strip;
        strip.n = 8;
        strip.sample = 24;
        strip.calibration = 24;
        strip.seed = 5;
        QSignalSpy stripped(w.controller(), &Controller::stripReady);
        QVERIFY(w.controller()->runStrip(strip));
        QVERIFY(waitIdle(w, [&] { return !stripped.isEmpty(); }));
        QVERIFY(waitIdle(w));

        m_threshold = w.stripView()->threshold() + 0.125;
        w.stripView()->setThreshold(m_threshold);
        ComparisonRow row;
        row.attack = QStringLiteral("tiny");
        row.set = QStringLiteral("patch");
        row.bPrimeCca = 51.5;
        row.bPrimeAsr = 12.25;
        row.stripThresholdText = QStringLiteral("manual: 0.5");
        QVERIFY(w.comparisonView());
        w.comparisonView()->setRows({row});
        m_rows = w.comparisonView()->rows();
        w.pruneView()->slider()->setValue(3);
        w.tabs()->setCurrentIndex(1);
        // Settings typed into the job forms travel with the session.
        QJsonObject forms = w.pruneView()->formState();
        QJsonObject fineTune = forms.value(QStringLiteral("fineTune")).toObject();
        fineTune.insert(QStringLiteral("lr"), QStringLiteral("5e-4"));
        fineTune.insert(QStringLiteral("epochs"), 3);
        forms.insert(QStringLiteral("fineTune"), fineTune);
        w.pruneView()->setFormState(forms);
        m_pruneForms = w.pruneView()->formState();
        QCOMPARE(m_pruneForms.value(QStringLiteral("fineTune"))
                     .toObject()
                     .value(QStringLiteral("epochs"))
                     .toInt(),
                 3);
        QJsonObject sweep = w.sweepView()->formState();
        sweep.insert(QStringLiteral("lrs"), QStringLiteral("1e-2, 1e-4"));
        sweep.insert(QStringLiteral("ks"), QStringLiteral("1-3"));
        w.sweepView()->setFormState(sweep);
        m_sweepForm = w.sweepView()->formState();
        QCOMPARE(m_sweepForm.value(QStringLiteral("ks")).toString(), QStringLiteral("1-3"));

        QString saveError;
        QVERIFY2(sessions->saveTo(m_session, &saveError), qPrintable(saveError));
        QVERIFY(!sessions->isModified());
        QVERIFY(!w.isWindowModified());
        QVERIFY2(w.windowTitle().contains(QStringLiteral("tiny analysis.bdlsession")),
                 qPrintable(w.windowTitle()));
        QCOMPARE(sessions->currentPath(), m_session);
        QVERIFY(AppSettings().recentFiles().contains(m_session));
        // A change marks it modified again.
        w.stripView()->setThreshold(m_threshold + 1.0);
        QVERIFY(sessions->isModified());
        w.stripView()->setThreshold(m_threshold);

        m_curve = *w.controller()->curve();
        m_repaired = *w.controller()->repaired();
        m_weights = w.controller()->repairedWeights();
        m_strip = *w.controller()->strip();
        QVERIFY(!m_weights.isEmpty());
        // The autosave followed the finished jobs.
        SessionState autosaved;
        QString error;
        QVERIFY2(readSessionFile(sessions->autosavePath(), &autosaved, &error), qPrintable(error));
        QVERIFY(autosaved.results.strip.has_value());
    }

    void reopenShowsTheSameNumbers() {
        MainWindow w(testOptions());
        w.show();
        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        QVERIFY(w.sessions()->open(m_session));
        QVERIFY(waitRestored(w, restored));
        QVERIFY(waitIdle(w));
        Controller* c = w.controller();
        QVERIFY(c->curve() && c->repaired() && c->strip());
        QCOMPARE(c->curve()->points.size(), m_curve.points.size());
        for (int k = 0; k < m_curve.points.size(); ++k) {
            QCOMPARE(c->curve()->points[k].cca, m_curve.points[k].cca);
            QCOMPARE(c->curve()->points[k].asr, m_curve.points[k].asr);
        }
        QCOMPARE(c->curve()->order, m_curve.order);
        QCOMPARE(c->repaired()->ccaAfter, m_repaired.ccaAfter);
        QCOMPARE(c->repaired()->asrAfter, m_repaired.asrAfter);
        QCOMPARE(c->repaired()->prunedChannels, m_repaired.prunedChannels);
        QCOMPARE(c->repairedWeights(), m_weights);
        QCOMPARE(c->strip()->sets.size(), m_strip.sets.size());
        for (int i = 0; i < m_strip.sets.size(); ++i) {
            QCOMPARE(c->strip()->sets[i].entropy, m_strip.sets[i].entropy);
            QCOMPARE(c->strip()->sets[i].indices, m_strip.sets[i].indices);
        }
        QCOMPARE(w.stripView()->threshold(), m_threshold);
        QVERIFY(w.stripView()->thresholdIsManual());
        QVERIFY(sameRows(w.comparisonView()->rows(), m_rows));
        QCOMPARE(w.tabs()->currentIndex(), 1);
        QCOMPARE(w.pruneView()->slider()->value(), 3);
        QCOMPARE(w.pruneView()->formState(), m_pruneForms);
        QCOMPARE(w.sweepView()->formState(), m_sweepForm);
        QCOMPARE(w.sessions()->currentPath(), m_session);
        QVERIFY(!w.sessions()->isModified() || c->busy());
        QVERIFY(w.windowTitle().contains(QStringLiteral("tiny analysis.bdlsession")));
    }

    void damagedFilesAreRefused() {
        MainWindow w(testOptions());
        const QString bad = m_dir.filePath(QStringLiteral("broken.bdlsession"));
        QVERIFY(writeAll(bad, "{\"format\": \"bdlsession\", \"ver"));
        QVERIFY(!w.sessions()->open(bad));
        QVERIFY(w.banner()->isError());
        QVERIFY2(w.banner()->text().contains(QStringLiteral("broken.bdlsession")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.controller()->busy());
        QVERIFY(!w.sessions()->open(m_dir.filePath(QStringLiteral("absent.bdlsession"))));
        QVERIFY(w.banner()->text().contains(QStringLiteral("absent.bdlsession")));
    }

    void aChangedModelIsRefused() {
        // A copy of the session whose model file no longer has the saved SHA-256.
        SessionState s;
        QString error;
        QVERIFY2(readSessionFile(m_session, &s, &error), qPrintable(error));
        s.modelSha256 = QByteArray(32, '\x01');
        const QString changed = m_dir.filePath(QStringLiteral("changed.bdlsession"));
        QVERIFY2(writeSessionFile(changed, s, &error), qPrintable(error));
        MainWindow w(testOptions());
        QSignalSpy failed(w.controller(), &Controller::failed);
        QVERIFY(w.sessions()->open(changed));
        QVERIFY(waitIdle(w, [&] { return !failed.isEmpty(); }));
        QVERIFY(waitIdle(w));
        QVERIFY(w.banner()->isError());
        QVERIFY2(w.banner()->text().contains(QStringLiteral("changed.bdlsession")),
                 qPrintable(w.banner()->text()));
        QVERIFY(!w.controller()->repaired());
    }

    void uncleanExitOffersTheAutosave() {
        // The windows above were destroyed without a clean exit: forget their autosaves.
        QVERIFY(QDir(AutosaveStore::defaultDir()).removeRecursively());
        QString autosave;
        {
            MainWindow w(testOptions());
            QVERIFY(!w.sessions()->startRun()); // nothing left by an unclean exit: no offer
            QSignalSpy restored(w.sessions(), &SessionManager::restored);
            QVERIFY(w.sessions()->open(m_session));
            QVERIFY(waitRestored(w, restored));
            QVERIFY(waitIdle(w));
            autosave = w.sessions()->autosavePath();
            QVERIFY(QFile::exists(autosave));
            // ... and is killed: no closeEvent, no endRun(); the autosave stays.
        }
        QVERIFY(QFile::exists(autosave));
        MainWindow w(testOptions());
        w.show();
        QVERIFY(w.sessions()->startRun());
        QVERIFY(w.banner()->isVisible());
        QVERIFY2(w.banner()->text().contains(QStringLiteral("tiny.h5")),
                 qPrintable(w.banner()->text()));
        QPushButton* offer = w.banner()->actionButton();
        QVERIFY(offer->isVisible());
        offer->click();
        RecoveryDialog* dialog = w.sessions()->recoveryDialog();
        QVERIFY(dialog && dialog->isVisible());
        QSignalSpy restored(w.sessions(), &SessionManager::restored);
        dialog->findChild<QPushButton*>(QStringLiteral("restoreAutosaveButton"))->click();
        QVERIFY(waitRestored(w, restored));
        QVERIFY(waitIdle(w));
        QVERIFY(w.controller()->strip().has_value());
        QCOMPARE(w.controller()->repairedWeights(), m_weights);
        // The autosave is not the user's file: saving asks for one.
        QVERIFY(w.sessions()->currentPath().isEmpty());
        // Restored: the old autosave went, this window's own holds the analysis now.
        QVERIFY(!QFile::exists(autosave));
        const QString own = w.sessions()->autosavePath();
        QVERIFY(QFile::exists(own));
        w.close(); // a clean exit removes it
        QVERIFY(!QFile::exists(own));
        MainWindow again(testOptions());
        QVERIFY(!again.sessions()->startRun());
    }
};

BDL_REGISTER_DESKTOP_TEST(SessionTest);

} // namespace bdl::app::test

#include "test_session.moc"
