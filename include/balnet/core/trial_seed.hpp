// SPDX-License-Identifier: BSD-3-Clause
// The key of a trial's noise: run.trial = k repeats one network (graph, weights, delays, SCN
// decoder and knock-out set, all keyed by run.seed) with its own noise (external Poisson drive,
// voltage noise, initial state). Trial 0 is keyed by run.seed itself, so a run without trials
// keeps its bits exactly; trial k > 0 by a SplitMix64 mix of (seed, k), a different 64-bit key
// for every k (the mix is a bijection of its input, and the input differs for every k).
// Streams of other purposes never meet these: the purpose is part of every counter
// (core/rng_stream.hpp), so a trial key equal to some other run's seed shares no draws with
// that run's network.
#pragma once
#include <cstdint>

#include <balnet/core/types.hpp>

namespace balnet {

/// The seed of trial `trial`'s noise streams: `seed` itself for trial 0.
constexpr seed_type trial_seed(seed_type seed, std::uint64_t trial) noexcept {
    if (trial == 0) return seed;
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (trial + 1);  // distinct for every trial
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace balnet
