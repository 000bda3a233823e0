// SPDX-License-Identifier: BSD-3-Clause
#include "trial_output.hpp"

#include <cmath>
#include <cstdio>

#include <balnet/core/error.hpp>
#include <balnet/run/trial_loop.hpp>

namespace balnet::detail {

trial_plan trial_plan_from_config(const config& cfg, double dt, step_type t0, step_type t1) {
    trial_plan p;
    p.first = static_cast<std::uint64_t>(cfg.integer("run.trial"));
    p.count = static_cast<std::uint64_t>(cfg.integer("run.trials"));
    p.t0 = t0;
    p.t1 = t1;
    p.dt = dt;
    const double bin_ms = cfg.real("trials.bin");
    p.bin = bin_ms > 0 ? std::max<step_type>(1, std::llround(bin_ms / dt)) : std::max<step_type>(1, t1 - t0);
    return p;
}

std::optional<trial_counts> make_trial_counts(const trial_plan& plan, gid_type first, std::uint64_t n) {
    if (!plan.enabled()) return std::nullopt;
    return trial_counts(first, n, plan.t0, plan.t1, plan.bin);
}

std::string write_trial_analysis(h5_file& f, const context& ctx, const trial_plan& plan, const trial_counts& counts,
                                 const std::vector<report_population>& pops, const scn_trial_readout* readout) {
    f.write_soft_link(trial_report_root(plan.first), "/spikes");  // the first trial's report
    const std::string g = "/analysis/trials";
    f.write_attribute(g, "n_trials", plan.count);
    f.write_attribute(g, "first_trial", plan.first);
    f.write_attribute(g, "bin_ms", static_cast<double>(plan.bin) * plan.dt);
    f.write_attribute(g, "n_bins", counts.n_bins());
    const double w[2] = {static_cast<double>(plan.t0) * plan.dt, static_cast<double>(plan.t1) * plan.dt};
    f.write_attribute(g, "window_ms", std::span<const double>(w));
    f.write_attribute(g, "ddof", std::uint64_t{1});
    char head[160];
    std::snprintf(head, sizeof head, "  trials: %llu (run.trial %llu-%llu), count bins %g ms\n",
                  static_cast<unsigned long long>(plan.count), static_cast<unsigned long long>(plan.first),
                  static_cast<unsigned long long>(plan.first + plan.count - 1), static_cast<double>(plan.bin) * plan.dt);
    std::string text = head;
    for (const auto& p : pops) {
        const auto r = counts.population(ctx, p.first, p.size);
        const std::string q = g + "/populations/" + p.name + "/";
        f.write_distributed(q + "count_mean", std::span<const double>(r.count_mean), r.offset, r.size, "spikes");
        f.write_distributed(q + "count_var", std::span<const double>(r.count_var), r.offset, r.size, "spikes^2");
        f.write_distributed(q + "neuron_fano", std::span<const double>(r.neuron_fano), r.offset, r.size, "1");
        f.write_scalar(q + "fano", r.fano, "1");
        f.write_scalar(q + "n_fano", r.n_fano, "1");
        f.write_scalar(q + "fano_sd", r.fano_sd, "1");
        f.write_scalar(q + "n_neurons_fano", r.n_neurons_fano, "1");
        f.write_scalar(q + "var_mean_slope", r.slope, "spikes");
        f.write_scalar(q + "var_mean_intercept", r.intercept, "spikes^2");
        f.write_scalar(q + "var_mean_scatter", r.scatter, "spikes^2");
        f.write_scalar(q + "n_var_mean", r.n_points, "1");
        char line[256];
        std::snprintf(line, sizeof line, "  %s: trial Fano %.4g (SD over neurons %.3g), count var = %.3g + %.4g mean (scatter %.3g)\n",
                      p.name.c_str(), r.fano, r.fano_sd, r.intercept, r.slope, r.scatter);
        text += line;
    }
    if (readout) {
        f.write_scalar(g + "/xhat_var", readout->var_scn(), "1");
        f.write_scalar(g + "/xhat_var_poisson", readout->var_poisson(), "1");
        f.write_scalar(g + "/reliability_gain", readout->gain(), "1");
        char line[256];
        std::snprintf(line, sizeof line, "  read-out variance across trials %.4g, independent Poisson %.4g: reliability gain %.4g\n",
                      readout->var_scn(), readout->var_poisson(), readout->gain());
        text += line;
    }
    return text;
}

}  // namespace balnet::detail
