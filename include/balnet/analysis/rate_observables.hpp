// SPDX-License-Identifier: BSD-3-Clause
// Streaming observables of a rate network (docs/models.md §1.6), computed on the owned units of every
// rank and reduced over ranks through balnet::context. Memory is O(N_local + P * flush_block +
// n_recorded_local * L), never O(N * R).
//
// record(x, eta, phi) is called once per recorded step on EVERY rank with the owned units' values
// (x > 0 strictly means ON). Per step it accumulates, per population, the local sums
// (n_on, sum phi over ON units, sum phi, sum x, sum eta) into a buffer, the last four exactly
// (core/exact_sum.hpp); every flush_block calls the buffer is summed over ranks (the counts with
// one sum_inplace, the exact sums with one sum_exact, rounded once: the same bits at any rank
// count; the call count is the same on every rank, so the collectives never depend on data)
// and folded, step by step in time order, into running
// Welford statistics over t of n(t)/N, mu(t) = sum_on phi / n(t) (NaN when n(t) = 0, which makes
// mu and var_mu NaN, as in the authors' code), and the population means of phi, x and eta, for
// the whole network and for every population. The folding is independent of where the blocks
// fall, so results do not depend on flush_block. Per owned unit it keeps sums of x, x^2, eta,
// eta^2 shifted by the unit's first sample (against cancellation) and its ON count, and it feeds
// the autocovariance accumulators of the owned recorded units for eta, x and phi. The sums over
// units that finalize() reduces (tvx, qvx, tveta, qveta, the ACFs) are exact as well.
// Sample variances over t use the denominator R - 1.
// finalize() is collective: it flushes the buffer and reduces everything; the state stays valid,
// so it may be called at a checkpoint and recording may continue.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <balnet/core/named_state.hpp>
#include <balnet/analysis/autocovariance_accumulator.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/core/types.hpp>
#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>

namespace balnet {

/// One population as a contiguous gid range. The populations given to rate_observables tile
/// [0, N) in order.
struct population_range {
    std::string name;
    gid_type first = 0;
    std::uint64_t size = 0;
};

/// The populations of a spec, in gid order.
std::vector<population_range> population_ranges(const network_spec& spec);

/// Statistics over t of one population (docs/models.md §1.6 restricted to its units).
struct population_summary {
    std::string name;
    double m = 0, f = 0, var_f = 0, mu = 0, var_mu = 0, xbar = 0, etabar = 0;
};

/// Everything finalize() returns; identical on every rank except on_fraction (owned units).
struct rate_summary {
    std::uint64_t n_steps = 0;  ///< R, recorded steps
    double m = 0, f = 0, var_f = 0, mu = 0, var_mu = 0, xbar = 0, etabar = 0;
    double tvx = 0, qvx = 0, tveta = 0, qveta = 0;
    std::vector<population_summary> populations;
    /// R_eta(k), R_x(k), R_phi(k) for k = 0..L-1 (docs/models.md R_eta etc.), already divided by
    /// n_acf_units; NaN for k >= R and when no unit is kept.
    std::vector<double> r_eta, r_x, r_phi;
    std::uint64_t n_acf_units = 0;  ///< recorded units kept for R_eta (nonzero eta variance)
    double beta = 0;                ///< beta_from_acf(r_eta, rc_dt)
    std::vector<double> on_fraction;  ///< percTon of the OWNED units, in gid order
};

class rate_observables {
public:
    /// recorded: sorted, distinct global gids of the ACF subset (each rank keeps those it owns).
    /// max_lag = L >= 1 lags of the ACFs, in recorded steps; expected_steps = R (preallocation
    /// and validation: L > R is a config_error, since lags >= R would have no pairs).
    /// Every argument must be the same on every rank; errors are thrown before any collective.
    rate_observables(const context& ctx, const partition& part,
                     std::vector<population_range> populations,
                     std::span<const gid_type> recorded, std::size_t max_lag,
                     std::uint64_t expected_steps, std::size_t flush_block = 1024);

    /// One recorded step; spans hold the owned units (size part.local_size()). Collective every
    /// flush_block calls.
    void record(std::span<const double> x, std::span<const double> eta,
                std::span<const double> phi);

    /// Collective. rc_dt converts lags to time for beta.
    rate_summary finalize(double rc_dt);

    std::uint64_t n_steps() const noexcept { return n_steps_; }
    std::size_t n_recorded_local() const noexcept { return recorded_local_.size(); }

    /// This rank's state as doubles (checkpoints; buffered steps included, no collective).
    /// restore() needs an object built with the same arguments on the same rank count.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);
    /// Collective: folds the buffered steps now (sums over ranks) rather than at the next
    /// flush_block; the results do not depend on where the folds fall (header comment). Before a
    /// checkpoint, so that nothing per rank but the units' own state remains.
    void fold_buffered() { flush(); }
    /// The state for the generic checkpoint, at any rank count (fold_buffered() first:
    /// internal_error otherwise): "steps" and "stats" shared (R and the Welford statistics, the
    /// same on every rank), "units" (the owned units' sums, by gid) and per ACF its shared
    /// progress ("acf_eta_head", ...) and its units ("acf_eta", ..., by index in the recorded list).
    named_state checkpoint_state() const;
    void restore(const named_state& s);

private:
    struct welford {
        double mean = 0, m2 = 0;
        void add(double v, double count) {
            const double d = v - mean;
            mean += d / count;
            m2 += d * (v - mean);
        }
    };
    static constexpr std::size_t n_sums = 5;   ///< n_on, sum_on phi, phi, x, eta
    static constexpr std::size_t n_stats = 5;  ///< f, mu, m, xbar, etabar

    void accumulate_populations(std::span<const double> x, std::span<const double> eta,
                                std::span<const double> phi);
    void accumulate_units(std::span<const double> x, std::span<const double> eta);
    void feed_acf(std::span<const double> x, std::span<const double> eta,
                  std::span<const double> phi);
    void flush();
    void fold_step(std::span<const double> sums);
    population_summary population_stats(std::size_t p) const;
    std::vector<double> acf_of(const autocovariance_accumulator::result& r, double kept) const;

    context ctx_;
    partition part_;
    std::vector<population_range> pops_;
    std::vector<std::size_t> local_lo_, local_hi_;  ///< owned local index range per population
    std::vector<std::size_t> recorded_local_;       ///< local indices of owned recorded units
    std::uint64_t recorded_first_ = 0, n_recorded_ = 0;  ///< index of the first owned one; all of them
    std::size_t l_;
    std::size_t flush_block_;
    std::uint64_t n_steps_ = 0;  ///< recorded steps so far (R)
    std::uint64_t folded_ = 0;   ///< steps folded into the Welford statistics
    std::vector<double> buffer_;  ///< per buffered step: n_on of each population (integers)
    exact_series sums_;           ///< per buffered step and population: the other n_sums - 1
    std::array<exact_sum, n_sums - 1> step_;  ///< scratch of accumulate_populations
    std::vector<welford> stats_;  ///< (P + 1) * n_stats; index P is the whole network
    // Per owned unit: first sample (shift), shifted sums, ON count.
    std::vector<double> cx_, ceta_, sx_, sxx_, seta_, setaeta_, on_;
    autocovariance_accumulator acf_eta_, acf_x_, acf_phi_;
    std::vector<double> scratch_;
};

}  // namespace balnet
