#include "app/import/import_args.h"

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <set>

namespace bdl::app {

namespace {

/// A whole decimal integer in [lo, hi]; no sign other than a leading '-', no spaces.
int64_t parseInteger(const std::string& option, const std::string& text, int64_t lo, int64_t hi) {
    const bool digits =
        !text.empty() &&
        text.find_first_not_of("0123456789", text[0] == '-' ? 1 : 0) == std::string::npos &&
        text != "-";
    errno = 0;
    char* end = nullptr;
    const long long v = digits ? std::strtoll(text.c_str(), &end, 10) : 0;
    if (!digits || errno == ERANGE || v < lo || v > hi)
        throw UsageError(option + ": '" + text + "' is not an integer in " + std::to_string(lo) +
                         ".." + std::to_string(hi));
    return v;
}

/// "H,W,C" with three positive integers.
std::array<int, 3> parseModelInput(const std::string& text) {
    std::array<int, 3> out{};
    size_t start = 0;
    for (int i = 0; i < 3; ++i) {
        const size_t comma = text.find(',', start);
        if ((i < 2) == (comma == std::string::npos))
            throw UsageError("--model-input: '" + text + "' is not H,W,C");
        const std::string part = text.substr(start, i < 2 ? comma - start : std::string::npos);
        out[i] = static_cast<int>(parseInteger("--model-input", part, 1, INT_MAX));
        start = comma + 1;
    }
    return out;
}

/// Walks the argument list, handing out option values and refusing repeats.
class ArgCursor {
public:
    explicit ArgCursor(const std::vector<std::string>& args) : m_args(args) {}
    bool done() const { return m_at >= m_args.size(); }
    const std::string& peek() const { return m_args[m_at]; }
    const std::string& next() { return m_args[m_at++]; }
    /// The value after option `name` (already consumed); each option may appear once.
    const std::string& value(const std::string& name) {
        if (!m_seen.insert(name).second)
            throw UsageError(name + " is given twice");
        if (done())
            throw UsageError(name + " needs a value");
        return next();
    }

private:
    const std::vector<std::string>& m_args;
    size_t m_at = 0;
    std::set<std::string> m_seen;
};

void parseGlobalOptions(ArgCursor& cur, ImportArgs& out) {
    bool protocol = false, parent = false;
    while (!cur.done() && cur.peek().rfind("--", 0) == 0) {
        const std::string opt = cur.next();
        if (opt != "--protocol" && opt != "--parent-pid" && opt != "--memory-mb" &&
            opt != "--cpu-seconds")
            throw UsageError("unknown option " + opt);
        const std::string& v = cur.value(opt);
        if (opt == "--protocol") {
            if (parseInteger(opt, v, 0, INT_MAX) != kImportProtocol)
                throw UsageError("protocol " + v + " is not supported (this helper speaks " +
                                 std::to_string(kImportProtocol) + ")");
            protocol = true;
        } else if (opt == "--parent-pid") {
            out.parentPid = static_cast<long>(parseInteger(opt, v, 1, INT_MAX));
            parent = true;
        } else if (opt == "--memory-mb") {
            out.memoryMiB = parseInteger(opt, v, 0, int64_t(1) << 40);
        } else {
            out.cpuSeconds = static_cast<int>(parseInteger(opt, v, 0, INT_MAX - 5));
        }
    }
    if (!protocol || !parent)
        throw UsageError(protocol ? "--parent-pid is required" : "--protocol is required");
}

void parseModelOptions(ArgCursor& cur, ImportArgs& out) {
    while (!cur.done()) {
        const std::string opt = cur.next();
        if (opt == "--arch")
            out.arch = cur.value(opt);
        else if (opt == "--input-shape")
            out.inputShape = parseModelInput(cur.value(opt));
        else
            throw UsageError("model: unknown argument " + opt);
    }
}

void parseDataOptions(ArgCursor& cur, ImportArgs& out) {
    core::DataSpec& spec = out.spec;
    spec.path = out.path;
    while (!cur.done()) {
        const std::string opt = cur.next();
        if (opt == "--role") {
            const std::string& v = cur.value(opt);
            if (v != "clean" && v != "poisoned")
                throw UsageError("--role: '" + v + "' is neither clean nor poisoned");
            spec.role = v == "clean" ? core::DataSpec::Clean : core::DataSpec::Poisoned;
        } else if (opt == "--target") {
            spec.target = parseInteger(opt, cur.value(opt), INT64_MIN, INT64_MAX);
        } else if (opt == "--labels-csv") {
            spec.labelsCsv = cur.value(opt);
        } else if (opt == "--channels") {
            spec.channels = static_cast<int>(parseInteger(opt, cur.value(opt), INT_MIN, INT_MAX));
        } else if (opt == "--model-input") {
            spec.modelInput = parseModelInput(cur.value(opt));
        } else {
            throw UsageError("data: unknown argument " + opt);
        }
    }
}

void parseImageOptions(ArgCursor& cur, ImportArgs& out) {
    bool sized = false;
    while (!cur.done()) {
        const std::string opt = cur.next();
        if (opt != "--size")
            throw UsageError("image: unknown argument " + opt);
        out.size = parseModelInput(cur.value(opt));
        sized = true;
    }
    if (!sized)
        throw UsageError("image: --size H,W,C is required");
}

void parseSnapshotOptions(ArgCursor& cur, ImportArgs& out) {
    while (!cur.done()) {
        const std::string opt = cur.next();
        if (opt == "--model")
            out.modelPath = cur.value(opt);
        else if (opt == "--layer")
            out.layer = cur.value(opt);
        else if (opt == "--arch")
            out.arch = cur.value(opt);
        else if (opt == "--input-shape")
            out.inputShape = parseModelInput(cur.value(opt));
        else
            throw UsageError("snapshot: unknown argument " + opt);
    }
    if (out.modelPath.empty() || out.layer.empty())
        throw UsageError("snapshot: --model FILE and --layer NAME are required");
}

} // namespace

ImportArgs parseImportArgs(const std::vector<std::string>& args) {
    ImportArgs out;
    ArgCursor cur(args);
    parseGlobalOptions(cur, out);
    if (cur.done())
        throw UsageError("a command is required (model, data, image or snapshot)");
    const std::string command = cur.next();
    if (command != "model" && command != "data" && command != "image" && command != "snapshot")
        throw UsageError("unknown command '" + command + "' (model, data, image or snapshot)");
    out.command = command == "model"   ? ImportArgs::Command::Model
                  : command == "data"  ? ImportArgs::Command::Data
                  : command == "image" ? ImportArgs::Command::Image
                                       : ImportArgs::Command::Snapshot;
    if (cur.done() || cur.peek().empty())
        throw UsageError(command + ": PATH is required");
    out.path = cur.next(); // taken as it is, even when it starts with '-'
    if (out.command == ImportArgs::Command::Model)
        parseModelOptions(cur, out);
    else if (out.command == ImportArgs::Command::Image)
        parseImageOptions(cur, out);
    else if (out.command == ImportArgs::Command::Snapshot)
        parseSnapshotOptions(cur, out);
    else
        parseDataOptions(cur, out);
    return out;
}

const char* importUsage() {
    return "usage: backdoorlab-import --protocol 1 --parent-pid PID [--memory-mb N] "
           "[--cpu-seconds N] (model PATH [--arch NAME] [--input-shape H,W,C] | data PATH [--role "
           "clean|poisoned] "
           "[--target N] [--labels-csv FILE] [--channels N] [--model-input H,W,C] | image PATH "
           "--size H,W,C | snapshot PATH --model FILE --layer NAME [--arch NAME] "
           "[--input-shape H,W,C])";
}

} // namespace bdl::app
