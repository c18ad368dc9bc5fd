// Opening a workspace: the demo zoo or files -> B with its input scale, and the data sets. The
// zoo's files come from core::resolveZooWorkload(), as in the CLI. Without a train set, either
// part of the clean data is held out as the train set (WorkspaceRequest::holdOutPercent,
// core::holdOutSplit: the CLI's --hold-out) or the clean test set serves as both and the
// workspace is marked in-sample (WorkspaceInfo::inSample).
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include "core/io/data_io.h"
#include "core/base/errors.h"
#include "core/defenses/fine_pruning.h"
#include "core/io/keras_io.h"
#include "core/io/import_client.h"
#include "core/nn/inference_tuning.h"
#include "core/nn/metrics.h"
#include "core/zoo/zoo_workload.h"

#include <torch/types.h>

#include <cstdio>
#include <set>

namespace bdl::app {

static_assert(WorkspaceRequest::kDefaultHoldOutPercent == core::kLiuHoldOutPercent,
              "the open dialog's default hold-out is Liu et al.'s share");

namespace {

/// What to load, once the zoo (if any) has filled in the defaults.
struct Sources {
    std::string model;
    std::string architecture;
    std::string inputShape;    ///< TorchScript "H,W,C"; empty = inferred
    std::string normalization; ///< core::parseInputNormalization text
    std::string scale;         ///< "auto", "1/255" or "raw"
    std::string clean;
    std::string train;
    std::vector<PoisonedSource> poisoned;
    std::string zooDir, zooModel, zooTitle;
    bool zooBuilt = false;
};

/// How the model file is opened: the architecture of a weights-only file, the input shape of a
/// TorchScript file ("H,W,C"; a malformed one is an Error before the helper runs).
core::ModelOpenOptions modelOpenOptions(const Sources& src) {
    core::ModelOpenOptions open;
    open.arch = src.architecture;
    if (!src.inputShape.empty()) {
        int h = 0, w = 0, c = 0;
        char tail = 0;
        if (std::sscanf(src.inputShape.c_str(), "%d,%d,%d%c", &h, &w, &c, &tail) != 3 || h <= 0 ||
            w <= 0 || c <= 0 || h > 65536 || w > 65536 || c > 65536)
            throw core::Error(src.model, "the input shape must be H,W,C (three positive sizes), "
                                         "not '" +
                                             src.inputShape + "'");
        open.inputShape = {h, w, c};
    }
    return open;
}

/// Fills what the request leaves empty in `src` from the zoo (building it when needed and
/// allowed).
void resolveZoo(const WorkspaceRequest& r, Sources& src, const core::ProgressScope& scope) {
    ScopedFeedback fb(scope);
    const core::ZooWorkload w = core::resolveZooWorkload(
        r.zooDir.toStdString(), r.zooModel.toStdString(), r.buildZoo, fb.get(),
        [&](const std::string& problem) {
            scope.set(0.0, "building the demo zoo (" + problem + "; about 4 minutes on 2 cores)");
        });
    scope.check();
    src.zooDir = w.dir;
    src.zooModel = w.id;
    src.zooTitle = w.title;
    src.zooBuilt = w.built;
    if (src.model.empty())
        src.model = w.model;
    if (src.clean.empty())
        src.clean = w.clean;
    if (src.train.empty())
        src.train = w.train;
    if (src.scale.empty())
        src.scale = w.scale;
    if (src.poisoned.empty())
        for (const auto& p : w.poisoned)
            src.poisoned.push_back({QString::fromStdString(p), -1});
}

core::Dataset loadSet(const std::string& path, core::DataSpec::Role role, int target,
                      const core::Model& model, const core::ProgressScope& scope) {
    core::DataSpec spec;
    spec.path = path;
    spec.role = role;
    if (target >= 0)
        spec.target = target;
    spec.channels = model.inputShape()[2];
    spec.modelInput = model.inputShape(); // a shape mismatch names the file and both shapes
    ScopedFeedback fb(scope);
    core::Dataset d = core::importDataset(spec, fb.get()); // parsed by the sandboxed helper
    scope.check();
    core::validateLabels(d, model.numClasses());
    return d;
}

DataSetInfo describe(const core::Dataset& d, DataSetInfo::Role role) {
    DataSetInfo i;
    i.name = qs(d.name);
    i.path = qs(d.source);
    i.role = role;
    i.size = d.size();
    if (d.poisoned()) {
        const auto t = d.targets.to(torch::kInt64).contiguous();
        std::set<int64_t> distinct(t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel());
        for (int64_t x : distinct)
            if (x >= 0)
                i.targets.push_back(x);
    }
    return i;
}

/// The scale to use, from its text ("auto" takes the detected one).
core::InputScale chooseScale(const std::string& text, core::InputScale detected) {
    if (text == "auto")
        return detected;
    core::InputScale s = core::InputScale::Unit;
    if (!core::parseInputScale(text, &s))
        throw core::Error("the input scale must be auto, 1/255 or raw, got '" + text + "'");
    return s;
}

/// The inference precision asked for ("" = fp32), or an Error naming the bad text.
core::InferencePrecision choosePrecision(const QString& text) {
    core::InferencePrecision p = core::InferencePrecision::Float32;
    if (!text.isEmpty() && !core::parseInferencePrecision(text.toStdString(), &p))
        throw core::Error("the inference precision must be fp32 or bf16, got '" +
                          text.toStdString() + "'");
    return p;
}

WorkspaceInfo describeWorkspace(const WorkerState& s, const Sources& src,
                                const core::ScaleDetection& det) {
    WorkspaceInfo info;
    const core::Model& m = s.b.model;
    info.modelPath = qs(s.b.source);
    info.format = QString::fromLatin1(core::modelFormatName(s.b.format));
    info.architecture = qs(s.b.architecture);
    info.classes = static_cast<int>(m.numClasses());
    for (const auto& t : m.parameters())
        info.parameters += t.numel();
    const auto in = m.inputShape();
    info.height = in[0];
    info.width = in[1];
    info.channels = in[2];
    info.zooDir = qs(src.zooDir);
    info.zooModel = qs(src.zooModel);
    info.zooTitle = qs(src.zooTitle);
    info.zooBuilt = src.zooBuilt;
    info.scale = QString::fromLatin1(core::inputScaleName(m.inputScale()));
    info.detectedScale = QString::fromLatin1(core::inputScaleName(det.chosen));
    info.accUnit = det.accUnit;
    info.accRaw = det.accRaw;
    info.pruneLayer = qs(s.layer);
    for (const auto& p : s.b.model.prunableLayers())
        info.prunable.push_back({qs(p.conv), qs(p.output), static_cast<int>(p.channels)});
    info.normalization = qs(core::inputNormalizationText(s.b.model.inputNormalization()));
    info.pruneChannels = static_cast<int>(m.outputShape(s.layer).channels());
    info.sets.push_back(describe(s.cleanTest, DataSetInfo::CleanTest));
    DataSetInfo train = describe(s.train, DataSetInfo::CleanTrain);
    train.sameAsCleanTest = s.trainIsClean;
    info.sets.push_back(train);
    for (const auto& p : s.poisoned) {
        info.sets.push_back(describe(p, DataSetInfo::Poisoned));
        info.poisonedNames.push_back(qs(p.name));
    }
    info.inSample = s.trainIsClean;
    return info;
}

/// The clean test and train sets of `s` from the clean data and the optional train file: the
/// train file, else a seeded hold-out of the clean data (held part = train, rest = clean test),
/// else the clean test set itself (in-sample). True when the hold-out was made.
bool loadCleanSets(WorkerState& s, const Sources& src, const WorkspaceRequest& r,
                   const core::ProgressScope& cleanPart, const core::ProgressScope& trainPart) {
    const core::Model& model = s.b.model;
    s.cleanTest = loadSet(src.clean, core::DataSpec::Clean, -1, model, cleanPart);
    if (!src.train.empty() && src.train != src.clean) {
        s.train = loadSet(src.train, core::DataSpec::Clean, -1, model, trainPart);
        return false;
    }
    if (r.holdOutPercent <= 0) {
        s.train = s.cleanTest;
        s.trainIsClean = true;
        return false;
    }
    core::DataSplit parts = core::holdOutSplit(s.cleanTest, r.holdOutPercent, r.holdOutSeed);
    s.train = std::move(parts.held);
    s.cleanTest = std::move(parts.rest);
    return true;
}

} // namespace

void Worker::doOpen(const WorkspaceRequest& r, core::Feedback* feedback) {
    std::unique_ptr<WorkerState> s = openState(r, feedback);
    const WorkspaceInfo info = s->info;
    m_state = std::move(s); // only now: a failed or cancelled open keeps the old workspace
    Q_EMIT workspaceOpened(info);
}

std::unique_ptr<WorkerState> Worker::openState(const WorkspaceRequest& r,
                                               core::Feedback* feedback) {
    const core::ProgressScope root(feedback);
    Sources src;
    src.model = r.modelPath.toStdString();
    src.architecture = r.architecture.toStdString();
    src.inputShape = r.inputShape.trimmed().toStdString();
    src.normalization = r.normalization.trimmed().toStdString();
    src.scale = r.scale.toStdString();
    src.clean = r.cleanTestPath.toStdString();
    src.train = r.trainPath.toStdString();
    src.poisoned = std::vector<PoisonedSource>(r.poisoned.begin(), r.poisoned.end());
    double zooEnd = 0.0;
    if (!r.zooModel.isEmpty()) {
        zooEnd = 0.8; // mostly building; a reused zoo is only checked and jumps ahead
        resolveZoo(r, src, root.sub(0.0, zooEnd));
    }
    if (src.scale.empty())
        src.scale = "auto";
    chooseScale(src.scale, core::InputScale::Unit); // reject a bad scale before the slow work
    const core::InferencePrecision precision = choosePrecision(r.precision.trimmed()); // and this
    const bool bf16 = precision == core::InferencePrecision::BFloat16;
    if (src.model.empty())
        throw core::Error("no model given: choose a Keras .h5 file or a model of the demo zoo");
    if (src.clean.empty())
        throw core::Error(src.model, "no clean test data given (needed for CCA and the scale)");

    root.set(zooEnd, "loading " + src.model);
    std::unique_ptr<WorkerState> s;
    {
        ScopedFeedback fb(root.sub(zooEnd, zooEnd)); // the model is parsed by the sandboxed helper
        s = std::make_unique<WorkerState>(
            core::importModel(src.model, modelOpenOptions(src), fb.get()));
    }
    {
        core::InputNormalization norm;
        std::string why;
        if (!core::parseInputNormalization(src.normalization, s->b.model.inputShape()[2], &norm,
                                           &why))
            throw core::Error(src.model, "input normalization: " + why);
        if (!norm.empty() && !s->b.model.inputNormalization().empty())
            throw core::Error(src.model,
                              "the model normalises its input itself (" +
                                  core::inputNormalizationText(s->b.model.inputNormalization()) +
                                  "); choose no normalization");
        if (!norm.empty())
            s->b.model.setInputNormalization(norm);
    }
    root.check();
    const core::Model& model = s->b.model;
    const size_t files = 2 + src.poisoned.size();
    const double span = (0.9 - zooEnd) / static_cast<double>(files);
    auto part = [&](size_t i) { return root.sub(zooEnd + span * i, zooEnd + span * (i + 1)); };
    const bool heldOut = loadCleanSets(*s, src, r, part(0), part(1));
    for (size_t i = 0; i < src.poisoned.size(); ++i)
        s->poisoned.push_back(loadSet(src.poisoned[i].path.toStdString(), core::DataSpec::Poisoned,
                                      src.poisoned[i].target, model, part(2 + i)));

    // Detect in every case, so the panel can show the detected scale next to the chosen one.
    const double detEnd = bf16 ? 0.95 : 1.0;
    root.set(0.9, "detecting the input scale");
    ScopedFeedback detFb(root.sub(0.9, detEnd));
    const core::ScaleDetection det = core::detectInputScale(s->b.model, s->cleanTest, detFb.get());
    root.check();
    s->b.model.setInputScale(chooseScale(src.scale, det.chosen));
    // As the CLI's --precision: only bf16 is checked (on the clean test images) and calibrated.
    core::PrecisionCheck check;
    if (bf16) {
        root.set(detEnd, "checking bfloat16 inference against float32");
        check = core::applyInferencePrecision(s->b.model, precision, s->cleanTest.images,
                                              root.sub(detEnd, 1.0));
    }
    s->layer = model.pruneLayer(r.pruneLayer.trimmed().toStdString()); // Error: unknown layer
    s->seed = r.seed;
    s->info = describeWorkspace(*s, src, det);
    s->info.precisionRequested = QString::fromLatin1(core::inferencePrecisionName(precision));
    s->info.precision = QString::fromLatin1(core::inferencePrecisionName(check.used));
    s->info.precisionNote = qs(check.note);
    if (heldOut) {
        s->info.holdOutPercent = r.holdOutPercent;
        s->info.holdOutSeed = r.holdOutSeed;
    }
    root.set(1.0); // the last cancel check
    return s;
}

} // namespace bdl::app
