// STRIP on the workspace: the calibration, clean test and poisoned sets scored chunk by chunk with
// live updates, and one scored input in detail. Helpers shared with the inspector are at the end.
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"
#include "app/gui/worker_strip_util.h"

#include "core/base/errors.h"
#include "core/nn/metrics.h"
#include "core/defenses/strip.h"
#include "core/defenses/strip_plan.h"
#include "core/zoo/zoo.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace bdl::app {

namespace {

/// Inputs per chunk: one stripEntropies call, one cancel check and one stripProgress() each
/// (about 0.4 s for csaw-badnet at N = 100 on 2 cores). Rounded to a whole number of the core's
/// forward batches, so the chunked run evaluates exactly the batches one call over the whole set
/// would: the same numbers as core::stripEntropies on the set.
constexpr int64_t kChunkInputs = 64;

QString trStrip(const char* text) { return QCoreApplication::translate("bdl::app::Worker", text); }

/// One set to score: its data set, the chosen inputs and its entry in StripData::sets.
struct PlannedSet {
    const core::Dataset* data = nullptr;
    std::vector<int64_t> indices;
};

void validate(const StripRequest& r) {
    if (r.sample < 0 || r.calibration < 0)
        throw core::Error("STRIP: the sample and calibration sizes must not be negative");
    if (!(r.frr > 0.0 && r.frr < 100.0))
        throw core::Error("STRIP: the false rejection rate must be in (0, 100) %");
}

/// The sets of a run in StripData order with their inputs, from the core's plan (the CLI's
/// too), and the calibration note.
std::vector<PlannedSet> planSets(const WorkerState& s, const core::StripPlan& corePlan,
                                 StripData& data) {
    std::vector<PlannedSet> plan(2 + s.poisoned.size());
    plan[0].data = &s.train; // the clean test set's tensors when the two are one set
    plan[0].indices = corePlan.calibration;
    plan[1].data = &s.cleanTest;
    plan[1].indices = corePlan.cleanTest;
    for (size_t i = 0; i < s.poisoned.size(); ++i) {
        plan[2 + i].data = &s.poisoned[i];
        plan[2 + i].indices = corePlan.poisoned[i];
    }
    if (corePlan.nLowered)
        data.splitNote =
            QCoreApplication::translate(
                "bdl::app::Worker",
                "N lowered from %1 to %2: the %n image(s) of %3 supply both the overlays and the "
                "calibration inputs, so at most half of them are overlays (automatic split). "
                "Untick \"Split the clean data automatically\" to use N as given.",
                nullptr, static_cast<int>(corePlan.sharedPool))
                .arg(corePlan.requestedN)
                .arg(corePlan.n)
                .arg(qs(corePlan.overlaysFromTrain ? s.train.name : s.cleanTest.name));
    if (corePlan.calibrationFromCleanTest)
        data.calibrationNote =
            trStrip("No separate train set: the %1 calibration inputs are clean test images, "
                    "kept apart from the %2 clean test inputs scored.")
                .arg(plan[0].indices.size())
                .arg(plan[1].indices.size());
    data.sets.clear();
    for (size_t i = 0; i < plan.size(); ++i) {
        StripSet set;
        set.role = i == 0   ? StripSet::Calibration
                   : i == 1 ? StripSet::CleanTest
                            : StripSet::Poisoned;
        set.name =
            i == 0 ? trStrip("calibration: %1").arg(qs(s.train.name)) : qs(plan[i].data->name);
        data.sets.push_back(set);
    }
    return plan;
}

/// Scores one planned set into `out`, passing it to `emit` after every chunk but the last
/// (complete = false); the caller sends the completed set.
template <typename Emit>
void scoreSet(const WorkerState& s, const PlannedSet& p, const core::Dataset& overlays,
              const core::StripConfig& cfg, const core::ProgressScope& scope, StripSet& out,
              bool* fast, Emit emit) {
    const core::Model& model = s.b.model;
    const int64_t count = static_cast<int64_t>(p.indices.size());
    const torch::Tensor idx = torch::tensor(p.indices, torch::kInt64);
    const torch::Tensor refs = (p.data->poisoned() ? p.data->targets : p.data->labels)
                                   .to(torch::kInt64)
                                   .index_select(0, idx)
                                   .contiguous();
    // True classes: a clean set's labels; a poisoned set's where the data has them (else -1).
    const torch::Tensor truth = p.data->labels.to(torch::kInt64).index_select(0, idx).contiguous();
    const int64_t perBatch = std::max<int64_t>(1, cfg.batch / cfg.n);
    const int64_t chunk = perBatch * std::max<int64_t>(1, kChunkInputs / perBatch);
    for (int64_t b = 0; b < count; b += chunk) {
        scope.check();
        const int64_t e = std::min(count, b + chunk);
        const torch::Tensor x = p.data->images.index_select(0, idx.slice(0, b, e));
        const double f0 = static_cast<double>(b) / static_cast<double>(count);
        const double f1 = static_cast<double>(e) / static_cast<double>(count);
        const double mid = f0 + 0.95 * (f1 - f0);
        const torch::Tensor h =
            core::stripEntropies(model, x, overlays.images, cfg, scope.sub(f0, mid), fast)
                .contiguous();
        const torch::Tensor pred = core::predictLabels(model, x, scope.sub(mid, f1)).contiguous();
        for (int64_t i = 0; i < e - b; ++i) {
            out.indices.push_back(p.indices[static_cast<size_t>(b + i)]);
            out.entropy.push_back(h.data_ptr<double>()[i]);
            out.predicted.push_back(static_cast<int>(pred.data_ptr<int64_t>()[i]));
            out.reference.push_back(static_cast<int>(refs.data_ptr<int64_t>()[b + i]));
            out.trueLabel.push_back(static_cast<int>(truth.data_ptr<int64_t>()[b + i]));
        }
        scope.set(f1,
                  "STRIP: " + p.data->name + " " + std::to_string(e) + "/" + std::to_string(count));
        if (e < count)
            emit(out);
    }
}

/// The data set behind StripData::sets[i] of a run on this workspace.
const core::Dataset& datasetOf(const WorkerState& s, int setIndex) {
    if (setIndex == 0)
        return s.train;
    if (setIndex == 1)
        return s.cleanTest;
    return s.poisoned[static_cast<size_t>(setIndex - 2)];
}

} // namespace

