// backdoorlab-cli report: the analysis report (PDF + HTML) of a model and its data, or of a saved
// session, computing what is missing. It runs the desktop app's own window offscreen
// (app/desktop/report_runner.h), so the report, its numbers and its figures are those the app
// shows and exports for the same inputs and seed.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/desktop/command_line.h"
#include "app/desktop/main_window.h"
#include "app/desktop/notification_banner.h"
#include "app/desktop/report_document.h"
#include "app/desktop/report_runner.h"
#include "app/desktop/session_manager.h"
#include "app/gui/controller.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"

#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFileInfo>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <cstdlib>
#include <ostream>

namespace bdl::app {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

/// The process's QApplication: the one that exists, else one made here on the offscreen
/// platform (a report needs no display) and kept for the life of the process.
QApplication* reportApplication() {
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()))
        return app;
    if (QCoreApplication::instance())
        throw core::Error("the report needs a QApplication, but this process runs another kind "
                          "of Qt application");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "backdoorlab-cli";
    static char* argv[] = {name, nullptr};
    // Qt's own notes on the offscreen platform (XDG_RUNTIME_DIR, size hints) are noise on a
    // command line: only critical and fatal messages reach stderr.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& text) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            std::fprintf(stderr, "%s\n", qPrintable(text));
    });
    static QApplication* app = new QApplication(argc, argv);
    return app;
}

WorkspaceRequest workspaceRequest(const ParsedArgs& a, uint64_t seed) {
    WorkspaceRequest r;
    const QString model = qs(a.value("model", "zoo:patch"));
    if (model.startsWith(QStringLiteral("zoo:")))
        r = WorkspaceRequest::zoo(model.mid(4), qs(a.value("zoo")));
    else
        r.modelPath = QFileInfo(model).absoluteFilePath();
    auto path = [](const std::string& p) {
        return p.empty() ? QString() : QFileInfo(qs(p)).absoluteFilePath();
    };
    r.architecture = qs(a.value("arch"));
    r.inputShape = qs(a.value("input-shape"));
    r.normalization = qs(a.value("normalize"));
    r.pruneLayer = qs(a.value("layer"));
    const std::string scale = a.value("scale", "auto");
    r.scale = model.startsWith(QStringLiteral("zoo:")) && !a.has("scale") ? QString() : qs(scale);
    if (const std::string p = a.value("precision", "fp32"); p != "fp32") {
        if (p != "bf16")
            throw UsageError("--precision must be fp32 or bf16, got '" + p + "'");
        r.precision = qs(p); // checked on the clean test data when the workspace opens
    }
    r.cleanTestPath = path(a.value("clean"));
    r.trainPath = path(a.value("train"));
    for (const auto& p : a.values("poisoned")) {
        PoisonedSource s = parsePoisonedSource(qs(p));
        s.path = QFileInfo(s.path).absoluteFilePath();
        r.poisoned.push_back(s);
    }
    r.seed = seed;
    if (a.has("hold-out")) {
        r.holdOutPercent = static_cast<int>(a.integer("hold-out", 0, 1, 90));
        r.holdOutSeed = seed;
    }
    return r;
}

