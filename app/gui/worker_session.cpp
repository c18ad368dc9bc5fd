// Sessions on the worker: B' as bytes (for session files) and reopening a saved session without
// recomputing its results.
#include "app/gui/session.h"
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"
#include "app/gui/worker_strip_util.h"

#include "core/base/errors.h"
#include "core/io/import_client.h"
#include "core/io/weights_snapshot.h"

#include <torch/types.h>

#include <QtCore/QFileInfo>

#include <cstring>

namespace bdl::app {

namespace {

/// The saved STRIP run's overlays, checked against the workspace it is restored into.
StripRun restoreStripRun(const WorkerState& s, const StripData& data, const std::string& origin) {
    const core::Dataset& source =
        data.request.overlaySource == OverlaySource::CleanTest ? s.cleanTest : s.train;
    const int64_t n = source.size();
    // N overlays, or fewer when the automatic split lowered N for a small overlay set (its note
    // says so): the run used exactly the listed overlays.
    const qint64 used = data.overlayIndices.size();
    if (used != data.request.n && (data.splitNote.isEmpty() || used < 1 || used > data.request.n))
        throw core::Error(origin, "STRIP run: the overlay list does not match its N");
    std::vector<int64_t> idx(data.overlayIndices.begin(), data.overlayIndices.end());
    for (int64_t i : idx)
        if (i < 0 || i >= n)
            throw core::Error(origin, "STRIP run: overlay image " + std::to_string(i) +
                                          " is outside " + source.name);
    if (data.poisonedCount() != static_cast<int>(s.poisoned.size()))
        throw core::Error(origin, "STRIP run: its poisoned sets differ from the workspace's");
    StripRun run;
    run.data = data;
    run.config = stripConfigOf(data.request);
    run.config.n = static_cast<int>(used); // as the run itself did (Worker::doStrip)
    run.overlays = source.images.index_select(0, torch::tensor(idx, torch::kInt64));
    return run;
}

} // namespace

QByteArray serializeRepaired(const WorkerState& s) {
    if (!s.repaired)
        return {};
    return QByteArray::fromStdString(core::encodeWeightsSnapshot(*s.repaired, s.layer));
}

/// B' from a session's bytes: the session may come from anyone, so its weights are first decoded
/// by the sandboxed helper against the model file it reads itself (core/io/import_client.h).
core::Model deserializeRepaired(const WorkerState& s, const QByteArray& bytes,
                                const std::string& origin, core::Feedback* fb) {
    core::ModelOpenOptions open;
    if (s.b.format == core::ModelFormat::WeightsOnly)
        open.arch = s.b.architecture;
    if (s.b.format == core::ModelFormat::TorchScript)
        open.inputShape = s.b.model.inputShape();
    return core::importWeightsSnapshot(s.b.model, s.b.source, open, s.layer, bytes.toStdString(),
                                       origin, fb);
}

void Worker::doRestore(const SessionState& state, core::Feedback* feedback) {
    const core::ProgressScope root(feedback);
    const std::string origin = "the session";
    const SessionResults& saved = state.results;
    // A changed model file would make every saved number a lie: refuse it before the slow work.
    // (Zoo models are checked after opening, once the zoo has filled in the path.)
    if (!state.modelSha256.isEmpty() && !state.request.modelPath.isEmpty()) {
        const QByteArray now = fileSha256(state.request.modelPath);
        if (now.isEmpty())
            throw core::Error(state.request.modelPath.toStdString(), "cannot be read");
        if (now != state.modelSha256)
            throw core::Error(state.request.modelPath.toStdString(),
                              "the model file changed since the session was saved (its SHA-256 "
                              "differs); open it as a new workspace instead");
    }
    // Opened aside and committed only at the end: a restore that fails or is cancelled at any
    // moment leaves the current workspace and its results as they were.
    std::unique_ptr<WorkerState> pending;
    {
        ScopedFeedback openFb(root.sub(0.0, 0.9));
        pending = openState(state.request, openFb.get());
    }
    WorkerState& s = *pending;
    if (!state.modelSha256.isEmpty() && state.request.modelPath.isEmpty() &&
        fileSha256(s.info.modelPath) != state.modelSha256)
        throw core::Error(s.info.modelPath.toStdString(),
                          "the demo zoo's model changed since the session was saved (its SHA-256 "
                          "differs); open the model as a new workspace instead");
    if (saved.workspace) {
        const WorkspaceInfo& w = *saved.workspace;
        if (w.architecture != s.info.architecture || w.poisonedNames != s.info.poisonedNames ||
            w.classes != s.info.classes)
            throw core::Error(origin, "the saved results are for " + w.architecture.toStdString() +
                                          " with sets " +
                                          w.poisonedNames.join(QStringLiteral(", ")).toStdString() +
                                          "; the workspace now has other sets or another "
                                          "architecture, so they were not restored");
    }
    root.set(0.9, "restoring the saved results");

    // Check everything before changing anything, so a bad file restores nothing.
    std::optional<core::Model> repaired;
    if (!saved.repairedWeights.isEmpty()) {
        ScopedFeedback weightsFb(root.sub(0.9, 0.95));
        repaired = deserializeRepaired(s, saved.repairedWeights, origin, weightsFb.get());
    }
    std::optional<StripRun> strip;
    if (saved.strip)
        strip = restoreStripRun(s, *saved.strip, origin);
    if (saved.curve) {
        const CurveData& c = *saved.curve;
        const int channels = s.info.pruneChannels;
        if (c.channels() != channels || c.channelMeans.size() != channels)
            throw core::Error(origin, "the saved pruning curve has " +
                                          std::to_string(c.channels()) + " channels; " + s.layer +
                                          " has " + std::to_string(channels));
        for (int ch : c.order)
            if (ch < 0 || ch >= channels)
                throw core::Error(origin, "the saved pruning curve's ranking is not a ranking");
    }
    // Everything is checked: put it in place, then make it the workspace.
    if (saved.curve) {
        const CurveData& c = *saved.curve;
        s.curve = c;
        s.ranking.layer = s.layer;
        s.ranking.order.assign(c.order.begin(), c.order.end());
        s.ranking.channelMeans.assign(c.channelMeans.begin(), c.channelMeans.end());
        s.ranking.dormant.assign(c.dormant.begin(), c.dormant.end());
    }
    if (saved.sweep) {
        SweepRun run;
        run.data = *saved.sweep; // cell models are re-created on selection
        s.sweep = std::move(run);
    }
    const bool restoresRepaired = repaired && saved.repaired;
    if (restoresRepaired) {
        s.repaired = std::move(*repaired);
        s.repairedInfo = *saved.repaired;
    }
    if (strip)
        s.strip = std::move(*strip);
    root.set(1.0); // the last cancel check: from here on the restore completes
    const WorkspaceInfo info = s.info;
    m_state = std::move(pending);
    Q_EMIT workspaceOpened(info);
    if (saved.curve)
        Q_EMIT curveReady(*saved.curve);
    if (saved.sweep)
        Q_EMIT sweepReady(*saved.sweep);
    if (restoresRepaired) {
        Q_EMIT repairedWeights(saved.repairedWeights);
        Q_EMIT repairedReady(*saved.repaired);
    }
    if (m_state->strip)
        Q_EMIT stripReady(m_state->strip->data);
    if (saved.goodnets)
        Q_EMIT goodnetsReady(*saved.goodnets);
}

} // namespace bdl::app
