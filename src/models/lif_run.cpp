// SPDX-License-Identifier: BSD-3-Clause
// The LIF run: build the engine, open the run's HDF5 file, advance in chunks feeding the
// observers and streaming the spikes into the file (checkpoints between chunks; a stop signal
// ends the run with a checkpoint, exit 75), write traces, analysis and the Siegert prediction
// collectively at the end, print a summary.
#include <balnet/models/lif_run.hpp>

#include <balnet/models/mft_microcircuit.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include <balnet/run/phase_profile.hpp>
#include <balnet/run/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/run_loop.hpp>
#include <balnet/run/run_output.hpp>
#include <balnet/run/spike_output.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/lif_engine.hpp>

#include "detail/lif_observers.hpp"
#include "detail/lif_output.hpp"
#include "detail/lif_perturbation.hpp"
#include "detail/trial_output.hpp"
#include <balnet/run/trial_loop.hpp>
#include <balnet/run/run_resources.hpp>
#include <balnet/run/stop_signal.hpp>

namespace balnet {
namespace {


// The Siegert prediction for this config: model A's lowest stable fixed point, (feed-forward)
// the transfer function at the configured input rate, or (lif.network = general) the
// two-population fixed point of relaxation + Newton (docs/models.md §2.2.6), or the microcircuit's
// 8-population one with the Fourcaud-Brunel shift (§2.7).
std::pair<siegert_fixed_point, std::size_t> lif_prediction(const config& cfg, double& input_rate) {
    if (lif_microcircuit_network(cfg)) {
        input_rate = 0.0;
        return {siegert_solve(microcircuit_siegert_network(microcircuit_from_config(cfg))), 1};
    }
    if (lif_general_network(cfg)) {
        input_rate = 0.0;
        return {siegert_solve(lif_siegert_network(lif_params_from_config(cfg))), 1};
    }
    const brunel_model_a m = lif_model_a_from_config(cfg);
    auto net = lif_siegert_network(m);
    if (cfg.string("lif.mode") == "feedforward") {
        input_rate = lif_feedforward_rate(cfg);
        net.projections.clear();
        const double ce = static_cast<double>(m.c_e), ci = static_cast<double>(m.c_i);
        net.inputs.push_back({0, ce * input_rate, m.j});
        net.inputs.push_back({0, ci * input_rate, -m.g * m.j});
        return {siegert_scan_fixed_points(net, 1).front(), 1};  // no recurrence: phi(0) is the answer
    }
    auto roots = siegert_scan_fixed_points(net);
    input_rate = 0.0;
    const auto n = roots.size();
    for (auto& r : roots)
        if (r.stable) return {std::move(r), n};
    return {std::move(roots.front()), n};
}

// The run's step grid: chunks of lif_run_chunk steps (observers fed, stop flag looked at,
// checkpoints possible after each), the output flushed every output.flush_interval.
run_schedule lif_schedule(const config& cfg, const lif_network_params& net) {
    return {net.steps(cfg.real("lif.T")), lif_run_chunk, interval_steps(cfg.real("checkpoint.every"), net.dt),
            interval_steps(cfg.real("output.flush_interval"), net.dt)};
}

}  // namespace

std::string run_lif(const config& cfg, const context& ctx, const run_options& opts) {
    const auto t_start = std::chrono::steady_clock::now();
    install_stop_handlers();
    const lif_network_params net = lif_params_from_config(cfg);
    // Before the simulation: a mean field without a fixed point ends the run before it starts
    // (pure, so every rank throws alike).
    double input_rate = 0.0;
    const auto prediction = cfg.boolean("meanfield.enabled")
                                ? std::make_optional(lif_prediction(cfg, input_rate))
                                : std::nullopt;
    const partition part(net.size(), ctx.size(), ctx.rank());
    phase_profile prof;
    auto build_timer = std::make_optional<phase_profile::scope>(prof, phase::build);
    lif_engine eng(net, part, spike_exchange(ctx));
    detail::lif_observers obs(cfg, eng);
    build_timer.reset();
    const std::string path = cfg.string("output.file");
    const auto report_pops = detail::lif_report_populations(net);
    const checkpoint_target ckpt{cfg.string("checkpoint.file"), cfg.resolved_ini(),
                                 {"lif", "spikes_written", report_pops.size()}};
    const run_schedule sched = lif_schedule(cfg, net);
    const auto perturb = detail::perturbation_plan_from_config(cfg, net.dt, sched.total, net.size(), net.seed,
                                                               static_cast<std::uint64_t>(cfg.integer("run.trial")));
    const bool resuming = resume_requested(opts.resume, ckpt.path, ctx);
    const auto kept = resuming ? restore_run(ctx, eng, obs, ckpt, sched) : run_checkpoint{};
    auto file = open_run_output(path, ctx, resuming, obs.streamed_paths());
    detail::write_lif_provenance(file, cfg, net, ctx, opts.command_line);
    detail::write_lif_checksum(file, ctx.sum(eng.synapses().checksum()), ctx.sum(eng.n_local_synapses()));
    spike_stream stream(file, report_pops, net.dt, ctx, cfg.real("output.sync_interval"));
    const auto plan = detail::trial_plan_from_config(cfg, net.dt, obs.window().t0, obs.window().t1);
    auto counts = detail::make_trial_counts(plan, part.begin(), part.local_size());
    detail::spike_keeper reference;  // the unperturbed copy's spikes (a perturbation only)
    detail::spike_taps<trial_counts> taps{counts ? &*counts : nullptr, perturb.enabled() ? &reference : nullptr};
    trial_tap tap(obs, &taps);
    spike_output out(ctx, tap, stream);
    if (resuming) out.resume(ckpt.path, file, report_pops, kept.written);
    obs.stream_to(file, ckpt.path, ctx);
    if (resuming) say_resumed(ctx, ckpt.path, kept.steps, sched.total);
    progress prog(sched.total, ctx.rank() == 0, opts.force_progress, cfg.real("output.progress_interval"));
    if (!run_loop(ctx, eng, obs, out, prof, sched, ckpt, prog)) {
        obs.close_traces();
        stopped_by_signal(file, eng.now(), ckpt.path);
    }
    const auto result = obs.finish(ctx);

    auto output_timer = std::make_optional<phase_profile::scope>(prof, phase::output);
    obs.write_traces(file, ctx);
    detail::write_lif_analysis(file, net, result);
    if (prediction) detail::write_lif_meanfield(file, net, prediction->first, prediction->second, input_rate);
    const std::string generic_lines = obs.finish_generic(ctx, file);
    const auto res = write_run_resources(file, ctx, static_cast<double>(eng.synapse_bytes()),
                                                 ctx.sum(static_cast<double>(eng.n_local_synapses())));
    output_timer.reset();
    std::string trial_lines;
    eng.set_voltage_probe({});  // the later trials and copies: no observers
    eng.set_interval_hook({});
    if (counts) {  // the later trials, once the first one's outputs are written
        counts->end_trial();
        for (std::uint64_t k = 1; k < plan.count; ++k)
            run_trial(ctx, eng, plan.first + k, *counts, file, report_pops, sched, cfg.real("output.sync_interval"), prof,
                      ordinary_trial(plan.first + k));
        trial_lines = detail::write_trial_analysis(file, ctx, plan, *counts, report_pops);
    }
    if (perturb.enabled())
        trial_lines += detail::run_lif_perturbation(ctx, eng, perturb, reference.spikes, file, report_pops, sched,
                                                    cfg.real("output.sync_interval"), prof);
    finish_and_report(file, ctx, prof, t_start, res, opts.profile, [&](double wall) {
        return detail::lif_summary_text(path, result, net.dt, ctx.size(), wall) +
               (prediction ? detail::lif_meanfield_text(net, result, prediction->first, net.dt) : std::string()) +
               generic_lines + trial_lines;
    });
    return path;
}

namespace {

// The general network's fixed point, one line per population.
void print_general(const lif_network_params& net, const siegert_fixed_point& fp) {
    std::printf("  general two-population network (lif.network = general, docs/models.md 2.2.4): one fixed point\n");
    for (std::size_t a = 0; a < fp.rate_hz.size(); ++a)
        std::printf("  %s: nu = %.10g Hz  mu = %.6g mV  sigma = %.6g mV  CV = %.6g\n", net.populations[a].name.c_str(),
                    fp.rate_hz[a], fp.mu[a], fp.sigma[a], fp.cv[a]);
    std::printf("  residual = %.3g Hz  %s\n", fp.residual, fp.stable ? "stable" : "unstable");
}

}  // namespace

int mft_lif(const config& cfg, const context& ctx) {
    double input_rate = 0.0;
    const auto [fp, n] = lif_prediction(cfg, input_rate);
    if (ctx.rank() != 0) return 0;
    std::printf("balnet mft (lif, Siegert / diffusion approximation, docs/models.md 2.2.6)\n");
    if (lif_general_network(cfg)) {
        print_general(lif_params_from_config(cfg), fp);
        std::printf("  method: %s\n  assumptions: %s\n", fp.method.c_str(), fp.assumptions.c_str());
        return 0;
    }
    if (cfg.string("lif.mode") == "feedforward")
        std::printf("  feed-forward input rate nu_in = %.10g Hz\n", input_rate);
    const auto m = lif_model_a_from_config(cfg);
    auto roots = cfg.string("lif.mode") == "feedforward"
                     ? std::vector<siegert_fixed_point>{fp}
                     : siegert_scan_fixed_points(lif_siegert_network(m));
    std::printf("  %zu fixed point(s) in [0, 1/t_ref)\n", roots.size());
    for (const auto& r : roots)
        std::printf("  nu = %.10g Hz  mu = %.6g mV  sigma = %.6g mV  CV = %.6g  residual = %.3g Hz  %s\n",
                    r.rate_hz[0], r.mu[0], r.sigma[0], r.cv[0], r.residual, r.stable ? "stable" : "unstable");
    std::printf("  method: %s\n  assumptions: %s\n", fp.method.c_str(), fp.assumptions.c_str());
    (void)n;
    return 0;
}

}  // namespace balnet
