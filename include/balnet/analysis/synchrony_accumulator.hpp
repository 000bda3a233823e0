// SPDX-License-Identifier: BSD-3-Clause
// Golomb's synchrony measure chi (docs/models.md §2.5 item 5.5) of a set of recorded neurons:
//     chi^2 = Var_t(Vbar(t)) / mean_i Var_t(V_i(t)),   Vbar = mean over the recorded neurons,
// variances over the samples with ddof = 0. Per neuron it keeps shifted sums of V and V^2 (the
// shift, the first sample, keeps the one-pass variance accurate); per sample it keeps the local
// sum over neurons until the next sync(), which adds them over ranks (one collective per flush
// of the run, none per step) and folds Vbar into shifted one-pass moments: memory holds one
// flush interval of samples, whatever the run length. Each rank adds the samples of its own
// recorded neurons; every rank must add the same number of samples. The sums over neurons are
// exact (core/exact_sum.hpp: a sample's sum is kept as its expansion, usually two doubles) and
// the moments fold the samples one by one in order, so chi is the same bits however the neurons
// are split over ranks and wherever the syncs fall.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/core/shifted_moments.hpp>

namespace balnet {

class synchrony_accumulator {
public:
    explicit synchrony_accumulator(std::size_t n_local);

    /// One sample: V of this rank's recorded neurons (size n_local).
    void add(std::span<const double> v);

    std::uint64_t n_samples() const noexcept { return n_samples_; }
    /// Collective: adds the samples since the last sync over ranks and folds them into the
    /// moments of Vbar, dropping them.
    void sync(const context& ctx);
    double chi() const;                    ///< all recorded neurons are local
    double chi(const context& ctx) const;  ///< over every rank's neurons (collective)

    /// The accumulated sums as numbers (checkpoints); restore() takes them back into an
    /// accumulator of the same n_local (internal_error otherwise), bitwise.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    double chi_from(shifted_moments vbar, std::span<const double> sample_sum, double sum_var,
                    double n_total) const;
    exact_sum local_sum_var() const;

    std::vector<double> shift_;
    std::vector<double> sum_;
    std::vector<double> sq_;
    std::uint64_t n_samples_ = 0;
    shifted_moments vbar_;     // of Vbar over the synced samples
    exact_series sample_sum_;  // sum over local neurons of V, per sample since the last sync
    exact_sum total_;          // scratch of add()
};

}  // namespace balnet
