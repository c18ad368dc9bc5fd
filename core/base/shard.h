#pragma once
/// @file shard.h
/// Splitting one job into N independent pieces (a Slurm job array, or any scheduler) and
/// recognising the pieces that belong together, in one place for every command.
///
///  - A shard is "I of N" (I is 1-based in text, `--shard I/N`; 0-based in Shard::index).
///  - Work of T items is split into contiguous, balanced blocks: shard i (0-based) owns items
///    [floor(i * T / N), floor((i + 1) * T / N)). Blocks differ in size by at most one item; a
///    shard may own none when N > T (it then writes an empty part, so that every shard of an
///    array exists and a merge can tell a missing shard from an idle one).
///  - The parts of one job carry the same fingerprint: the SHA-256 of everything that decides
///    their numbers (inputs' contents, settings, thread count, version). Parts with different
///    fingerprints never merge.
///
/// Thread-safety: pure functions; Sha256 objects are not shared. Errors: Error for malformed
/// shard texts.
#include <cstddef>
#include <cstdint>
#include <string>

namespace bdl::core {

/// One shard of a job.
struct Shard {
    int64_t index = 0; ///< 0-based
    int64_t count = 1; ///< N >= 1
    bool whole() const { return count == 1; }
    /// "I/N", 1-based (the text --shard takes).
    std::string text() const;
};

/// Parses "I/N" with 1 <= I <= N <= 100000. Error ("--shard must be I/N with 1 <= I <= N, got
/// 'x'") otherwise.
Shard parseShard(const std::string& text);

/// Items [begin, end) of a job of `total` items.
struct ItemRange {
    int64_t begin = 0;
    int64_t end = 0;
    int64_t size() const { return end - begin; }
    bool contains(int64_t i) const { return i >= begin && i < end; }
};

/// The contiguous block of `total` items that `shard` owns (see the file comment).
ItemRange shardRange(int64_t total, const Shard& shard);

/// Incremental SHA-256 (FIPS 180-4).
class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t bytes);
    void update(const std::string& s) { update(s.data(), s.size()); }
    /// The digest as 64 lower-case hex digits; the object must not be updated afterwards.
    std::string hexDigest();

private:
    void block(const unsigned char* p);
    uint32_t m_h[8];
    unsigned char m_buf[64];
    size_t m_used = 0;
    uint64_t m_bytes = 0;
};

/// SHA-256 of a string, as hex.
std::string sha256Hex(const std::string& s);

/// SHA-256 of a file's bytes, as hex. Error naming the file when it cannot be read.
std::string fileSha256(const std::string& path);

} // namespace bdl::core
