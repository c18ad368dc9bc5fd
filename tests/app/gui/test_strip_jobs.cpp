// The STRIP jobs and the inspector through the Controller give the core's numbers: the run's
// signals and sizes, its entropies against core::stripEntropies on the same inputs and overlays,
// strip_math against core::stripReport, the shared-train calibration split, cancelling, the
// detail view, and the inspector on a PNG file and on a set's input. Also the automatic split of
// a small clean set (and the message for a chosen N that leaves no calibration input) and the
// true classes of poisoned inputs.
#include "gui_test_util.h"

#include "app/gui/controller.h"
#include "app/gui/session.h"
#include "app/gui/strip_math.h"
#include "core/defenses/histogram.h"
#include "core/io/data_io.h"
#include "core/io/image_file.h"
#include "core/nn/metrics.h"
#include "core/defenses/strip.h"

#include <QtCore/QFile>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <torch/types.h>

#include <cmath>
#include <memory>
#include <set>

using namespace bdl;
using namespace bdl::app;
using namespace bdl::app::test;

namespace {

core::StripConfig coreConfig(const StripRequest& r) {
    core::StripConfig c;
    c.n = r.n;
    c.mode = r.blend == StripBlend::Alpha ? core::BlendMode::Alpha : core::BlendMode::Additive;
    c.alpha = r.alpha;
    c.seed = r.seed;
    return c;
}

std::vector<double> values(const QVector<double>& v) { return {v.begin(), v.end()}; }

core::StripSetData coreSet(const StripSet& s) {
    core::StripSetData d;
    d.name = s.name.toStdString();
    d.entropy = values(s.entropy);
    d.predicted.assign(s.predicted.begin(), s.predicted.end());
    d.reference.assign(s.reference.begin(), s.reference.end());
    return d;
}

torch::Tensor indexTensor(const QVector<qint64>& v) {
    return torch::tensor(std::vector<int64_t>(v.begin(), v.end()), torch::kInt64);
}

/// Runs a job expected to fail; returns its message.
QString failureOf(Controller& c, const std::function<bool()>& start) {
    QSignalSpy failed(&c, &Controller::failed);
    QSignalSpy finished(&c, &Controller::finished);
    if (!start())
        return QStringLiteral("<refused>");
    if (!QTest::qWaitFor([&] { return failed.count() + finished.count() > 0; }, kJobTimeoutMs))
        return QStringLiteral("<timeout>");
    return failed.isEmpty() ? QString() : failed.at(0).at(1).toString();
}

} // namespace

class StripJobsTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TinyWorkspace> m_ws;
    std::unique_ptr<CoreInputs> m_in;
    StripRequest m_request;

    const core::Dataset& datasetOf(int setIndex) const {
        return setIndex == 0   ? m_in->train
               : setIndex == 1 ? m_in->clean
                               : m_in->poisoned[static_cast<size_t>(setIndex - 2)];
    }

