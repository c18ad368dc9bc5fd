// The STRIP tab on a tiny workspace, in a real main window: the live histogram, its counts against
// the core's binning, the scores table against core::stripReport, dragging the threshold line
// with the mouse, clicking a bar and the detail tiles of one input. The functions run in order on
// one window (each builds on the run the first one made). At the end: the message for a chosen N
// that leaves no calibration input, the automatic split, and poisoned inputs' true classes.
#include "desktop_test_util.h"

#include "app/desktop/export_menu.h"
#include "app/desktop/image_convert.h"
#include "app/desktop/main_window.h"
#include "app/desktop/screenshot_runner.h"
#include "app/desktop/strip_settings_form.h"
#include "app/desktop/strip_view.h"
#include "app/gui/controller.h"
#include "app/gui/strip_math.h"
#include "core/defenses/histogram.h"
#include "core/defenses/strip.h"
#include "widgets/entropy_histogram_plot.h"
#include "widgets/image_tiles.h"
#include "widgets/roc_plot.h"

#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QTableWidget>

#include <cmath>
#include <memory>
#include <vector>

namespace bdl::app::test {

namespace {

/// Few superimpositions and calibration inputs keep the run short on the tiny workspace (80
/// train images: 16 overlays, 32 calibration inputs from the other 64).
constexpr int kN = 16;
constexpr int kCalibration = 32;

std::vector<double> toStd(const QVector<double>& v) { return {v.begin(), v.end()}; }

core::StripSetData coreSet(const StripSet& s) {
    core::StripSetData d;
    d.name = s.name.toStdString();
    d.entropy = toStd(s.entropy);
    d.predicted.assign(s.predicted.begin(), s.predicted.end());
    d.reference.assign(s.reference.begin(), s.reference.end());
    return d;
}

double tableValue(const QTableWidget* table, int row) {
    const QTableWidgetItem* item = table->item(row, 1);
    return item ? item->data(Qt::UserRole).toDouble() : std::nan("");
}

bool almostEqual(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class StripViewTest : public QObject {
    Q_OBJECT

    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    int m_progressChecks = 0;
    int m_partialSeries = 0; ///< updates drawn while their set was still being scored
    QStringList m_liveMismatches;

    Controller* controller() const { return m_window->controller(); }
    StripView* view() const { return m_window->stripView(); }
    widgets::EntropyHistogramPlot* plot() const { return view()->histogramPlot(); }
    const StripData& data() const { return *controller()->strip(); }

    /// The scores table must hold `s` (the values, exactly) at threshold `t`.
    void verifyTable(const StripScores& s, double t) {
        const QTableWidget* table = view()->scoresTable();
        QCOMPARE(table->objectName(), QStringLiteral("stripScoresTable"));
        QCOMPARE(table->rowCount(), int(StripView::kFirstSetRow) + 3 * data().poisonedCount());
        QCOMPARE(tableValue(table, StripView::kThresholdRow), t);
        QCOMPARE(tableValue(table, StripView::kFrrRow), s.frr);
        QCOMPARE(tableValue(table, StripView::kCalibrationFrrRow), s.calibrationFrr);
        QCOMPARE(tableValue(table, StripView::kCcaRow), s.cca);
        for (int i = 0; i < data().poisonedCount(); ++i) {
            QCOMPARE(tableValue(table, StripView::kFirstSetRow + 3 * i), s.far[i]);
            QCOMPARE(tableValue(table, StripView::kFirstSetRow + 3 * i + 1), s.asr[i]);
            QCOMPARE(tableValue(table, StripView::kFirstSetRow + 3 * i + 2), s.auroc[i]);
        }
    }

    /// The QCustomPlot inside the histogram (objectName "plot"), as a plain widget: this suite
    /// does not include qcustomplot.h.
    QWidget* customPlot() const {
        auto* w = plot()->findChild<QWidget*>(QStringLiteral("plot"));
        if (!w)
            qFatal("no customPlot");
        return w;
    }

    /// A point in customPlot() coordinates on bar (series, bin), if the bar is drawn.
    std::optional<QPoint> pointOnBar(int series, int bin) const {
        const QRect r = customPlot()->rect();
        for (int y = r.bottom() - 1; y > r.top(); y -= 2)
            for (int x = r.left(); x <= r.right(); ++x)
                if (const auto bar = plot()->barAt(QPoint(x, y));
                    bar && bar->series == series && bar->bin == bin)
                    return QPoint(x, y);
        return std::nullopt;
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        LaunchOptions options;
        options.threads = kThreads;
        m_window = std::make_unique<MainWindow>(options);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(view());
        QCOMPARE(view()->objectName(), QStringLiteral("stripView"));
        QTabWidget* tabs = m_window->tabs();
        const int tab = tabs->indexOf(view());
        QVERIFY(tab > 0);
        QCOMPARE(tabs->tabText(tab), QStringLiteral("STRIP"));
        QCOMPARE(tabs->tabText(tab - 1), QStringLiteral("Activations"));
        tabs->setCurrentIndex(tab);
        auto* run = view()->findChild<QPushButton*>(QStringLiteral("runStripButton"));
        QVERIFY(run);
        QVERIFY(!run->isEnabled()); // no workspace yet
        QSignalSpy activations(controller(), &Controller::activationsReady);
        QVERIFY(m_window->openWorkspace(m_ws->request()));
        QVERIFY(waitIdle(*m_window, [&] { return !activations.isEmpty(); }));
    }

    void formRoundTripsTheRequest() {
        StripRequest r;
        r.n = 37;
        r.blend = StripBlend::Additive;
        r.alpha = 0.3;
        r.overlaySource = OverlaySource::CleanTest;
        r.seed = 99;
        r.sample = 0;
        r.calibration = 12;
        r.rule = StripRule::Percentile;
        r.frr = 5.0;
        view()->setRequest(r);
        const StripRequest back = view()->request();
        QCOMPARE(back.n, 37);
        QCOMPARE(back.blend, StripBlend::Additive);
        QCOMPARE(back.alpha, 0.3);
        QCOMPARE(back.overlaySource, OverlaySource::CleanTest);
        QCOMPARE(back.seed, quint64(99));
        QCOMPARE(back.sample, 0);
        QCOMPARE(back.calibration, 12);
        QCOMPARE(back.rule, StripRule::Percentile);
        QCOMPARE(back.frr, 5.0);
        // Alpha only means something for the alpha blend; N is clamped to 2..1000.
        QVERIFY(!view()->findChild<QWidget*>(QStringLiteral("stripAlpha"))->isEnabled());
        r.n = 5000;
        r.blend = StripBlend::Alpha;
        view()->setRequest(r);
        QCOMPARE(view()->request().n, 1000);
        QVERIFY(view()->findChild<QWidget*>(QStringLiteral("stripAlpha"))->isEnabled());
    }

    void runFillsTheHistogramLive() {
        StripRequest r;
        r.n = kN;
        r.sample = 0;
        r.calibration = kCalibration;
        view()->setRequest(r);
        // Checked after the view's own slot (connected first) has handled each update.
        connect(controller(), &Controller::stripProgress, this, [this](const StripProgress& p) {
            ++m_progressChecks;
            const int shown = static_cast<int>(view()->seriesSets().indexOf(p.setIndex));
            if (shown >= 0 && !p.set.complete) {
                if (plot()->series()[shown].total != p.set.size())
                    m_liveMismatches << QStringLiteral("total of ") + p.set.name;
                ++m_partialSeries;
            }
            const StripHistogram h = stripHistogram(view()->shownData(), StripView::kDefaultBins);
            for (int i = 0; i < plot()->seriesCount(); ++i) {
                const int s = view()->seriesSets().value(i);
                const int at = static_cast<int>(h.setIndices.indexOf(s));
                if (at < 0 || plot()->series()[i].counts != h.counts[at])
                    m_liveMismatches << plot()->series()[i].name;
            }
        });
        QSignalSpy ready(controller(), &Controller::stripReady);
        QSignalSpy thresholds(view(), &StripView::thresholdChanged);
        QVERIFY(waitIdle(*m_window));
        auto* run = view()->findChild<QPushButton*>(QStringLiteral("runStripButton"));
        QVERIFY(run->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(controller()->busy());
        QVERIFY(!run->isEnabled()); // disabled while busy
        QVERIFY(waitIdle(*m_window, [&] { return !ready.isEmpty(); }));
        QVERIFY(run->isEnabled());
        QVERIFY(m_progressChecks > 0);
        QVERIFY(m_partialSeries > 0); // drawn while scoring, not only at the end
        QVERIFY2(m_liveMismatches.isEmpty(), qPrintable(m_liveMismatches.join(QLatin1Char(','))));
        QVERIFY(view()->hasResult());
        QCOMPARE(data().sets.size(), 4); // calibration, clean test, two poisoned sets
        QCOMPARE(data().calibration()->size(), kCalibration);
        QVERIFY(!thresholds.isEmpty());
        QVERIFY(!std::isnan(thresholds.last().at(0).toDouble()));
    }

    void histogramCountsAreTheCores() {
        const StripData& d = data();
        // Default: clean test and poisoned sets, over bins shared by every set of the run.
        QCOMPARE(view()->seriesSets(), (QVector<int>{1, 2, 3}));
        std::vector<std::vector<double>> values;
        for (const StripSet& s : d.sets)
            values.push_back(toStd(s.entropy));
        std::vector<const std::vector<double>*> pointers;
        for (const auto& v : values)
            pointers.push_back(&v);
        const core::Histogram core = core::sharedHistogram(pointers, StripView::kDefaultBins);
        QCOMPARE(plot()->binCount(), StripView::kDefaultBins);
        QCOMPARE(toStd(plot()->edges()), core.edges);
        const StripHistogram app = stripHistogram(d, StripView::kDefaultBins);
        for (int i = 0; i < plot()->seriesCount(); ++i) {
            const int s = view()->seriesSets()[i];
            const auto& counts = plot()->series()[i].counts;
            QCOMPARE(std::vector<int64_t>(counts.begin(), counts.end()), core.counts[s]);
            QCOMPARE(counts, app.counts[s]);
            double sum = 0.0;
            for (int b = 0; b < plot()->binCount(); ++b)
                sum += plot()->percentAt(i, b);
            QVERIFY2(std::abs(sum - 100.0) < 1e-6, qPrintable(QString::number(sum)));
        }
        // The calibration set joins on request, over the same bins.
        auto* calibration = view()->findChild<QCheckBox*>(QStringLiteral("stripShowCalibration"));
        calibration->setChecked(true);
        QCOMPARE(view()->seriesSets(), (QVector<int>{0, 1, 2, 3}));
        QCOMPARE(toStd(plot()->edges()), core.edges);
        const auto& first = plot()->series()[0].counts;
        QCOMPARE(std::vector<int64_t>(first.begin(), first.end()), core.counts[0]);
        calibration->setChecked(false);
        QCOMPARE(plot()->seriesCount(), 3);
    }

    void scoresTableIsTheStripReport_data() {
        QTest::addColumn<int>("rule");
        QTest::addColumn<double>("frr");
        QTest::newRow("normal fit 1 %") << int(StripRule::NormalFit) << 1.0;
        QTest::newRow("percentile 5 %") << int(StripRule::Percentile) << 5.0;
        QTest::newRow("normal fit 10 %") << int(StripRule::NormalFit) << 10.0;
    }

    void scoresTableIsTheStripReport() {
        QFETCH(int, rule);
        QFETCH(double, frr);
        StripRequest r = view()->request();
        r.rule = static_cast<StripRule>(rule);
        r.frr = frr;
        view()->setRequest(r);
        QVERIFY(!view()->thresholdIsManual());
        const StripData& d = data();
        std::vector<core::StripSetData> poisoned;
        for (int i = 0; i < d.poisonedCount(); ++i)
            poisoned.push_back(coreSet(*d.poisoned(i)));
        const core::StripReport report =
            core::stripReport(toStd(d.calibration()->entropy), coreSet(*d.cleanTest()), poisoned,
                              rule == int(StripRule::NormalFit) ? core::ThresholdRule::NormalFit
                                                                : core::ThresholdRule::Percentile,
                              frr);
        QCOMPARE(view()->threshold(), report.threshold.value);
        const StripScores s = view()->scores();
        QVERIFY(almostEqual(s.frr, report.cleanFrr));
        QVERIFY(almostEqual(s.cca, report.cca));
        QVERIFY(almostEqual(s.calibrationFrr, report.calibrationFrr));
        QCOMPARE(s.far.size(), int(report.sets.size()));
        for (int i = 0; i < s.far.size(); ++i) {
            QVERIFY(almostEqual(s.far[i], report.sets[i].far));
            QVERIFY(almostEqual(s.asr[i], report.sets[i].asr));
            QVERIFY(almostEqual(s.auroc[i], report.sets[i].auroc));
        }
        verifyTable(s, report.threshold.value);
        const QString text = view()->thresholdText();
        QVERIFY2(text.startsWith(rule == int(StripRule::NormalFit) ? QStringLiteral("normal fit")
                                                                   : QStringLiteral("percentile")),
                 qPrintable(text));
        // At least 3 decimals (more when the entropies are that close), rounded.
        const QString number = text.section(QStringLiteral(": "), -1);
        QVERIFY2(number.section(QLatin1Char('.'), 1).size() >= 3, qPrintable(text));
        QVERIFY2(std::abs(number.toDouble() - report.threshold.value) <= 5e-4, qPrintable(text));
        QCOMPARE(plot()->threshold(), report.threshold.value);
        // The ROC markers sit at (FRR, 100 - FAR).
        const auto& points = view()->rocPlot()->operatingPoints();
        QCOMPARE(points.size(), d.poisonedCount());
        for (int i = 0; i < points.size(); ++i)
            QCOMPARE(points[i], QPointF(s.frr, 100.0 - s.far[i]));
    }

    void equalErrorIsLabelledAnOracle() {
        StripRequest r = view()->request();
        r.rule = StripRule::EqualError;
        view()->setRequest(r);
        QVERIFY2(view()->thresholdText().contains(QStringLiteral("oracle")),
                 qPrintable(view()->thresholdText()));
        QCOMPARE(view()->threshold(), stripRuleThreshold(data(), StripRule::EqualError));
        r.rule = StripRule::NormalFit;
        r.frr = 1.0;
        view()->setRequest(r);
        QCOMPARE(view()->threshold(), stripRuleThreshold(data(), StripRule::NormalFit, 1.0));
    }

    void draggingTheLineRightRaisesFrrAndLowersFar() {
        m_window->replotAll();
        QWidget* cp = customPlot();
        const int start = plot()->thresholdPixel();
        QVERIFY(start >= 0);
        const int y = cp->height() / 2;
        // Past the axis' right end the line stays at the top of the range.
        const int end = cp->width() - 2;
        QVERIFY2(end - start > 20, "the rule's threshold should not sit at the right edge");
        QSignalSpy changed(view(), &StripView::thresholdChanged);
        QTest::mousePress(cp, Qt::LeftButton, {}, QPoint(start, y));
        double lastT = view()->threshold(), lastFrr = view()->scores().frr;
        QVector<double> lastFar = view()->scores().far;
        const double firstFrr = lastFrr, firstT = lastT;
        const QVector<double> firstFar = lastFar;
        for (int x = start + 5; x <= end; x += 5) {
            QTest::mouseMove(cp, QPoint(x, y));
            QVERIFY(view()->thresholdIsManual());
            const StripScores s = view()->scores();
            QVERIFY(view()->threshold() >= lastT);
            QVERIFY(s.frr >= lastFrr);
            for (int i = 0; i < s.far.size(); ++i)
                QVERIFY(s.far[i] <= lastFar[i]);
            lastT = view()->threshold();
            lastFrr = s.frr;
            lastFar = s.far;
        }
        QTest::mouseRelease(cp, Qt::LeftButton, {}, QPoint(end, y));
        QVERIFY(changed.count() > 1); // live, not only at the drop
        const double dropped = view()->threshold();
        QVERIFY(dropped > firstT);
        QCOMPARE(changed.last().at(0).toDouble(), dropped);
        QCOMPARE(plot()->threshold(), dropped);
        QVERIFY(view()->thresholdText().startsWith(QStringLiteral("manual: ")));
        const StripScores s = stripScoresAt(data(), dropped);
        QVERIFY(s.frr > firstFrr); // near the top of the range almost every clean input is flagged
        for (int i = 0; i < s.far.size(); ++i)
            QVERIFY(s.far[i] <= firstFar[i]);
        verifyTable(s, dropped);
        const auto& points = view()->rocPlot()->operatingPoints();
        for (int i = 0; i < points.size(); ++i)
            QCOMPARE(points[i], QPointF(s.frr, 100.0 - s.far[i]));

        // "Reset to rule" brings the rule's threshold back.
        auto* reset = view()->findChild<QPushButton*>(QStringLiteral("resetThresholdButton"));
        QVERIFY(reset->isEnabled());
        QTest::mouseClick(reset, Qt::LeftButton);
        QVERIFY(!view()->thresholdIsManual());
        QCOMPARE(view()->threshold(), stripRuleThreshold(data(), StripRule::NormalFit, 1.0));
        QVERIFY(!reset->isEnabled());
    }

    void setThresholdIsManualAndNanIsTheRule() {
        QSignalSpy changed(view(), &StripView::thresholdChanged);
        view()->setThreshold(0.3);
        QVERIFY(view()->thresholdIsManual());
        QVERIFY2(view()->thresholdText().startsWith(QStringLiteral("manual: 0.300")),
                 qPrintable(view()->thresholdText()));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().at(0).toDouble(), 0.3);
        verifyTable(stripScoresAt(data(), 0.3), 0.3);
        view()->setThreshold(std::nan(""));
        QVERIFY(!view()->thresholdIsManual());
        QCOMPARE(changed.count(), 2);
    }

    void clickingABarListsItsInputs() {
        m_window->replotAll();
        // The fullest bar of the first poisoned set (series 1: after the clean test set).
        const int series = 1;
        int bin = 0;
        for (int b = 0; b < plot()->binCount(); ++b)
            if (plot()->countAt(series, b) > plot()->countAt(series, bin))
                bin = b;
        QVERIFY(plot()->countAt(series, bin) > 0);
        const auto pos = pointOnBar(series, bin);
        QVERIFY(pos.has_value());
        QTest::mouseClick(customPlot(), Qt::LeftButton, {}, *pos);
        const auto selected = plot()->selectedBar();
        QVERIFY(selected && selected->series == series && selected->bin == bin);
        const int setIndex = view()->seriesSets()[series];
        const QVector<int> members = stripBinMembers(data(), view()->histogram(), setIndex, bin);
        QCOMPARE(members.size(), int(plot()->countAt(series, bin)));
        QTableWidget* table = view()->binTable();
        QCOMPARE(table->objectName(), QStringLiteral("binInputsTable"));
        QCOMPARE(table->rowCount(), members.size());
        const StripSet& set = data().sets[setIndex];
        const double t = view()->threshold();
        for (int r = 0; r < members.size(); ++r) {
            QCOMPARE(table->item(r, StripView::kSetColumn)->data(Qt::UserRole).toInt(), setIndex);
            const int p = table->item(r, StripView::kIndexColumn)->data(Qt::UserRole).toInt();
            QCOMPARE(p, members[r]);
            QCOMPARE(table->item(r, StripView::kIndexColumn)->text(),
                     QString::number(set.indices[p]));
            QCOMPARE(table->item(r, StripView::kPredictedColumn)->text(),
                     QString::number(set.predicted[p]));
            QCOMPARE(table->item(r, StripView::kFlaggedColumn)->data(Qt::UserRole).toBool(),
                     set.entropy[p] < t);
        }
    }

    void selectingAnInputShowsItsSuperimpositions() {
        QTableWidget* table = view()->binTable();
        QVERIFY(table->rowCount() > 0);
        QSignalSpy detail(controller(), &Controller::stripDetailReady);
        table->selectRow(0);
        QVERIFY(waitIdle(*m_window, [&] { return !detail.isEmpty(); }));
        const auto d = detail.last().at(0).value<StripDetail>();
        QCOMPARE(d.request.blends, StripView::kDetailBlends);
        QCOMPARE(d.request.position,
                 table->item(0, StripView::kIndexColumn)->data(Qt::UserRole).toInt());
        widgets::ImageTiles* tiles = view()->detailTiles();
        QCOMPARE(tiles->count(), 1 + StripView::kDetailBlends);
        for (const widgets::ImageTile& tile : tiles->tiles()) {
            QCOMPARE(tile.image.size(), QSize(32, 32));
            QVERIFY2(tile.caption.contains(QStringLiteral("H = ")), qPrintable(tile.caption));
            QVERIFY2(tile.caption.contains(QStringLiteral(" %)")), qPrintable(tile.caption));
        }
        const QString caption = tiles->tiles()[0].caption;
        QVERIFY2(std::abs(caption.section(QStringLiteral("H = "), -1).toDouble() - d.entropy) <=
                     5e-4,
                 qPrintable(caption));
        // The verdict above the tiles follows the threshold line.
        auto* label = view()->findChild<QLabel*>(QStringLiteral("stripDetailLabel"));
        QVERIFY(label);
        const double before = view()->thresholdIsManual() ? view()->threshold() : std::nan("");
        view()->setThreshold(d.entropy + 1e-3);
        QVERIFY2(label->text().endsWith(QStringLiteral("flagged as trojaned")),
                 qPrintable(label->text()));
        view()->setThreshold(d.entropy);
        QVERIFY2(label->text().endsWith(QStringLiteral("passes")), qPrintable(label->text()));
        view()->setThreshold(before);
        // A picture of the tab to look at, when BDL_DESKTOP_SHOTS names a folder.
        const QString shots = qEnvironmentVariable("BDL_DESKTOP_SHOTS");
        QString error;
        if (!shots.isEmpty())
            QVERIFY2(ScreenshotRunner::grabTo(
                         m_window.get(), QDir(shots).filePath(QStringLiteral("strip.png")), &error),
                     qPrintable(error));
    }

    void exportsHoldScoresAndHistogram() {
        const QJsonObject root = QJsonDocument::fromJson(view()->toJson().toUtf8()).object();
        QCOMPARE(root.value(QStringLiteral("threshold"))
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toDouble(),
                 view()->threshold());
        const QJsonArray sets = root.value(QStringLiteral("histogram"))
                                    .toObject()
                                    .value(QStringLiteral("sets"))
                                    .toArray();
        QCOMPARE(sets.size(), data().sets.size());
        const QStringList lines = view()->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // Header, threshold, FRR, calibration FRR, CCA, 3 per poisoned set, 2 per set and bin.
        QCOMPARE(lines.size(), 1 + 4 + 3 * data().poisonedCount() +
                                   2 * StripView::kDefaultBins * int(data().sets.size()));
        QVERIFY(lines[1].startsWith(QStringLiteral("scores,,threshold,,,")));
        // File > Export offers them, and the two plots as figures.
        ExportMenu* menu = m_window->exportMenu();
        QVERIFY(menu->dataIds().contains(QStringLiteral("strip")));
        const QString csv = m_ws->file(QStringLiteral("strip.csv"));
        QVERIFY(menu->exportData(QStringLiteral("strip"), csv));
        QCOMPARE(QString::fromUtf8(readAll(csv)), view()->toCsv());
        const QString png = m_ws->file(QStringLiteral("strip-histogram.png"));
        QVERIFY(menu->exportFigure(QStringLiteral("strip-histogram"), png));
        QVERIFY(!QImage(png).isNull());
        QVERIFY(menu->figureIds().contains(QStringLiteral("strip-roc")));
    }

    void imageConversionKeepsPixels() {
        ImageData image;
        image.width = 3;
        image.height = 2;
        for (int i = 0; i < 18; ++i)
            image.rgb.append(static_cast<char>(i * 10));
        const QImage q = toQImage(image);
        QCOMPARE(q.size(), QSize(3, 2));
        QCOMPARE(q.pixel(0, 0), qRgb(0, 10, 20));
        QCOMPARE(q.pixel(2, 1), qRgb(150, 160, 170)); // rows are not padded in ImageData
        image.rgb.chop(1);
        QVERIFY(toQImage(image).isNull());
        QVERIFY(toQImage(ImageData()).isNull());
    }

    void cleanupTestCase() { m_window.reset(); }
};

BDL_REGISTER_DESKTOP_TEST(StripViewTest);

} // namespace bdl::app::test

#include "test_strip_view.moc"
