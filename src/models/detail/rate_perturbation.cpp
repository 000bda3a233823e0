// SPDX-License-Identifier: BSD-3-Clause
#include "rate_perturbation.hpp"

#include <cmath>

#include <balnet/core/exact_sum.hpp>

namespace balnet::detail {
namespace {

const std::string root = "/perturbation";

// Moves `state` on to step `to` (the engine restored from it, advanced, read back).
void advance_state(rate_engine& eng, rate_engine_state& state, step_type to) {
    eng.restore(state);
    eng.advance(to - state.steps);
    state = eng.state();
}

// Collective: ||a - b|| / sqrt(N), the sum over units exact.
double rms_distance(const context& ctx, const rate_engine_state& a, const rate_engine_state& b, double n) {
    exact_sum s;
    for (std::size_t i = 0; i < a.x.size(); ++i) s.add((a.x[i] - b.x[i]) * (a.x[i] - b.x[i]));
    return std::sqrt(ctx.sum_exact(s) / n);
}

void write_attributes(h5_file& f, const perturbation_plan& plan) {
    f.write_attribute(root, "kind", to_string(plan.kind));
    f.write_attribute(root, "t0_tau", static_cast<double>(plan.k0) * plan.dt);
    f.write_attribute(root, "bin_tau", static_cast<double>(plan.bin) * plan.dt);
    f.write_attribute(root, "kick", plan.kick);
    f.write_attribute(root, "decorrelated", plan.decorrelated);
    f.write_attribute(root, "fit_window_tau", static_cast<double>(plan.fit_window) * plan.dt);
    f.write_attribute(root, "count", static_cast<std::uint64_t>(plan.gids.size()));
    std::vector<double> t(plan.n_bins());
    for (std::size_t b = 0; b < t.size(); ++b) t[b] = plan.time(b);
    f.write_array(root + "/time", std::span<const double>(t), "tau");
    f.write_array(root + "/units", std::span<const std::uint64_t>(plan.gids), "1");
}

}  // namespace

std::string run_rate_perturbation(const context& ctx, rate_engine& eng, const rate_engine_state& initial,
                                  const perturbation_plan& plan, h5_file& file) {
    const auto& part = eng.part();
    const double n = static_cast<double>(part.global_size());
    rate_engine_state ref = initial;
    advance_state(eng, ref, plan.k0);
    std::vector<rate_engine_state> copies(plan.gids.size(), ref);
    for (std::size_t c = 0; c < copies.size(); ++c)
        if (plan.gids[c] >= part.begin() && plan.gids[c] < part.end()) copies[c].x[plan.gids[c] - part.begin()] += plan.kick;
    const std::size_t nb = plan.n_bins();
    std::vector<std::vector<double>> distance(copies.size(), std::vector<double>(nb, 0.0));
    std::vector<double> sum(ref.x.size(), 0.0), sum2(ref.x.size(), 0.0);  // the reference's moments
    double samples = 0.0;
    for (std::size_t b = 0; b < nb; ++b) {
        const step_type end = static_cast<step_type>(b + 1) * plan.bin;
        if (end <= plan.k0) continue;  // before t0 the copies are the run
        advance_state(eng, ref, end);
        for (std::size_t c = 0; c < copies.size(); ++c) {
            advance_state(eng, copies[c], end);
            distance[c][b] = rms_distance(ctx, ref, copies[c], n);
        }
        if (static_cast<step_type>(b) * plan.bin < plan.k0) continue;  // the level: whole bins after t0
        for (std::size_t i = 0; i < sum.size(); ++i) {
            sum[i] += ref.x[i];
            sum2[i] += ref.x[i] * ref.x[i];
        }
        samples += 1.0;
    }
    exact_sum var;
    for (std::size_t i = 0; i < sum.size() && samples > 1; ++i) {
        const double m = sum[i] / samples;
        var.add(std::max(0.0, sum2[i] / samples - m * m));
    }
    const double saturation = std::sqrt(2.0 * ctx.sum_exact(var) / n);
    const auto s = summarise_divergence(plan, distance, saturation, std::fabs(plan.kick) / std::sqrt(n));
    write_attributes(file, plan);
    for (std::size_t c = 0; c < copies.size(); ++c)
        file.write_array(root + "/copies/" + std::to_string(c) + "/distance", std::span<const double>(distance[c]), "1");
    file.write_scalar(root + "/saturation", s.saturation, "1");
    file.write_array(root + "/decorrelation_time", std::span<const double>(s.decorrelation), "tau");
    file.write_array(root + "/distance_mean", std::span<const double>(s.mean), "1");
    file.write_scalar(root + "/growth_rate", s.growth_rate, "1/tau");
    file.write_scalar(root + "/n_fit", s.n_fit, "1");
    return perturbation_head(plan, "", "tau") + perturbation_line("x", s, "tau");
}

}  // namespace balnet::detail
