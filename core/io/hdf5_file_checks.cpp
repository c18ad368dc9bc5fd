// The Hdf5Reader's refusals of files that reach outside themselves: links to other files,
// external raw storage, virtual datasets, filters HDF5 would load from plugins, absurd chunks.
// Each check reads metadata only; no raw data is read and no other file is opened.
#include "core/base/errors.h"
#include "core/io/hdf5_file_internal.h"

#include <H5PLpublic.h>

#include <algorithm>
#include <cstring>

namespace bdl::core::hdf5_detail {

namespace {

/// Soft links resolved while walking one path (HDF5's own nesting limit is 16 per traversal);
/// a budget for the whole walk, so crafted chains of soft links cannot make it exponential.
constexpr int kMaxSoftLinks = 32;
/// Link values longer than this are refused unread (names are short; HDF5 keeps them in heaps).
constexpr size_t kMaxLinkValue = 64 * 1024;
/// Chunks above this are refused: HDF5 allocates a whole chunk to read any part of it.
constexpr int64_t kMaxChunkBytes = int64_t(1) << 30;

LinkCheck refused(const std::string& problem) { return LinkCheck{LinkCheck::Refused, problem}; }

/// The raw value of a soft or user-defined link, or nothing when it is unreadable or too long.
std::vector<char> linkValue(hid_t file, const std::string& link, const H5L_info_t& info,
                            hid_t lapl) {
    if (info.u.val_size == 0 || info.u.val_size > kMaxLinkValue)
        return {};
    std::vector<char> buf(info.u.val_size, '\0');
    if (H5Lget_val(file, link.c_str(), buf.data(), buf.size(), lapl) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return {};
    }
    return buf;
}

/// "file:/object" of an external link, for the message.
std::string externalTarget(hid_t file, const std::string& link, const H5L_info_t& info,
                           hid_t lapl) {
    const std::vector<char> buf = linkValue(file, link, info, lapl);
    unsigned flags = 0;
    const char* fileName = nullptr;
    const char* objectName = nullptr;
    if (buf.empty() ||
        H5Lunpack_elink_val(buf.data(), buf.size(), &flags, &fileName, &objectName) < 0) {
        H5Eclear2(H5E_DEFAULT);
        return "an unreadable target";
    }
    return printable(fileName ? fileName : "") + ":" + printable(objectName ? objectName : "");
}

struct LinkWalk {
    hid_t file;
    hid_t lapl;
    int softLinksLeft = kMaxSoftLinks;
};

LinkCheck walkLinks(LinkWalk& w, const std::string& objectPath) {
    std::string prefix;
    for (const auto& part : splitPath(objectPath)) {
        const std::string cur = prefix + "/" + part;
        H5L_info_t info;
        if (H5Lexists(w.file, cur.c_str(), w.lapl) <= 0 ||
            H5Lget_info(w.file, cur.c_str(), &info, w.lapl) < 0) {
            H5Eclear2(H5E_DEFAULT);
            return LinkCheck{LinkCheck::Missing, {}};
        }
        if (info.type == H5L_TYPE_EXTERNAL)
            return refused("'" + printable(cur) + "' is an external link to '" +
                           externalTarget(w.file, cur, info, w.lapl) +
                           "'; links to other files are refused");
        if (info.type != H5L_TYPE_HARD && info.type != H5L_TYPE_SOFT)
            return refused("'" + printable(cur) + "' is a user-defined link (type " +
                           std::to_string(int(info.type)) +
                           "); only hard and soft links inside the file are followed");
        if (info.type == H5L_TYPE_SOFT) {
            if (--w.softLinksLeft < 0)
                return refused("'" + printable(cur) + "' leads through more than " +
                               std::to_string(kMaxSoftLinks) + " soft links");
            const std::vector<char> value = linkValue(w.file, cur, info, w.lapl);
            const std::string target(value.data(), strnlen(value.data(), value.size()));
            if (target.empty())
                return LinkCheck{LinkCheck::Missing, {}};
            // HDF5 resolves a relative soft link from the group that holds it.
            LinkCheck inner = walkLinks(w, target[0] == '/' ? target : prefix + "/" + target);
            if (inner.status == LinkCheck::Refused)
                inner.problem = "'" + printable(cur) + "' is a soft link to '" + printable(target) +
                                "', and " + inner.problem;
            if (inner.status != LinkCheck::Ok)
                return inner;
        }
        prefix = cur;
    }
    if (prefix.empty())
        return LinkCheck{};
    const htri_t ok = H5Oexists_by_name(w.file, prefix.c_str(), w.lapl);
    H5Eclear2(H5E_DEFAULT);
    return LinkCheck{ok > 0 ? LinkCheck::Ok : LinkCheck::Missing, {}};
}

/// A short description of a filter for messages: the built-in ones by name, others by id and
/// the name the file gives (printable part only).
std::string filterName(H5Z_filter_t id, const char* nameInFile) {
    switch (id) {
    case H5Z_FILTER_SZIP:
        return "szip (id 4)";
    case H5Z_FILTER_NBIT:
        return "nbit (id 5)";
    case H5Z_FILTER_SCALEOFFSET:
        return "scaleoffset (id 6)";
    default:
        break;
    }
    const std::string name = printable(nameInFile, 80);
    return "plugin filter id " + std::to_string(id) + (name.empty() ? "" : " '" + name + "'");
}

void checkFilters(hid_t dcpl, const std::string& filePath, const std::string& dsPath) {
    const int n = H5Pget_nfilters(dcpl);
    if (n < 0)
        throw Error(filePath, "unreadable filter pipeline" + at(dsPath) + hdf5Detail());
    for (int i = 0; i < n; ++i) {
        unsigned flags = 0, config = 0;
        size_t nValues = 0;
        char name[256] = {0};
        const H5Z_filter_t id = H5Pget_filter2(dcpl, unsigned(i), &flags, &nValues, nullptr,
                                               sizeof(name), name, &config);
        if (id < 0)
            throw Error(filePath, "unreadable filter pipeline" + at(dsPath) + hdf5Detail());
        name[sizeof(name) - 1] = '\0';
        if (id == H5Z_FILTER_DEFLATE || id == H5Z_FILTER_SHUFFLE || id == H5Z_FILTER_FLETCHER32)
            continue;
        throw Error(filePath, "dataset '" + printable(dsPath) + "' uses the filter " +
                                  filterName(id, name) +
                                  "; only deflate, shuffle and fletcher32 are accepted");
    }
}

void checkChunks(hid_t dcpl, hid_t ds, const std::string& filePath, const std::string& dsPath) {
    Handle type(H5Dget_type(ds), H5Tclose);
    const size_t typeSize = type.valid() ? H5Tget_size(type.get()) : 0;
    const int rank = H5Pget_chunk(dcpl, 0, nullptr);
    if (typeSize == 0 || rank < 1 || rank > 32)
        throw Error(filePath, "unreadable chunk layout" + at(dsPath) + hdf5Detail());
    std::vector<hsize_t> chunk(size_t(rank), 0);
    if (H5Pget_chunk(dcpl, rank, chunk.data()) != rank)
        throw Error(filePath, "unreadable chunk layout" + at(dsPath) + hdf5Detail());
    // HDF5 itself never writes a chunk wider than a fixed dimension's maximum; 1.10.8 reading one
    // copies past the decompressed chunk.
    Handle space(H5Dget_space(ds), H5Sclose);
    if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != rank)
        throw Error(filePath, "chunk rank differs from the dataset's rank" + at(dsPath));
    std::vector<hsize_t> dims(size_t(rank), 0), maxDims(size_t(rank), 0);
    if (H5Sget_simple_extent_dims(space.get(), dims.data(), maxDims.data()) < 0)
        throw Error(filePath, "unreadable dataset extent" + at(dsPath) + hdf5Detail());
    for (size_t d = 0; d < chunk.size(); ++d)
        if (maxDims[d] != H5S_UNLIMITED && chunk[d] > std::max<hsize_t>(maxDims[d], 1))
            throw Error(filePath, "dataset chunk " + std::to_string(chunk[d]) +
                                      " is wider than the fixed extent " +
                                      std::to_string(maxDims[d]) + " of dimension " +
                                      std::to_string(d) + " (corrupt or hostile)" + at(dsPath));
    int64_t bytes = int64_t(typeSize);
    for (hsize_t c : chunk) {
        if (c == 0 || c > hsize_t(kMaxChunkBytes) ||
            __builtin_mul_overflow(bytes, int64_t(c), &bytes) || bytes > kMaxChunkBytes)
            throw Error(filePath, "dataset chunk too large (over " +
                                      std::to_string(kMaxChunkBytes >> 20) + " MiB)" + at(dsPath));
    }
}

} // namespace

