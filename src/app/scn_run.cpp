// SPDX-License-Identifier: BSD-3-Clause
// The SCN run: build the engine over the MPI partition, open the run's HDF5 file, advance in
// chunks with the observers on the step probe, streaming the spikes into the file (checkpoints
// between chunks; a stop signal ends the run with a checkpoint, exit 75), write the signal and
// the results collectively at the end, print a summary on rank 0.
#include <balnet/app/scn_run.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include <balnet/app/phase_profile.hpp>
#include <balnet/app/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/run_output.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/scn_engine.hpp>

#include "detail/chunked_run.hpp"
#include "detail/run_resources.hpp"
#include "detail/scn_checkpoint.hpp"
#include "detail/scn_output.hpp"
#include "detail/stop_signal.hpp"

namespace balnet {
namespace {


using scn_run_state = detail::chunked_run_state<scn_engine, detail::scn_observers>;

// Steps per advance() call: the spike-fed observers are fed and the stop flag is looked at (one
// small collective) after each chunk, and checkpoints fall on chunk ends, so a resumed run feeds
// the observers in the same chunks as an uninterrupted one.
constexpr step_type chunk = scn_run_chunk;

void checkpoint(scn_run_state& st) {
    const auto timed = st.prof.time(phase::checkpoint);
    const detail::scn_checkpoint c{st.eng.state(), st.stream.written(), st.obs.state()};
    detail::write_scn_checkpoint(st.checkpoint_path, st.ctx, st.config_ini, c);
}

// Collective: the engine and the observers restored from the checkpoint (or the run refused,
// exit 2); returns the report lengths for detail::resume_report.
std::vector<std::uint64_t> resume(const context& ctx, const std::string& ckpt, const std::string& ini,
                                  scn_engine& eng, detail::scn_observers& obs, step_type total) {
    return detail::restore_chunked(
        ctx, ckpt, eng, obs, total, chunk, [&] { return detail::read_scn_checkpoint(ckpt, ctx, ini); },
        [](const detail::scn_checkpoint& c) { return c.engine.signal.steps; });
}

bool simulate(scn_run_state& st, step_type total, progress& prog) {
    return detail::simulate_chunked(st, total, chunk, prog,
                                    [](const scn_engine& e) { return e.collective_seconds(); },
                                    [](auto& state) { checkpoint(state); });
}

// /timing/{loop, steps_per_second, collective} (the SCN benchmark figures) and the resources.
// SCN connectivity is the decoder every rank holds (Omega = -D^T D is never formed).
detail::run_resources write_scn_timing(h5_file& file, const scn_engine& eng, const context& ctx,
                                       step_type steps, double loop_s) {
    file.write_scalar("/timing/loop", loop_s, "s");
    file.write_scalar("/timing/steps_per_second", static_cast<double>(steps) / loop_s, "1/s");
    file.write_scalar("/timing/collective", ctx.max(eng.collective_seconds()), "s");
    // No synapses are stored (the fast weights are applied from D's columns): 0 synapses, and
    // the summary leaves bytes per synapse out.
    return detail::write_run_resources(file, ctx, static_cast<double>(eng.decoder().size() * sizeof(double)), 0.0);
}

}  // namespace

std::string run_scn(const config& cfg, const context& ctx, const run_options& opts) {
    const auto t_start = std::chrono::steady_clock::now();
    detail::install_stop_handlers();
    const scn_params p = scn_params_from_config(cfg);
    phase_profile prof;
    auto build_timer = std::make_optional<phase_profile::scope>(prof, phase::build);
    scn_engine eng(p, partition(p.n, ctx.size(), ctx.rank()), ctx);
    detail::scn_observers obs(cfg, eng);
    eng.set_step_probe([&obs](const scn_engine& e) { obs.add_step(e); });
    build_timer.reset();
    const std::string ckpt = cfg.string("checkpoint.file"), path = cfg.string("output.file");
    const bool resuming = opts.resume && detail::checkpoint_exists(ckpt, ctx);
    if (opts.resume && !resuming && ctx.rank() == 0)
        std::fprintf(stderr, "balnet: no checkpoint at %s: starting from the beginning\n", ckpt.c_str());
    const step_type total = p.steps(cfg.real("scn.T"));
    const auto written = resuming ? resume(ctx, ckpt, cfg.resolved_ini(), eng, obs, total) : std::vector<std::uint64_t>{};
    auto file = open_run_output(path, ctx, resuming);
    detail::write_scn_provenance(file, cfg, eng, ctx, opts.command_line);
    const std::vector<report_population> report_pops{{"scn", 0, p.n}};
    spike_stream stream(file, report_pops, p.dt, ctx, cfg.real("output.sync_interval"));
    scn_run_state st{ctx, eng, obs, prof, stream, ckpt, cfg.resolved_ini(),
                     detail::interval_steps(cfg.real("checkpoint.every"), p.dt),
                     detail::interval_steps(cfg.real("output.flush_interval"), p.dt)};
    if (resuming) detail::resume_report(ctx, ckpt, file, stream, report_pops, written);
    const step_type first = eng.now();
    progress prog(total, ctx.rank() == 0, opts.force_progress);
    const auto t_loop = std::chrono::steady_clock::now();
    if (!simulate(st, total, prog)) {
        close_stopped(file);
        throw run_interrupted("stopped by a signal at step " + std::to_string(eng.now()) +
                              "; checkpoint written to " + ckpt + ": resubmit with --resume");
    }
    const double loop_s = ctx.max(seconds_since(t_loop));
    const auto result = obs.finish(eng, ctx);

    auto output_timer = std::make_optional<phase_profile::scope>(prof, phase::output);
    detail::write_scn_signal(file, eng, obs);
    detail::write_scn_analysis(file, eng, obs, result);
    const std::string generic_lines = obs.generic.finish(ctx, file);
    const auto res = write_scn_timing(file, eng, ctx, total - first, loop_s);
    output_timer.reset();
    detail::finish_and_report(file, ctx, prof, t_start, res, opts.profile, [&](double wall) {
        return detail::scn_summary_text(path, eng, obs, result, ctx.size(), wall) + generic_lines;
    });
    return path;
}

}  // namespace balnet
