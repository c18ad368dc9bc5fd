#include "app/cli/cli_context.h"

#include "app/cli/progress_meter.h"

#include "core/io/data_io.h"
#include "core/io/import_client.h"
#include "core/base/errors.h"
#include "core/base/runtime.h"
#include "core/nn/metrics.h"
#include "core/zoo/zoo.h"
#include "core/zoo/zoo_workload.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace bdl::app {

namespace {

std::atomic<core::Feedback*> g_sigintTarget{nullptr};

extern "C" void onSigint(int) {
    if (auto* fb = g_sigintTarget.load())
        fb->cancel();
}

} // namespace

std::string fixed(double v, int decimals) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(decimals) << v;
    return s.str();
}

void applyDeviceOption(const ParsedArgs& args) {
    const std::string text = args.value("device", "cpu");
    c10::Device device(c10::kCPU);
    std::string why;
    if (!core::parseComputeDevice(text, &device, &why))
        throw UsageError("--device: " + why);
    try {
        core::setComputeDevice(text);
    } catch (const core::Error& e) {
        throw core::Error("--device " + text, e.problem());
    }
}

Json scoresJson(const core::EvalReport& e) {
    Json asr = Json::object();
    for (const auto& s : e.asr)
        asr[s.name] = s.asr;
    return {{"cca", e.cca}, {"asr", asr}};
}

std::vector<OptionDef> commonOptions() {
    return {
        {"model", "PATH",
         "Keras .h5 model (weights-only or whole model file), PyTorch TorchScript .pt file, or "
         "zoo:ID for a model of the demo zoo with its data (clean, patch, blend, pixels, multi, "
         "patch-pt: the patch BadNet as TorchScript)",
         false, "zoo:patch"},
        {"zoo", "DIR", "demo zoo folder (built on first use)", false,
         "$XDG_DATA_HOME/backdoorlab/zoo"},
        {"arch", "NAME", "architecture for weights-only files", false, "csaw-badnet"},
        {"input-shape", "H,W,C",
         "input size of a TorchScript model when it cannot be inferred from the file", false,
         "from the file"},
        {"normalize", "N",
         "per-channel input normalisation after the scale, as a PyTorch data pipeline does: "
         "none, cifar10, imagenet or mean=M1,M2,M3;std=S1,S2,S3",
         false, "none"},
        {"scale", "S", "input scale: auto, 1/255 or raw", false, "auto"},
        {"clean", "PATH", "clean test data (CSAW .h5, image folder, IDX .gz)"},
        {"poisoned", "PATH[:TARGET]",
         "poisoned test data; target from file names/labels if omitted", true},
        {"train", "PATH", "clean data for ranking channels and fine-tuning", false, "--clean"},
        {"hold-out", "P",
         "without --train: hold out P % of --clean (seeded by --seed) as the train set and "
         "measure CCA on the rest (the desktop app's Open dialog does so by default); without "
         "either, the clean test set is also the train set and CCA after it is in-sample"},
        {"seed", "N", "random seed", false, "0"},
        {"precision", "P",
         "inference number format: fp32, or bf16 (bfloat16 convolutions in oneDNN, about 1.5x "
         "faster on CPUs with AVX512-BF16; kept only where it gives the float32 top-1 class on "
         "at least 99.9 % of up to 2000 clean images, else fp32 with a note; rankings, "
         "activations and training stay float32)",
         false, "fp32"},
        {"threads", "N", "LibTorch intra-op threads", false, "number of cores"},
        {"device", "D",
         "where the model runs: cpu, cuda or cuda:N (needs BackdoorLab built against a CUDA "
         "LibTorch; Debian's is CPU-only); data stays on the CPU, each batch is moved",
         false, "cpu"},
        {"json", "", "print exactly one JSON object on stdout"},
        {"quiet", "",
         "no progress on stderr (else a bar on a terminal, a line per 5 % otherwise; --json "
         "shows none either)"},
        {"help", "", "show this help"},
    };
}

CliContext::CliContext(ParsedArgs args, std::ostream& out, std::ostream& err)
    : m_args(std::move(args)), m_out(out), m_err(err) {
    seed(); // reject a malformed --seed before any slow work
    // Progress only on the process's stderr: in-process runs (tests, demo's --json steps) pass
    // their own streams and get none.
    const auto mode = ProgressMeter::modeForStderr(m_args.has("quiet"), json(), &err == &std::cerr);
    core::Feedback::ProgressFn fn;
    if (mode != ProgressMeter::Mode::Off) {
        m_meter = std::make_unique<ProgressMeter>(
            err, mode,
            mode == ProgressMeter::Mode::Tty ? ProgressMeter::terminalWidth(STDERR_FILENO) : 80);
        fn = [meter = m_meter.get()](double f, const std::string& stage) {
            meter->update(f, stage);
        };
    }
    m_feedback = std::make_unique<core::Feedback>(fn);
    g_sigintTarget.store(m_feedback.get());
    std::signal(SIGINT, onSigint);
}

