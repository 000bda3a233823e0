// SPDX-License-Identifier: BSD-3-Clause
// The SCN run: build the engine over the MPI partition, open the run's HDF5 file, advance in
// chunks with the observers on the step probe, streaming the spikes into the file (checkpoints
// between chunks; a stop signal ends the run with a checkpoint, exit 75), write the signal and
// the results collectively at the end, print a summary on rank 0.
#include <balnet/models/scn_run.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include <balnet/io/h5_file.hpp>
#include <balnet/run/phase_profile.hpp>
#include <balnet/run/progress.hpp>
#include <balnet/run/run_loop.hpp>
#include <balnet/run/run_output.hpp>
#include <balnet/run/run_resources.hpp>
#include <balnet/run/spike_output.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/run/stop_signal.hpp>
#include <balnet/spiking/scn_engine.hpp>

#include "detail/scn_output.hpp"
#include "detail/trial_output.hpp"
#include <balnet/run/trial_loop.hpp>

namespace balnet {
namespace {

// /timing/{loop, steps_per_second, collective} (the SCN benchmark figures) and the resources.
// SCN connectivity is the decoder every rank holds (Omega = -D^T D is never formed).
run_resources write_scn_timing(h5_file& file, const scn_engine& eng, const context& ctx, step_type steps,
                               double loop_s) {
    file.write_scalar("/timing/loop", loop_s, "s");
    file.write_scalar("/timing/steps_per_second", static_cast<double>(steps) / loop_s, "1/s");
    file.write_scalar("/timing/collective", ctx.max(eng.exchange_seconds()), "s");
    // No synapses are stored (the fast weights are applied from D's columns): 0 synapses, and
    // the summary leaves bytes per synapse out.
    return write_run_resources(file, ctx, static_cast<double>(eng.decoder().size() * sizeof(double)), 0.0);
}

}  // namespace

std::string run_scn(const config& cfg, const context& ctx, const run_options& opts) {
    const auto t_start = std::chrono::steady_clock::now();
    install_stop_handlers();
    const scn_params p = scn_params_from_config(cfg);
    phase_profile prof;
    auto build_timer = std::make_optional<phase_profile::scope>(prof, phase::build);
    scn_engine eng(p, partition(p.n, ctx.size(), ctx.rank()), ctx);
    detail::scn_observers obs(cfg, eng);
    eng.set_step_probe([&obs](const scn_engine& e) { obs.add_step(e); });
    build_timer.reset();
    const std::string path = cfg.string("output.file");
    const std::vector<report_population> report_pops{{"scn", 0, p.n}};
    const checkpoint_target ckpt{cfg.string("checkpoint.file"), cfg.resolved_ini(), {"scn", "spikes_written", 1}};
    const run_schedule sched{p.steps(cfg.real("scn.T")), scn_run_chunk,
                             interval_steps(cfg.real("checkpoint.every"), p.dt),
                             interval_steps(cfg.real("output.flush_interval"), p.dt)};
    const bool resuming = resume_requested(opts.resume, ckpt.path, ctx);
    const auto kept = resuming ? restore_run(ctx, eng, obs, ckpt, sched) : run_checkpoint{};
    auto file = open_run_output(path, ctx, resuming);
    detail::write_scn_provenance(file, cfg, eng, ctx, opts.command_line);
    spike_stream stream(file, report_pops, p.dt, ctx, cfg.real("output.sync_interval"));
    const auto plan = detail::trial_plan_from_config(cfg, p.dt, obs.window.t0, obs.window.t1);
    auto counts = detail::make_trial_counts(plan, eng.part().begin(), eng.part().local_size());
    std::optional<scn_trial_readout> readout;
    if (counts) {
        readout.emplace(eng.decoder(), p.dim, p.lambda, p.dt, plan.t0, plan.t1);
        eng.set_step_probe([&obs, &readout](const scn_engine& e) {
            obs.add_step(e);
            readout->add_step(e.now(), e.readout(), e.last_spikes());
        });
    }
    trial_tap tap(obs, counts ? &*counts : nullptr);
    spike_output out(ctx, tap, stream);
    if (resuming) {
        out.resume(ckpt.path, file, report_pops, kept.written);
        say_resumed(ctx, ckpt.path, kept.steps, sched.total);
    }
    const step_type first = eng.now();
    progress prog(sched.total, ctx.rank() == 0, opts.force_progress, cfg.real("output.progress_interval"));
    const auto t_loop = std::chrono::steady_clock::now();
    if (!run_loop(ctx, eng, obs, out, prof, sched, ckpt, prog)) stopped_by_signal(file, eng.now(), ckpt.path);
    const double loop_s = ctx.max(seconds_since(t_loop));
    const auto result = obs.finish(eng, ctx);

    auto output_timer = std::make_optional<phase_profile::scope>(prof, phase::output);
    detail::write_scn_signal(file, eng, obs);
    detail::write_scn_analysis(file, eng, obs, result);
    const std::string generic_lines = obs.generic.finish(ctx, file);
    const auto res = write_scn_timing(file, eng, ctx, sched.total - first, loop_s);
    output_timer.reset();
    std::string trial_lines;
    if (counts) {  // the later trials, once the first one's outputs are written
        counts->end_trial();
        readout->end_trial();
        eng.set_step_probe([&readout](const scn_engine& e) { readout->add_step(e.now(), e.readout(), e.last_spikes()); });
        for (std::uint64_t k = 1; k < plan.count; ++k) {
            run_trial(ctx, eng, plan.first + k, *counts, file, report_pops, sched, cfg.real("output.sync_interval"), prof,
                      ordinary_trial(plan.first + k));
            readout->end_trial();
        }
        trial_lines = detail::write_trial_analysis(file, ctx, plan, *counts, report_pops, &*readout);
    }
    finish_and_report(file, ctx, prof, t_start, res, opts.profile, [&](double wall) {
        return detail::scn_summary_text(path, eng, obs, result, ctx.size(), wall) + generic_lines + trial_lines;
    });
    return path;
}

}  // namespace balnet
