// SPDX-License-Identifier: BSD-3-Clause
// Pairwise spike-count correlation (docs/models.md §2.5 items 5.4 and 5.12): n_pairs random
// distinct pairs of the gid range [first, first + n), pair k drawn from
// rng_stream(seed, sampling, k, substream) (so the same pairs for any rank count; item 5.4 uses
// substream 1, the count-correlation distribution substream 2); counts in the bins
// [t0 + b w, t0 + (b+1) w) inside [t0, t1) (whole bins only); the Pearson correlation of each
// pair's count series, pairs with a zero-variance member skipped, and their mean.
// Streamed, and the same bits at any rank count: each rank counts its own neurons' spikes into a
// [bin x sampled neuron] table of the bins not yet synced; sync() adds the finished bins over
// ranks and folds them into each pair's sums x, y, x^2, y^2, xy, then drops them. Counts are
// whole numbers, so every one of these sums is exact in double (below 2^53) in any order:
// memory holds the pairs' sums and one flush interval of bins, whatever the run length.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
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
                           step_type t0, step_type t1, step_type bin, std::uint32_t substream = 1);

    /// Spikes of this rank's neurons (any order), of steps not yet synced.
    void add(std::span<const spike> spikes);
    /// Collective: the bins finished by step `now` (every stamp inside them <= now) are added over
    /// ranks and folded into the pair sums. Every rank must pass the same `now`.
    void sync(const context& ctx, step_type now);
    /// The same when all neurons are local (no collective).
    void sync(step_type now);

    /// Sampled pairs (gids), in draw order.
    std::vector<std::pair<gid_type, gid_type>> pairs() const;
    std::uint64_t bins() const noexcept { return n_bins_; }
    std::uint64_t bins_synced() const noexcept { return base_; }
    /// Per pair in draw order: its coefficient over the synced bins, NaN where a variance is 0.
    std::vector<double> coefficients() const;
    pair_correlation_result result() const;  ///< over the synced bins

    /// The sums and this rank's unsynced counts as numbers (checkpoints); restore() takes them
    /// back bitwise into an object built with the same arguments (internal_error otherwise).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);
    /// The same for a checkpoint at any rank count: "base" and "sums" (the same on every rank)
    /// shared, "pending" (whole-number counts) summed over ranks.
    named_state checkpoint_state() const;
    void restore(const named_state& s);

private:
    struct pair_sums {
        double x = 0, y = 0, xx = 0, yy = 0, xy = 0;
    };
    std::uint64_t finished_by(step_type now) const noexcept;
    void fold(std::uint64_t finished);

    step_type t0_, bin_;
    std::uint64_t n_bins_ = 0;
    std::vector<std::pair<std::size_t, std::size_t>> pairs_;  // rows of the two neurons
    std::vector<gid_type> rows_;    // sampled gids, sorted
    std::uint64_t base_ = 0;        // first bin not yet synced
    std::vector<double> pending_;   // [bin - base][row]: this rank's counts
    std::vector<pair_sums> sums_;   // per pair, over the synced bins
};

}  // namespace balnet
