// Sessions on the worker: B' as bytes (for session files) and reopening a saved session without
// recomputing its results.
#include "app/gui/session.h"
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"

#include "core/base/errors.h"

#include <torch/torch.h>

#include <QtCore/QDataStream>
#include <QtCore/QFileInfo>

#include <cstring>

namespace bdl::app {

namespace {

constexpr quint32 kMagic = 0x57'4c'44'42; // "BDLW" little-endian
constexpr quint32 kVersion = 1;
/// Bounds checked before allocating: no layer of a supported net comes near them.
constexpr quint32 kMaxTensors = 64;
constexpr quint32 kMaxDims = 8;

void writeTensor(QDataStream& out, const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kFloat32).contiguous().cpu();
    out << static_cast<quint32>(c.dim());
    for (int64_t d = 0; d < c.dim(); ++d)
        out << static_cast<qint64>(c.size(d));
    out.writeRawData(reinterpret_cast<const char*>(c.data_ptr<float>()),
                     static_cast<int>(c.numel() * static_cast<int64_t>(sizeof(float))));
}

/// Reads a tensor that must have `shape`; core::Error naming origin and what otherwise.
torch::Tensor readTensor(QDataStream& in, const std::vector<int64_t>& shape,
                         const std::string& origin, const std::string& what) {
    quint32 dims = 0;
    in >> dims;
    if (in.status() != QDataStream::Ok || dims > kMaxDims || dims != shape.size())
        throw core::Error(origin, "B' weights: " + what + " has the wrong number of dimensions");
    for (quint32 d = 0; d < dims; ++d) {
        qint64 n = 0;
        in >> n;
        if (in.status() != QDataStream::Ok || n != shape[d])
            throw core::Error(origin,
                              "B' weights: " + what + " has the wrong shape for this model");
    }
    torch::Tensor t = torch::empty(shape, torch::kFloat32); // size checked against the model above
    const int64_t bytes = t.numel() * static_cast<int64_t>(sizeof(float));
    if (in.readRawData(reinterpret_cast<char*>(t.data_ptr<float>()), static_cast<int>(bytes)) !=
        bytes)
        throw core::Error(origin, "B' weights: " + what + " is truncated");
    if (!torch::isfinite(t).all().item<bool>())
        throw core::Error(origin, "B' weights: " + what + " holds NaN or infinite values");
    return t;
}

core::StripConfig stripConfigOf(const StripRequest& r) {
    core::StripConfig c;
    c.n = r.n;
    c.mode = r.blend == StripBlend::Additive ? core::BlendMode::Additive : core::BlendMode::Alpha;
    c.alpha = r.alpha;
    c.seed = r.seed;
    return c;
}

/// The saved STRIP run's overlays, checked against the workspace it is restored into.
StripRun restoreStripRun(const WorkerState& s, const StripData& data, const std::string& origin) {
    const core::Dataset& source =
        data.request.overlaySource == OverlaySource::CleanTest ? s.cleanTest : s.train;
    const int64_t n = source.size();
    if (data.overlayIndices.size() != data.request.n)
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
    run.overlays = source.images.index_select(0, torch::tensor(idx, torch::kInt64));
    return run;
}

} // namespace

QByteArray serializeRepaired(const WorkerState& s) {
    if (!s.repaired)
        return {};
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setByteOrder(QDataStream::LittleEndian);
    out << kMagic << kVersion;
    const core::Model& m = *s.repaired;
    const std::vector<std::string> layers = m.weightedLayers();
    out << static_cast<quint32>(layers.size());
    for (const std::string& layer : layers) {
        const std::vector<torch::Tensor> w = m.kerasWeights(layer);
        out << QByteArray::fromStdString(layer) << static_cast<quint32>(w.size());
        for (const torch::Tensor& t : w)
            writeTensor(out, t);
    }
    const torch::Tensor mask = m.channelMask(s.layer);
    out << QByteArray::fromStdString(s.layer) << static_cast<quint32>(mask.defined() ? 1 : 0);
    if (mask.defined())
        writeTensor(out, mask);
    return bytes;
}

