#pragma once
// Shared helpers of the desktop-application tests: the registry main() runs from, a tiny
// workspace written by the test itself (model + CSAW h5 data, through the core), and waiting for
// the main window's job chain to settle.
#include "app/gui/job_types.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

#include <functional>
#include <map>
#include <string>

namespace bdl::app {
class MainWindow;
}

namespace bdl::app::test {

/// Each test file registers its class under its name: `bdl_desktop_tests NAME` runs it.
using TestRunner = std::function<int(int argc, char** argv)>;
bool registerTest(const char* name, TestRunner runner);
std::map<std::string, TestRunner>& testRegistry();

#define BDL_REGISTER_DESKTOP_TEST(Class)                                                         \
    static const bool kRegistered##Class = ::bdl::app::test::registerTest(                       \
        #Class, [](int argc, char** argv) {                                                      \
            Class test;                                                                          \
            return QTest::qExec(&test, argc, argv);                                              \
        })

/// LibTorch threads of the worker (the machine has two cores, shared with other jobs).
inline constexpr int kThreads = 2;
/// Generous limit for one job (or a chain of jobs) on the tiny workspace, in ms.
inline constexpr int kJobTimeoutMs = 180000;

/// A tiny csaw-badnet:32x32x1:4 model (random weights) and CSAW h5 files: clean test (96
/// images), clean train (80), and two poisoned sets: "patch" (64, target 0 from the file) and
/// "other" (48, target 2 given in the request).
struct TinyWorkspace {
    TinyWorkspace();
    QTemporaryDir dir;
    QString model, clean, train, poisonedA, poisonedB;

    /// The request that opens it, at scale 1/255.
    WorkspaceRequest request() const;
    QString file(const QString& name) const { return dir.filePath(name); }
};

/// Waits (event loop running) until the window's controller is idle and `done()` holds; false
/// on timeout.
bool waitIdle(MainWindow& window, const std::function<bool()>& done = {},
              int timeoutMs = kJobTimeoutMs);

QByteArray readAll(const QString& path);
bool writeAll(const QString& path, const QByteArray& bytes);

} // namespace bdl::app::test
