// backdoorlab-cli merge: puts the partial results of a sharded job (--shard I/N) back together
// into the result the unsharded command prints, refusing parts that do not belong together.
#include "app/cli/cli_context.h"
#include "app/cli/commands.h"
#include "app/cli/shard_io.h"
#include "app/cli/strip_result.h"
#include "core/base/atomic_file.h"
#include "core/base/errors.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace bdl::app {

namespace {

struct Part {
    std::string path;
    Json j;
    int64_t index = 0; ///< 1-based
    int64_t count = 0;
    int64_t begin = 0;
    int64_t end = 0;
};

core::Error partError(const std::string& path, const std::string& problem) {
    return core::Error(path, problem);
}

Part readPart(const std::string& path) {
    Part p;
    p.path = path;
    p.j = readPartialFile(path);
    p.index = p.j["shard"]["index"].get<int64_t>();
    p.count = p.j["shard"]["count"].get<int64_t>();
    p.begin = p.j["items"]["begin"].get<int64_t>();
    p.end = p.j["items"]["end"].get<int64_t>();
    return p;
}

/// The first place two headers differ, as a path ("options.lrs", "data[2].sha256").
std::string firstDifference(const Json& a, const Json& b, const std::string& at) {
    if (a.type() != b.type())
        return at.empty() ? "(the whole header)" : at;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            const std::string key = at.empty() ? it.key() : at + "." + it.key();
            if (!b.contains(it.key()))
                return key;
            const auto d = firstDifference(it.value(), b[it.key()], key);
            if (!d.empty())
                return d;
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key()))
                return at.empty() ? it.key() : at + "." + it.key();
        return {};
    }
    if (a.is_array()) {
        if (a.size() != b.size())
            return at + " (" + std::to_string(a.size()) + " against " + std::to_string(b.size()) +
                   " entries)";
        for (size_t i = 0; i < a.size(); ++i) {
            const auto d = firstDifference(a[i], b[i], at + "[" + std::to_string(i) + "]");
            if (!d.empty())
                return d;
        }
        return {};
    }
    return a == b ? std::string() : at;
}

/// The parts sorted by shard; refuses mixed commands, jobs or shard counts, duplicates, gaps.
std::vector<Part> checkParts(std::vector<Part> parts) {
    const Part& first = parts.front();
    for (const auto& p : parts) {
        if (p.j["command"] != first.j["command"])
            throw partError(p.path, "a part of '" + p.j["command"].get<std::string>() + "'; " +
                                        first.path + " is a part of '" +
                                        first.j["command"].get<std::string>() + "'");
        if (p.count != first.count)
            throw partError(p.path, "shard " + std::to_string(p.index) + " of " +
                                        std::to_string(p.count) + "; " + first.path +
                                        " is one of " + std::to_string(first.count));
        if (p.j["fingerprint"] != first.j["fingerprint"])
            throw partError(p.path, "belongs to another job than " + first.path +
                                        " (fingerprints differ: their inputs or settings are "
                                        "not the same; first difference: " +
                                        firstDifference(first.j["header"], p.j["header"], "") +
                                        ")");
        if (core::sha256Hex(p.j["header"].dump()) != p.j["fingerprint"].get<std::string>())
            throw partError(p.path, "its header does not match its fingerprint (edited?)");
    }
    std::sort(parts.begin(), parts.end(),
              [](const Part& a, const Part& b) { return a.index < b.index; });
    for (size_t i = 1; i < parts.size(); ++i)
        if (parts[i].index == parts[i - 1].index)
            throw partError(parts[i].path, "shard " + std::to_string(parts[i].index) + "/" +
                                               std::to_string(first.count) + " is given twice (" +
                                               parts[i - 1].path + " too)");
    std::vector<int64_t> missing;
    for (int64_t i = 1, at = 0; i <= first.count; ++i) {
        if (at < static_cast<int64_t>(parts.size()) && parts[static_cast<size_t>(at)].index == i)
            ++at;
        else
            missing.push_back(i);
    }
    if (!missing.empty()) {
        std::string list;
        for (size_t i = 0; i < missing.size() && i < 20; ++i)
            list += (i ? ", " : "") + std::to_string(missing[i]);
        if (missing.size() > 20)
            list += ", ... (" + std::to_string(missing.size()) + " in all)";
        throw core::Error(std::string(missing.size() == 1 ? "missing shard " : "missing shards ") +
                          list + " of " + std::to_string(first.count) + " of the '" +
                          first.j["command"].get<std::string>() + "' job of " + first.path);
    }
    // Each shard's items follow the previous one's, from 0 to the total.
    const auto total = parts.front().j["items"]["total"];
    int64_t next = 0;
    for (const auto& p : parts) {
        if (p.j["items"]["total"] != total || p.begin != next || p.end < p.begin)
            throw partError(p.path, "its items " + std::to_string(p.begin) + ".." +
                                        std::to_string(p.end) +
                                        " do not follow the previous "
                                        "shard's (which ended at " +
                                        std::to_string(next) + ")");
        next = p.end;
    }
    if (next != total.get<int64_t>())
        throw partError(parts.back().path,
                        "the shards' items end at " + std::to_string(next) + " of " + total.dump());
    return parts;
}

