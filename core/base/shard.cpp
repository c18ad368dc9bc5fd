// Shards of a job, and the SHA-256 behind their fingerprints (declared in shard.h).
#include "core/base/shard.h"

#include "core/base/errors.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <vector>

namespace bdl::core {

namespace {

constexpr int64_t kMaxShards = 100000;

constexpr uint32_t kShaRound[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

bool parseCount(const std::string& s, int64_t& v) {
    if (s.empty() || s.size() > 6)
        return false;
    v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    return true;
}

} // namespace

std::string Shard::text() const { return std::to_string(index + 1) + "/" + std::to_string(count); }

Shard parseShard(const std::string& text) {
    const auto slash = text.find('/');
    int64_t i = 0;
    int64_t n = 0;
    if (slash == std::string::npos || !parseCount(text.substr(0, slash), i) ||
        !parseCount(text.substr(slash + 1), n) || n < 1 || n > kMaxShards || i < 1 || i > n)
        throw Error("--shard must be I/N with 1 <= I <= N <= " + std::to_string(kMaxShards) +
                    ", got '" + text + "'");
    return Shard{i - 1, n};
}

ItemRange shardRange(int64_t total, const Shard& shard) {
    if (total < 0 || shard.count < 1 || shard.index < 0 || shard.index >= shard.count)
        throw Error("shard " + shard.text() + " of " + std::to_string(total) + " items");
    // total * index stays far below 2^63 for the sizes here (items < 2^40, shards <= 1e5).
    return ItemRange{total * shard.index / shard.count, total * (shard.index + 1) / shard.count};
}

Sha256::Sha256()
    : m_h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::block(const unsigned char* p) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i)
        w[i] = (uint32_t(p[4 * i]) << 24) | (uint32_t(p[4 * i + 1]) << 16) |
               (uint32_t(p[4 * i + 2]) << 8) | uint32_t(p[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
        const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = m_h[0], b = m_h[1], c = m_h[2], d = m_h[3];
    uint32_t e = m_h[4], f = m_h[5], g = m_h[6], h = m_h[7];
    for (int i = 0; i < 64; ++i) {
        const uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) +
                            kShaRound[i] + w[i];
        const uint32_t t2 =
            (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    m_h[0] += a;
    m_h[1] += b;
    m_h[2] += c;
    m_h[3] += d;
    m_h[4] += e;
    m_h[5] += f;
    m_h[6] += g;
    m_h[7] += h;
}

void Sha256::update(const void* data, size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    m_bytes += bytes;
    if (m_used > 0) {
        const size_t take = std::min(bytes, size_t{64} - m_used);
        std::memcpy(m_buf + m_used, p, take);
        m_used += take;
        p += take;
        bytes -= take;
        if (m_used < 64)
            return;
        block(m_buf);
        m_used = 0;
    }
    for (; bytes >= 64; bytes -= 64, p += 64)
        block(p);
    std::memcpy(m_buf, p, bytes);
    m_used = bytes;
}

std::string Sha256::hexDigest() {
    const uint64_t bits = m_bytes * 8;
    const unsigned char pad = 0x80;
    update(&pad, 1);
    const unsigned char zero = 0;
    while (m_used != 56)
        update(&zero, 1);
    unsigned char len[8];
    for (int i = 0; i < 8; ++i)
        len[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    update(len, 8);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (uint32_t v : m_h)
        for (int s = 28; s >= 0; s -= 4)
            out.push_back(hex[(v >> s) & 0xf]);
    return out;
}

std::string sha256Hex(const std::string& s) {
    Sha256 h;
    h.update(s);
    return h.hexDigest();
}

std::string fileSha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path, "cannot be read");
    Sha256 h;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.update(buf.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad())
        throw Error(path, "read error");
    return h.hexDigest();
}

} // namespace bdl::core
