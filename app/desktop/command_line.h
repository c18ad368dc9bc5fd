#pragma once
/// @file command_line.h
/// The command line of `backdoorlab`: what to open (the demo zoo, or a model and its data) and how
/// to run (interactive, or render one screenshot and quit). Parsing is a pure function of the
/// argument list, so it is tested without starting a window.
///
/// Thread: any (no GUI objects are touched). Errors: reported in CommandLine::message with
/// exitCode 2 (usage), never thrown.
#include "app/gui/job_types.h"

#include <QtCore/QSize>

#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace bdl::app {

/// What `backdoorlab` was asked to do.
struct LaunchOptions {
    WorkspaceRequest request; ///< the workspace opened at start
    QString screenshotPath;   ///< non-empty: render the window once the curve is in, then quit
    bool verbose = false;     ///< log job timings, slider latency and GUI stalls to stderr
    int threads = 0;          ///< LibTorch threads on the worker (<= 0: every core)
    /// --device: where models live and run ("cpu", "cuda", "cuda:N"; empty = the CPU). Checked
    /// for form here; main() applies it (useComputeDevice, controller.h) and exits with 1 when
    /// the device cannot be used (a LibTorch without CUDA).
    QString device;
    /// --view: which view the screenshot shows (and which job it first runs): "fine-pruning"
    /// (default), "sweep", "activations", "strip", "comparison", "inspector".
    QString screenshotView;
    /// --size WxH: the window's size (a screenshot at a common screen size); invalid = the
    /// built-in 1440 x 900 (or the saved geometry of an interactive run).
    QSize windowSize;
    QString language;    ///< --lang: "de", "zh_CN", "en"; empty = settings, else system
    QString sessionPath; ///< a .bdlsession given on the command line: reopened at start
    /// --result FILE.json: a result of backdoorlab-cli sweep/strip/audit/merge shown at start in
    /// a window of its own (MainWindow::openResult()); with --screenshot that window is the
    /// picture (and no workspace opens).
    QString resultPath;
    /// Whether a workspace (request) is opened at start: false for --result without a model or
    /// session argument (only the result is shown).
    bool openWorkspace = true;
    /// A run without a user (the CLI's report): like a screenshot run, it reads and writes no
    /// settings, never autosaves and shows the window at its built size and theme.
    bool headless = false;
    /// Whether this run has no user: a screenshot or headless run.
    bool unattended() const { return headless || !screenshotPath.isEmpty(); }
};

/// The outcome of parsing: either options to run with, or an exit (help, version, usage error)
/// with the text to print.
struct CommandLine {
    bool run = false; ///< true: start the window with `options`
    int exitCode = 0; ///< when !run: 0 for --help/--version, 2 for a usage error
    QString message;  ///< when !run: help/version text (stdout) or the error (stderr)
    LaunchOptions options;
};

/// Parses `arguments` (arguments[0] is the program name).
///
///     backdoorlab [MODEL.h5 | MODEL.pt | zoo:ID | FILE.bdlsession] [--clean PATH]
///                 [--train PATH] [--poisoned PATH[:TARGET]]... [--scale auto|1/255|raw]
///                 [--arch NAME] [--input-shape H,W,C] [--normalize N]
///                 [--zoo DIR] [--no-zoo-build] [--seed N] [--threads N] [--device cpu|cuda[:N]]
///                 [--screenshot FILE.png [--view NAME] [--size WxH]] [--lang CODE] [--verbose]
///                 [--result FILE.json]
///
/// A positional argument ending in .bdlsession is a session to reopen (LaunchOptions::
/// sessionPath; the request is then the default and is not used). --lang takes one of
/// supportedLanguages() (app_settings.h), --view one of screenshotViews(), --device cpu, cuda or
/// cuda:N; anything else is a usage error naming the accepted values.
///
/// --result FILE.json shows a result file of the CLI; without MODEL (or a session) it opens no
/// workspace (LaunchOptions::openWorkspace).
///
/// Without MODEL (or with zoo:ID) the demo zoo's model is opened (default `patch`); the zoo then
/// fills in every data path not given. --poisoned takes a target after the last ':' only when
/// that part is a whole number, so paths containing ':' still work.
CommandLine parseCommandLine(const QStringList& arguments);

/// The names --view accepts: fine-pruning, sweep, activations, strip, comparison, inspector.
QStringList screenshotViews();

/// Whether `path` names a session file (suffix .bdlsession, any case).
bool isSessionPath(const QString& path);

/// Splits "PATH[:TARGET]" into a poisoned source (target -1 when absent).
PoisonedSource parsePoisonedSource(const QString& text);

/// Translation context of the command line's texts.
class CommandLineText {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::CommandLineText)
};

} // namespace bdl::app