core::Model deserializeRepaired(const WorkerState& s, const QByteArray& bytes,
                                const std::string& origin) {
    QDataStream in(bytes);
    in.setByteOrder(QDataStream::LittleEndian);
    quint32 magic = 0, version = 0, layerCount = 0;
    in >> magic >> version >> layerCount;
    if (in.status() != QDataStream::Ok || magic != kMagic)
        throw core::Error(origin, "B' weights are not in BackdoorLab's format");
    if (version != kVersion)
        throw core::Error(origin, "B' weights have format version " + std::to_string(version) +
                                      "; this build reads version " + std::to_string(kVersion));
    core::Model model(s.b.model);
    const std::vector<std::string> layers = model.weightedLayers();
    if (layerCount != layers.size())
        throw core::Error(origin, "B' weights have " + std::to_string(layerCount) +
                                      " layers; the workspace's model has " +
                                      std::to_string(layers.size()));
    for (const std::string& layer : layers) {
        QByteArray name;
        quint32 count = 0;
        in >> name >> count;
        const auto shapes = model.kerasWeightShapes(layer);
        if (in.status() != QDataStream::Ok || name.toStdString() != layer ||
            count != shapes.size() || count > kMaxTensors)
            throw core::Error(origin, "B' weights do not match layer " + layer +
                                          " of the workspace's model");
        std::vector<torch::Tensor> w;
        for (quint32 i = 0; i < count; ++i)
            w.push_back(readTensor(in, shapes[i], origin, layer + " weight " + std::to_string(i)));
        model.setKerasWeights(layer, w);
    }
    QByteArray maskLayer;
    quint32 hasMask = 0;
    in >> maskLayer >> hasMask;
    if (in.status() != QDataStream::Ok || maskLayer.toStdString() != s.layer || hasMask > 1)
        throw core::Error(origin, "B' weights: the pruning mask is not for layer " + s.layer);
    model.clearChannelMasks();
    if (hasMask == 1) {
        const int64_t channels = model.outputShape(s.layer).channels();
        model.setChannelMask(s.layer, readTensor(in, {channels}, origin, "the pruning mask"));
    }
    if (!in.atEnd())
        throw core::Error(origin, "B' weights: unexpected bytes after the pruning mask");
    return model;
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
    {
        ScopedFeedback openFb(root.sub(0.0, 0.9));
        doOpen(state.request, openFb.get());
    }
    WorkerState& s = workspace();
    if (!state.modelSha256.isEmpty() && state.request.modelPath.isEmpty() &&
        fileSha256(s.info.modelPath) != state.modelSha256)
        throw core::Error(s.info.modelPath.toStdString(),
                          "the demo zoo's model changed since the session was saved (its SHA-256 "
                          "differs); the workspace is open, the saved results were not restored");
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
    if (!saved.repairedWeights.isEmpty())
        repaired = deserializeRepaired(s, saved.repairedWeights, origin);
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
    root.check();

    if (saved.curve) {
        const CurveData& c = *saved.curve;
        s.curve = c;
        s.order.assign(c.order.begin(), c.order.end());
        s.means.assign(c.channelMeans.begin(), c.channelMeans.end());
        s.dormant.assign(c.dormant.begin(), c.dormant.end());
        Q_EMIT curveReady(c);
    }
    if (saved.sweep) {
        SweepRun run;
        run.data = *saved.sweep;
        run.ks.assign(run.data.ks.begin(), run.data.ks.end());
        run.seed = run.data.seed; // cell models are re-created on selection
        s.sweep = std::move(run);
        Q_EMIT sweepReady(*saved.sweep);
    }
    if (repaired && saved.repaired) {
        s.repaired = std::move(*repaired);
        s.repairedInfo = *saved.repaired;
        Q_EMIT repairedWeights(saved.repairedWeights);
        Q_EMIT repairedReady(*saved.repaired);
    }
    if (strip) {
        s.strip = std::move(*strip);
        Q_EMIT stripReady(s.strip->data);
    }
    if (saved.goodnets)
        Q_EMIT goodnetsReady(*saved.goodnets);
    root.set(1.0);
}

} // namespace bdl::app
