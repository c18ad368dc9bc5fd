// The B' candidates panel of the Fine-pruning view on a tiny workspace: one row per B' made, with
// its scores and the current one marked; "Make current" changes the marked row (and B', whose
// activations follow), "Export..." writes a candidate and the status bar names the file; both
// buttons are disabled while a job runs and without a selection; no header is cut. The functions
// run in order on one window.
#include "desktop_test_util.h"

#include "app/desktop/candidates_panel.h"
#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"
#include "app/gui/controller.h"

#include <QtCore/QFileInfo>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTableWidget>

#include <memory>

namespace bdl::app::test {

class CandidatesPanelTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    Controller* controller() const { return m_window->controller(); }
    CandidatesPanel* panel() const { return m_window->pruneView()->candidatesPanel(); }
    QTableWidget* table() const { return panel()->table(); }
    /// Runs `start` and waits for the job and the activations the window chains after it.
    bool runWithActivations(const std::function<bool()>& start) {
        QSignalSpy activations(controller(), &Controller::activationsReady);
        return start() && waitIdle(*m_window, [&] { return !activations.isEmpty(); });
    }
    static bool bold(const QTableWidgetItem* item) { return item->font().bold(); }
    /// Saves a picture of the Fine-pruning view when BDL_DESKTOP_SHOTS names a folder (to look at).
    void saveShot(const QString& stem) {
        const QString dir = qEnvironmentVariable("BDL_DESKTOP_SHOTS");
        if (!dir.isEmpty())
            m_window->pruneView()->grab().save(dir + QLatin1Char('/') + stem +
                                               QStringLiteral(".png"));
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_window = openTinyWindow(*m_ws);
        QVERIFY(m_window);
        QCOMPARE(table()->objectName(), QStringLiteral("candidatesTable"));
    }

    void listsEveryRepairedModel() {
        QVERIFY(panel()->isHidden()); // nothing to list yet
        TuneSettings tune;
        tune.epochs = 1;
        QVERIFY(runWithActivations([&] { return controller()->fineTuneAt(2, tune); }));
        QVERIFY(runWithActivations([&] { return controller()->fineTuneAt(5, tune); }));
        QVERIFY(!panel()->isHidden());
        QVERIFY(panel()->isVisible());
        const QStringList sets = controller()->workspace()->poisonedNames;
        QCOMPARE(sets.size(), 2);
        QCOMPARE(table()->rowCount(), 2);
        QCOMPARE(table()->columnCount(), 6 + 2 + 1);
        QCOMPARE(table()->horizontalHeaderItem(6)->text(), QStringLiteral("ASR %\n") + sets[0]);
        QCOMPARE(table()->horizontalHeaderItem(7)->text(), QStringLiteral("ASR %\n") + sets[1]);
        for (int row = 0; row < 2; ++row) {
            const RepairCandidate& c = controller()->candidates()[row];
            QCOMPARE(table()->item(row, 1)->text(), QStringLiteral("Fine-tuning at k"));
            QCOMPARE(table()->item(row, 2)->text(), QString::number(c.result.k));
            QCOMPARE(table()->item(row, 3)->text(), QStringLiteral("0.001"));
            QCOMPARE(table()->item(row, 4)->text(), QStringLiteral("1"));
            QCOMPARE(table()->item(row, 5)->text(), QString::number(c.result.ccaAfter, 'f', 2));
            QCOMPARE(table()->item(row, 6)->text(), QString::number(c.result.asrAfter[0], 'f', 2));
            QCOMPARE(table()->item(row, 7)->text(), QString::number(c.result.asrAfter[1], 'f', 2));
            QCOMPARE(table()->item(row, 8)->text(), c.result.description);
        }
        QCOMPARE(table()->item(0, 2)->text(), QStringLiteral("2"));
        QCOMPARE(table()->item(1, 2)->text(), QStringLiteral("5"));
        // The newest is B': marked in words and in bold.
        QCOMPARE(table()->item(0, 0)->text(), QStringLiteral("1"));
        QCOMPARE(table()->item(1, 0)->text(), QStringLiteral("2 (current)"));
        QVERIFY(!bold(table()->item(0, 5)));
        QVERIFY(bold(table()->item(1, 0)) && bold(table()->item(1, 5)));
        saveShot(QStringLiteral("candidates"));
        // No header is cut: every section is at least as wide as its title needs.
        QHeaderView* header = table()->horizontalHeader();
        for (int i = 0; i < table()->columnCount(); ++i)
            QVERIFY2(header->sectionSize(i) >= header->sectionSizeHint(i),
                     qPrintable(table()->horizontalHeaderItem(i)->text()));
    }