void Worker::doStrip(const StripRequest& request, core::Feedback* feedback) {
    WorkerState& s = workspace();
    torch::NoGradGuard noGrad;
    const core::ProgressScope root(feedback);
    QElapsedTimer clock;
    clock.start();
    validate(request);
    core::StripConfig cfg = stripConfigOf(request);
    const core::Dataset& source = overlaySet(s, request.overlaySource);
    core::StripPlanRequest planRequest;
    planRequest.trainSize = s.train.size();
    planRequest.trainIsCleanTest = s.trainIsClean;
    planRequest.overlaysFromTrain = request.overlaySource == OverlaySource::Train;
    planRequest.cleanTestSize = s.cleanTest.size();
    for (const auto& p : s.poisoned)
        planRequest.poisonedSizes.push_back(p.size());
    planRequest.calibration = request.calibration;
    planRequest.sample = request.sample;
    planRequest.trainName = s.train.source; // errors name the file
    planRequest.cleanTestName = s.cleanTest.source;
    const core::StripPlan corePlan = core::planStrip(planRequest, cfg);
    cfg.n = corePlan.n; // the automatic split may have lowered it: its overlays are the plan's
    const std::vector<int64_t>& overlayIdx = corePlan.overlays;

    StripData data;
    data.request = request;
    data.classes = static_cast<int>(s.b.model.numClasses());
    data.overlayIndices = QVector<qint64>(overlayIdx.begin(), overlayIdx.end());
    data.overlaySetName = qs(source.name);
    const std::vector<PlannedSet> plan = planSets(s, corePlan, data);
    Q_EMIT stripStarted(data);

    int64_t total = 0;
    for (const auto& p : plan)
        total += static_cast<int64_t>(p.indices.size());
    int64_t done = 0;
    bool fast = false;
    for (size_t i = 0; i < plan.size(); ++i) {
        const int64_t n = static_cast<int64_t>(plan[i].indices.size());
        const auto frac = [&](int64_t k) {
            return total > 0 ? static_cast<double>(k) / static_cast<double>(total) : 1.0;
        };
        StripSet& set = data.sets[static_cast<int>(i)];
        const int setIndex = static_cast<int>(i);
        scoreSet(s, plan[i], source, cfg, root.sub(frac(done), frac(done + n)), set, &fast,
                 [&](const StripSet& partial) {
                     Q_EMIT stripProgress(StripProgress{setIndex, partial});
                 });
        done += n;
        set.complete = true;
        Q_EMIT stripProgress(StripProgress{setIndex, set});
    }
    root.set(1.0); // the last cancel check: from here on the run is kept
    data.fastPath = fast;
    data.seconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    StripRun run;
    run.data = data;
    run.config = cfg;
    run.overlays = source.images.index_select(0, torch::tensor(overlayIdx, torch::kInt64))
                       .to(torch::kFloat32)
                       .contiguous();
    s.strip = std::move(run);
    Q_EMIT stripReady(data);
}

