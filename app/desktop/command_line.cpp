#include "app/desktop/command_line.h"

#include "app/desktop/app_settings.h"
#include "app/gui/controller.h"

#include <QtCore/QCommandLineOption>
#include <QtCore/QCommandLineParser>

namespace bdl::app {

namespace {

const QString kZooPrefix = QStringLiteral("zoo:");

/// The options, in the order --help lists them.
struct Options {
    Q_DECLARE_TR_FUNCTIONS(bdl::app::CommandLineText) // the context of CommandLineText::tr

public:
    QCommandLineOption clean{QStringLiteral("clean"),
                             tr("Clean test data (CCA): CSAW .h5, image folder or IDX."),
                             tr("PATH")};
    QCommandLineOption train{QStringLiteral("train"),
                             tr("Clean data for ranking channels and fine-tuning."), tr("PATH")};
    QCommandLineOption poisoned{QStringLiteral("poisoned"),
                                tr("A poisoned set and its attack target (repeatable)."),
                                tr("PATH[:TARGET]")};
    QCommandLineOption scale{QStringLiteral("scale"),
                             tr("Input scale: auto (default), 1/255 or raw."), tr("SCALE")};
    QCommandLineOption precision{
        QStringLiteral("precision"),
        tr("Inference precision: fp32 (default) or bf16 (kept only where it gives float32's top "
           "class on the clean test data)."),
        tr("P")};
    QCommandLineOption arch{QStringLiteral("arch"),
                            tr("Architecture of a weights-only file, e.g. csaw-badnet."),
                            tr("NAME")};
    QCommandLineOption inputShape{QStringLiteral("input-shape"),
                                  tr("Input H,W,C of a TorchScript model when the file does not "
                                     "fix it."),
                                  tr("H,W,C")};
    QCommandLineOption normalize{QStringLiteral("normalize"),
                                 tr("Per-channel input normalization after the scale: none, "
                                    "cifar10, imagenet or mean=M1,M2,M3;std=S1,S2,S3."),
                                 tr("N")};
    QCommandLineOption zoo{QStringLiteral("zoo"),
                           tr("The demo zoo folder (default: the user data folder)."), tr("DIR")};
    QCommandLineOption noZooBuild{QStringLiteral("no-zoo-build"),
                                  tr("Fail instead of building an absent demo zoo.")};
    QCommandLineOption seed{QStringLiteral("seed"),
                            tr("Seed of the validation split (Liu et al.)."), tr("N")};
    QCommandLineOption threads{QStringLiteral("threads"),
                               tr("LibTorch threads of the worker (default: every core)."),
                               tr("N")};
    QCommandLineOption device{QStringLiteral("device"),
                              tr("Where models run: cpu (default), cuda or cuda:N (a build "
                                 "against a CUDA LibTorch)."),
                              tr("DEVICE")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        tr("Render the window once the pruning curve is in, save it as PNG and quit."),
        tr("FILE.png")};
    QCommandLineOption view{QStringLiteral("view"),
                            tr("With --screenshot: the view to show: %1 (default fine-pruning), "
                               "or all (every view, FILE-VIEW.png each).")
                                .arg(screenshotViews().join(QStringLiteral(", "))),
                            tr("NAME")};
    QCommandLineOption size{
        QStringLiteral("size"),
        tr("The window's size, e.g. 1280x800 (default 1440x900), for --screenshot at a common "
           "screen size."),
        tr("WxH")};
    QCommandLineOption verbose{
        QStringLiteral("verbose"),
        tr("Log job times, slider latency and GUI-thread stalls to stderr.")};
    QCommandLineOption result{
        QStringLiteral("result"),
        tr("Show a result file of backdoorlab-cli sweep, strip or audit (--json) or merge in a "
           "window of its own; without MODEL no workspace is opened. With --screenshot, that "
           "window is the picture."),
        tr("FILE.json")};
    QCommandLineOption lang{
        QStringLiteral("lang"),
        tr("Language of the window: %1 (default: the one chosen in the settings, "
           "else the system's).")
            .arg(supportedLanguages().join(QStringLiteral(", "))),
        tr("CODE")};

