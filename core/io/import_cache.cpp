// The import client's reply cache: an LRU of BDLX replies keyed by command line and file identity.
#include "core/io/import_cache.h"

#include "core/io/import_client.h"

#include <sys/stat.h>

#include <list>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace bdl::core {

namespace import_detail {

namespace {

struct Cache {
    std::mutex mutex;
    std::list<std::pair<std::string, std::string>> entries; ///< most recently used first
    std::unordered_map<std::string, std::list<std::pair<std::string, std::string>>::iterator> index;
    int64_t bytes = 0;
    ImportCacheStats stats;

    void dropOldest() {
        bytes -= int64_t(entries.back().second.size());
        index.erase(entries.back().first);
        entries.pop_back();
    }
};

Cache& cache() {
    static Cache* c = new Cache; // never destroyed: imports may run while the process exits
    return *c;
}

} // namespace

std::optional<std::string> fileIdentity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" +
           std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_ctim.tv_sec) + "." +
           std::to_string(st.st_ctim.tv_nsec);
}

std::optional<std::string> findReply(const std::string& key) {
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    const auto it = c.index.find(key);
    if (it == c.index.end()) {
        ++c.stats.misses;
        return std::nullopt;
    }
    ++c.stats.hits;
    c.entries.splice(c.entries.begin(), c.entries, it->second);
    return it->second->second;
}

void storeReply(const std::string& key, std::string bytes) {
    if (int64_t(bytes.size()) > kMaxEntryBytes)
        return;
    Cache& c = cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    if (const auto old = c.index.find(key); old != c.index.end()) {
        c.bytes -= int64_t(old->second->second.size());
        c.entries.erase(old->second);
        c.index.erase(old);
    }
    const int64_t size = int64_t(bytes.size());
    while (!c.entries.empty() && c.bytes + size > kMaxTotalBytes)
        c.dropOldest();
    c.entries.emplace_front(key, std::move(bytes));
    c.index[key] = c.entries.begin();
    c.bytes += size;
}

} // namespace import_detail

ImportCacheStats importCacheStats() {
    import_detail::Cache& c = import_detail::cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    ImportCacheStats s = c.stats;
    s.entries = int64_t(c.entries.size());
    s.bytes = c.bytes;
    return s;
}

void clearImportCache() {
    import_detail::Cache& c = import_detail::cache();
    std::lock_guard<std::mutex> lock(c.mutex);
    c.entries.clear();
    c.index.clear();
    c.bytes = 0;
    c.stats = ImportCacheStats();
}

} // namespace bdl::core