void Worker::doStripDetail(const StripDetailRequest& request, core::Feedback* feedback) {
    WorkerState& s = workspace();
    torch::NoGradGuard noGrad;
    const core::ProgressScope root(feedback);
    if (!s.strip)
        throw core::Error("STRIP detail: no STRIP run on this workspace yet");
    const StripRun& run = *s.strip;
    if (request.setIndex < 0 || request.setIndex >= run.data.sets.size())
        throw core::Error("STRIP detail: the run has no set " + std::to_string(request.setIndex));
    const StripSet& set = run.data.sets[request.setIndex];
    if (request.position < 0 || request.position >= set.size())
        throw core::Error(set.name.toStdString(),
                          "STRIP detail: no scored input " + std::to_string(request.position) +
                              " (the set has " + std::to_string(set.size()) + ")");
    const core::Dataset& ds = datasetOf(s, request.setIndex);
    const int64_t index = set.indices[request.position];
    const torch::Tensor x = ds.images.slice(0, index, index + 1);
    const core::Model& model = s.b.model;
    const QStringList names = classNames(s);
    const float factor = pixelFactor(s);

    StripDetail d;
    d.request = request;
    d.setName = set.name;
    d.datasetIndex = index;
    d.image = toImageData(x, factor);
    d.entropy = set.entropy[request.position];
    d.reference = set.reference[request.position];
    d.trueLabel = set.trueLabel.value(
        request.position, set.role == StripSet::Poisoned ? -1 : d.reference); // older sessions
    d.poisoned = set.role == StripSet::Poisoned;
    d.predicted = topClasses(model.probabilities(x)[0], 1, names).value(0);

    const int64_t nb = std::clamp<int64_t>(request.blends, 0, run.overlays.size(0));
    if (nb > 0) {
        root.set(0.1, "STRIP detail");
        const torch::Tensor blended = core::stripBlend(x, run.overlays.slice(0, 0, nb), run.config);
        const torch::Tensor logits = model.logits(blended);
        const torch::Tensor probs = torch::softmax(logits.to(torch::kFloat32), 1);
        const torch::Tensor h = core::softmaxEntropyBits(logits).to(torch::kCPU).contiguous();
        for (int64_t i = 0; i < nb; ++i) {
            StripBlendView v;
            v.overlayIndex = run.data.overlayIndices.value(static_cast<int>(i), -1);
            v.image = toImageData(blended[i], factor);
            v.top = topClasses(probs[i], 1, names).value(0);
            v.entropy = h.data_ptr<double>()[i];
            d.blends.push_back(v);
        }
    }
    root.set(1.0);
    Q_EMIT stripDetailReady(d);
}

