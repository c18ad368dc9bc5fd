// File > Open Result, drops and `backdoorlab --result`: a sweep, a STRIP run and an audit of the
// CLI shown with the file's numbers in windows of their own (read back through the views), a
// shard and a damaged file refused in the banner naming the file and the problem, and the
// workspace left as it was.
#include "desktop_test_util.h"
#include "result_fixtures.h"

#include "app/desktop/audit_view.h"
#include "app/desktop/command_line.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/result_window.h"
#include "app/desktop/session_manager.h"
#include "app/desktop/strip_result_view.h"
#include "app/desktop/sweep_view.h"
#include "app/gui/controller.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/heatmap_plot.h"
#include "widgets/prune_curve_plot.h"
#include "widgets/roc_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QSortFilterProxyModel>
#include <QtGui/QAction>
#include <QtGui/QImage>
#include <QtGui/QStandardItemModel>
#include <QtTest/QTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bdl::app::test {

namespace {

/// The executable gets a minute at most: it opens no workspace.
constexpr int kResultProcessTimeoutMs = 60000;

struct DesktopRun {
    int exitCode = -1;
    QString out, err;
};

DesktopRun runDesktop(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BDL_DESKTOP_EXE), args);
    DesktopRun r;
    if (!p.waitForStarted() || !p.waitForFinished(kResultProcessTimeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("did not finish: ") + p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromLocal8Bit(p.readAllStandardOutput());
    r.err = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}

double worstFixtureAsr(int i, int k) { return std::max(fixtureAsr(0, i, k), fixtureAsr(1, i, k)); }

/// The source model's number in `column` of the row of model `index`.
double auditCell(const AuditView* view, int index, int column) {
    return view->sourceModel()->item(index, column)->data(AuditView::kSortRole).toDouble();
}

} // namespace

class ResultWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_sweep, m_strip, m_audit, m_shard, m_damaged;