int runReport(CliContext& ctx) {
    const ParsedArgs& a = ctx.args();
    if (a.has("session") &&
        (a.has("model") || a.has("clean") || a.has("poisoned") || a.has("train")))
        throw UsageError("--session takes its model and data from the session file; drop "
                         "--model, --clean, --train and --poisoned");
    const QString pdf = QFileInfo(qs(a.value("out", "backdoorlab-report.pdf"))).absoluteFilePath();
    if (!pdf.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        throw UsageError("--out must name a .pdf file (the HTML is written beside it)");
    if (!QFileInfo(QFileInfo(pdf).absolutePath()).isDir())
        throw core::Error(pdf.toStdString() + ": the folder does not exist");

    ReportPlan plan;
    plan.pdfPath = pdf;
    if (a.has("k"))
        plan.k = static_cast<int>(a.integer("k", 0, 0, 1 << 20));
    plan.k0 = static_cast<int>(a.integer("k0", 2, 0, 1 << 20));
    plan.tune.lr = a.number("lr", 1e-3, 1e-12, 10.0);
    plan.tune.epochs = static_cast<int>(a.integer("epochs", 10, 1, 100000));
    plan.tune.batchSize = static_cast<int>(a.integer("batch-size", 32, 1, 1 << 20));
    plan.tune.updateBatchNorm = a.has("update-bn");
    plan.tune.seed = ctx.seed();
    plan.strip.n = static_cast<int>(a.integer("n", 100, 2, 100000));
    plan.strip.sample = static_cast<int>(a.integer("sample", 1000, 0, 1 << 30));
    plan.strip.seed = ctx.seed();

    reportApplication(); // the window below needs one (offscreen unless a platform is set)
    LaunchOptions options;
    options.headless = true;
    options.threads = static_cast<int>(a.integer("threads", 0, 0, 1024));
    MainWindow window(options);
    ReportRunner runner(&window, plan);
    int exitCode = kExitError;
    QString message;
    QEventLoop loop;
    QObject::connect(&runner, &ReportRunner::done, &loop, [&](int code, const QString& text) {
        exitCode = code;
        message = text;
        loop.quit();
    });
    QObject::connect(&runner, &ReportRunner::stepStarted, &loop, [&](const QString& text) {
        if (!ctx.json() && !a.has("quiet"))
            ctx.err() << "Report: " << text.toStdString() << "\n";
    });
    QObject::connect(window.controller(), &Controller::progressChanged, &loop,
                     [&](const ProgressInfo& p) {
                         ctx.feedback()->setProgress(p.fraction, p.stage.toStdString());
                     });
    // Ctrl-C (the context's SIGINT handler) cancels the running job; the runner then stops.
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &loop, [&] {
        if (ctx.feedback()->isCancelled())
            window.controller()->cancel();
    });
    cancelPoll.start(100);

    if (a.has("session")) {
        const QString session = QFileInfo(qs(a.value("session"))).absoluteFilePath();
        if (!window.sessions()->open(session))
            throw core::Error(window.banner()->text().toStdString());
    } else if (!window.openWorkspace(workspaceRequest(a, ctx.seed()))) {
        throw core::Error("the workspace could not be opened");
    }
    loop.exec();
    ctx.clearProgress();
    if (exitCode == 130)
        throw core::Cancelled();
    if (exitCode != 0)
        throw core::Error(message.toStdString());

    const QString html = reportHtmlPath(pdf);
    if (ctx.json()) {
        Json verdicts = Json::array();
        for (const auto& b : runner.document().blocks)
            if (b.kind == ReportBlock::Verdict)
                verdicts.push_back({{"question", b.text.toStdString()},
                                    {"level", b.verdictLevel.toStdString()},
                                    {"answer", b.answer.toStdString()}});
        ctx.out() << Json{{"report", pdf.toStdString()},
                          {"html", html.toStdString()},
                          {"verdicts", verdicts}}
                         .dump()
                  << "\n";
        return kExitOk;
    }
    for (const auto& b : runner.document().blocks)
        if (b.kind == ReportBlock::Verdict)
            ctx.out() << b.text.toStdString() << " " << b.answer.toStdString() << "\n";
    ctx.out() << "Report: " << pdf.toStdString() << "\n"
              << "HTML:   " << html.toStdString() << "\n";
    return kExitOk;
}

} // namespace

CommandDef reportCommand() {
    auto opts = commonOptions();
    opts.insert(opts.begin(), {"session", "FILE",
                               "a saved .bdlsession instead of --model/--clean/"
                               "--poisoned: its results are reported as saved"});
    opts.push_back({"out", "FILE.pdf", "the report; the HTML copy is written beside it", false,
                    "backdoorlab-report.pdf"});
    opts.push_back({"layer", "NAME", "the layer to prune", false, "the last convolution"});
    opts.push_back(
        {"k", "K", "channels pruned for B' when the session has none", false, "10 % of the layer"});
    opts.push_back({"lr", "LR", "Adam learning rate for fine-tuning B'", false, "1e-3"});
    opts.push_back({"epochs", "E", "fine-tuning epochs", false, "10"});
    opts.push_back({"batch-size", "N", "fine-tuning mini-batch size", false, "32"});
    opts.push_back({"update-bn", "", "batch norm statistics follow the fine-tuning data"});
    opts.push_back({"k0", "K", "channels of B0 for the goodnet G'(B0, B')", false, "2"});
    opts.push_back({"n", "N", "STRIP superimpositions per input", false, "100"});
    opts.push_back({"sample", "N", "STRIP inputs scored per test set (0 = all)", false, "1000"});
    return {"report",
            "analysis report (PDF + HTML): model, data, every result, verdicts, how to reproduce",
            "Runs what is missing (pruning curve, B', activations, STRIP, goodnets) with the "
            "desktop app's engine, offscreen, then writes FILE.pdf and FILE.html.",
            opts,
            0,
            runReport};
}

} // namespace bdl::app
