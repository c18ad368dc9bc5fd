// --shard, fingerprints and partial files (see shard_io.h).
#include "app/cli/shard_io.h"

#include "app/cli/commands.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <torch/types.h>

namespace bdl::app {

namespace {

void hashTensor(core::Sha256& h, const torch::Tensor& t) {
    if (!t.defined()) {
        h.update("undefined;");
        return;
    }
    const auto c = t.cpu().contiguous();
    h.update(std::string(c.dtype().name()) + ":" + std::to_string(c.dim()) + ";");
    for (auto s : c.sizes())
        h.update(std::to_string(s) + ",");
    h.update(c.data_ptr(), static_cast<size_t>(c.numel()) * c.element_size());
}

/// A partial result larger than this is not one of ours (a full-size STRIP shard is ~2 MB).
constexpr std::uintmax_t kMaxPartBytes = 1ULL << 30;

Json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw core::Error(path, "cannot be read");
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uintmax_t>(in.tellg());
    if (size > kMaxPartBytes)
        throw core::Error(path, "is " + std::to_string(size >> 20) +
                                    " MiB, larger than any partial result (1 GiB)");
    in.seekg(0);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return Json::parse(text.str());
    } catch (const Json::parse_error& e) {
        throw core::Error(path, std::string("not valid JSON (") + e.what() + ")");
    }
}

int64_t integerField(const Json& j, const char* key, const std::string& path) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_integer())
        throw core::Error(path, std::string("malformed partial result: no integer '") + key + "'");
    return j[key].get<int64_t>();
}

std::string stringField(const Json& j, const char* key, const std::string& path) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
        throw core::Error(path, std::string("malformed partial result: no text '") + key + "'");
    return j[key].get<std::string>();
}

} // namespace

Json readPartialFile(const std::string& path) {
    Json j = readJsonFile(path);
    if (!j.is_object() || !j.contains("backdoorlab_partial"))
        throw core::Error(path, "not a partial result (a file written by a backdoorlab-cli "
                                "command with --shard I/N)");
    if (j["backdoorlab_partial"] != 1)
        throw core::Error(path, "a partial result of another format version (" +
                                    j["backdoorlab_partial"].dump() + "; this version reads 1)");
    stringField(j, "command", path);
    stringField(j, "fingerprint", path);
    const Json& shard = j.contains("shard") ? j["shard"] : Json();
    const int64_t index = integerField(shard, "index", path);
    const int64_t count = integerField(shard, "count", path);
    if (count < 1 || index < 1 || index > count)
        throw core::Error(path, "malformed partial result: shard " + std::to_string(index) + "/" +
                                    std::to_string(count));
    const Json& items = j.contains("items") ? j["items"] : Json();
    stringField(items, "unit", path);
    const int64_t total = integerField(items, "total", path);
    const int64_t begin = integerField(items, "begin", path);
    const int64_t end = integerField(items, "end", path);
    if (begin < 0 || end < begin || end > total)
        throw core::Error(path, "malformed partial result: items " + std::to_string(begin) + ".." +
                                    std::to_string(end) + " of " + std::to_string(total));
    for (const char* key : {"header", "result", "part"})
        if (!j.contains(key) || !j[key].is_object())
            throw core::Error(path,
                              std::string("malformed partial result: no '") + key + "' object");
    return j;
}

std::vector<OptionDef> shardOptions() {
    return {{"shard", "I/N",
             "compute only part I of N of the job (1 <= I <= N) and write it to --out as a "
             "partial result; `backdoorlab-cli merge` puts the N parts together"},
            {"out", "PATH",
             "write the result (JSON, as --json prints it) to PATH; with --shard the partial "
             "result"}};
}

std::optional<core::Shard> shardOption(const ParsedArgs& args, const std::string& partOption) {
    if (!args.has("shard"))
        return std::nullopt;
    core::Shard s;
    try {
        s = core::parseShard(args.value("shard"));
    } catch (const core::Error& e) {
        throw UsageError(e.what());
    }
    if (!args.has(partOption))
        throw UsageError("--shard needs --" + partOption +
                         " PART.json: the file the partial result is written to");
    return s;
}

std::string datasetSha256(const core::Dataset& d) {
    core::Sha256 h;
    hashTensor(h, d.images);
    hashTensor(h, d.labels);
    hashTensor(h, d.targets);
    return h.hexDigest();
}

Json jobHeader(const std::string& command, const ParsedArgs& args,
               const std::vector<std::string>& modelFiles,
               const std::vector<const core::Dataset*>& sets, const Json& extra) {
    Json options = Json::object();
    for (const auto& [name, values] : args.m_values)
        if (name != "shard" && name != "out" && name != "part" && name != "resume" &&
            name != "json" && name != "quiet")
            options[name] = values;
    Json models = Json::array();
    for (const auto& f : modelFiles)
        models.push_back(core::fileSha256(f));
    Json data = Json::array();
    for (const auto* d : sets)
        data.push_back({{"name", d->name}, {"images", d->size()}, {"sha256", datasetSha256(*d)}});
    Json h{{"command", command},     {"options", options}, {"positionals", args.positionals()},
           {"model_sha256", models}, {"data", data},       {"threads", at::get_num_threads()},
           {"version", cliVersion()}};
    h.update(extra);
    return h;
}

std::string pathSha256(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return core::fileSha256(path);
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            files.push_back(fs::relative(it->path(), path, ec).generic_string());
    if (ec)
        throw core::Error(path, "cannot be listed: " + ec.message());
    std::sort(files.begin(), files.end());
    core::Sha256 h;
    for (const auto& f : files)
        h.update(f + "\n" + core::fileSha256((fs::path(path) / f).string()) + "\n");
    return h.hexDigest();
}

bool writeResult(CliContext& ctx, const Json& result) {
    const std::string text = result.dump() + "\n";
    if (ctx.args().has("out"))
        core::writeFileAtomically(ctx.args().value("out"), text);
    if (ctx.json())
        ctx.out() << text;
    return ctx.json();
}

int writePartial(CliContext& ctx, const PartialOutput& p) {
    Json j{{"backdoorlab_partial", 1},
           {"command", p.command},
           {"shard", {{"index", p.shard.index + 1}, {"count", p.shard.count}}},
           {"fingerprint", core::sha256Hex(p.header.dump())},
           {"items",
            {{"unit", p.unit}, {"total", p.total}, {"begin", p.items.begin}, {"end", p.items.end}}},
           {"header", p.header},
           {"result", p.result},
           {"part", p.part}};
    const std::string path = p.path.empty() ? ctx.args().value("out") : p.path;
    const std::string text = j.dump() + "\n";
    core::writeFileAtomically(path, text);
    if (ctx.json()) {
        ctx.out() << text;
        return kExitOk;
    }
    ctx.out() << "shard " << p.shard.text() << " of " << p.command << ": " << p.unit << " "
              << p.items.begin << ".." << p.items.end << " of " << p.total << " -> " << path
              << "\n";
    return kExitOk;
}

} // namespace bdl::app
