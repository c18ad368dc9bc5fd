#pragma once
/// @file atomic_file.h
/// Writing whole files atomically: the bytes go to a temporary file in the target's folder, are
/// flushed and fsync'ed, and only then renamed over the target. A failure (full disk, unwritable
/// folder) throws Error naming the path and leaves any older file untouched.
#include <cstddef>
#include <string>

namespace bdl::core {

/// Writes all of [data, data + size) to the descriptor, retrying after EINTR and short writes.
/// Returns 0, or the errno of the failure (ENOSPC when write() stops making progress).
int writeFully(int fd, const void* data, size_t size) noexcept;

/// Writes bytes to path atomically. Throws Error on any failure.
void writeFileAtomically(const std::string& path, const std::string& bytes);

/// A temporary path next to `path` ("<path>.tmp-<random>"), for writers that need a file name
/// (HDF5). Pair with commitTemporary() or removeTemporary().
std::string temporaryPathFor(const std::string& path);
/// fsyncs tmp and renames it over path; throws Error (and removes tmp) on failure.
void commitTemporary(const std::string& tmp, const std::string& path);
/// Removes a temporary file, ignoring errors.
void removeTemporary(const std::string& tmp) noexcept;

} // namespace bdl::core
