// SPDX-License-Identifier: BSD-3-Clause
// The external Poisson drive of one population: the count of external spikes a neuron receives
// in one step, n ~ Poisson(lambda), lambda = C_ext nu_ext h (docs/models.md §2.2.3).
//
// Determinism: the count of (gid, step) is a pure function of (seed, gid, step). It uses the
// first 64 bits of the Philox block of rng_stream(seed, external_noise, gid, substream = step)
// (bitwise the same numbers as that stream's first two next_u32()), so it never depends on the
// rank, on the order neurons are visited, or on whether a refractory neuron asked for it.
// Speed: one Philox block and an inversion against a precomputed table of the cumulative
// distribution scaled to 2^64 (integer comparisons only), so ~1e8 draws/s fit in a core.
// Exactness: P(n <= k) = ceil(CDF(k) 2^64) / 2^64, i.e. the Poisson law up to the double
// rounding of the CDF (~1e-16); the tail beyond the last representable CDF value (< 1e-16) is
// folded into the last table entry.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Random123/philox.h>

#include <balnet/core/rng_stream.hpp>
#include <balnet/core/types.hpp>

namespace balnet {

class poisson_drive {
public:
    /// lambda: mean count per step, 0 <= lambda <= 700.
    explicit poisson_drive(double lambda);

    double lambda() const noexcept { return lambda_; }

    /// The count for neuron `gid` in step `step` (substream = step, so step < 2^32).
    std::uint32_t count(seed_type seed, gid_type gid, step_type step) const noexcept {
        return lambda_ > 0.0 ? from_bits(random_bits(seed, gid, step)) : 0u;
    }

    /// Inversion: the smallest k with bits < threshold[k] (bits uniform on [0, 2^64)).
    /// The first `fast` entries are compared without branches (no mispredictions for small
    /// lambda, where k < fast almost always); the rest by binary search.
    std::uint32_t from_bits(std::uint64_t bits) const noexcept {
        std::uint32_t k = 0;
        for (std::size_t m = 0; m < fast; ++m) k += bits >= threshold_[m] ? 1u : 0u;
        if (k < fast) return k < last_ ? k : last_;
        const auto it = std::upper_bound(threshold_.begin() + fast, threshold_.end(), bits);
        const auto j = static_cast<std::uint32_t>(it - threshold_.begin());
        return j < last_ ? j : last_;
    }

    static constexpr std::size_t fast = 8;

    /// out[j] = from_bits(bits[j]) for j < n: the branch-free comparisons for all n first
    /// (vectorised, chosen for the CPU at load time: integer arithmetic, the same counts on
    /// every variant), then from_bits again for the rare counts that reach `fast` or `last_`.
    void counts_from_bits(const std::uint64_t* bits, std::size_t n, std::uint32_t* out) const noexcept;

    /// The 64 random bits of (seed, external_noise, gid, step): first word high.
    static std::uint64_t random_bits(seed_type seed, gid_type gid, step_type step) noexcept {
        // Same key and counter layout as rng_stream (core/rng_stream.hpp), block 0.
        const r123::Philox4x32::key_type k = {
            {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
        const r123::Philox4x32::ctr_type c = {
            {static_cast<std::uint32_t>(gid),
             static_cast<std::uint32_t>((gid >> 32) & 0x00FFFFFFu) |
                 (static_cast<std::uint32_t>(rng_purpose::external_noise) << 24),
             static_cast<std::uint32_t>(step), 0u}};
        const auto r = r123::Philox4x32{}(c, k);
        return (static_cast<std::uint64_t>(r.v[0]) << 32) | r.v[1];
    }

    /// The largest count from_bits returns (the tail beyond is folded into it).
    std::uint32_t max_count() const noexcept { return last_; }
    /// The table (for tests): entry k is ceil(CDF(k) 2^64); padded with 2^64 - 1 to >= fast.
    const std::vector<std::uint64_t>& thresholds() const noexcept { return threshold_; }

private:
    double lambda_;
    std::vector<std::uint64_t> threshold_;  // ceil(CDF(k) * 2^64), saturated; padded to >= fast
    std::uint32_t last_ = 0;                // index of the last entry (returned for the tail)
};

}  // namespace balnet
