// The input inspector: one image (a file or an input of a workspace set) through B, B', G(B, B')
// and STRIP.
#include "app/gui/worker.h"
#include "app/gui/worker_state.h"
#include "app/gui/worker_strip_util.h"

#include "core/base/errors.h"
#include "core/defenses/goodnet.h"
#include "core/io/image_file.h"
#include "core/io/import_client.h"
#include "core/defenses/strip.h"

#include <torch/types.h>
#include <torch/utils.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

#include <cmath>

namespace bdl::app {

namespace {

constexpr int kTopK = 5;

QString trInspect(const char* text) {
    return QCoreApplication::translate("bdl::app::Worker", text);
}

/// What the file loader did, in words ("resized from 640x480 to 28x28; converted to grey").
QString describeConversion(const core::ModelImage& m, int width, int height) {
    QStringList parts;
    if (m.resized)
        parts << trInspect("resized from %1x%2 to %3x%4 (area averaging)")
                     .arg(m.originalWidth)
                     .arg(m.originalHeight)
                     .arg(width)
                     .arg(height);
    if (m.toGrey)
        parts << trInspect("converted to grey");
    if (m.toColour)
        parts << trInspect("grey repeated into RGB");
    if (m.droppedAlpha)
        parts << trInspect("alpha channel ignored");
    if (m.reducedDepth)
        parts << trInspect("16-bit samples reduced to 8 bits");
    return parts.join(QStringLiteral("; "));
}

/// The image of request r as (1, C, H, W) stored pixel values, filling source/note/reference.
torch::Tensor pickImage(const WorkerState& s, const InspectRequest& r, InspectResult& out) {
    const core::Model& model = s.b.model;
    if (!r.imagePath.isEmpty()) {
        const auto in = model.inputShape();
        // Decoded by the sandboxed helper: the picture is a file the user chose.
        const core::ModelImage m =
            core::importImageForModel(r.imagePath.toStdString(), in[0], in[1], in[2]);
        out.source = QFileInfo(r.imagePath).fileName();
        out.note = describeConversion(m, in[1], in[0]);
        // Files hold 0..255; the workspace's data may be stored as 0..1 (then pixelFactor is 255).
        return m.image / pixelFactor(s);
    }
    std::vector<const core::Dataset*> sets{&s.cleanTest, &s.train};
    for (const auto& p : s.poisoned)
        sets.push_back(&p);
    if (r.setIndex < 0 || static_cast<size_t>(r.setIndex) >= sets.size())
        throw core::Error("inspect: choose an image file or one of the workspace's " +
                          std::to_string(sets.size()) + " data sets (got set " +
                          std::to_string(r.setIndex) + ")");
    const core::Dataset& d = *sets[static_cast<size_t>(r.setIndex)];
    if (r.imageIndex < 0 || r.imageIndex >= d.size())
        throw core::Error(d.source, "inspect: no image " + std::to_string(r.imageIndex) +
                                        " (the set has " + std::to_string(d.size()) + ")");
    out.source = trInspect("%1 #%2").arg(qs(d.name)).arg(r.imageIndex);
    const torch::Tensor ref = d.poisoned() ? d.targets : d.labels;
    out.reference = static_cast<int>(ref[r.imageIndex].item<int64_t>());
    return d.images.slice(0, r.imageIndex, r.imageIndex + 1).to(torch::kFloat32);
}

} // namespace

void Worker::doInspect(const InspectRequest& request, core::Feedback* feedback) {
    WorkerState& s = workspace();
    torch::NoGradGuard noGrad;
    const core::ProgressScope root(feedback);
    const core::Model& b = s.b.model;
    InspectResult out;
    out.request = request;
    out.classes = static_cast<int>(b.numClasses());
    const torch::Tensor x = pickImage(s, request, out).contiguous();
    out.image = toImageData(x, pixelFactor(s));
    const QStringList names = classNames(s);

    root.set(0.05, "inspect: B");
    const torch::Tensor probsB = b.probabilities(x)[0].to(torch::kFloat64);
    out.topB = topClasses(probsB, kTopK, names);
    if (s.repaired) {
        out.topBPrime = topClasses(s.repaired->probabilities(x)[0], kTopK, names);
        const int64_t g = core::goodnetLabel(b, *s.repaired, x);
        out.hasGoodnet = true;
        // G votes, it has no softmax: B's probability of the agreed label, 0 for N.
        out.goodnet =
            classScore(static_cast<int>(g), g < out.classes ? probsB[g].item<double>() : 0.0, names,
                       out.classes);
    }

    // STRIP with the last run's overlay draw and settings (the same overlay set and seed give the
    // same N overlays), or a default request's.
    const StripRequest strip = s.strip ? s.strip->data.request : StripRequest();
    const core::StripConfig cfg = s.strip ? s.strip->config : stripConfigOf(strip);
    const core::Dataset& overlays = overlaySet(s, strip.overlaySource);
    const torch::Tensor h =
        core::stripEntropies(b, x, overlays.images, cfg, root.sub(0.1, 1.0), nullptr);
    out.entropy = h[0].item<double>();
    out.stripN = cfg.n;
    if (!std::isnan(request.threshold)) {
        out.hasVerdict = true;
        out.flagged = out.entropy < request.threshold;
    }
    root.set(1.0);
    Q_EMIT inspected(out);
}

} // namespace bdl::app