private Q_SLOTS:
    void initTestCase() {
        m_sweep = m_dir.filePath(QStringLiteral("sweep.json"));
        m_strip = m_dir.filePath(QStringLiteral("strip.json"));
        m_audit = m_dir.filePath(QStringLiteral("audit.json"));
        m_shard = m_dir.filePath(QStringLiteral("part-2.json"));
        m_damaged = m_dir.filePath(QStringLiteral("damaged.json"));
        QVERIFY(writeFixture(m_sweep, resultText(sweepFixture())));
        QVERIFY(writeFixture(m_strip, resultText(stripFixture())));
        QVERIFY(writeFixture(m_audit, resultText(auditFixture())));
        QJsonObject shard = sweepFixture();
        shard.insert(QStringLiteral("backdoorlab_partial"), 1);
        shard.insert(QStringLiteral("shard"),
                     QJsonObject{{QStringLiteral("index"), 2}, {QStringLiteral("count"), 4}});
        QVERIFY(writeFixture(m_shard, resultText(shard)));
        QJsonObject damaged = sweepFixture();
        QJsonArray cca = damaged.value(QStringLiteral("cca")).toArray();
        cca.removeLast();
        damaged.insert(QStringLiteral("cca"), cca);
        QVERIFY(writeFixture(m_damaged, resultText(damaged)));
    }

    void showsASweepInTheSweepView() {
        MainWindow w(testOptions());
        ResultWindow* r = w.openResult(m_sweep);
        QVERIFY(r);
        QCOMPARE(w.resultWindows(), QList<ResultWindow*>{r});
        QVERIFY(r->isVisible());
        QVERIFY2(r->windowTitle().contains(QStringLiteral("sweep.json")),
                 qPrintable(r->windowTitle()));
        QVERIFY(r->windowTitle().contains(QStringLiteral("LR sweep result")));
        QVERIFY2(r->bannerText().contains(QStringLiteral("not a live analysis")),
                 qPrintable(r->bannerText()));
        QVERIFY(r->bannerText().contains(QStringLiteral("sweep.json")));
        SweepView* view = r->sweepView();
        QVERIFY(view && !r->stripView() && !r->auditView());
        QVERIFY2(view->caption().contains(QStringLiteral("paper protocol")),
                 qPrintable(view->caption()));
        QVERIFY(view->caption().contains(QStringLiteral("pool_3")));
        QVERIFY(view->caption().contains(QStringLiteral("bd_net.h5")));
        QVERIFY(view->findChild<QLabel*>(QStringLiteral("sweepCaption"))->isVisibleTo(view));
        // Read-only: no settings, no Run.
        QVERIFY(!view->findChild<QPushButton*>(QStringLiteral("sweepButton"))->isVisibleTo(view));

        const SweepData& shown = view->shownSweep();
        QCOMPARE(shown.lrs, kFixtureLrs);
        QCOMPARE(shown.ks, kFixtureKs);
        QCOMPARE(shown.poisonedNames, kFixtureSets);
        QCOMPARE(view->ccaPlot()->learningRates(), kFixtureLrs);
        QCOMPARE(view->ccaPlot()->channelsPruned(), kFixtureKs);
        for (int i = 0; i < kFixtureLrs.size(); ++i) {
            for (int k = 0; k < kFixtureKs.size(); ++k) {
                QCOMPARE(view->ccaPlot()->value(i, k), fixtureCca(i, k));
                QCOMPARE(view->asrPlot()->value(i, k), worstFixtureAsr(i, k)); // worst set
            }
        }
        // Each set's ASR map, as in the live view.
        auto* sets = view->findChild<QComboBox*>(QStringLiteral("asrSetSelector"));
        QCOMPARE(sets->count(), 3);
        QCOMPARE(sets->itemText(1), QStringLiteral("patch"));
        QCOMPARE(sets->itemText(2), QStringLiteral("blend"));
        sets->setCurrentIndex(2);
        QCOMPARE(view->asrPlot()->value(2, 3), fixtureAsr(1, 2, 3));
        // The best trade-off under the default 10 % limit: the highest CCA with ASR <= 10 on both
        // sets... none here (blend stays >= 29 %).
        QVERIFY(!view->bestCell());
        // A loaded cell makes no B' (and says nothing).
        Q_EMIT view->ccaPlot()->cellClicked(0, 0);
        QVERIFY(w.banner()->text().isEmpty());
        QVERIFY(!w.controller()->busy());
    }

    void showsAStripRunWithItsNumbers() {
        MainWindow w(testOptions());
        ResultWindow* r = w.openResult(m_strip);
        QVERIFY(r);
        QVERIFY(r->windowTitle().contains(QStringLiteral("STRIP result")));
        StripResultView* view = r->stripView();
        QVERIFY(view);
        QVERIFY2(view->caption().contains(QStringLiteral("zoo:patch")),
                 qPrintable(view->caption()));
        QVERIFY(view->caption().contains(QStringLiteral("N = 50")));
        // The table: the file's numbers, clean test set first.
        QTableWidget* t = view->table();
        QCOMPARE(t->rowCount(), 3);
        auto number = [t](int row, int column) {
            return t->item(row, column)->data(Qt::UserRole).toDouble();
        };
        QCOMPARE(t->item(0, StripResultView::kSetColumn)->text(), QStringLiteral("clean_test"));
        QCOMPARE(number(0, StripResultView::kInputsColumn), 6.0);
        QCOMPARE(number(0, StripResultView::kFrrColumn), 100.0 / 6.0);
        QVERIFY(std::isnan(number(0, StripResultView::kFarColumn)));
        QCOMPARE(t->item(0, StripResultView::kFarColumn)->text(), QStringLiteral("n/a"));
        QCOMPARE(t->item(1, StripResultView::kSetColumn)->text(), QStringLiteral("patch"));
        QCOMPARE(number(1, StripResultView::kFarColumn), 25.0);
        QCOMPARE(number(1, StripResultView::kAurocColumn), 0.9375);
        QCOMPARE(number(1, StripResultView::kAsrColumn), 25.0);
        QCOMPARE(number(2, StripResultView::kFarColumn), 200.0 / 3.0);
        QCOMPARE(number(2, StripResultView::kThresholdColumn), 0.5);
        // The histograms: clean vs each poisoned set, every input counted, the threshold drawn.
        widgets::EntropyHistogramPlot* h = view->histogramPlot();
        QCOMPARE(h->seriesCount(), 3);
        const QVector<qint64> totals{6, 4, 3};
        for (int s = 0; s < 3; ++s) {
            const auto& counts = h->series()[s].counts;
            QCOMPARE(std::accumulate(counts.begin(), counts.end(), qint64{0}), totals[s]);
            QCOMPARE(h->series()[s].total, totals[s]);
        }
        QCOMPARE(h->series()[0].name, QStringLiteral("clean_test"));
        QVERIFY(!h->series()[0].poisoned);
        QVERIFY(h->series()[1].poisoned);
        QCOMPARE(h->threshold(), 0.5);
        QVERIFY(!h->isThresholdDraggable());
        QVERIFY2(h->thresholdLabel().contains(QStringLiteral("normal fit")),
                 qPrintable(h->thresholdLabel()));
        // The ROC curves with the file's AUROC.
        QCOMPARE(view->rocPlot()->legendText(0), QStringLiteral("patch (AUROC 0.938)"));
        // Other bins: the same inputs.
        view->binsBox()->setValue(5);
        QCOMPARE(h->binCount(), 5);
        QCOMPARE(h->series()[2].total, qint64{3});
    }

    void showsAnAuditAsASortableTable() {
        MainWindow w(testOptions());
        ResultWindow* r = w.openResult(m_audit);
        QVERIFY(r);
        QVERIFY(r->windowTitle().contains(QStringLiteral("Audit result")));
        AuditView* view = r->auditView();
        QVERIFY(view);
        QVERIFY2(view->caption().contains(QStringLiteral("models: 3")) &&
                     view->caption().contains(QStringLiteral("STRIP N = 100 (auto split)")),
                 qPrintable(view->caption()));
        QStandardItemModel* m = view->sourceModel();
        QCOMPARE(m->rowCount(), 3);
        QCOMPARE(m->item(0, AuditView::kModelColumn)->text(), QStringLiteral("badnet.h5"));
        QCOMPARE(auditCell(view, 0, AuditView::kCcaColumn), 91.5);
        QCOMPARE(auditCell(view, 0, AuditView::kMaxAsrColumn), 99.0);
        QCOMPARE(m->item(0, AuditView::kTrustColumn)->text(), QStringLiteral("no"));
        QCOMPARE(m->item(1, AuditView::kTrustColumn)->text(), QStringLiteral("yes"));
        QCOMPARE(m->item(2, AuditView::kTrustColumn)->text(), QStringLiteral("partly"));
        QCOMPARE(m->item(0, AuditView::kTrustColumn)->toolTip(),
                 QStringLiteral("the verdict on badnet.h5"));
        const QString awareTip = m->item(0, AuditView::kPruningAwareColumn)->toolTip();
        QVERIFY2(awareTip.contains(QStringLiteral("k* = 2")) &&
                     awareTip.contains(QStringLiteral("patch: yes")) &&
                     awareTip.contains(QStringLiteral("blend: no")),
                 qPrintable(awareTip));
        QCOMPARE(m->item(0, AuditView::kPruningAwareColumn)->text(), QStringLiteral("yes"));
        QCOMPARE(m->item(2, AuditView::kPruningAwareColumn)->text(), QStringLiteral("n/a"));
        QCOMPARE(auditCell(view, 0, AuditView::kFrrColumn), 1.0);
        QCOMPARE(auditCell(view, 0, AuditView::kFarColumn), 30.0);  // the worst set
        QCOMPARE(auditCell(view, 0, AuditView::kAurocColumn), 0.8); // the worst set
        QVERIFY(std::isnan(auditCell(view, 2, AuditView::kAurocColumn)));
        const QString asrTip = m->item(0, AuditView::kMaxAsrColumn)->toolTip();
        QVERIFY2(asrTip.contains(QStringLiteral("patch: 99.00 %")) &&
                     asrTip.contains(QStringLiteral("blend: 40.00 %")),
                 qPrintable(asrTip));
        QVERIFY(m->item(1, AuditView::kFarColumn)->toolTip().contains(QStringLiteral("85.00 %")));

        // The first model's pruning curve is shown.
        QCOMPARE(view->shownModel(), 0);
        widgets::PruneCurvePlot* curve = view->curvePlot();
        QCOMPARE(curve->totalChannels(), 4);
        QCOMPARE(curve->poisonedNames(), kFixtureSets);
        QCOMPARE(curve->points().size(), 5);
        QCOMPARE(curve->pointAt(3)->cca, 70.0);
        QCOMPARE(curve->pointAt(3)->asr, (QVector<double>{60.0, 10.0}));
        view->selectModel(1);
        QCOMPARE(view->shownModel(), 1);
        QCOMPARE(curve->pointAt(4)->cca, 50.0);
        view->selectModel(2); // no curve in the file
        QVERIFY(curve->points().isEmpty());
        QVERIFY(view->findChild<QLabel*>(QStringLiteral("auditCurveLabel"))
                    ->text()
                    .contains(QStringLiteral("no pruning curve")));

        // Sorting: numbers as numbers, a missing one first.
        QTableView* table = view->table();
        auto modelAt = [table](int row) {
            return table->model()->index(row, 0).data(AuditView::kModelRole).toInt();
        };
        QCOMPARE((QList<int>{modelAt(0), modelAt(1), modelAt(2)}), (QList<int>{0, 1, 2}));
        table->sortByColumn(AuditView::kCcaColumn, Qt::AscendingOrder);
        QCOMPARE((QList<int>{modelAt(0), modelAt(1), modelAt(2)}), (QList<int>{2, 0, 1}));
        table->sortByColumn(AuditView::kCcaColumn, Qt::DescendingOrder);
        QCOMPARE((QList<int>{modelAt(0), modelAt(1), modelAt(2)}), (QList<int>{1, 0, 2}));
        table->sortByColumn(AuditView::kAurocColumn, Qt::AscendingOrder);
        QCOMPARE((QList<int>{modelAt(0), modelAt(1), modelAt(2)}), (QList<int>{2, 1, 0}));
        table->sortByColumn(AuditView::kTrustColumn, Qt::AscendingOrder); // no < partly < yes
        QCOMPARE((QList<int>{modelAt(0), modelAt(1), modelAt(2)}), (QList<int>{0, 2, 1}));
        table->sortByColumn(AuditView::kModelColumn, Qt::AscendingOrder);
        QCOMPARE(table->model()->index(0, 0).data().toString(), QStringLiteral("badnet.h5"));
        // Selecting a row after sorting shows that row's model.
        table->selectRow(2);
        QCOMPARE(view->shownModel(), modelAt(2));
    }

    void refusesAShardWithTheMergeCommand() {
        MainWindow w(testOptions());
        QString error;
        QVERIFY(!w.openResult(m_shard, &error));
        QVERIFY(w.resultWindows().isEmpty());
        const QString banner = w.banner()->text();
        QVERIFY2(banner.contains(m_shard + QStringLiteral(": this is shard 2 of 4 of a sweep "
                                                          "result; merge the parts first: "
                                                          "backdoorlab-cli merge")),
                 qPrintable(banner));
        QCOMPARE(error, banner);
    }

    void refusesADamagedFileNamingTheProblem() {
        MainWindow w(testOptions());
        QVERIFY(!w.openResult(m_damaged));
        QVERIFY(w.resultWindows().isEmpty());
        QVERIFY2(w.banner()->text().contains(m_damaged +
                                             QStringLiteral(": 'cca' has 2 rows; 'lrs' has 3")),
                 qPrintable(w.banner()->text()));
        QCOMPARE(w.banner()->cause(), QStringLiteral("result"));
        // A result that opens clears the message.
        QVERIFY(w.openResult(m_sweep));
        QVERIFY(w.banner()->cause().isEmpty());
    }

    void menuDropAndReopen() {
        MainWindow w(testOptions());
        QAction* open = w.findChild<QAction*>(QStringLiteral("openResultAction"));
        QVERIFY(open);
        QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
        QVERIFY(open->isEnabled());
        // A drop of two results opens both; the same file again replaces its window.
        QVERIFY(w.handleDroppedFiles({m_sweep, m_audit}));
        QCOMPARE(w.resultWindows().size(), 2);
        QVERIFY(w.handleDroppedFiles({m_sweep}));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        const QList<ResultWindow*> open2 = w.resultWindows();
        QCOMPARE(open2.size(), 2);
        QCOMPARE(w.findChildren<ResultWindow*>().size(), 2); // the replaced one is gone
        // A dropped shard: refused in the banner like File > Open Result.
        QVERIFY(!w.handleDroppedFiles({m_shard}));
        QVERIFY(w.banner()->text().contains(QStringLiteral("merge the parts first")));
    }

    void leavesTheWorkspaceAlone() {
        TinyWorkspace ws;
        std::unique_ptr<MainWindow> w = openTinyWindow(ws);
        QVERIFY(w);
        const QString title = w->windowTitle();
        const QString model = w->lastRequest().modelPath;
        const bool modified = w->sessions()->isModified();
        const QString session = w->sessions()->currentPath();
        QVERIFY(w->controller()->workspace());
        QVERIFY(w->openResult(m_sweep));
        QVERIFY(w->openResult(m_strip));
        QCOMPARE(w->windowTitle(), title);
        QCOMPARE(w->lastRequest().modelPath, model);
        QCOMPARE(w->sessions()->isModified(), modified);
        QCOMPARE(w->sessions()->currentPath(), session);
        QVERIFY(w->controller()->workspace());
        QVERIFY(!w->controller()->busy());
        // The live views keep the workspace's state: no sweep was run there.
        QVERIFY(w->sweepView()->shownSweep().cells.isEmpty());
        QVERIFY(w->sweepView()->caption().isEmpty());
    }

    void commandLineOption() {
        const CommandLine only =
            parseCommandLine({QStringLiteral("backdoorlab"), QStringLiteral("--result"), m_sweep});
        QVERIFY2(only.run, qPrintable(only.message));
        QCOMPARE(only.options.resultPath, m_sweep);
        QVERIFY(!only.options.openWorkspace); // the result alone
        const CommandLine both =
            parseCommandLine({QStringLiteral("backdoorlab"), QStringLiteral("zoo:blend"),
                              QStringLiteral("--result"), m_sweep});
        QVERIFY(both.run);
        QVERIFY(both.options.openWorkspace);
        QCOMPARE(both.options.request.zooModel, QStringLiteral("blend"));
        QVERIFY(parseCommandLine({QStringLiteral("backdoorlab")}).options.openWorkspace);
        const CommandLine missing =
            parseCommandLine({QStringLiteral("backdoorlab"), QStringLiteral("--result")});
        QVERIFY(!missing.run);
        QCOMPARE(missing.exitCode, 2);
    }

    void executableShowsAResult() {
        const QString shot = m_dir.filePath(QStringLiteral("audit.png"));
        const DesktopRun ok =
            runDesktop({QStringLiteral("--result"), m_audit, QStringLiteral("--screenshot"), shot,
                        QStringLiteral("--size"), QStringLiteral("1024x700")});
        QVERIFY2(ok.exitCode == 0, qPrintable(ok.err));
        QVERIFY2(ok.out.contains(shot), qPrintable(ok.out));
        const QImage image(shot, "PNG");
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1024, 700));

        const DesktopRun refused =
            runDesktop({QStringLiteral("--result"), m_shard, QStringLiteral("--screenshot"),
                        m_dir.filePath(QStringLiteral("shard.png"))});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(m_shard + QStringLiteral(": this is shard 2 of 4")),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("shard.png"))));
    }
};

BDL_REGISTER_DESKTOP_TEST(ResultWindowTest);

} // namespace bdl::app::test

#include "test_result_window.moc"
