#pragma once
// Shared helpers of the GUI computation tests: the registry main() runs from, a tiny workspace
// written by the test itself (model + CSAW h5 data), the same inputs loaded through the core for
// reference numbers, and running a Controller job to its end.
#include "app/gui/controller.h"
#include "app/gui/job_types.h"
#include "core/nn/dataset.h"
#include "core/nn/finetune.h"
#include "core/io/keras_io.h"
#include "qt_test_registry.h"
#include "tiny_workspace.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

#include <functional>
#include <vector>

namespace bdl::app::test {

/// Each test file registers its class under its name: `bdl_gui_tests NAME` runs it.
#define BDL_REGISTER_GUI_TEST(Class) BDL_REGISTER_QT_TEST(Class)

/// LibTorch threads of the worker and of the test thread (results depend on the count).
inline constexpr int kThreads = 2;
/// Generous limit for one job on the tiny workspace, in ms.
inline constexpr int kJobTimeoutMs = 120000;

/// One quick epoch of fine-tuning, the jobs tests' default.
inline const TuneSettings kTune{/*lr=*/1e-3, /*epochs=*/1, /*batchSize=*/16, /*seed=*/0};
/// The core's config for the same settings.
core::FineTuneConfig coreTune(const TuneSettings& t = kTune);

/// The same inputs, loaded through the core (for reference numbers).
struct CoreInputs {
    explicit CoreInputs(const TinyWorkspace& w);
    core::LoadedModel b;
    core::Dataset clean, train;
    std::vector<core::Dataset> poisoned;
};

/// Starts a job with `start` and waits (event loop running) until the controller is idle.
/// Fails the test unless the job ends with finished(); a failure message is printed.
void runToEnd(Controller& c, const std::function<bool()>& start);
/// Opens the tiny workspace on `c` (runToEnd).
void openTiny(Controller& c, const TinyWorkspace& w);

QByteArray readAll(const QString& path);

} // namespace bdl::app::test
