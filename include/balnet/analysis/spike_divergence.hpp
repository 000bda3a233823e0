// SPDX-License-Identifier: BSD-3-Clause
// The divergence of two spike trains of one network (docs/models.md §2.5.13): copy A and copy B,
// each the spikes of the owned neurons in (step, gid) order, compared per population and time
// bin [b T_b, (b + 1) T_b) of the firing step (a spike stamped s fired in step s - 1):
//  - differing: spikes of one copy that the other lacks (the symmetric difference of the two
//    sets of (neuron, time) pairs), and `spikes`, those of both copies together; their ratio is
//    the fraction of differing spikes (0 in a bin without spikes);
//  - distance: a normalised van Rossum distance at the bin's end t_b: every spike train filtered
//    with exp(-t / tau) (f_i(t) = sum_k exp(-(t - t_k) / tau) over spikes t_k <= t), then
//        D(t_b) = sqrt( sum_i (f_i^A - f_i^B)^2 / sum_i ((f_i^A)^2 + (f_i^B)^2) )   (0 if 0 / 0)
//    over the population's neurons: 0 for identical copies, 1 for copies whose filtered trains
//    are orthogonal (no spike within a few tau of one another), near 1 - 2 <f>^2 / (2 <f^2>) for
//    independent trains of one rate.
// Every per-neuron value is computed the same way on whichever rank owns the neuron, and the
// sums over neurons are exact (core/exact_sum.hpp), so the result is bitwise independent of the
// rank count.
#pragma once
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// One comparison of one population, per time bin.
struct divergence_series {
    std::vector<std::uint64_t> differing, spikes;
    std::vector<double> fraction, distance;
};

class spike_divergence {
public:
    /// Owned neurons [first, first + n); populations as (first gid, size); n_bins bins of
    /// `bin` steps from step 0; tau in steps (> 0).
    spike_divergence(gid_type first, std::uint64_t n, std::vector<std::pair<gid_type, std::uint64_t>> populations,
                     step_type bin, std::size_t n_bins, double tau_steps);

    /// Collective: the series of every population (the same on every rank).
    std::vector<divergence_series> compare(const context& ctx, std::span<const spike> a,
                                           std::span<const spike> b) const;

private:
    std::size_t population_of(gid_type gid) const;
    void count_differing(std::span<const spike> a, std::span<const spike> b, std::vector<std::uint64_t>& out) const;
    void add_distances(std::span<const spike> a, std::span<const spike> b, std::vector<exact_sum>& num,
                       std::vector<exact_sum>& den) const;

    gid_type first_;
    std::uint64_t n_;
    std::vector<std::pair<gid_type, std::uint64_t>> pops_;
    step_type bin_;
    std::size_t n_bins_;
    double tau_;
};

/// The fit of log y against x over the points with y > 0 (least squares): the slope, or NaN with
/// fewer than three such points.
double log_slope(std::span<const double> x, std::span<const double> y);

}  // namespace balnet