/// Refuses a part whose result differs from the first part's outside `keys` (the shard fills).
void checkSameResult(const std::vector<Part>& parts, const std::vector<std::string>& keys) {
    const auto strip = [&](Json r) {
        for (const auto& k : keys)
            r.erase(k);
        return r;
    };
    const Json base = strip(parts.front().j["result"]);
    for (const auto& p : parts) {
        const Json r = strip(p.j["result"]);
        if (r != base)
            throw partError(p.path, "its result differs from " + parts.front().path + "'s at " +
                                        firstDifference(base, r, "") + " (same fingerprint)");
    }
}

Json mergeSweep(const std::vector<Part>& parts) {
    checkSameResult(parts, {"cca", "asr"});
    Json out = parts.front().j["result"];
    const auto& lrs = out.at("lrs");
    const auto& ks = out.at("ks");
    const size_t nk = ks.size();
    const bool rows = parts.front().j["items"]["unit"] == "rows";
    for (const auto& p : parts) {
        const Json& r = p.j["result"];
        for (size_t li = 0; li < lrs.size(); ++li)
            for (size_t ki = 0; ki < nk; ++ki) {
                const auto item = static_cast<int64_t>(rows ? li : li * nk + ki);
                if (item < p.begin || item >= p.end)
                    continue;
                const auto cell = [&](const Json& m) -> const Json& {
                    if (!m.is_array() || m.size() != lrs.size() || !m[li].is_array() ||
                        m[li].size() != nk || !m[li][ki].is_number())
                        throw partError(p.path, "its cell (lr " + lrs[li].dump() + ", k " +
                                                    ks[ki].dump() + ") is missing");
                    return m[li][ki];
                };
                out["cca"][li][ki] = cell(r.at("cca"));
                for (auto it = r.at("asr").begin(); it != r.at("asr").end(); ++it)
                    out["asr"][it.key()][li][ki] = cell(it.value());
            }
    }
    return out;
}

Json mergeStrip(const std::vector<Part>& parts) {
    checkSameResult(parts, {});
    Json out = parts.front().j["result"];
    StripEntropyParts d;
    for (const auto& p : parts) {
        const Json& part = p.j["part"];
        if (!part.contains("poisoned") || !part["poisoned"].is_array())
            throw partError(p.path, "malformed STRIP part: no 'poisoned' list");
        appendStripSetData(d.calibration,
                           stripSetDataFromJson(part.value("calibration", Json()), p.path));
        appendStripSetData(d.clean, stripSetDataFromJson(part.value("clean", Json()), p.path));
        if (&p == &parts.front())
            d.poisoned.resize(part["poisoned"].size());
        if (part["poisoned"].size() != d.poisoned.size())
            throw partError(p.path, "malformed STRIP part: another number of poisoned sets");
        for (size_t i = 0; i < d.poisoned.size(); ++i)
            appendStripSetData(d.poisoned[i], stripSetDataFromJson(part["poisoned"][i], p.path));
    }
    const auto inputs =
        static_cast<int64_t>(d.calibration.entropy.size() + d.clean.entropy.size() + [&] {
            size_t n = 0;
            for (const auto& s : d.poisoned)
                n += s.entropy.size();
            return n;
        }());
    if (inputs != parts.front().j["items"]["total"].get<int64_t>())
        throw partError(parts.back().path, "the parts hold " + std::to_string(inputs) +
                                               " inputs; the job has " +
                                               parts.front().j["items"]["total"].dump());
    finishStripResult(out, d);
    return out;
}

