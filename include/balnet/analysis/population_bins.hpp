// SPDX-License-Identifier: BSD-3-Clause
// A population's spike counts in consecutive bins of a window, kept only for the bins not yet
// taken: what the streamed population observables (population_histogram, population_spectrum)
// share. Bins are [t0 + b w, t0 + (b+1) w) for the floor((t1 - t0)/w) whole bins (w in steps);
// spikes outside are ignored. Each rank counts its own spikes; take() (collective) sums the
// first bins over ranks — whole numbers, so exact in any order and at any rank count — and drops
// them, so memory holds the bins of one flush interval, not of the run.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

class population_bins {
public:
    /// Neurons [first, first + n); window [t0, t1), bin width in steps (>= 1: internal_error).
    population_bins(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin);

    /// This rank's spikes (any order); a spike of a bin already taken is internal_error.
    void add(std::span<const spike> spikes);

    /// Whole bins ended once `now` steps are done: a spike of step k is stamped k + 1, so the
    /// spikes of every bin ending at or before step now + 1 are in.
    std::uint64_t ended(step_type now) const noexcept;
    /// Collective: the global counts of the next k bins (k <= bins() - base()), then dropped here.
    std::vector<double> take(const context& ctx, std::uint64_t k);

    std::uint64_t bins() const noexcept { return n_bins_; }  ///< whole bins in the window
    std::uint64_t base() const noexcept { return base_; }    ///< first bin not yet taken
    /// This rank's counts of the bins not yet taken, to the end of the window.
    std::vector<double> counts() const;

    /// For checkpoints: base() and this rank's pending counts; restore() takes them back into an
    /// object built with the same arguments (internal_error when they do not fit).
    const std::vector<double>& pending() const noexcept { return pending_; }
    void restore(std::uint64_t base, std::span<const double> pending);

private:
    gid_type first_;
    std::uint64_t n_;
    step_type t0_, bin_;
    std::uint64_t n_bins_ = 0;
    std::uint64_t base_ = 0;
    std::vector<double> pending_;  // this rank's counts of bins base_, base_ + 1, ...
};

}  // namespace balnet
