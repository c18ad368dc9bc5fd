#pragma once
// Shared helpers of the GUI computation tests: the registry main() runs from, a tiny workspace
// written by the test itself (model + CSAW h5 data), the same inputs loaded through the core for
// reference numbers, and running a Controller job to its end.
#include "app/gui/controller.h"
#include "app/gui/job_types.h"
#include "core/dataset.h"
#include "core/keras_io.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace bdl::app::test {

/// Each test file registers its class under its name: `bdl_gui_tests NAME` runs it.
using TestRunner = std::function<int(int argc, char** argv)>;
bool registerTest(const char* name, TestRunner runner);
/// Every registered class by name.
std::map<std::string, TestRunner>& testRegistry();

#define BDL_REGISTER_GUI_TEST(Class)                                                             \
    static const bool kRegistered##Class = ::bdl::app::test::registerTest(                       \
        #Class, [](int argc, char** argv) {                                                      \
            Class test;                                                                          \
            return QTest::qExec(&test, argc, argv);                                              \
        })

/// LibTorch threads of the worker and of the test thread (results depend on the count).
inline constexpr int kThreads = 2;
/// Generous limit for one job on the tiny workspace, in ms.
inline constexpr int kJobTimeoutMs = 120000;

/// A tiny csaw-badnet:32x32x1:4 model (random weights) and CSAW h5 files: clean test, clean
/// train, and two poisoned sets (targets 0 from the file, and 2 given in the request).
struct TinyWorkspace {
    TinyWorkspace();
    QTemporaryDir dir;
    QString model, clean, train, poisonedA, poisonedB;

    /// The request that opens it, at scale 1/255.
    WorkspaceRequest request() const;
    QString file(const QString& name) const { return dir.filePath(name); }
};

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