CliContext::~CliContext() {
    g_sigintTarget.store(nullptr);
    std::signal(SIGINT, SIG_DFL);
    clearProgress();
}

void CliContext::clearProgress() {
    if (m_meter)
        m_meter->clear();
}

std::ostream& CliContext::out() {
    clearProgress();
    return m_out;
}

std::ostream& CliContext::err() {
    clearProgress();
    return m_err;
}

uint64_t CliContext::seed() const {
    return static_cast<uint64_t>(m_args.integer("seed", 0, 0, (1LL << 62)));
}

void CliContext::resolveZoo() {
    if (m_zooResolved)
        return;
    m_zooResolved = true;
    // The zoo is the default only for a run that names no inputs at all: data given without a
    // model is a mistake to report, not a reason to analyse (or build) the demo zoo.
    if (!m_args.has("model") &&
        (m_args.has("clean") || m_args.has("poisoned") || m_args.has("train")))
        throw UsageError("--model PATH is required with --clean, --poisoned or --train (or "
                         "--model zoo:ID for a demo zoo model)");
    const std::string model = m_args.value("model", "zoo:patch");
    if (model.rfind("zoo:", 0) != 0)
        return;
    const std::string id = model.substr(4);
    m_zooDir = m_args.has("zoo") ? m_args.value("zoo") : core::defaultZooDir();
    core::ZooWorkload w;
    try {
        w = core::resolveZooWorkload(
            m_zooDir, id, /*allowBuild=*/true, feedback(), [this](const std::string& problem) {
                if (!json())
                    err() << "Building the demo zoo in " << m_zooDir << " (" << problem
                          << "; about 4 minutes on 2 cores; Ctrl-C "
                             "cancels).\n";
            });
    } catch (const core::UnknownZooModel& e) {
        throw UsageError("--model " + model + ": " + e.problem());
    }
    m_zooModel = id;
    auto& v = m_args.m_values;
    v["model"] = {w.model};
    if (!m_args.has("clean"))
        v["clean"] = {w.clean};
    if (!m_args.has("train"))
        v["train"] = {w.train};
    if (!m_args.has("scale"))
        v["scale"] = {w.scale};
    if (!m_args.has("poisoned"))
        v["poisoned"] = w.poisoned;
}

core::LoadedModel CliContext::openModel(const std::string& path) {
    core::ModelOpenOptions open;
    open.arch = m_args.value("arch");
    if (m_args.has("input-shape")) {
        const std::string text = m_args.value("input-shape");
        int h = 0, w = 0, c = 0;
        char tail = 0;
        if (std::sscanf(text.c_str(), "%d,%d,%d%c", &h, &w, &c, &tail) != 3 || h <= 0 || w <= 0 ||
            c <= 0 || h > 65536 || w > 65536 || c > 65536)
            throw UsageError("--input-shape must be H,W,C with three positive sizes, got '" + text +
                             "'");
        open.inputShape = {h, w, c};
    }
    core::LoadedModel m = core::importModel(path, open, feedback());
    if (m_args.has("input-shape") && m.format != core::ModelFormat::TorchScript &&
        m.model.inputShape() != open.inputShape)
        throw UsageError("--input-shape is for TorchScript files; " + path + " is a Keras file " +
                         "whose input is fixed by the file");
    core::InputNormalization norm;
    std::string why;
    if (!core::parseInputNormalization(m_args.value("normalize", "none"), m.model.inputShape()[2],
                                       &norm, &why))
        throw UsageError("--normalize: " + why);
    m.model.setInputNormalization(norm);
    return m;
}

core::LoadedModel& CliContext::model() {
    if (!m_model) {
        resolveZoo();
        m_model.emplace(openModel(m_args.value("model")));
        scale();     // decide the scale before anyone runs the model
        precision(); // and the number format, checked on clean data
    }
    return *m_model;
}

const core::PrecisionCheck& CliContext::precision() {
    if (m_precision)
        return *m_precision;
    auto& m = model();
    const std::string text = m_args.value("precision", "fp32");
    core::InferencePrecision want{};
    if (!core::parseInferencePrecision(text, &want))
        throw UsageError("--precision must be fp32 or bf16, got '" + text + "'");
    core::PrecisionCheck c;
    if (want == core::InferencePrecision::BFloat16) {
        const core::Dataset* ref = nullptr;
        if (hasClean())
            ref = &clean();
        else if (m_args.has("train"))
            ref = &train(false);
        if (!ref)
            throw UsageError("--precision bf16 needs clean data (--clean or --train) to check "
                             "that bfloat16 keeps the float32 predictions");
        c = core::applyInferencePrecision(m.model, want, ref->images,
                                          core::ProgressScope(feedback()));
        if (!json() && !m_args.has("quiet"))
            err() << "precision: " << c.note << "\n";
    }
    m_precision = c;
    return *m_precision;
}

