// SPDX-License-Identifier: BSD-3-Clause
// Population spike counts in consecutive bins of the analysis window (docs/models.md §2.5): the
// population-rate histogram (/analysis/populations/<pop>/rate_histogram) and the population Fano
// factor (5.6: var/mean of the population count per bin, ddof = 0; 1 for independent Poisson
// neurons). Bins are [t0 + b w, t0 + (b+1) w) for the floor((t1 - t0)/w) whole bins (steps);
// spikes outside are ignored.
//
// Streamed: each rank counts its own spikes in the bins not yet synced; sync(now) (collective, at
// every flush of the run) sums the bins that have ended over ranks and hands them out to be
// written, keeping only their number and the exact sums of the counts and their squares for the
// Fano factor. Memory is O(bins of one flush interval), not O(run length). Counts are whole
// numbers, so the sums — and every bit of the result — are the same at any rank count and
// wherever the flushes fall.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/analysis/population_bins.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

class population_histogram {
public:
    /// Neurons [first, first + n); window [t0, t1) and bin width in steps (>= 1).
    population_histogram(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin);

    /// This rank's spikes (any order; spikes of bins already synced are a caller's error).
    void add(std::span<const spike> spikes) { bins_.add(spikes); }

    /// Collective: the global counts of the bins that ended by step `now` and were not synced
    /// yet, in bin order; they are dropped here (their sums stay for fano()).
    std::vector<double> sync(const context& ctx, step_type now);

    std::uint64_t bins() const noexcept { return bins_.bins(); }  ///< whole bins in the window
    std::uint64_t bins_synced() const noexcept { return bins_.base(); }

    /// Population rate per bin [Hz] from (global) counts.
    std::vector<double> rates_hz(std::span<const double> counts, double dt_ms) const;
    /// var/mean of the synced bins' counts (ddof = 0), from the exact sums; NaN without bins or
    /// when the mean is 0.
    double fano() const;

    /// The state as numbers (checkpoints): the bins synced, the exact sums, this rank's counts of
    /// the bins not yet synced. restore() takes it back bitwise into an object built with the same
    /// arguments (internal_error when it does not fit).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    population_bins bins_;                // this rank's counts of the bins not yet synced
    std::uint64_t n_;
    step_type bin_;
    std::uint64_t sum_ = 0, sum_sq_ = 0;  // of the synced bins' global counts
};

}  // namespace balnet
