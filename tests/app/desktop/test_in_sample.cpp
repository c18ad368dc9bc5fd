// A workspace opened without a clean train set ranks and fine-tunes on its clean test set: its
// numbers are marked in-sample wherever they appear (workspace panel, prune view readouts and
// curve legend, comparison rows, data and figure exports), and are not when part of the clean
// data was held out as the train set.
#include "desktop_test_util.h"

#include "app/desktop/comparison_view.h"
#include "app/desktop/export_menu.h"
#include "app/desktop/main_window.h"
#include "app/desktop/prune_view.h"
#include "app/desktop/workspace_panel.h"
#include "app/gui/controller.h"
#include "widgets/prune_curve_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableWidget>

namespace bdl::app::test {

namespace {

const TuneSettings kOneEpoch{/*lr=*/1e-3, /*epochs=*/1, /*batchSize=*/16, /*seed=*/0};

/// A shown window with `request` open and its chained jobs (curve, activations) done.
std::unique_ptr<MainWindow> openWindow(const WorkspaceRequest& request) {
    LaunchOptions options;
    options.threads = kThreads;
    auto window = std::make_unique<MainWindow>(options);
    window->show();
    QSignalSpy activations(window->controller(), &Controller::activationsReady);
    if (!window->openWorkspace(request) ||
        !waitIdle(*window, [&] { return !activations.isEmpty(); }))
        return nullptr;
    return window;
}

QString legendName(widgets::PruneCurvePlot* plot) {
    QObject* graph = plot->findChild<QObject*>(QStringLiteral("ccaGraph"));
    return graph ? graph->property("name").toString() : QString();
}

QStringList csvLines(const QString& path) {
    return QString::fromUtf8(readAll(path)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class InSampleMarkTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;

    WorkspaceRequest withoutTrain(int holdOutPercent) const {
        WorkspaceRequest r = m_ws->request();
        r.trainPath.clear();
        r.holdOutPercent = holdOutPercent;
        return r;
    }

private Q_SLOTS:
    void initTestCase() { m_ws = std::make_unique<TinyWorkspace>(); }

    void cleanTestAsTrainIsMarkedEverywhere() {
        auto window = openWindow(withoutTrain(0));
        QVERIFY(window);
        QVERIFY(window->controller()->workspace()->inSample);

        // Workspace panel: a visible warning line (not a truncated tree cell) and the split.
        WorkspacePanel* panel = window->workspacePanel();
        QVERIFY(panel->inSampleText().contains(QStringLiteral("In-sample")));
        auto* warning = panel->findChild<QLabel*>(QStringLiteral("workspaceInSample"));
        QVERIFY(warning && warning->isVisible() && warning->wordWrap());
        QVERIFY(!warning->toolTip().isEmpty());
        QVERIFY2(panel->summaryText().contains(
                     QStringLiteral("Split: none: the 96 clean test images are also the train "
                                    "set (in-sample)")),
                 qPrintable(panel->summaryText()));

        // Prune view: the badge, the curve's legend and the slider readout.
        PruneView* prune = window->pruneView();
        QVERIFY(prune->inSample());
        auto* badge = prune->findChild<QLabel*>(QStringLiteral("inSampleBadge"));
        QVERIFY(badge && badge->isVisible());
        QVERIFY(badge->text().contains(QStringLiteral("In-sample")));
        QVERIFY(legendName(prune->curvePlot()).contains(QStringLiteral("in-sample")));
        QVERIFY(legendName(prune->stepsPlot()).contains(QStringLiteral("in-sample")));
        QVERIFY(prune->lastReadout().has_value());
        QVERIFY(prune->readoutText(*prune->lastReadout()).contains(QStringLiteral("in-sample")));

        // B' from fine-tuning at k: its summary, its panel rows and its comparison rows.
        QSignalSpy repaired(window->controller(), &Controller::repairedReady);
        QVERIFY(window->controller()->fineTuneAt(2, kOneEpoch));
        QVERIFY(waitIdle(*window, [&] { return !repaired.isEmpty(); }));
        QVERIFY(window->controller()->repaired()->inSample);
        auto* summary = prune->findChild<QLabel*>(QStringLiteral("repairedSummary"));
        QVERIFY2(summary->text().contains(QStringLiteral("In-sample")),
                 qPrintable(summary->text()));
        QVERIFY(panel->summaryText().contains(QStringLiteral("CCA (in-sample): ")));
        ComparisonView* comparison = window->comparisonView();
        QCOMPARE(comparison->rows().size(), 2);
        for (const ComparisonRow& r : comparison->rows())
            QVERIFY(r.inSample);
        QVERIFY(comparison->table()->item(0, 4)->text().endsWith(QStringLiteral("(in-sample)")));
        const QStringList rows = comparison->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const int column = rows[0].split(QLatin1Char(',')).indexOf(QStringLiteral("in_sample"));
        QVERIFY(column > 0);
        for (int i = 1; i < rows.size(); ++i)
            QCOMPARE(rows[i].split(QLatin1Char(',')).value(column), QStringLiteral("true"));
        const QJsonObject json = QJsonDocument::fromJson(comparison->toJson().toUtf8()).object();
        QVERIFY(json.value(QStringLiteral("rows"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("in_sample"))
                    .toBool());

        // Exports: the curve's CSV and JSON carry the flag, its figure the legend.
        QTemporaryDir dir;
        ExportMenu* exports = window->exportMenu();
        QVERIFY(
            exports->exportData(QStringLiteral("curve"), dir.filePath(QStringLiteral("c.csv"))));
        const QStringList csv = csvLines(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY2(csv.size() > 2 && csv[0].endsWith(QStringLiteral(",in_sample")),
                 qPrintable(csv[0]));
        for (int i = 1; i < csv.size(); ++i)
            QVERIFY(csv[i].endsWith(QStringLiteral(",true")));
        QVERIFY(
            exports->exportData(QStringLiteral("curve"), dir.filePath(QStringLiteral("c.json"))));
        QVERIFY(QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("c.json"))))
                    .object()
                    .value(QStringLiteral("in_sample"))
                    .toBool());
        QVERIFY(exports->exportData(QStringLiteral("cca-heatmap"),
                                    dir.filePath(QStringLiteral("h.json"))));
        QVERIFY(QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("h.json"))))
                    .object()
                    .value(QStringLiteral("in_sample"))
                    .toBool());
        QVERIFY(
            exports->exportFigure(QStringLiteral("curve"), dir.filePath(QStringLiteral("c.svg"))));
        QVERIFY(readAll(dir.filePath(QStringLiteral("c.svg"))).contains("in-sample"));
    }

    void heldOutTrainSetIsNotMarked() {
        auto window = openWindow(withoutTrain(WorkspaceRequest::kDefaultHoldOutPercent));
        QVERIFY(window);
        const WorkspaceInfo& w = *window->controller()->workspace();
        QVERIFY(!w.inSample);
        QCOMPARE(w.holdOutPercent, 20);

        WorkspacePanel* panel = window->workspacePanel();
        QVERIFY(panel->inSampleText().isEmpty());
        QVERIFY2(panel->summaryText().contains(
                     QStringLiteral("Split: held out 20 % as train: 19 train, 77 clean test "
                                    "(seed 0)")),
                 qPrintable(panel->summaryText()));
        PruneView* prune = window->pruneView();
        QVERIFY(!prune->inSample());
        QVERIFY(!prune->findChild<QLabel*>(QStringLiteral("inSampleBadge"))->isVisible());
        QVERIFY(!legendName(prune->curvePlot()).contains(QStringLiteral("in-sample")));
        QVERIFY(!prune->readoutText(*prune->lastReadout()).contains(QStringLiteral("in-sample")));

        QTemporaryDir dir;
        QVERIFY(window->exportMenu()->exportData(QStringLiteral("curve"),
                                                 dir.filePath(QStringLiteral("c.csv"))));
        const QStringList csv = csvLines(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY(csv.size() > 2 && csv[1].endsWith(QStringLiteral(",false")));
        QVERIFY(window->exportMenu()->exportFigure(QStringLiteral("curve"),
                                                   dir.filePath(QStringLiteral("c.svg"))));
        QVERIFY(!readAll(dir.filePath(QStringLiteral("c.svg"))).contains("in-sample"));
    }

    void aTrainSetIsNotMarked() {
        auto window = openWindow(m_ws->request());
        QVERIFY(window);
        QVERIFY(!window->controller()->workspace()->inSample);
        QVERIFY(window->workspacePanel()->inSampleText().isEmpty());
        QVERIFY(window->workspacePanel()->summaryText().contains(
            QStringLiteral("Split: separate train set: 80 train, 96 clean test")));
        QVERIFY(!window->pruneView()->inSample());
    }
};

BDL_REGISTER_DESKTOP_TEST(InSampleMarkTest);

} // namespace bdl::app::test

#include "test_in_sample.moc"
