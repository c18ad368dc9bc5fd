#include "core/base/random.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace bdl::core {

uint64_t deriveSeed(uint64_t seed, uint64_t salt) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (salt + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int64_t uniformIndex(std::mt19937_64& rng, int64_t n) {
    const uint64_t range = static_cast<uint64_t>(n);
    const uint64_t limit =
        std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % range;
    uint64_t v;
    do {
        v = rng();
    } while (v >= limit);
    return static_cast<int64_t>(v % range);
}

std::vector<int64_t> seededDraw(int64_t n, int64_t count, uint64_t seed) {
    if (n <= 0)
        return {};
    count = std::clamp<int64_t>(count, 0, n);
    std::mt19937_64 rng(seed);
    std::vector<int64_t> all(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    for (int64_t i = 0; i < count; ++i) {
        const int64_t j = i + uniformIndex(rng, n - i);
        std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(j)]);
    }
    all.resize(static_cast<size_t>(count));
    return all;
}

std::vector<int64_t> sampleSorted(const std::vector<int64_t>& pool, int64_t count, uint64_t seed) {
    if (count <= 0 || static_cast<size_t>(count) >= pool.size())
        return pool;
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(count));
    for (int64_t p : seededDraw(static_cast<int64_t>(pool.size()), count, seed))
        out.push_back(pool[static_cast<size_t>(p)]);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int64_t> indicesExcept(int64_t n, const std::vector<int64_t>& except) {
    std::vector<char> skip(static_cast<size_t>(std::max<int64_t>(n, 0)), 0);
    for (int64_t e : except)
        if (e >= 0 && e < n)
            skip[static_cast<size_t>(e)] = 1;
    std::vector<int64_t> v;
    for (int64_t i = 0; i < n; ++i)
        if (!skip[static_cast<size_t>(i)])
            v.push_back(i);
    return v;
}

} // namespace bdl::core