Json mergeAudit(const std::vector<Part>& parts) {
    checkSameResult(parts, {"models"});
    Json out = parts.front().j["result"];
    Json models = Json::array();
    for (const auto& p : parts) {
        const Json& m = p.j["result"].contains("models") ? p.j["result"]["models"] : Json();
        if (!m.is_array() || static_cast<int64_t>(m.size()) != p.end - p.begin)
            throw partError(p.path, "holds " + std::to_string(m.is_array() ? m.size() : 0) +
                                        " models; its shard owns " +
                                        std::to_string(p.end - p.begin));
        for (const auto& e : m)
            models.push_back(e);
    }
    out["models"] = models;
    return out;
}

Json mergeFinePrune(const std::vector<Part>& parts) {
    checkSameResult(parts, {"curve", "outputs"});
    Json out = parts.front().j["result"];
    Json curve = Json::array();
    for (const auto& p : parts) {
        const Json& c = p.j["result"].contains("curve") ? p.j["result"]["curve"] : Json();
        // Shard 1 starts with B's point (k = 0); every shard adds its steps.
        const int64_t expected = p.end - p.begin + (p.index == 1 ? 1 : 0);
        if (!c.is_array() || static_cast<int64_t>(c.size()) != expected)
            throw partError(p.path, "holds " + std::to_string(c.is_array() ? c.size() : 0) +
                                        " points of the curve; its steps " +
                                        std::to_string(p.begin) + ".." + std::to_string(p.end) +
                                        " make " + std::to_string(expected));
        for (const auto& point : c)
            curve.push_back(point);
    }
    out["curve"] = curve;
    out["outputs"] = parts.back().j["result"].value("outputs", Json());
    return out;
}

int runMerge(CliContext& ctx) {
    const auto& paths = ctx.args().positionals();
    if (paths.empty())
        throw UsageError("give the partial results to merge: merge PART.json... --out RESULT.json");
    if (!ctx.args().has("out"))
        throw UsageError("--out RESULT.json is required");
    std::vector<Part> parts;
    for (const auto& path : paths)
        parts.push_back(readPart(path));
    parts = checkParts(std::move(parts));
    const std::string command = parts.front().j["command"].get<std::string>();
    Json result;
    if (command == "sweep")
        result = mergeSweep(parts);
    else if (command == "strip")
        result = mergeStrip(parts);
    else if (command == "audit")
        result = mergeAudit(parts);
    else if (command == "fine-prune")
        result = mergeFinePrune(parts);
    else
        throw partError(parts.front().path,
                        "a part of '" + command + "', which merge does not know");
    const std::string text = result.dump() + "\n";
    const std::string out = ctx.args().value("out");
    core::writeFileAtomically(out, text);
    if (ctx.json())
        ctx.out() << text;
    else
        ctx.out() << "merged " << parts.size() << " shards of " << command << " -> " << out << "\n";
    return kExitOk;
}

} // namespace

CommandDef mergeCommand() {
    return {"merge",
            "put the partial results of a sharded job (--shard I/N) together",
            "merge PART.json... --out RESULT.json: the parts must come from one job (the same "
            "command, inputs, settings and shard count, as their fingerprints say) and every "
            "shard 1..N must be there once. RESULT.json is the JSON the unsharded command prints "
            "with --json; the desktop app opens it (File > Open Result).",
            {{"out", "PATH", "the merged result (JSON) to write"},
             {"json", "", "print the merged result on stdout too"},
             {"quiet", "", "no progress output"},
             {"help", "", "this help"}},
            100000,
            runMerge};
}

} // namespace bdl::app
