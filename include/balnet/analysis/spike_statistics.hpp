// SPDX-License-Identifier: BSD-3-Clause
// Spike-train observables of one population (docs/models.md §2.5): mean rate (5.1), CV of the ISIs
// (5.2) and the Fano factor of spike counts in consecutive bins (5.3), accumulated in streaming
// form over the neurons of a gid range (per neuron O(1) state, nothing per spike or per step).
// Window: spike stamps t with t0 <= t < t1 (in steps). ISIs are between consecutive spikes
// inside the window; neurons with >= min_isis ISIs count for the CV (ddof = 0); Fano bins are
// [t0 + b T_b, t0 + (b+1) T_b) for the floor((t1 - t0) / T_b) whole bins, neurons with a mean
// count > 0 count (ddof = 0). The summary holds sums, so ranks combine by adding them;
// summary(ctx) adds the floating-point ones exactly (the same bits at any rank count).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

struct statistics_window {
    step_type t0 = 0;          ///< first step of the window (spike stamps t >= t0)
    step_type t1 = 0;          ///< end of the window (t < t1)
    step_type fano_bin = 500;  // [steps] T_b (50 ms at h = 0.1 ms)
    std::uint64_t min_isis = 5;
};

/// Sums over neurons; add the fields of several ranks (or populations) to combine them.
struct spike_train_summary {
    std::uint64_t n_neurons = 0;
    std::uint64_t n_spikes = 0;   ///< in the window
    std::uint64_t n_silent = 0;   ///< neurons without a spike in the window
    double sum_count_sq = 0.0;    ///< sum over neurons of (spikes in window)^2
    double sum_cv = 0.0;
    std::uint64_t n_cv = 0;
    double sum_fano = 0.0;
    std::uint64_t n_fano = 0;

    double rate_hz(const statistics_window& w, double dt_ms) const noexcept;      ///< 5.1
    double rate_sd_hz(const statistics_window& w, double dt_ms) const noexcept;   ///< across neurons
    double mean_cv() const noexcept;    ///< NaN when no neuron qualifies
    double mean_fano() const noexcept;  ///< NaN when no neuron qualifies
};

class spike_statistics {
public:
    /// Neurons [first, first + n); spikes of other gids are ignored by add().
    spike_statistics(gid_type first, std::uint64_t n, statistics_window w);

    /// Spikes in any gid order, but each neuron's in time order across calls (as the engine
    /// records them: (step, gid) order).
    void add(std::span<const spike> spikes);

    spike_train_summary summary() const;                    ///< this range only
    spike_train_summary summary(const context& ctx) const;  ///< summed over ranks (collective)

    /// Every neuron's accumulators as numbers (checkpoints); restore() takes them back bitwise
    /// into an object of the same range and window (internal_error when they do not fit).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    struct neuron {
        step_type last = -1;  // stamp of the previous spike in the window, -1 for none
        std::uint64_t count = 0;
        std::uint64_t n_isi = 0;
        double isi_sum = 0.0;
        double isi_sq = 0.0;
        std::int64_t bin = -1;  // current Fano bin and its count, flushed into the sums
        double bin_count = 0.0;
        double bins_sum = 0.0;
        double bins_sq = 0.0;
    };
    gid_type first_;
    statistics_window w_;
    std::vector<neuron> n_;
};

}  // namespace balnet
