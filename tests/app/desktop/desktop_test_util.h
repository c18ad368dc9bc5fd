#pragma once
// Shared helpers of the desktop-application tests: the registry main() runs from, a tiny
// workspace written by the test itself (model + CSAW h5 data, through the core), and waiting for
// the main window's job chain to settle.
#include "app/desktop/command_line.h"
#include "app/gui/job_types.h"
#include "qt_test_registry.h"
#include "tiny_workspace.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

#include <functional>
#include <memory>

namespace bdl::app {
class MainWindow;
}

namespace bdl::app::test {

/// Each test file registers its class under its name: `bdl_desktop_tests NAME` runs it.
#define BDL_REGISTER_DESKTOP_TEST(Class) BDL_REGISTER_QT_TEST(Class)

/// LibTorch threads of the worker (the machine has two cores, shared with other jobs).
inline constexpr int kThreads = 2;
/// Generous limit for one job (or a chain of jobs) on the tiny workspace, in ms.
inline constexpr int kJobTimeoutMs = 180000;

/// Waits (event loop running) until the window's controller is idle and `done()` holds; false
/// on timeout.
bool waitIdle(MainWindow& window, const std::function<bool()>& done = {},
              int timeoutMs = kJobTimeoutMs);

bool writeAll(const QString& path, const QByteArray& bytes);

/// The window's options in tests: kThreads worker threads, nothing else set.
LaunchOptions testOptions();

/// pdftotext's output (poppler-utils) of `pdf`, Unicode ligatures spelled out; empty (and
/// `error` set) on failure. `layout`: pdftotext -layout.
QString pdfText(const QString& pdf, QString* error, bool layout = false);

/// A shown main window (kThreads worker threads) with `ws` open and the jobs the window chains
/// after opening (curve, activations) finished; null when opening fails or times out.
std::unique_ptr<MainWindow> openTinyWindow(const TinyWorkspace& ws);

} // namespace bdl::app::test