void disablePluginLoading() {
    static const bool disabled = [] {
        const bool ok = H5PLset_loading_state(0) >= 0;
        H5Eclear2(H5E_DEFAULT);
        return ok;
    }();
    (void)disabled;
}

herr_t refuseExternalLink(const char*, const char*, const char*, const char*, unsigned*, hid_t,
                          void*) {
    return -1;
}

LinkCheck checkLinkChain(hid_t file, hid_t lapl, const std::string& objectPath) {
    LinkWalk walk{file, lapl};
    return walkLinks(walk, objectPath);
}

void checkDatasetStorage(hid_t ds, const std::string& filePath, const std::string& dsPath) {
    Handle dcpl(H5Dget_create_plist(ds), H5Pclose);
    if (!dcpl.valid())
        throw Error(filePath, "unreadable dataset layout" + at(dsPath) + hdf5Detail());
    const H5D_layout_t layout = H5Pget_layout(dcpl.get());
    if (layout == H5D_VIRTUAL) {
        size_t count = 0;
        char source[1024] = {0};
        if (H5Pget_virtual_count(dcpl.get(), &count) < 0 || count == 0 ||
            H5Pget_virtual_filename(dcpl.get(), 0, source, sizeof(source)) < 0)
            std::strcpy(source, "?");
        H5Eclear2(H5E_DEFAULT);
        source[sizeof(source) - 1] = '\0';
        throw Error(filePath, "dataset '" + printable(dsPath) +
                                  "' is a virtual dataset mapped from '" + printable(source) +
                                  "'; datasets stored in other files are refused");
    }
    const int external = H5Pget_external_count(dcpl.get());
    if (external != 0) {
        char name[1024] = {0};
        off_t offset = 0;
        hsize_t size = 0;
        if (external < 0 || H5Pget_external(dcpl.get(), 0, sizeof(name), name, &offset, &size) < 0)
            std::strcpy(name, "?");
        H5Eclear2(H5E_DEFAULT);
        name[sizeof(name) - 1] = '\0';
        throw Error(filePath, "dataset '" + printable(dsPath) + "' keeps its raw data in " +
                                  std::to_string(std::max(external, 1)) +
                                  " external file(s) such as '" + printable(name) +
                                  "'; datasets stored in other files are refused");
    }
    if (layout != H5D_COMPACT && layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED)
        throw Error(filePath, "unsupported dataset layout" + at(dsPath) + hdf5Detail());
    checkFilters(dcpl.get(), filePath, dsPath);
    if (layout == H5D_CHUNKED)
        checkChunks(dcpl.get(), ds, filePath, dsPath);
}

std::string printable(const std::string& text, size_t maxChars) {
    std::string out;
    for (char c : text) {
        if (out.size() >= maxChars) {
            out += "...";
            break;
        }
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    return out;
}

} // namespace bdl::core::hdf5_detail
