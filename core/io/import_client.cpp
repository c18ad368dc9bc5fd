// The parent side of the sandboxed import: finds backdoorlab-import, runs it once per file with
// posix_spawn (safe in a multithreaded Qt process), reads its reply and progress through two
// non-blocking pipes under a deadline and the caller's cancel flag, always reaps it, and turns
// every way a run can go wrong into one Error naming the user's file.
#include "core/io/import_client.h"

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/base/feedback.h"
#include "core/base/stage_text.h"
#include "core/io/helper_process.h"
#include "core/io/import_cache.h"
#include "core/io/weights_snapshot.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <locale>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bdl::core {

namespace {

namespace fs = std::filesystem;
using Clock = HelperOutput::Clock;

constexpr const char* kHelperName = "backdoorlab-import";
constexpr const char* kHelperEnv = "BDL_IMPORT_HELPER";
constexpr const char* kProtocol = "1";     // the helper command line this client speaks
constexpr double kMaxTimeoutSeconds = 1e7; // keeps the deadline arithmetic finite
constexpr const char* kHostile = " - the file is malformed or hostile; nothing was loaded";

// RLIMIT_AS breaks AddressSanitizer's shadow memory: sanitizer builds run the helper unlimited.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizerBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
constexpr bool kSanitizerBuild = true;
#else
constexpr bool kSanitizerBuild = false;
#endif
#else
constexpr bool kSanitizerBuild = false;
#endif

std::string lowerCase(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isExecutableFile(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

/// Where an installed or built helper may be, in the order importHelperPath() tries them.
std::vector<std::string> helperCandidates() {
    std::vector<std::string> out;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path dir = exe.parent_path();
        out.push_back((dir / kHelperName).string());
        out.push_back((dir.parent_path() / "libexec" / "backdoorlab" / kHelperName).string());
    }
#ifdef BDL_IMPORT_HELPER_BUILD_PATH
    out.emplace_back(BDL_IMPORT_HELPER_BUILD_PATH);
#endif
    return out;
}

// ---- what happened ----------------------------------------------------------------------------

/// One helper run: what to start and how to name it in messages.
struct HelperRun {
    std::string origin;            ///< the path the user gave
    std::string reader;            ///< "HDF5 reader", "image decoder", ...
    std::vector<std::string> argv; ///< argv[0] is the helper
    /// The one file the reply depends on, when the reply may be cached (import_cache.h); empty:
    /// never cached.
    std::string cachedFile;
};

bool cacheEnabled(const ImportOptions& options) {
    if (!options.useCache)
        return false;
    const char* env = std::getenv("BDL_IMPORT_CACHE");
    return !(env && std::string(env) == "0");
}

/// The cache key of a run: its command line and the identity of its file; nothing when the run
/// is not cacheable or the file is not a regular file.
std::optional<std::string> cacheKeyOf(const HelperRun& run, const ImportOptions& options) {
    if (run.cachedFile.empty() || !cacheEnabled(options))
        return std::nullopt;
    const std::optional<std::string> identity = import_detail::fileIdentity(run.cachedFile);
    if (!identity)
        return std::nullopt;
    std::string key = *identity;
    for (const std::string& a : run.argv)
        key += '\0' + a;
    return key;
}

std::string signalName(int sig) {
    static const std::pair<int, const char*> kNames[] = {
        {SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},   {SIGILL, "SIGILL"},   {SIGFPE, "SIGFPE"},
        {SIGABRT, "SIGABRT"}, {SIGTRAP, "SIGTRAP"}, {SIGSYS, "SIGSYS"},   {SIGXCPU, "SIGXCPU"},
        {SIGXFSZ, "SIGXFSZ"}, {SIGKILL, "SIGKILL"}, {SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"},
        {SIGHUP, "SIGHUP"},   {SIGPIPE, "SIGPIPE"}};
    for (const auto& [number, name] : kNames)
        if (number == sig)
            return name;
    return "signal " + std::to_string(sig);
}

/// True when the helper's diagnostics say it ran out of memory.
bool mentionsOutOfMemory(const HelperOutput& out) {
    const std::string text = lowerCase(out.diagnostics());
    for (const char* key :
         {"bad_alloc", "out of memory", "cannot allocate memory", "can't allocate memory"})
        if (text.find(key) != std::string::npos)
            return true;
    return false;
}

std::string seconds(double s) {
    std::ostringstream os;
    os.imbue(std::locale::classic());
    os << s;
    return os.str();
}

Error timedOut(const HelperRun& run, const ImportOptions& options) {
    return Error(run.origin, "the " + run.reader + " did not finish within " +
                                 seconds(options.timeoutSeconds) + " s" + kHostile);
}

std::string signalProblem(int sig, const HelperRun& run, const ImportOptions& options) {
    const std::string r = "the " + run.reader;
    const std::string cpu = std::to_string(options.cpuSeconds);
    switch (sig) {
    case SIGSEGV:
    case SIGBUS:
    case SIGILL:
    case SIGFPE:
    case SIGABRT:
    case SIGTRAP:
        return r + " crashed (" + signalName(sig) + ")" + kHostile;
    case SIGXCPU:
        return r + " used more than " + cpu + " CPU seconds" + kHostile;
    case SIGKILL:
        return r +
               " was killed (SIGKILL) - the system ran out of memory or the reader passed its " +
               "limit of " + cpu + " CPU seconds; nothing was loaded";
    default:
        return r + " was stopped by " + signalName(sig) + "; nothing was loaded";
    }
}

/// The problem of a helper that did not exit with status 0; empty when it did.
std::string failure(const HelperProcess& proc, const HelperOutput& out, const HelperRun& run,
                    const ImportOptions& options) {
    const std::string r = "the " + run.reader;
    const std::string last = out.lastLine();
    const std::string said = last.empty() ? std::string("(no diagnostic)") : last;
    if (!proc.statusKnown())
        return r + " ended without an exit status (SIGCHLD is ignored); nothing was loaded";
    const int st = proc.status();
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return std::string();
    if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
        return "the import sandbox could not be set up: " + said;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
        return "internal error: the import helper refused its command line: " + said;
    if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS) {
        const std::string l = lowerCase(last);
        const bool namesCall =
            l.find("system call") != std::string::npos || l.find("syscall") != std::string::npos;
        return r + " attempted a system call the sandbox forbids and was stopped - the file is " +
               "hostile or the reader misbehaved; nothing was loaded" +
               (namesCall ? " (" + last + ")" : std::string());
    }
    if (mentionsOutOfMemory(out)) {
        const int64_t mib = kSanitizerBuild ? 0 : options.memoryMiB;
        return r + " ran out of " +
               (mib > 0 ? "its memory budget (" + std::to_string(mib) + " MiB)" : "memory") +
               kHostile;
    }
    if (WIFSIGNALED(st))
        return signalProblem(WTERMSIG(st), run, options);
    return r + " failed (exit status " + std::to_string(WEXITSTATUS(st)) + "): " + said;
}

Clock::time_point deadlineAfter(double timeoutSeconds) {
    const double s = timeoutSeconds > 0.0 ? std::min(timeoutSeconds, kMaxTimeoutSeconds) : 0.0;
    return Clock::now() +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

/// Runs the helper once and returns its payload; every failure is one Error naming run.origin.
ImportedPayload runHelper(const HelperRun& run, Feedback* fb, const ImportOptions& options) {
    ProgressScope(fb).check();
    const std::optional<std::string> key = cacheKeyOf(run, options);
    if (key) {
        if (std::optional<std::string> kept = import_detail::findReply(*key)) {
            // The stage a helper run reports too (and a last chance to cancel).
            ProgressScope(fb).set(1.0, stage::format(stage::kReading, {run.origin}));
            return decodeImportPayload(*kept, run.origin, options.budget); // checked again
        }
    }
    HelperProcess proc(run.argv, run.origin);
    HelperOutput out(proc, fb, deadlineAfter(options.timeoutSeconds), run.origin);
    std::optional<ImportedPayload> payload;
    std::string badReply; // what is wrong with a reply that did not simply end early
    bool recording = key.has_value();
    std::string reply; // the reply's bytes while it may still be cached
    const auto read = [&](void* d, size_t n) {
        out.read(d, n);
        if (!recording)
            return;
        if (int64_t(reply.size() + n) > import_detail::kMaxEntryBytes) {
            recording = false;
            std::string().swap(reply);
        } else {
            reply.append(static_cast<const char*>(d), n);
        }
    };
    try {
        payload = readImportPayload(read, run.origin, options.budget);
        if (!out.atEnd())
            badReply = "sent bytes after its reply";
    } catch (const Error& e) {
        if (out.stop() == HelperOutput::Stop::None)
            badReply = "sent a malformed reply (" + e.problem() + ")";
    }
    if (out.stop() == HelperOutput::Stop::TimedOut) {
        proc.kill();
        throw timedOut(run, options);
    }
    if (!badReply.empty()) {
        if (proc.ended()) { // it died on its own: that says more than its garbled reply
            out.drainStderr();
            if (std::string problem = failure(proc, out, run, options); !problem.empty())
                throw Error(run.origin, problem);
        }
        proc.kill();
        throw Error(run.origin, "the " + run.reader + " " + badReply + "; nothing was loaded");
    }
    if (!out.waitForExit()) {
        proc.kill();
        throw timedOut(run, options);
    }
    if (std::string problem = failure(proc, out, run, options); !problem.empty())
        throw Error(run.origin, problem);
    if (!payload)
        throw Error(run.origin,
                    "the " + run.reader + " sent an incomplete reply; nothing was loaded");
    // Kept only when the file is still the one the key names (it may change during the run).
    if (recording && payload->kind != ImportedPayload::Kind::Error &&
        cacheKeyOf(run, options) == key)
        import_detail::storeReply(*key, std::move(reply));
    return std::move(*payload);
}

const char* kindName(ImportedPayload::Kind kind) {
    switch (kind) {
    case ImportedPayload::Kind::Model:
        return "a model";
    case ImportedPayload::Kind::Dataset:
        return "a data set";
    case ImportedPayload::Kind::Image:
        return "an image";
    case ImportedPayload::Kind::Error:
        break;
    }
    return "a refusal";
}

/// Throws the helper's clean refusal as the in-process loader would have, or an Error when the
/// payload is not the kind asked for.
void expectKind(const ImportedPayload& p, ImportedPayload::Kind kind, const HelperRun& run) {
    if (p.kind == ImportedPayload::Kind::Error)
        throw Error(run.origin, p.problem);
    if (p.kind != kind)
        throw Error(run.origin, "the " + run.reader + " sent " + kindName(p.kind) + " where " +
                                    kindName(kind) + " was asked for; nothing was loaded");
}

/// The start of every helper command line: the helper, the protocol, the parent and the limits.
std::vector<std::string> commonArgs(const std::string& origin, const ImportOptions& options) {
    std::string helper = options.helperPath;
    if (helper.empty()) {
        try {
            helper = importHelperPath();
        } catch (const Error& e) {
            throw Error(origin, e.what() + std::string("; nothing was loaded"));
        }
    }
    const int64_t memoryMiB = kSanitizerBuild ? 0 : std::max<int64_t>(0, options.memoryMiB);
    return {helper,
            "--protocol",
            kProtocol,
            "--parent-pid",
            std::to_string(::getpid()),
            "--memory-mb",
            std::to_string(memoryMiB),
            "--cpu-seconds",
            std::to_string(options.cpuSeconds)};
}

/// A path as a helper argument: one starting with '-' gets "./" so it is never read as an option.
std::string pathArg(const std::string& path) {
    return !path.empty() && path[0] == '-' ? "./" + path : path;
}

/// What the messages call the part of the helper that reads `path` (mirrors loadDataset's
/// dispatch). Looks at the file only when it is a regular file (never blocks on a FIFO).
std::string readerName(const std::string& path, bool model) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!model && fs::is_directory(st))
        return "image folder reader";
    const std::string name = lowerCase(fs::path(path).filename().string());
    const auto endsWith = [&name](const std::string& s) {
        return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    if (endsWith(".h5") || endsWith(".hdf5") || (fs::is_regular_file(st) && isHdf5File(path)))
        return "HDF5 reader";
    if (model && isTorchScriptPath(path))
        return "TorchScript reader";
    if (model)
        return "model reader";
    if (name.find("idx3-ubyte") != std::string::npos)
        return "IDX reader";
    if (isImageFileName(name))
        return "image decoder";
    return "data reader";
}

} // namespace

std::string importHelperPath() {
    const char* env = std::getenv(kHelperEnv);
    if (env && *env) {
        if (!isExecutableFile(env))
            throw Error(env, std::string(kHelperEnv) + " names no executable file (it must be " +
                                 "the import helper " + kHelperName + ")");
        return env;
    }
    std::string looked;
    for (const std::string& candidate : helperCandidates()) {
        if (isExecutableFile(candidate))
            return fs::path(candidate).lexically_normal().string();
        looked += (looked.empty() ? "" : ", ") + candidate;
    }
    throw Error(std::string("cannot find the import helper ") + kHelperName +
                " (looked in: " + (looked.empty() ? std::string("nowhere") : looked) + ")");
}

namespace {

std::string shapeArg(const std::array<int, 3>& s) {
    return std::to_string(s[0]) + "," + std::to_string(s[1]) + "," + std::to_string(s[2]);
}

void addModelOpenArgs(std::vector<std::string>& argv, const ModelOpenOptions& open) {
    if (!open.arch.empty())
        argv.insert(argv.end(), {"--arch", open.arch});
    if (open.inputShape != std::array<int, 3>{0, 0, 0})
        argv.insert(argv.end(), {"--input-shape", shapeArg(open.inputShape)});
}

} // namespace

bool isTorchScriptPath(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        char magic[4] = {};
        if (in.read(magic, 4))
            return magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
    const std::string name = lowerCase(fs::path(path).filename().string());
    for (const char* ext : {".pt", ".pth", ".ts"}) {
        const std::string e = ext;
        if (name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0)
            return true;
    }
    return false;
}

LoadedModel importKerasModel(const std::string& path, const std::string& arch, Feedback* fb,
                             const ImportOptions& options) {
    ModelOpenOptions open;
    open.arch = arch;
    return importModel(path, open, fb, options);
}

LoadedModel importModel(const std::string& path, const ModelOpenOptions& open, Feedback* fb,
                        const ImportOptions& options) {
    HelperRun run{path, readerName(path, /*model=*/true), commonArgs(path, options), path};
    for (const std::string& a : {std::string("model"), pathArg(path)})
        run.argv.push_back(a);
    addModelOpenArgs(run.argv, open);
    ImportedPayload p = runHelper(run, fb, options);
    expectKind(p, ImportedPayload::Kind::Model, run);
    if (!p.model)
        throw Error(path, "the " + run.reader + " sent an empty model reply; nothing was loaded");
    LoadedModel model = std::move(*p.model);
    model.source = path;
    return model;
}

Dataset importDataset(const DataSpec& spec, Feedback* fb, const ImportOptions& options) {
    if (spec.path.empty())
        throw Error("no data path given"); // as loadDataset: nothing for a helper to read
    HelperRun run{spec.path, readerName(spec.path, /*model=*/false), commonArgs(spec.path, options),
                  std::string()};
    // One file, one reply: an HDF5 set or a single picture (folders, IDX pairs and label CSVs
    // depend on other files too).
    if (spec.labelsCsv.empty() && (run.reader == "HDF5 reader" || run.reader == "image decoder"))
        run.cachedFile = spec.path;
    const bool poisoned = spec.role == DataSpec::Poisoned;
    run.argv.insert(run.argv.end(),
                    {"data", pathArg(spec.path), "--role", poisoned ? "poisoned" : "clean"});
    if (spec.target)
        run.argv.insert(run.argv.end(), {"--target", std::to_string(*spec.target)});
    if (!spec.labelsCsv.empty())
        run.argv.insert(run.argv.end(), {"--labels-csv", pathArg(spec.labelsCsv)});
    if (spec.channels != 0)
        run.argv.insert(run.argv.end(), {"--channels", std::to_string(spec.channels)});
    const auto& in = spec.modelInput;
    if (in[0] != 0 || in[1] != 0 || in[2] != 0)
        run.argv.insert(run.argv.end(),
                        {"--model-input", std::to_string(in[0]) + "," + std::to_string(in[1]) +
                                              "," + std::to_string(in[2])});
    ImportedPayload p = runHelper(run, fb, options);
    expectKind(p, ImportedPayload::Kind::Dataset, run);
    Dataset data = std::move(p.dataset);
    if (!data.images.defined() || data.poisoned() != poisoned)
        throw Error(spec.path, "the " + run.reader + " sent a data set that does not match the " +
                                   "request; nothing was loaded");
    data.source = spec.path;
    return data;
}

namespace {

/// A private (0600) temporary file holding bytes, removed with the object.
class PrivateTempFile {
public:
    PrivateTempFile(const std::string& bytes, const std::string& origin) {
        const char* dir = std::getenv("TMPDIR");
        std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/bdl-snapshot-XXXXXX";
        const int fd = ::mkstemp(tmpl.data());
        if (fd < 0)
            throw Error(origin, "cannot make a temporary file for the import helper: " +
                                    std::string(std::strerror(errno)));
        m_path = tmpl;
        if (const int err = writeFully(fd, bytes.data(), bytes.size())) {
            ::close(fd);
            throw Error(origin, "cannot write a temporary file for the import helper: " +
                                    std::string(std::strerror(err)));
        }
        ::close(fd);
    }
    ~PrivateTempFile() {
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    PrivateTempFile(const PrivateTempFile&) = delete;
    PrivateTempFile& operator=(const PrivateTempFile&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace

Model importWeightsSnapshot(const Model& base, const std::string& modelPath,
                            const ModelOpenOptions& open, const std::string& maskLayer,
                            const std::string& bytes, const std::string& origin, Feedback* fb,
                            const ImportOptions& options) {
    const PrivateTempFile file(bytes, origin);
    HelperRun run{origin, "session weights reader", commonArgs(origin, options), std::string()};
    run.argv.insert(run.argv.end(), {"snapshot", pathArg(file.path()), "--model",
                                     pathArg(modelPath), "--layer", maskLayer});
    addModelOpenArgs(run.argv, open);
    ImportedPayload p = runHelper(run, fb, options);
    if (p.kind == ImportedPayload::Kind::Error) // its text names the temporary file: say origin
        throw Error(origin, "the saved weights were refused: " + p.problem);
    expectKind(p, ImportedPayload::Kind::Model, run);
    // Accepted by the confined reader: decoded here from the same bytes, with the same checks.
    return decodeWeightsSnapshot(base, maskLayer, bytes, origin);
}

ModelImage importImageForModel(const std::string& path, int height, int width, int channels,
                               Feedback* fb, const ImportOptions& options) {
    HelperRun run{path, "image decoder", commonArgs(path, options), path};
    run.argv.insert(run.argv.end(), {"image", pathArg(path), "--size",
                                     std::to_string(height) + "," + std::to_string(width) + "," +
                                         std::to_string(channels)});
    ImportedPayload p = runHelper(run, fb, options);
    expectKind(p, ImportedPayload::Kind::Image, run);
    if (!p.image || p.image->image.size(1) != channels || p.image->image.size(2) != height ||
        p.image->image.size(3) != width)
        throw Error(path, "the image decoder sent an image of another size than asked for; "
                          "nothing was loaded");
    return std::move(*p.image);
}

} // namespace bdl::core
