// SPDX-License-Identifier: BSD-3-Clause
// Population spike counts in consecutive bins of the analysis window (docs/models.md §2.5): the
// population-rate histogram (/analysis/<pop>/rate_histogram) and the population Fano factor
// (5.6: var/mean of the population count per bin, ddof = 0; 1 for independent Poisson neurons).
// Bins are [t0 + b w, t0 + (b+1) w) for the floor((t1 - t0)/w) whole bins (steps); spikes outside
// are ignored. Each rank counts its own spikes (O(bins) memory); counts() adds over ranks.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

class population_histogram {
public:
    /// Neurons [first, first + n); window [t0, t1) and bin width in steps (>= 1).
    population_histogram(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin);

    void add(std::span<const spike> spikes);

    std::vector<double> counts() const { return counts_; }  ///< this rank's spikes
    std::vector<double> counts(const context& ctx) const;    ///< summed over ranks (collective)

    /// Population rate per bin [Hz] from (global) counts.
    std::vector<double> rates_hz(std::span<const double> counts, double dt_ms) const;
    /// var/mean of the counts (ddof = 0); NaN when the mean is 0.
    static double fano(std::span<const double> counts);

    /// The accumulated counts as numbers (checkpoints); restore() takes them back bitwise into
    /// an object built with the same arguments (internal_error when they do not fit).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    gid_type first_;
    std::uint64_t n_;
    step_type t0_, bin_;
    std::vector<double> counts_;
};

}  // namespace balnet
