// SPDX-License-Identifier: BSD-3-Clause
// Correlation of the excitatory and inhibitory input of LIF neurons (docs/models.md §2.5 item 5.8).
// Per recorded neuron, e(k) and i(k) (the positive and |negative| jumps arriving in step k, from
// lif_input_split) pass through f <- f e^{-h/tau_f} + input from step 0, so the filter
// is stationary when the window starts; over the steps k >= t0 it accumulates shifted one-pass
// sums (shift = the first windowed value) for the per-neuron Pearson correlation, plus per step
// the local sums over neurons for the correlation of the population averages, which sync() adds
// over ranks (once per flush of the run) and folds into shifted one-pass moments, dropping them:
// memory holds one flush interval of steps. Mean raw inputs give <e>, <i> (mV/ms) and the
// balance index. Every sum over neurons is exact (core/exact_sum.hpp) and the moments fold the
// steps one by one in order, so the results are the same bits however the neurons are split over
// ranks and wherever the syncs fall.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/core/shifted_moments.hpp>
#include <balnet/core/types.hpp>

namespace balnet {

struct ei_correlation_result {
    double rho = 0.0;        ///< mean over neurons of corr_t(f_e, f_i); NaN if none qualifies
    double rho_pop = 0.0;    ///< corr_t of the averages over recorded neurons
    double mean_e = 0.0;     // [mV/ms] mean excitatory input per neuron
    double mean_i = 0.0;     // [mV/ms] mean |inhibitory| input per neuron
    double balance = 0.0;    ///< |<e> - <i>| / <e>
    std::uint64_t n_neurons = 0;
};

class ei_input_correlation {
public:
    /// n_local: this rank's recorded neurons; window from step t0; filter time constant tau_f
    /// [ms] at grid dt [ms].
    ei_input_correlation(std::size_t n_local, step_type t0, double tau_f, double dt);

    /// Step k's input of this rank's recorded neurons (lif_input_split's sink, n_local values
    /// each); steps in order from 0.
    void add(step_type k, std::span<const double> e, std::span<const double> i);

    /// Collective: adds the population sums since the last sync over ranks, folds and drops them.
    void sync(const context& ctx);
    ei_correlation_result result() const;                    ///< all recorded neurons local
    ei_correlation_result result(const context& ctx) const;  ///< collective

    /// The filter states and sums as numbers (checkpoints); restore() takes them back into an
    /// object built with the same arguments (internal_error on another neuron count), bitwise.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    struct sums {
        double se = 0, si = 0, see = 0, sii = 0, sei = 0;
        double raw_e = 0, raw_i = 0;  ///< e and i over the windowed steps
    };
    ei_correlation_result finish(double sum_rho, double n_rho, double n_total, double raw_e, double raw_i,
                                 std::span<const double> pop_e, std::span<const double> pop_i) const;
    void local_rho(exact_sum& sum_rho, std::uint64_t& n_rho) const;
    void local_raw(exact_sum& raw_e, exact_sum& raw_i) const;

    std::size_t n_;
    step_type t0_;
    double decay_, dt_;
    std::vector<double> fe_, fi_, shift_e_, shift_i_;
    std::vector<sums> s_;
    shifted_moments pop_;         // of the population sums of f_e, f_i over the synced steps
    exact_series pop_e_, pop_i_;  // per windowed step since the last sync: local sums of f_e, f_i
    exact_sum step_e_, step_i_;   // scratch of add()
    std::uint64_t n_samples_ = 0;
};

}  // namespace balnet
