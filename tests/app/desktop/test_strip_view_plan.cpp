// The STRIP view's plan and labels (issue 11): a chosen N that leaves no calibration input says
// why and what to do, the automatic split says what it did, and a poisoned input shows its true
// class and its target. The rest of the STRIP view is in test_strip_view.cpp.
#include "desktop_test_util.h"

#include "app/desktop/main_window.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "core/io/data_io.h"
#include "widgets/entropy_histogram_plot.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

#include <torch/types.h>

#include <cmath>
#include <memory>

namespace bdl::app::test {

namespace {

/// As in test_strip_view.cpp: a short run on the tiny workspace (80 train images).
constexpr int kPlanN = 16;
constexpr int kPlanCalibration = 32;

} // namespace

class StripPlanViewTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;

    Controller* controller() const { return m_window->controller(); }
    StripView* view() const { return m_window->stripView(); }
    widgets::EntropyHistogramPlot* plot() const { return view()->histogramPlot(); }
    const StripData& data() const { return *controller()->strip(); }

private Q_SLOTS:
    /// A workspace with one finished STRIP run (the run a failed one must leave on screen).
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        LaunchOptions options;
        options.threads = kThreads;
        m_window = std::make_unique<MainWindow>(options);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->tabs()->setCurrentWidget(view());
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(m_window->openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
        StripRequest r;
        r.n = kPlanN;
        r.sample = 0;
        r.calibration = kPlanCalibration;
        view()->setRequest(r);
        QSignalSpy ready(controller(), &Controller::stripReady);
        QTest::mouseClick(view()->findChild<QPushButton*>(QStringLiteral("runStripButton")),
                          Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !ready.isEmpty(); }));
        QVERIFY(view()->hasResult());
    }

    // Issue 11, point 5: a chosen N that leaves no calibration input shows why and what to do in
    // the view, the previous run staying; the automatic split lowers N and says so.
    void chosenNWithoutCalibrationSaysWhyAndTheAutomaticSplitWhatItDid() {
        const QVector<qint64> before = data().overlayIndices;
        auto* message = view()->findChild<QLabel*>(QStringLiteral("stripMessage"));
        QVERIFY(message);
        QVERIFY(!message->isVisibleTo(view()));
        StripRequest r = view()->request();
        r.n = 80; // every one of the 80 train images would be an overlay
        r.autoSplit = false;
        view()->setRequest(r);
        auto* box = view()->findChild<QCheckBox*>(QStringLiteral("stripAutoSplit"));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        auto* run = view()->findChild<QPushButton*>(QStringLiteral("runStripButton"));
        QSignalSpy failed(controller(), &Controller::failed);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !failed.isEmpty(); }));
        QVERIFY(message->isVisibleTo(view()));
        const QString text = view()->message();
        QVERIFY2(text.contains(m_ws->train), qPrintable(text)); // names the file
        QVERIFY2(text.contains(QStringLiteral("Lower N to at most 79")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("automatically")), qPrintable(text));
        // Not "n/a everywhere": the previous run and its numbers are back.
        QVERIFY(view()->hasResult());
        QCOMPARE(view()->shownData().overlayIndices, before);
        QVERIFY(!std::isnan(view()->threshold()));

        box->click(); // as the user ticks it
        QVERIFY(view()->request().autoSplit);
        QSignalSpy ready(controller(), &Controller::stripReady);
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !ready.isEmpty(); }));
        QVERIFY(!message->isVisibleTo(view())); // its cause is gone
        QVERIFY(view()->message().isEmpty());
        QCOMPARE(data().overlayIndices.size(), 40);
        QVERIFY(data().calibration()->size() > 0);
        const QString summary =
            view()->findChild<QLabel*>(QStringLiteral("stripRunSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("N = 40 overlays")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("80 to 40")), qPrintable(summary));
        QVERIFY(!std::isnan(view()->threshold()));
    }

    // Issue 11, point 7: a poisoned input shows its true class and its target, in the bin table,
    // above the detail tiles and in the JSON export.
    void poisonedInputsShowTrueClassAndTarget() {
        core::DataSpec spec;
        spec.path = m_ws->poisonedA.toStdString();
        spec.role = core::DataSpec::Poisoned;
        core::Dataset patch = core::loadDataset(spec); // target 0, true classes unknown
        patch.labels = (torch::arange(patch.size(), torch::kLong) % 3) + 1;
        const QString file = m_ws->file(QStringLiteral("patch_true_labels.h5"));
        core::saveCsawH5(patch, file.toStdString()); // writes `true_label`, as the zoo does
        WorkspaceRequest w = m_ws->request();
        w.poisoned = {PoisonedSource{file, -1}, w.poisoned[1]};
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(m_window->openWorkspace(w));
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
        StripRequest r;
        r.n = kPlanN;
        r.sample = 0;
        r.calibration = kPlanCalibration;
        view()->setRequest(r);
        QSignalSpy ready(controller(), &Controller::stripReady);
        QTest::mouseClick(view()->findChild<QPushButton*>(QStringLiteral("runStripButton")),
                          Qt::LeftButton);
        QVERIFY(waitIdle(*m_window, [&] { return !ready.isEmpty(); }));
        QTableWidget* table = view()->binTable();
        QCOMPARE(table->horizontalHeaderItem(StripView::kTrueClassColumn)->text(),
                 QStringLiteral("True class"));
        QCOMPARE(table->horizontalHeaderItem(StripView::kTargetColumn)->text(),
                 QStringLiteral("Target"));
        // Every bar of both poisoned sets: true class from the file or "?", target 0 or 2.
        for (int setIndex : {2, 3}) {
            const int series = static_cast<int>(view()->seriesSets().indexOf(setIndex));
            QVERIFY(series >= 0);
            const StripSet& set = data().sets[setIndex];
            int rows = 0;
            for (int b = 0; b < plot()->binCount(); ++b) {
                Q_EMIT plot()->binClicked(series, b);
                for (int row = 0; row < table->rowCount(); ++row, ++rows) {
                    const int p =
                        table->item(row, StripView::kIndexColumn)->data(Qt::UserRole).toInt();
                    const QString truth = setIndex == 2 ? QString::number(set.indices[p] % 3 + 1)
                                                        : QStringLiteral("?");
                    QCOMPARE(table->item(row, StripView::kTrueClassColumn)->text(), truth);
                    QCOMPARE(table->item(row, StripView::kTargetColumn)->text(),
                             setIndex == 2 ? QStringLiteral("0") : QStringLiteral("2"));
                }
            }
            QCOMPARE(rows, set.size());
        }
        // A clean input: its label is its true class; no target.
        const int cleanSeries = static_cast<int>(view()->seriesSets().indexOf(1));
        for (int b = 0; b < plot()->binCount() && table->rowCount() == 0; ++b)
            Q_EMIT plot()->binClicked(cleanSeries, b);
        QVERIFY(table->rowCount() > 0);
        const StripSet& clean = data().sets[1];
        const int cp = table->item(0, StripView::kIndexColumn)->data(Qt::UserRole).toInt();
        QCOMPARE(table->item(0, StripView::kTrueClassColumn)->text(),
                 QString::number(clean.reference[cp]));
        QVERIFY(table->item(0, StripView::kTargetColumn)->text().isEmpty());

        // The detail of a poisoned input names both.
        const int series = static_cast<int>(view()->seriesSets().indexOf(2));
        for (int b = 0; b < plot()->binCount(); ++b) {
            Q_EMIT plot()->binClicked(series, b);
            if (table->rowCount() > 0)
                break;
        }
        const int p = table->item(0, StripView::kIndexColumn)->data(Qt::UserRole).toInt();
        QSignalSpy detail(controller(), &Controller::stripDetailReady);
        table->selectRow(0);
        QVERIFY(waitIdle(*m_window, [&] { return !detail.isEmpty(); }));
        const QString label =
            view()->findChild<QLabel*>(QStringLiteral("stripDetailLabel"))->text();
        const QString both =
            QStringLiteral("true class %1, target 0").arg(data().sets[2].indices[p] % 3 + 1);
        QVERIFY2(label.contains(both), qPrintable(label));

        // The JSON export lists every scored input with both.
        const QJsonObject root = QJsonDocument::fromJson(view()->toJson().toUtf8()).object();
        const QJsonArray sets = root.value(QStringLiteral("histogram"))
                                    .toObject()
                                    .value(QStringLiteral("sets"))
                                    .toArray();
        QJsonObject patchInputs;
        for (const QJsonValue& v : sets)
            if (v.toObject().value(QStringLiteral("name")).toString() == data().sets[2].name)
                patchInputs = v.toObject().value(QStringLiteral("inputs")).toObject();
        const QJsonArray index = patchInputs.value(QStringLiteral("index")).toArray();
        const QJsonArray truth = patchInputs.value(QStringLiteral("true_class")).toArray();
        const QJsonArray target = patchInputs.value(QStringLiteral("target")).toArray();
        QCOMPARE(index.size(), data().sets[2].size());
        QCOMPARE(truth.size(), index.size());
        QCOMPARE(target.size(), index.size());
        for (int i = 0; i < index.size(); ++i) {
            QCOMPARE(truth[i].toInt(), index[i].toInt() % 3 + 1);
            QCOMPARE(target[i].toInt(), 0);
        }
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(StripPlanViewTest);

} // namespace bdl::app::test

#include "test_strip_view_plan.moc"
