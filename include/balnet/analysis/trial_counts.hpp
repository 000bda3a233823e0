// SPDX-License-Identifier: BSD-3-Clause
// Spike counts across trials of one network (docs/models.md §2.5 item 5.3, the trial-to-trial
// Fano factor): K trials with the same network and independent noise (run.trials). The analysis
// window [t0, t1) (spike stamps, in steps) is cut into floor((t1 - t0) / bin) whole bins from t0;
// per (neuron, bin) the count's mean and variance across trials (ddof = 1: unbiased for any K >= 2)
// are kept as exact integer sums (sum c, sum c^2 over trials: whole numbers below 2^53, so the
// order of additions does not matter). Per neuron: count_mean and count_var, the means over its
// bins, and the trial Fano factor, the mean of var/mean over its bins with mean > 0. Per
// population: the Fano factor averaged over every (neuron, bin) with mean > 0 (item 5.3), the SD
// of the neurons' Fano factors, and the least-squares line count_var = a + b count_mean over the
// neurons with count_mean > 0 with its RMS residual (how variance grows with the mean).
// Memory: 2 doubles and one counter per (owned neuron, bin): O(N (t1 - t0) / bin) over all ranks.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// The across-trial statistics of one population (the same on every rank).
struct trial_population_result {
    std::uint64_t size = 0, offset = 0;          ///< the population's neurons, gid - first of the owned slice
    std::vector<double> count_mean, count_var;   ///< this rank's neurons of the population
    std::vector<double> neuron_fano;             ///< NaN for a neuron without a bin of mean > 0
    double fano = 0.0;                           ///< over (neuron, bin) with mean > 0; NaN if none
    std::uint64_t n_fano = 0;                    ///< those (neuron, bin)
    double fano_sd = 0.0;                        ///< SD (ddof 0) of neuron_fano over the defined ones
    std::uint64_t n_neurons_fano = 0;
    double slope = 0.0, intercept = 0.0, scatter = 0.0;  ///< count_var vs count_mean, NaN below 2 points
    std::uint64_t n_points = 0;                  ///< neurons with count_mean > 0
};

class trial_counts {
public:
    /// The owned neurons [first, first + n); window [t0, t1) cut into bins of `bin` steps (>= 1).
    trial_counts(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin);

    /// This rank's spikes of the trial under way (any order).
    void add_spikes(std::span<const spike> local);
    /// Ends the trial under way: its counts join the sums.
    void end_trial();

    std::uint64_t trials() const noexcept { return trials_; }
    std::uint64_t n_bins() const noexcept { return bins_; }

    /// Collective: the statistics of the population [pop_first, pop_first + pop_size) (gids).
    /// Population-wide sums run over the gathered per-neuron values in gid order, so the
    /// result is the same bits at any rank count. Needs trials() >= 2.
    trial_population_result population(const context& ctx, gid_type pop_first, std::uint64_t pop_size) const;

private:
    gid_type first_;
    std::uint64_t n_;
    step_type t0_, bin_;
    std::uint64_t bins_;
    std::vector<std::uint32_t> current_;   // [neuron][bin] of the trial under way
    std::vector<double> sum_, sum_sq_;     // [neuron][bin] over the ended trials
    std::uint64_t trials_ = 0;
};

}  // namespace balnet