const ScaleChoice& CliContext::scale() {
    if (m_scale)
        return *m_scale;
    resolveZoo();
    auto& m = model();
    ScaleChoice choice;
    const std::string text = m_args.value("scale", "auto");
    if (text == "auto") {
        const core::Dataset* ref = nullptr;
        if (hasClean())
            ref = &clean();
        else if (m_args.has("train"))
            ref = &train(false);
        if (!ref && m_allowUndeterminedScale) {
            choice.undetermined = true;
            m_scale = choice;
            return *m_scale;
        }
        if (!ref)
            throw UsageError("--scale auto needs clean data (--clean or --train); or give "
                             "--scale 1/255 or --scale raw");
        const auto det = core::detectInputScale(m.model, *ref, feedback());
        choice.scale = det.chosen;
        choice.detected = true;
        choice.accUnit = det.accUnit;
        choice.accRaw = det.accRaw;
        choice.detectedOn = ref->name;
    } else if (!core::parseInputScale(text, &choice.scale)) {
        throw UsageError("--scale must be auto, 1/255 or raw, got '" + text + "'");
    }
    m.model.setInputScale(choice.scale);
    m_scale = choice;
    return *m_scale;
}

core::Dataset CliContext::loadOne(const std::string& arg, bool poisonedRole) {
    auto spec =
        core::parseDataArg(arg, poisonedRole ? core::DataSpec::Poisoned : core::DataSpec::Clean);
    if (m_model) {
        const auto in = m_model->model.inputShape();
        spec.channels = in[2];
        spec.modelInput = in; // a shape mismatch names the file and both shapes
    }
    core::Dataset d = core::importDataset(spec, feedback());
    if (m_model)
        core::validateLabels(d, m_model->model.numClasses());
    return d;
}

bool CliContext::holdsOut() {
    resolveZoo(); // the zoo's train set, when it fills in --train, leaves nothing to hold out
    return m_args.has("hold-out") && !m_args.has("train");
}

const core::Dataset& CliContext::clean() {
    if (!m_clean) {
        resolveZoo();
        if (!hasClean())
            throw UsageError("--clean PATH is required");
        core::Dataset all = loadOne(m_args.value("clean"), false);
        if (holdsOut()) {
            // The desktop app's split too (worker_workspace.cpp): held part = train, rest = test.
            const int percent = static_cast<int>(m_args.integer("hold-out", 0, 1, 99));
            core::DataSplit parts = core::holdOutSplit(all, percent, seed());
            m_train.emplace(std::move(parts.held));
            all = std::move(parts.rest);
            m_holdOutPercent = percent;
        }
        m_clean.emplace(std::move(all));
    }
    return *m_clean;
}

const std::vector<core::Dataset>& CliContext::poisoned() {
    if (!m_poisoned) {
        resolveZoo();
        std::vector<core::Dataset> sets;
        for (const auto& p : m_args.values("poisoned"))
            sets.push_back(loadOne(p, true));
        m_poisoned = std::move(sets);
    }
    return *m_poisoned;
}

const core::Dataset& CliContext::train(bool allowFallback) {
    if (!m_train) {
        resolveZoo();
        if (m_args.has("train")) {
            m_train.emplace(loadOne(m_args.value("train"), false));
        } else if (holdsOut() && hasClean()) {
            clean(); // the hold-out fills m_train
        } else if (allowFallback && hasClean()) {
            m_train.emplace(clean());
            m_trainIsClean = true;
        } else {
            throw UsageError("--train PATH (clean data for ranking/fine-tuning) is required");
        }
    }
    return *m_train;
}

Json CliContext::describeInputs() {
    Json j;
    auto& m = model();
    if (!m_zooModel.empty())
        j["zoo"] = {{"dir", m_zooDir}, {"model", m_zooModel}};
    j["model"] = {{"path", m.source},
                  {"format", core::modelFormatName(m.format)},
                  {"input_shape",
                   {m.model.inputShape()[0], m.model.inputShape()[1], m.model.inputShape()[2]}},
                  {"normalization", core::inputNormalizationText(m.model.inputNormalization())},
                  {"architecture", m.architecture},
                  {"classes", m.model.numClasses()}};
    const auto& s = scale();
    j["scale"] = s.undetermined ? Json(nullptr) : Json(core::inputScaleName(s.scale));
    if (s.detected)
        j["scale_detection"] = {
            {"on", s.detectedOn}, {"acc_unit", s.accUnit}, {"acc_raw", s.accRaw}};
    if (m_precision && m_precision->requested == core::InferencePrecision::BFloat16)
        j["precision"] = {
            {"requested", core::inferencePrecisionName(m_precision->requested)},
            {"used", core::inferencePrecisionName(m_precision->used)},
            {"check_images", m_precision->images},
            {"agreement_pct", m_precision->images > 0 ? Json(m_precision->agreement) : Json()},
            {"batch", m_precision->batch},
            {"note", m_precision->note}};
    if (m_holdOutPercent > 0 && m_clean && m_train)
        j["hold_out"] = {{"percent", m_holdOutPercent},
                         {"seed", seed()},
                         {"train", m_train->size()},
                         {"clean_test", m_clean->size()}};
    return j;
}

} // namespace bdl::app