    void buttonsNeedASelectionAndNoJob() {
        table()->clearSelection();
        QCOMPARE(panel()->selectedId(), -1);
        QVERIFY(!panel()->makeCurrentButton()->isEnabled());
        QVERIFY(!panel()->exportButton()->isEnabled());
        panel()->selectId(2); // B' already: nothing to make current
        QCOMPARE(panel()->selectedId(), 2);
        QVERIFY(!panel()->makeCurrentButton()->isEnabled());
        QVERIFY(panel()->exportButton()->isEnabled());
        panel()->selectId(1);
        QVERIFY(panel()->makeCurrentButton()->isEnabled());
        QVERIFY(panel()->exportButton()->isEnabled());
        // While a job runs: both disabled; enabled again after it.
        QVERIFY(controller()->computePruningCurve());
        QVERIFY(controller()->busy());
        QVERIFY(!panel()->makeCurrentButton()->isEnabled());
        QVERIFY(!panel()->exportButton()->isEnabled());
        QVERIFY(waitIdle(*m_window));
        QCOMPARE(panel()->selectedId(), 1);
        QVERIFY(panel()->makeCurrentButton()->isEnabled());
        QVERIFY(panel()->exportButton()->isEnabled());
    }

    void makeCurrentMarksTheRow() {
        panel()->selectId(1);
        QSignalSpy repaired(controller(), &Controller::repairedReady);
        QVERIFY(runWithActivations([&] {
            QTest::mouseClick(panel()->makeCurrentButton(), Qt::LeftButton);
            return controller()->busy();
        }));
        QCOMPARE(repaired.count(), 1);
        QCOMPARE(controller()->currentCandidate(), 1);
        QCOMPARE(controller()->candidates().size(), 2);
        QCOMPARE(table()->rowCount(), 2);
        QCOMPARE(table()->item(0, 0)->text(), QStringLiteral("1 (current)"));
        QCOMPARE(table()->item(1, 0)->text(), QStringLiteral("2"));
        QVERIFY(bold(table()->item(0, 5)));
        QVERIFY(!bold(table()->item(1, 5)));
        QCOMPARE(panel()->selectedId(), 1); // the selection stays on its candidate
        QVERIFY(!panel()->makeCurrentButton()->isEnabled());
        QCOMPARE(m_window->pruneView()->slider()->value(), 2); // the views follow B'
    }

    void exportNamesTheFileWritten() {
        const QString path = m_ws->file(QStringLiteral("candidate-2.h5"));
        QVERIFY(panel()->exportCandidate(2, path));
        QVERIFY(waitIdle(*m_window));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(path),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(controller()->currentCandidate(), 1); // B' unchanged
        QCOMPARE(table()->item(0, 0)->text(), QStringLiteral("1 (current)"));

        QSignalSpy errors(panel(), &CandidatesPanel::errorMessage);
        const QString txt = m_ws->file(QStringLiteral("candidate-2.txt"));
        QVERIFY(!panel()->exportCandidate(2, txt));
        QVERIFY(!panel()->exportCandidate(9, path));
        QCOMPARE(errors.count(), 2);
        QVERIFY(errors.at(0).at(0).toString().contains(txt));
        QVERIFY(!controller()->busy());
        QVERIFY(!QFileInfo::exists(txt));
    }

    void aNewWorkspaceEmptiesThePanel() {
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(m_window->openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
        QCOMPARE(table()->rowCount(), 0);
        QVERIFY(panel()->isHidden());
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(CandidatesPanelTest);

} // namespace bdl::app::test

#include "test_candidates_panel.moc"
