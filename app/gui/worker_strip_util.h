#pragma once
/// @file worker_strip_util.h
/// Internal to the Worker (worker_strip.cpp, worker_inspect.cpp): what the STRIP jobs and the
/// inspector share: the core configuration of a StripRequest, its overlay set, pictures for
/// display and class scores with names. Worker thread only; includes the core and torch.
#include "app/gui/analysis_types.h"
#include "app/gui/worker_state.h"

#include <torch/types.h>

#include <QtCore/QStringList>
#include <QtCore/QVector>

namespace bdl::app {

/// The core's STRIP settings for a request (n, blend, alpha, seed). Error for n < 1 or an alpha
/// outside [0, 1] with the alpha blend.
core::StripConfig stripConfigOf(const StripRequest& request);

/// The clean set the overlays of `source` come from.
const core::Dataset& overlaySet(const WorkerState& s, OverlaySource source);

/// Factor from the workspace's stored pixel values to 0..255: 255 when the data sets are stored
/// as 0..1 (a raw-scale model fed 0..1 data), else 1.
float pixelFactor(const WorkerState& s);

/// An image (C, H, W) or (1, C, H, W) of stored pixel values as 8-bit RGB for display: times
/// `factor`, rounded and clamped to 0..255; grey repeated into the three channels.
ImageData toImageData(const torch::Tensor& image, float factor);

/// The class names of the demo zoo the workspace comes from (when they match B's class count);
/// empty otherwise (ClassScore then shows numbers).
QStringList classNames(const WorkerState& s);

/// One label with its probability, named from `names` (or the number); label == classes is G's
/// rejection class N.
ClassScore classScore(int label, double probability, const QStringList& names, int classes);

/// The k most probable classes of one probability row (classes), most probable first (ties: the
/// lower label first).
QVector<ClassScore> topClasses(const torch::Tensor& probabilities, int k, const QStringList& names);

} // namespace bdl::app