    void addTo(QCommandLineParser& p) const {
        p.addOptions({clean, train, poisoned, scale, precision, arch, inputShape, normalize, zoo,
                      noZooBuild, seed, threads, device, screenshot, view, size, verbose, lang,
                      result});
    }
};

/// The arguments without QApplication's own options (-platform offscreen, -style X, -reverse,
/// ...), which QApplication takes from argv itself.
QStringList withoutQtOptions(const QStringList& arguments) {
    static const QStringList withValue{
        QStringLiteral("platform"),        QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"),   QStringLiteral("plugin"),
        QStringLiteral("style"),           QStringLiteral("stylesheet"),
        QStringLiteral("display"),         QStringLiteral("geometry"),
        QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowtitle"),
        QStringLiteral("qwindowicon"),     QStringLiteral("session")};
    static const QStringList flags{QStringLiteral("reverse"), QStringLiteral("nograb"),
                                   QStringLiteral("dograb")};
    QStringList out;
    for (int i = 0; i < arguments.size(); ++i) {
        QString name = arguments[i];
        if (i == 0 || !name.startsWith(QLatin1Char('-'))) {
            out << arguments[i];
            continue;
        }
        name.remove(0, name.startsWith(QStringLiteral("--")) ? 2 : 1);
        if (withValue.contains(name))
            ++i; // skip its value too
        else if (!flags.contains(name))
            out << arguments[i];
    }
    return out;
}

CommandLine usageError(const QString& message) {
    CommandLine c;
    c.exitCode = 2;
    c.message = message;
    return c;
}

/// Parses a non-negative integer option; false (and `error` set) when it is not one.
bool readCount(const QCommandLineParser& p, const QCommandLineOption& o, qint64* out,
               QString* error) {
    if (!p.isSet(o))
        return true;
    bool ok = false;
    *out = p.value(o).toLongLong(&ok);
    if (!ok || *out < 0)
        *error = CommandLineText::tr("--%1 needs a whole number >= 0, got '%2'")
                     .arg(o.names().constFirst(), p.value(o));
    return ok && *out >= 0;
}

/// The workspace request from the model argument and the data options.
WorkspaceRequest makeRequest(const QCommandLineParser& p, const Options& o) {
    WorkspaceRequest r;
    const QStringList positional = p.positionalArguments();
    const QString model = positional.isEmpty() ? QString() : positional.constFirst();
    if (model.isEmpty() || model.startsWith(kZooPrefix)) {
        const QString id = model.mid(kZooPrefix.size());
        r = WorkspaceRequest::zoo(id.isEmpty() ? QStringLiteral("patch") : id, p.value(o.zoo));
    } else {
        r.modelPath = model;
    }
    r.buildZoo = !p.isSet(o.noZooBuild);
    r.architecture = p.value(o.arch);
    r.inputShape = p.value(o.inputShape);
    r.normalization = p.value(o.normalize);
    r.scale = p.value(o.scale);
    if (const QString v = p.value(o.precision); v != QLatin1String("fp32"))
        r.precision = v; // float32 is the empty default, as the Open dialog leaves it
    r.cleanTestPath = p.value(o.clean);
    r.trainPath = p.value(o.train);
    for (const QString& s : p.values(o.poisoned))
        r.poisoned.push_back(parsePoisonedSource(s));
    return r;
}

} // namespace

QStringList screenshotViews() {
    return {QStringLiteral("fine-pruning"), QStringLiteral("sweep"),
            QStringLiteral("activations"),  QStringLiteral("strip"),
            QStringLiteral("comparison"),   QStringLiteral("inspector")};
}

bool isSessionPath(const QString& path) {
    return path.endsWith(QStringLiteral(".bdlsession"), Qt::CaseInsensitive);
}

PoisonedSource parsePoisonedSource(const QString& text) {
    PoisonedSource s;
    s.path = text;
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon > 0) {
        bool ok = false;
        const int target = text.mid(colon + 1).toInt(&ok);
        if (ok && target >= 0 && !text.mid(colon + 1).startsWith(QLatin1Char('+'))) {
            s.path = text.left(colon);
            s.target = target;
        }
    }
    return s;
}