private Q_SLOTS:
    void initTestCase() {
        m_ws = std::make_unique<TinyWorkspace>();
        m_in = std::make_unique<CoreInputs>(*m_ws);
        m_request.n = 8;
        m_request.sample = 0; // every clean test input: 96, scored in chunks of 64
        m_request.calibration = 30;
        m_request.seed = 3;
        m_request.frr = 5.0;
    }

    void runEmitsStartedProgressReadyWithTheCoresEntropies() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QSignalSpy started(&c, &Controller::stripStarted);
        QSignalSpy progress(&c, &Controller::stripProgress);
        QSignalSpy ready(&c, &Controller::stripReady);
        runToEnd(c, [&] { return c.runStrip(m_request); });
        QCOMPARE(started.count(), 1);
        QCOMPARE(ready.count(), 1);
        const auto header = started.at(0).at(0).value<StripData>();
        const auto data = ready.at(0).at(0).value<StripData>();
        QVERIFY(c.strip().has_value());
        QCOMPARE(c.strip()->sets.size(), data.sets.size());

        QCOMPARE(header.sets.size(), 4);
        const QVector<StripSet::Role> roles{StripSet::Calibration, StripSet::CleanTest,
                                            StripSet::Poisoned, StripSet::Poisoned};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(header.sets[i].role, roles[i]);
            QCOMPARE(header.sets[i].size(), 0);
            QCOMPARE(data.sets[i].name, header.sets[i].name);
            QVERIFY(data.sets[i].complete);
        }
        QCOMPARE(data.sets[1].name, QString::fromStdString(m_in->clean.name));
        QVERIFY(data.calibrationNote.isEmpty());
        QCOMPARE(data.classes, 4);

        // Sizes: calibration 30 of the 72 non-overlay train images, every other set whole.
        QCOMPARE(data.sets[0].size(), 30);
        QCOMPARE(data.sets[1].size(), 96);
        QCOMPARE(data.sets[2].size(), 64);
        QCOMPARE(data.sets[3].size(), 48);
        const core::StripConfig cfg = coreConfig(m_request);
        const auto overlays = core::stripOverlayIndices(m_in->train.size(), cfg);
        QCOMPARE(data.overlayIndices, QVector<qint64>(overlays.begin(), overlays.end()));
        for (qint64 i : data.sets[0].indices)
            QVERIFY(std::find(overlays.begin(), overlays.end(), i) == overlays.end());

        // Progress: per set in order, growing prefixes of the final entries, complete last.
        int lastSet = -1, partials = 0;
        QVector<int> completes(4, 0);
        for (const auto& args : progress) {
            const auto p = args.at(0).value<StripProgress>();
            QVERIFY(p.setIndex >= lastSet);
            lastSet = p.setIndex;
            const StripSet& full = data.sets[p.setIndex];
            QVERIFY(p.set.size() <= full.size());
            QCOMPARE(p.set.entropy, full.entropy.mid(0, p.set.size()));
            QCOMPARE(p.set.indices.size(), p.set.size());
            if (p.set.complete) {
                ++completes[p.setIndex];
                QCOMPARE(p.set.size(), full.size());
            } else {
                ++partials;
                QVERIFY(p.set.size() < full.size());
            }
        }
        QCOMPARE(completes, QVector<int>(4, 1));
        QVERIFY(partials >= 1); // the 96 clean inputs arrive as 64, then 96

        // Entropies, predictions and references are the core's on the same inputs and overlays.
        for (int i = 0; i < 4; ++i) {
            const StripSet& set = data.sets[i];
            const core::Dataset& d = datasetOf(i);
            const torch::Tensor x = d.images.index_select(0, indexTensor(set.indices));
            const torch::Tensor e =
                core::stripEntropies(m_in->b.model, x, m_in->train.images, cfg).contiguous();
            const torch::Tensor pred = core::predictLabels(m_in->b.model, x).contiguous();
            const torch::Tensor ref =
                (i >= 2 ? d.targets : d.labels).index_select(0, indexTensor(set.indices));
            for (int k = 0; k < set.size(); ++k) {
                QVERIFY2(set.entropy[k] == e.data_ptr<double>()[k],
                         qPrintable(QStringLiteral("set %1 input %2").arg(i).arg(k)));
                QCOMPARE(set.predicted[k], static_cast<int>(pred.data_ptr<int64_t>()[k]));
                QCOMPARE(set.reference[k], static_cast<int>(ref[k].item<int64_t>()));
            }
        }
    }

    void stripMathGivesTheCoreReport() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        runToEnd(c, [&] { return c.runStrip(m_request); });
        const StripData& data = *c.strip();
        const std::vector<double> calib = values(data.calibration()->entropy);
        const core::StripSetData clean = coreSet(*data.cleanTest());
        const std::vector<core::StripSetData> pois{coreSet(*data.poisoned(0)),
                                                   coreSet(*data.poisoned(1))};
        for (StripRule rule : {StripRule::NormalFit, StripRule::Percentile}) {
            const auto coreRule = rule == StripRule::NormalFit ? core::ThresholdRule::NormalFit
                                                               : core::ThresholdRule::Percentile;
            const core::StripReport r = core::stripReport(calib, clean, pois, coreRule, 5.0);
            const double t = stripRuleThreshold(data, rule);
            QCOMPARE(t, r.threshold.value);
            const StripScores s = stripScoresAt(data, t);
            QCOMPARE(s.frr, r.cleanFrr);
            QCOMPARE(s.cca, r.cca);
            QCOMPARE(s.calibrationFrr, r.calibrationFrr);
            QCOMPARE(s.far.size(), 2);
            for (int i = 0; i < 2; ++i) {
                QCOMPARE(s.far[i], r.sets[static_cast<size_t>(i)].far);
                QCOMPARE(s.asr[i], r.sets[static_cast<size_t>(i)].asr);
                QCOMPARE(s.auroc[i], r.sets[static_cast<size_t>(i)].auroc);
            }
        }
        // An arbitrary (dragged) threshold: the median clean entropy, counted by hand here.
        std::vector<double> sorted = clean.entropy;
        std::sort(sorted.begin(), sorted.end());
        const double t = sorted[sorted.size() / 2];
        const StripScores s = stripScoresAt(data, t);
        int flagged = 0, correctPassed = 0;
        for (size_t k = 0; k < clean.entropy.size(); ++k) {
            flagged += clean.entropy[k] < t;
            correctPassed += clean.entropy[k] >= t && clean.predicted[k] == clean.reference[k];
        }
        QCOMPARE(s.frr, 100.0 * flagged / 96.0);
        QCOMPARE(s.cca, 100.0 * correctPassed / 96.0);
        int passedAsTarget = 0;
        for (size_t k = 0; k < pois[0].entropy.size(); ++k)
            passedAsTarget +=
                pois[0].entropy[k] >= t && pois[0].predicted[k] == pois[0].reference[k];
        QCOMPARE(s.asr[0], 100.0 * passedAsTarget / 64.0);
        const core::StripReport at = core::stripReportAt(
            calib, clean, pois,
            core::StripThreshold{core::ThresholdRule::NormalFit, 1.0, t, false});
        QCOMPARE(s.far[1], at.sets[1].far);
        // EqualError: the pooled poisoned sets against the clean test set.
        std::vector<double> pooled = pois[0].entropy;
        pooled.insert(pooled.end(), pois[1].entropy.begin(), pois[1].entropy.end());
        QCOMPARE(stripRuleThreshold(data, StripRule::EqualError),
                 core::equalErrorThreshold(clean.entropy, pooled).value);
        QVERIFY(std::isnan(stripRuleThreshold(StripData(), StripRule::NormalFit)));

        // Histograms: the core's counts, summing to the set sizes; bin members agree.
        const StripHistogram h = stripHistogram(data, 12);
        QCOMPARE(h.setIndices, (QVector<int>{0, 1, 2, 3}));
        std::vector<std::vector<double>> sets;
        for (const auto& set : data.sets)
            sets.push_back(values(set.entropy));
        const core::Histogram ref =
            core::sharedHistogram({&sets[0], &sets[1], &sets[2], &sets[3]}, 12);
        QCOMPARE(h.edges, QVector<double>(ref.edges.begin(), ref.edges.end()));
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(h.counts[i],
                     QVector<qint64>(ref.counts[size_t(i)].begin(), ref.counts[size_t(i)].end()));
            qint64 sum = 0;
            for (int b = 0; b < 12; ++b) {
                sum += h.counts[i][b];
                QCOMPARE(stripBinMembers(data, h, i, b).size(), h.counts[i][b]);
            }
            QCOMPARE(sum, static_cast<qint64>(data.sets[i].size()));
        }
        const StripHistogram two = stripHistogram(data, 5, {1, 3});
        QCOMPARE(two.counts.size(), 2);
        QCOMPARE(two.edges.front(),
                 std::min(sorted.front(), *std::min_element(sets[3].begin(), sets[3].end())));

        // ROC: (0, 0) to (100, 100), area = AUROC.
        const QVector<QPointF> roc = stripRoc(data, 0);
        QVERIFY(roc.size() >= 2);
        QCOMPARE(roc.front(), QPointF(0, 0));
        QCOMPARE(roc.back(), QPointF(100, 100));
        double area = 0.0;
        for (int i = 1; i < roc.size(); ++i)
            area += (roc[i].x() - roc[i - 1].x()) * (roc[i].y() + roc[i - 1].y()) / 2e4;
        QVERIFY(std::fabs(area - s.auroc[0]) < 1e-9);
        QVERIFY(stripRoc(data, 2).isEmpty());
        QVERIFY(!stripRuleText(StripRule::Percentile, 1.0).isEmpty());
    }

    void sharedTrainSetKeepsCalibrationApart() {
        Controller c(nullptr, kThreads);
        WorkspaceRequest r = m_ws->request();
        r.trainPath.clear(); // the clean test set serves as the train set
        runToEnd(c, [&] { return c.openWorkspace(r); });
        StripRequest req = m_request;
        req.n = 6;
        req.calibration = 1000;
        runToEnd(c, [&] { return c.runStrip(req); });
        const StripData& d = *c.strip();
        QVERIFY(!d.calibrationNote.isEmpty());
        // 90 non-overlay images: half (45) calibrate, the other 51 clean test images are scored.
        QCOMPARE(d.sets[0].size(), 45);
        QCOMPARE(d.sets[1].size(), 51);
        const std::set<qint64> calib(d.sets[0].indices.begin(), d.sets[0].indices.end());
        for (qint64 i : d.sets[1].indices)
            QVERIFY(!calib.count(i));
        for (qint64 i : d.overlayIndices)
            QVERIFY(!calib.count(i));
    }

    // Issue 11, point 5: the clean test set alone (96 images) with N = 96 would make every image
    // an overlay; the automatic split uses 48 and says so, a chosen N fails saying what to do.
    void smallSharedCleanSetIsSplitAutomaticallyOrSaysWhyNot() {
        Controller c(nullptr, kThreads);
        WorkspaceRequest r = m_ws->request();
        r.trainPath.clear();
        runToEnd(c, [&] { return c.openWorkspace(r); });
        StripRequest req = m_request;
        req.n = 96;
        req.calibration = 1000;
        QVERIFY(req.autoSplit); // the default
        runToEnd(c, [&] { return c.runStrip(req); });
        const StripData& d = *c.strip();
        QCOMPARE(d.request.n, 96);
        QCOMPARE(d.overlayIndices.size(), 48);
        QCOMPARE(d.sets[0].size(), 24); // half of the 48 non-overlay images
        QCOMPARE(d.sets[1].size(), 72);
        QVERIFY2(d.splitNote.contains(QStringLiteral("96 to 48")), qPrintable(d.splitNote));
        const std::set<qint64> overlays(d.overlayIndices.begin(), d.overlayIndices.end());
        QCOMPARE(overlays.size(), size_t(48));
        for (qint64 i : d.sets[0].indices)
            QVERIFY(!overlays.count(i));
        // The entropies use the 48 overlays: the core's with n = 48 on the same inputs.
        core::StripConfig cfg = coreConfig(req);
        cfg.n = 48;
        const torch::Tensor x = m_in->clean.images.index_select(0, indexTensor(d.sets[1].indices));
        const torch::Tensor e = core::stripEntropies(m_in->b.model, x, m_in->clean.images, cfg);
        QCOMPARE(d.sets[1].entropy[5], e[5].item<double>());

        // A session holding the lowered run reopens, and inspecting an input uses its 48 overlays
        // as the run did (found by the sunglasses pass: the reader refused such a session).
        InspectRequest probe;
        probe.setIndex = 0; // the clean test set (STRIP's sets[1])
        probe.imageIndex = d.sets[1].indices[5];
        QSignalSpy inspected(&c, &Controller::inspected);
        runToEnd(c, [&] { return c.inspect(probe); });
        const auto live = inspected.at(0).at(0).value<InspectResult>();
        QCOMPARE(live.stripN, 48);
        QCOMPARE(live.entropy, e[5].item<double>());
        SessionState saved;
        saved.request = r;
        saved.modelSha256 = fileSha256(m_ws->model);
        saved.results = c.sessionResults();
        {
            Controller again(nullptr, kThreads);
            QSignalSpy againInspected(&again, &Controller::inspected);
            runToEnd(again, [&] { return again.restoreSession(saved); });
            QVERIFY(again.strip());
            QCOMPARE(again.strip()->overlayIndices, d.overlayIndices);
            runToEnd(again, [&] { return again.inspect(probe); });
            const auto restored = againInspected.at(0).at(0).value<InspectResult>();
            QCOMPARE(restored.stripN, 48);
            QCOMPARE(restored.entropy, live.entropy);
        }

        StripRequest fixed = req;
        fixed.autoSplit = false; // the user chose N = 96
        const QString message = failureOf(c, [&] { return c.runStrip(fixed); });
        QVERIFY2(message.contains(m_ws->clean), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Lower N to at most 94")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("separate clean train set")), qPrintable(message));
        QCOMPARE(c.strip()->overlayIndices.size(), 48); // the previous run stays
    }

    // Issue 11, point 7: a poisoned input's true class travels with its target (reference).
    void poisonedInputsCarryTheirTrueClass() {
        core::Dataset p = m_in->poisoned[0]; // "patch": target 0 from the file
        p.labels = (torch::arange(p.size(), torch::kLong) % 3) + 1;
        const QString file = m_ws->file(QStringLiteral("with_true_labels.h5"));
        core::saveCsawH5(p, file.toStdString());
        Controller c(nullptr, kThreads);
        WorkspaceRequest r = m_ws->request();
        r.poisoned = {PoisonedSource{file, -1}, r.poisoned[1]};
        runToEnd(c, [&] { return c.openWorkspace(r); });
        StripRequest req = m_request;
        req.sample = 20;
        runToEnd(c, [&] { return c.runStrip(req); });
        const StripData& d = *c.strip();
        for (int i = 0; i < d.sets.size(); ++i)
            QCOMPARE(d.sets[i].trueLabel.size(), d.sets[i].size());
        const StripSet& set = d.sets[2];
        for (int k = 0; k < set.size(); ++k) {
            QCOMPARE(set.trueLabel[k], static_cast<int>(set.indices[k] % 3) + 1);
            QCOMPARE(set.reference[k], 0); // the target
        }
        QCOMPARE(d.sets[3].trueLabel, QVector<int>(d.sets[3].size(), -1)); // unknown in the file
        QCOMPARE(d.sets[1].trueLabel, d.sets[1].reference);                // clean: the label
        QSignalSpy detail(&c, &Controller::stripDetailReady);
        runToEnd(c, [&] { return c.stripDetail(StripDetailRequest{2, 4, 1}); });
        const auto x = detail.at(0).at(0).value<StripDetail>();
        QVERIFY(x.poisoned);
        QCOMPARE(x.reference, 0);
        QCOMPARE(x.trueLabel, set.trueLabel[4]);
        runToEnd(c, [&] { return c.stripDetail(StripDetailRequest{1, 0, 1}); });
        const auto y = detail.at(1).at(0).value<StripDetail>();
        QVERIFY(!y.poisoned);
        QCOMPARE(y.trueLabel, y.reference);
    }

    void cancelKeepsThePreviousRun() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        StripRequest small = m_request;
        small.n = 4;
        small.sample = 20;
        runToEnd(c, [&] { return c.runStrip(small); });
        const StripData before = *c.strip();

        QSignalSpy cancelled(&c, &Controller::cancelled);
        QSignalSpy ready(&c, &Controller::stripReady);
        const auto conn = connect(&c, &Controller::stripStarted, &c, [&c] { c.cancel(); });
        StripRequest big = m_request;
        big.n = 200; // minutes if it were not cancelled
        QVERIFY(c.runStrip(big));
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kJobTimeoutMs);
        disconnect(conn);
        QCOMPARE(ready.count(), 0);
        QCOMPARE(c.strip()->request.n, 4);
        QCOMPARE(c.strip()->sets[2].entropy, before.sets[2].entropy);

        // The worker kept the old run too: a detail has at most its 4 overlays and its entropy.
        QSignalSpy detail(&c, &Controller::stripDetailReady);
        runToEnd(c, [&] { return c.stripDetail(StripDetailRequest{2, 1, 8}); });
        const auto d = detail.at(0).at(0).value<StripDetail>();
        QCOMPARE(d.blends.size(), 4);
        QCOMPARE(d.entropy, before.sets[2].entropy[1]);
    }

    void detailShowsTheRunsSuperimpositions() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QVERIFY(failureOf(c, [&] {
                    return c.stripDetail(StripDetailRequest{});
                }).contains(QStringLiteral("no STRIP run")));
        runToEnd(c, [&] { return c.runStrip(m_request); });
        const StripData& data = *c.strip();
        QSignalSpy detail(&c, &Controller::stripDetailReady);
        runToEnd(c, [&] { return c.stripDetail(StripDetailRequest{2, 3, 5}); });
        QCOMPARE(detail.count(), 1);
        const auto d = detail.at(0).at(0).value<StripDetail>();
        QCOMPARE(d.datasetIndex, data.sets[2].indices[3]);
        QCOMPARE(d.entropy, data.sets[2].entropy[3]);
        QCOMPARE(d.predicted.label, data.sets[2].predicted[3]);
        QCOMPARE(d.reference, 0);
        QCOMPARE(d.image.width, 32);
        QCOMPARE(d.image.height, 32);
        QCOMPARE(d.image.rgb.size(), 32 * 32 * 3);
        // The white trigger patch (255) shows as white; grey repeated in R, G, B.
        const int at = (27 * 32 + 27) * 3;
        QCOMPARE(static_cast<unsigned char>(d.image.rgb[at]), static_cast<unsigned char>(255));
        QCOMPARE(d.image.rgb[at + 1], d.image.rgb[at]);
        QCOMPARE(d.blends.size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(d.blends[i].overlayIndex, data.overlayIndices[i]);
            QCOMPARE(d.blends[i].image.width, 32);
            QCOMPARE(d.blends[i].image.rgb.size(), 32 * 32 * 3);
            QVERIFY(d.blends[i].entropy >= 0.0 && d.blends[i].entropy <= 2.0 + 1e-9);
            QVERIFY(d.blends[i].top.probability > 0.25 - 1e-9); // the top of 4 classes
        }
        // All N blends: their mean entropy is the run's (pixel blend vs the conv cache).
        runToEnd(c, [&] { return c.stripDetail(StripDetailRequest{2, 3, 100}); });
        const auto all = detail.at(1).at(0).value<StripDetail>();
        QCOMPARE(all.blends.size(), 8);
        double mean = 0.0;
        for (const auto& b : all.blends)
            mean += b.entropy / 8.0;
        QVERIFY2(std::fabs(mean - d.entropy) < 1e-4, qPrintable(QString::number(mean - d.entropy)));
        QVERIFY(failureOf(c, [&] {
                    return c.stripDetail(StripDetailRequest{9, 0, 1});
                }).contains(QStringLiteral("no set 9")));
        QVERIFY(!failureOf(c, [&] {
                     return c.stripDetail(StripDetailRequest{1, 96, 1});
                 }).isEmpty());
    }

    void inspectAFileAndASetInput() {
        Controller c(nullptr, kThreads);
        openTiny(c, *m_ws);
        QImage img(40, 30, QImage::Format_RGB32);
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 40; ++x)
                img.setPixel(x, y, qRgb((x * 6) % 256, (y * 8) % 256, 128));
        const QString png = m_ws->file(QStringLiteral("picture.png"));
        QVERIFY(img.save(png));

        QSignalSpy inspected(&c, &Controller::inspected);
        InspectRequest r;
        r.imagePath = png;
        runToEnd(c, [&] { return c.inspect(r); });
        const auto a = inspected.at(0).at(0).value<InspectResult>();
        QCOMPARE(a.source, QStringLiteral("picture.png"));
        QVERIFY(a.note.contains(QStringLiteral("40x30")));
        QCOMPARE(a.image.width, 32);
        QCOMPARE(a.image.height, 32);
        QCOMPARE(a.classes, 4);
        QCOMPARE(a.topB.size(), 4); // top 5 of 4 classes
        double sum = 0.0;
        for (int i = 0; i < a.topB.size(); ++i) {
            sum += a.topB[i].probability;
            if (i > 0)
                QVERIFY(a.topB[i].probability <= a.topB[i - 1].probability);
        }
        QVERIFY(sum <= 1.0 + 1e-6);
        QVERIFY(a.topBPrime.isEmpty());
        QVERIFY(!a.hasGoodnet);
        QVERIFY(!a.hasVerdict);
        QCOMPARE(a.stripN, 100);
        // The core on the same file: B's label and the default STRIP (train overlays, seed 0).
        const core::ModelImage m = core::loadImageForModel(png.toStdString(), 32, 32, 1);
        QCOMPARE(a.topB[0].label,
                 static_cast<int>(core::predictLabels(m_in->b.model, m.image)[0].item<int64_t>()));
        const double e =
            core::stripEntropies(m_in->b.model, m.image, m_in->train.images, core::StripConfig())[0]
                .item<double>();
        QVERIFY2(std::fabs(a.entropy - e) < 1e-9, qPrintable(QString::number(a.entropy - e)));

        // A verdict on each side of the entropy.
        r.threshold = a.entropy + 0.01;
        runToEnd(c, [&] { return c.inspect(r); });
        r.threshold = a.entropy - 0.01;
        runToEnd(c, [&] { return c.inspect(r); });
        QVERIFY(inspected.at(1).at(0).value<InspectResult>().hasVerdict);
        QVERIFY(inspected.at(1).at(0).value<InspectResult>().flagged);
        QVERIFY(!inspected.at(2).at(0).value<InspectResult>().flagged);

        // An input of a set, after a STRIP run and with a repaired model: its reference, B', G,
        // and the run's entropy for it.
        runToEnd(c, [&] { return c.runStrip(m_request); });
        runToEnd(c, [&] { return c.fineTuneAt(1, TuneSettings{1e-3, 1, 16, 0}); });
        InspectRequest s;
        s.setIndex = 2; // clean test, clean train, then "patch" (target 0)
        s.imageIndex = 5;
        runToEnd(c, [&] { return c.inspect(s); });
        const auto b = inspected.at(3).at(0).value<InspectResult>();
        QCOMPARE(b.reference, 0);
        QCOMPARE(b.stripN, 8);
        QCOMPARE(b.topBPrime.size(), 4);
        QVERIFY(b.hasGoodnet);
        QCOMPARE(b.goodnet.label, b.topB[0].label == b.topBPrime[0].label ? b.topB[0].label : 4);
        const StripSet& patch = c.strip()->sets[2];
        const int pos = static_cast<int>(patch.indices.indexOf(5));
        QVERIFY(pos >= 0);
        QVERIFY(std::fabs(b.entropy - patch.entropy[pos]) < 1e-6);

        // Errors name the file or the set.
        const QString text = m_ws->file(QStringLiteral("notes.png"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image");
        f.close();
        InspectRequest bad;
        bad.imagePath = text;
        QVERIFY(failureOf(c, [&] { return c.inspect(bad); }).contains(text));
        InspectRequest outside;
        outside.setIndex = 1;
        outside.imageIndex = 80;
        QVERIFY(failureOf(c, [&] {
                    return c.inspect(outside);
                }).contains(QStringLiteral("no image 80")));
    }
};

BDL_REGISTER_GUI_TEST(StripJobsTest);
#include "test_strip_jobs.moc"
