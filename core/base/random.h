#pragma once
/// @file random.h
/// The seeded draws every protocol uses (STRIP overlays and plans, hold-out splits), written out
/// so that the same seed gives the same draw on every standard library and every LibTorch: a
/// std::mt19937_64 (fully specified by the standard), integers by rejection (unlike
/// std::uniform_int_distribution, whose algorithm differs between libraries) and a partial
/// Fisher-Yates shuffle. None of them touches the global torch generator, so a draw never depends
/// on what ran before it.
///
/// Thread-safety: pure functions. Errors: none (empty results for empty inputs).
#include <cstdint>
#include <random>
#include <vector>

namespace bdl::core {

/// A well-mixed seed for one purpose of a run (splitmix64 of seed and salt), so that draws made
/// for different purposes from one user seed are independent.
uint64_t deriveSeed(uint64_t seed, uint64_t salt);

/// Uniform integer in [0, n) (n >= 1) by rejection sampling.
int64_t uniformIndex(std::mt19937_64& rng, int64_t n);

/// The first `count` entries of a seeded permutation of 0..n-1 (partial Fisher-Yates on
/// std::mt19937_64(seed)): `count` distinct indices in draw order. count is clamped to [0, n].
std::vector<int64_t> seededDraw(int64_t n, int64_t count, uint64_t seed);

/// `count` members of `pool` drawn without replacement by seededDraw(pool.size(), count, seed),
/// ascending; the whole pool (in its order) when count <= 0 or count >= pool.size().
std::vector<int64_t> sampleSorted(const std::vector<int64_t>& pool, int64_t count, uint64_t seed);

/// 0..n-1 without the members of `except`, ascending.
std::vector<int64_t> indicesExcept(int64_t n, const std::vector<int64_t>& except = {});

} // namespace bdl::core
