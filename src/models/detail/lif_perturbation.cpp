// SPDX-License-Identifier: BSD-3-Clause
#include "lif_perturbation.hpp"

#include <balnet/analysis/spike_divergence.hpp>
#include <balnet/run/trial_loop.hpp>

namespace balnet::detail {
namespace {

const std::string root = "/perturbation";

// One copy: the run's trial again, perturbed as `pert` says.
std::vector<spike> run_copy(const context& ctx, lif_engine& eng, const perturbation_plan& plan, gid_type gid,
                            const std::string& report, h5_file& file, const std::vector<report_population>& pops,
                            const run_schedule& sched, double sync_seconds, phase_profile& prof) {
    spike_perturbation pert(plan.kind, gid, plan.k0, plan.delta, plan.kick);
    if (plan.kind == perturbation_kind::add_spike || plan.kind == perturbation_kind::shift_spike)
        eng.set_arrival_filter([&pert](step_type now, std::vector<spike>& arrived) { pert.filter(now, arrived); });
    auto at_step = [&pert](lif_engine& e, step_type done) { pert.at_step(e, done); };
    spike_keeper keep;
    run_trial(ctx, eng, plan.trial, keep, file, pops, sched, sync_seconds, prof,
              trial_options<decltype(at_step)>{report, at_step, plan.k0});
    eng.set_arrival_filter({});
    return std::move(keep.spikes);
}

void write_series(h5_file& f, const std::string& group, const divergence_series& s) {
    f.write_array(group + "/differing", std::span<const std::uint64_t>(s.differing), "spikes");
    f.write_array(group + "/spikes", std::span<const std::uint64_t>(s.spikes), "spikes");
    f.write_array(group + "/fraction", std::span<const double>(s.fraction), "1");
    f.write_array(group + "/distance", std::span<const double>(s.distance), "1");
}

void write_attributes(h5_file& f, const perturbation_plan& plan) {
    f.write_attribute(root, "kind", to_string(plan.kind));
    f.write_attribute(root, "t0_ms", static_cast<double>(plan.k0) * plan.dt);
    f.write_attribute(root, "bin_ms", static_cast<double>(plan.bin) * plan.dt);
    f.write_attribute(root, "tau_ms", plan.tau_steps * plan.dt);
    f.write_attribute(root, "delta_ms", static_cast<double>(plan.delta) * plan.dt);
    f.write_attribute(root, "kick_mV", plan.kick);
    f.write_attribute(root, "decorrelated", plan.decorrelated);
    f.write_attribute(root, "fit_window_ms", static_cast<double>(plan.fit_window) * plan.dt);
    f.write_attribute(root, "count", static_cast<std::uint64_t>(plan.gids.size()));
    f.write_attribute(root, "trial", plan.trial);
    f.write_attribute(root, "independent_trial", plan.trial + 1);
    std::vector<double> t(plan.n_bins());
    for (std::size_t b = 0; b < t.size(); ++b) t[b] = plan.time(b);
    f.write_array(root + "/time", std::span<const double>(t), "ms");
    f.write_array(root + "/neurons", std::span<const std::uint64_t>(plan.gids), "1");
}

}  // namespace

std::string run_lif_perturbation(const context& ctx, lif_engine& eng, const perturbation_plan& plan,
                                 std::span<const spike> reference, h5_file& file,
                                 const std::vector<report_population>& pops, const run_schedule& sched,
                                 double sync_seconds, phase_profile& prof) {
    std::vector<std::pair<gid_type, std::uint64_t>> ranges;
    for (const auto& p : pops) ranges.emplace_back(p.first, p.size);
    const spike_divergence div(eng.part().begin(), eng.part().local_size(), ranges, plan.bin, plan.n_bins(),
                               plan.tau_steps);
    write_attributes(file, plan);
    std::vector<std::vector<std::vector<double>>> distance(pops.size());  // [population][copy][bin]
    for (std::size_t c = 0; c < plan.gids.size(); ++c) {
        const std::string group = root + "/copies/" + std::to_string(c);
        const auto spikes = run_copy(ctx, eng, plan, plan.gids[c], group + "/spikes", file, pops, sched, sync_seconds, prof);
        const auto series = div.compare(ctx, reference, spikes);
        for (std::size_t p = 0; p < pops.size(); ++p) {
            write_series(file, group + "/populations/" + pops[p].name, series[p]);
            distance[p].push_back(series[p].distance);
        }
    }
    spike_keeper independent;
    run_trial(ctx, eng, plan.trial + 1, independent, file, pops, sched, sync_seconds, prof,
              trial_options<unperturbed>{root + "/independent/spikes", {}, -1});
    const auto level = div.compare(ctx, reference, independent.spikes);
    std::string text = perturbation_head(plan, "mV", "ms");
    for (std::size_t p = 0; p < pops.size(); ++p) {
        const std::string q = root + "/populations/" + pops[p].name;
        write_series(file, root + "/independent/populations/" + pops[p].name, level[p]);
        const auto s = summarise_divergence(plan, distance[p], mean_after(plan, level[p].distance));
        file.write_scalar(q + "/saturation", s.saturation, "1");
        file.write_array(q + "/decorrelation_time", std::span<const double>(s.decorrelation), "ms");
        file.write_array(q + "/distance_mean", std::span<const double>(s.mean), "1");
        file.write_scalar(q + "/growth_rate", s.growth_rate, "1/ms");
        file.write_scalar(q + "/n_fit", s.n_fit, "1");
        text += perturbation_line(pops[p].name, s, "ms");
    }
    return text;
}

}  // namespace balnet::detail