// ---- helpers shared with the inspector (worker_strip_util.h) ------------------------------------

core::StripConfig stripConfigOf(const StripRequest& r) {
    core::StripConfig c;
    c.n = r.n;
    c.mode = r.blend == StripBlend::Alpha ? core::BlendMode::Alpha : core::BlendMode::Additive;
    c.alpha = r.alpha;
    c.seed = r.seed;
    c.autoSplit = r.autoSplit;
    core::validateStripConfig(c);
    return c;
}

const core::Dataset& overlaySet(const WorkerState& s, OverlaySource source) {
    const core::Dataset& d = source == OverlaySource::Train ? s.train : s.cleanTest;
    if (d.size() == 0)
        throw core::Error(d.source, "STRIP: the overlay set is empty");
    return d;
}

float pixelFactor(const WorkerState& s) {
    if (s.b.model.inputScale() != core::InputScale::Raw || s.cleanTest.size() == 0)
        return 1.0f;
    return s.cleanTest.images.max().item<float>() <= 1.0f ? 255.0f : 1.0f;
}

ImageData toImageData(const torch::Tensor& image, float factor) {
    torch::Tensor chw = image.dim() == 4 ? image[0] : image;
    const auto bytes = (chw.to(torch::kFloat32) * factor)
                           .round()
                           .clamp(0.0, 255.0)
                           .to(torch::kUInt8)
                           .expand({3, chw.size(1), chw.size(2)}) // grey: one channel, repeated
                           .permute({1, 2, 0})
                           .contiguous();
    ImageData d;
    d.height = static_cast<int>(chw.size(1));
    d.width = static_cast<int>(chw.size(2));
    d.rgb = QByteArray(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()),
                       static_cast<qsizetype>(bytes.numel()));
    return d;
}

QStringList classNames(const WorkerState& s) {
    if (s.info.zooDir.isEmpty())
        return {};
    const std::string path = core::zooPath(s.info.zooDir.toStdString(), "manifest.json");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return {};
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const core::ZooManifest m = core::parseZooManifest(text.str(), path);
        if (static_cast<int64_t>(m.classNames.size()) != s.b.model.numClasses())
            return {};
        QStringList names;
        for (const auto& n : m.classNames)
            names.push_back(qs(n));
        return names;
    } catch (const core::Error&) {
        return {}; // names are cosmetic: numbers serve
    }
}

ClassScore classScore(int label, double probability, const QStringList& names, int classes) {
    ClassScore c;
    c.label = label;
    c.probability = probability;
    if (label == classes)
        c.name = trStrip("N (poisoned)");
    else
        c.name = label >= 0 && label < names.size() ? names[label] : QString::number(label);
    return c;
}

QVector<ClassScore> topClasses(const torch::Tensor& probabilities, int k,
                               const QStringList& names) {
    const torch::Tensor p = probabilities.to(torch::kCPU, torch::kFloat64).contiguous().view(-1);
    const int classes = static_cast<int>(p.numel());
    std::vector<int> order(static_cast<size_t>(classes));
    for (int i = 0; i < classes; ++i)
        order[static_cast<size_t>(i)] = i;
    const double* v = p.data_ptr<double>();
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return v[a] > v[b]; });
    QVector<ClassScore> out;
    for (int i = 0; i < std::min(k, classes); ++i)
        out.push_back(classScore(order[static_cast<size_t>(i)], v[order[static_cast<size_t>(i)]],
                                 names, classes));
    return out;
}

} // namespace bdl::app