CommandLine parseCommandLine(const QStringList& arguments) {
    QCommandLineParser p;
    p.setApplicationDescription(CommandLineText::tr(
        "BackdoorLab: inspect and repair backdoored neural networks (fine-pruning)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  CommandLineText::tr("Displays this help."));
    p.addOption(help);
    const QCommandLineOption version = p.addVersionOption();
    const Options o;
    o.addTo(p);
    p.addPositionalArgument(
        QStringLiteral("model"),
        CommandLineText::tr("Keras .h5 model under test, or zoo:ID (default zoo:patch), or a "
                            "saved session (.bdlsession) to reopen."),
        CommandLineText::tr("[MODEL.h5 | zoo:ID | FILE.bdlsession]"));
    if (!p.parse(withoutQtOptions(arguments)))
        return usageError(p.errorText());
    CommandLine c;
    if (p.isSet(help)) {
        // Parsed before any QCoreApplication exists, which is where the name would come from.
        c.message = p.helpText()
                        .replace(QStringLiteral("<executable_name>"), QStringLiteral("backdoorlab"))
                        .trimmed();
        return c;
    }
    if (p.isSet(version)) {
        c.message = QStringLiteral("backdoorlab %1").arg(QStringLiteral(BDL_VERSION));
        return c;
    }
    if (p.positionalArguments().size() > 1)
        return usageError(CommandLineText::tr("one model at most, got: %1")
                              .arg(p.positionalArguments().join(QStringLiteral(" "))));
    const QString scale = p.value(o.scale);
    if (!scale.isEmpty() && scale != QLatin1String("auto") && scale != QLatin1String("1/255") &&
        scale != QLatin1String("raw"))
        return usageError(
            CommandLineText::tr("--scale must be auto, 1/255 or raw, got '%1'").arg(scale));
    const QString precision = p.value(o.precision);
    if (p.isSet(o.precision) && precision != QLatin1String("fp32") &&
        precision != QLatin1String("bf16"))
        return usageError(
            CommandLineText::tr("--precision must be fp32 or bf16, got '%1'").arg(precision));
    const QString device = p.value(o.device);
    if (p.isSet(o.device) && !isComputeDeviceName(device, nullptr))
        return usageError(
            CommandLineText::tr("--device must be cpu, cuda or cuda:N, got '%1'").arg(device));
    const QString lang = p.value(o.lang);
    if (p.isSet(o.lang) && !supportedLanguages().contains(lang))
        return usageError(CommandLineText::tr("--lang must be one of %1, got '%2'")
                              .arg(supportedLanguages().join(QStringLiteral(", ")), lang));
    const QString view = p.value(o.view);
    if (p.isSet(o.view) && !screenshotViews().contains(view) && view != QLatin1String("all"))
        return usageError(CommandLineText::tr("--view must be one of %1, got '%2'")
                              .arg(screenshotViews().join(QStringLiteral(", ")), view));
    QSize windowSize;
    if (p.isSet(o.size)) {
        const QStringList wh = p.value(o.size).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        if (wh.size() == 2)
            windowSize = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
        if (!okW || !okH || windowSize.width() < 640 || windowSize.height() < 480 ||
            windowSize.width() > 8192 || windowSize.height() > 8192)
            return usageError(CommandLineText::tr("--size must be WIDTHxHEIGHT between 640x480 "
                                                  "and 8192x8192, got '%1'")
                                  .arg(p.value(o.size)));
    }
    QString error;
    qint64 seed = 0, threads = 0;
    if (!readCount(p, o.seed, &seed, &error) || !readCount(p, o.threads, &threads, &error))
        return usageError(error);
    c.run = true;
    c.options.request = makeRequest(p, o);
    c.options.request.seed = static_cast<quint64>(seed);
    c.options.threads = static_cast<int>(threads);
    c.options.device = device;
    c.options.screenshotPath = p.value(o.screenshot);
    c.options.verbose = p.isSet(o.verbose);
    c.options.language = lang;
    c.options.screenshotView = p.isSet(o.view) ? view : QStringLiteral("fine-pruning");
    c.options.windowSize = windowSize;
    const QStringList positional = p.positionalArguments();
    c.options.resultPath = p.value(o.result);
    if (p.isSet(o.result) && c.options.resultPath.isEmpty())
        return usageError(CommandLineText::tr("--result needs a file name"));
    c.options.openWorkspace = !p.isSet(o.result) || !positional.isEmpty();
    if (!positional.isEmpty() && isSessionPath(positional.constFirst())) {
        // A session brings its own workspace; the model and data options do not apply to it.
        c.options.sessionPath = positional.constFirst();
        c.options.request = WorkspaceRequest::zoo();
    }
    return c;
}

} // namespace bdl::app
