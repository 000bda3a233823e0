// SPDX-License-Identifier: BSD-3-Clause
// Pairwise spike-count correlation (docs/models.md §2.5 item 5.4): n_pairs random distinct pairs of
// the gid range [first, first + n), pair k drawn from rng_stream(seed, sampling, k, 1) (so the
// same pairs for any rank count); counts in the Fano bins [t0 + b w, t0 + (b+1) w); Pearson
// correlation of each pair's count series, pairs with a zero-variance member skipped; the mean.
// Each rank counts the spikes of its own neurons into a [involved neuron x bin] table; result()
// adds the tables over ranks once (one collective) and evaluates every pair on every rank.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

struct pair_correlation_result {
    double mean = 0.0;           ///< NaN when no pair qualifies
    std::uint64_t n_pairs = 0;   ///< pairs that counted
};

class pair_count_correlation {
public:
    pair_count_correlation(seed_type seed, gid_type first, std::uint64_t n, std::uint64_t n_pairs,
                           step_type t0, step_type t1, step_type bin);

    void add(std::span<const spike> spikes);

    const std::vector<std::pair<gid_type, gid_type>>& pairs() const noexcept { return pairs_; }
    pair_correlation_result result() const;                    ///< all neurons local
    pair_correlation_result result(const context& ctx) const;  ///< collective

    /// The accumulated counts as numbers (checkpoints); restore() takes them back bitwise into
    /// an object built with the same arguments (internal_error when they do not fit).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    pair_correlation_result evaluate(std::span<const double> table) const;

    gid_type first_;
    step_type t0_, bin_;
    std::size_t n_bins_ = 0;
    std::vector<std::pair<gid_type, gid_type>> pairs_;
    std::vector<std::int64_t> row_of_;  // gid - first -> row of the table, -1 if not sampled
    std::vector<double> table_;         // [row][bin]
};

}  // namespace balnet
