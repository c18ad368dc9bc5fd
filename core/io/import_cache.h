#pragma once
/// @file import_cache.h
/// The import client's cache of helper replies (import_client.cpp only; not part of the io API).
///
/// Why: the sandboxed helper costs a process start with LibTorch loaded (about 0.6 s) for every
/// file opened, and the desktop app opens the same files again and again (reopening a workspace,
/// a session, switching data sets). A reply of the helper for a regular file is kept, in the
/// helper's own format (BDLX bytes), under the command line and the file's identity: device,
/// inode, size, modification and status-change times (ctime cannot be set back by a user, so any
/// change to the file, or its replacement, misses). A hit is decoded again, with the same checks,
/// into fresh objects; nothing is shared between callers. Only successful replies of single files
/// are kept (no folders, no IDX pairs, no label CSVs), each at most kMaxEntryBytes, together at
/// most kMaxTotalBytes, least recently used dropped first.
/// Thread-safety: every function may be called from any thread.
#include <cstdint>
#include <optional>
#include <string>

namespace bdl::core::import_detail {

inline constexpr int64_t kMaxEntryBytes = int64_t(64) << 20;
inline constexpr int64_t kMaxTotalBytes = int64_t(256) << 20;

/// The identity of a regular file (symlinks followed) as key text; nothing for anything else or
/// when it cannot be read.
std::optional<std::string> fileIdentity(const std::string& path);

/// The bytes stored under key (and marks them recently used).
std::optional<std::string> findReply(const std::string& key);
/// Stores bytes under key (over kMaxEntryBytes: not stored).
void storeReply(const std::string& key, std::string bytes);

} // namespace bdl::core::import_detail
