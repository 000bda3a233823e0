// SPDX-License-Identifier: BSD-3-Clause
// A run's [perturbation] (docs/models.md §2.5.13), shared by the LIF and the rate run: the
// settings on the step grid, the perturbed neurons of the copies, and the summary of a
// divergence series (saturation level, decorrelation time, growth rate).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/io/config.hpp>
#include <balnet/run/spike_perturbation.hpp>

namespace balnet::detail {

struct perturbation_plan {
    perturbation_kind kind = perturbation_kind::none;
    step_type k0 = 0, delta = 0, bin = 1, fit_window = 1, total = 0;
    double dt = 0.1, kick = 0.0, tau_steps = 1.0, decorrelated = 0.5;
    std::uint64_t trial = 0;       ///< the run's trial: the stream every copy repeats
    std::vector<gid_type> gids;    ///< the perturbed neuron (unit) of each copy
    bool enabled() const noexcept { return kind != perturbation_kind::none; }
    std::size_t n_bins() const noexcept { return static_cast<std::size_t>(total / bin); }
    double time(std::size_t b) const noexcept { return static_cast<double>(static_cast<step_type>(b + 1) * bin) * dt; }
};

/// The plan of a run of `n` neurons (units), `total` steps of `dt` (perturbation.neuron and
/// count were checked against n by the schema).
perturbation_plan perturbation_plan_from_config(const config& cfg, double dt, step_type total, gid_type n,
                                                seed_type seed, std::uint64_t trial);

/// What a set of divergence series (one per copy) and their saturation level give.
struct divergence_summary {
    double saturation = 0.0;           ///< the level the distance saturates at
    std::vector<double> decorrelation; ///< per copy: time after t0 until distance >= f * saturation; NaN: never
    std::vector<double> mean;          ///< per bin: the mean distance over the copies
    double growth_rate = 0.0;          ///< slope of the mean log distance in the fit window; NaN: no fit
    std::uint64_t n_fit = 0;           ///< bins in the fit
};
/// `floor`: a distance that never counts as decorrelated (a rate network's initial distance,
/// so that a copy that only shrinks towards a fixed point is not called decorrelated).
divergence_summary summarise_divergence(const perturbation_plan& plan, const std::vector<std::vector<double>>& copies,
                                        double saturation, double floor = 0.0);

/// The mean of `series` over the bins that start at or after t0 (NaN if none).
double mean_after(const perturbation_plan& plan, std::span<const double> series);

/// One summary line ("  perturbation: ...") and one per population.
std::string perturbation_head(const perturbation_plan& plan, const std::string& kick_unit, const std::string& time_unit);
std::string perturbation_line(const std::string& name, const divergence_summary& s, const std::string& time_unit);

}  // namespace balnet::detail
