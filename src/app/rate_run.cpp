// SPDX-License-Identifier: BSD-3-Clause
// The rate run: protocol loop, observables, and the layout of the run's HDF5 file (docs/output-layout.md).
#include <balnet/app/rate_run.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/app/phase_profile.hpp>
#include <balnet/app/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/run_output.hpp>
#include <balnet/rate/petsc_session.hpp>
#include <balnet/rate/rate_engine.hpp>

#include "detail/rate_checkpoint.hpp"
#include "detail/rate_meanfield.hpp"
#include "detail/rate_output.hpp"
#include "detail/run_resources.hpp"
#include "detail/state_recorder.hpp"
#include "detail/stop_signal.hpp"

namespace balnet {
namespace {


// Everything that evolves during the protocol, so that the loop, the checkpoints and a resumed
// run see one object.
struct rate_run_state {
    const rate_model& m;
    const context& ctx;
    rate_engine& eng;
    rate_observables& obs;
    detail::state_recorder& traces;
    phase_profile& prof;
    std::string checkpoint_path;
    std::string config_ini;
    step_type checkpoint_every = 0;  // steps; 0 = only on a stop signal
};

// checkpoint.every in steps: > 0 never rounds to 0 ("only on a signal").
step_type checkpoint_steps(double every, double dt) {
    return every > 0 ? std::max<step_type>(1, std::llround(every / dt)) : 0;
}

// Signals are looked at every this many steps (one small collective each time).
constexpr step_type stop_check_every = 500;

void checkpoint(rate_run_state& st) {
    const auto timed = st.prof.time(phase::checkpoint);
    st.traces.flush();
    // The file on disk holds everything up to here before the checkpoint says so: a run killed
    // later (even one rank, mid-run) leaves an output file that resumes from this checkpoint.
    st.traces.file().flush();
    detail::rate_checkpoint c{st.eng.steps_done(), st.traces.written(),
                              {st.eng.x().begin(), st.eng.x().end()}, st.obs.serialise()};
    detail::write_rate_checkpoint(st.checkpoint_path, st.ctx, st.config_ini, c);
}

// The protocol of docs/models.md §1.5 from the engine's current step on: warm-up, then recorded steps
// every record_every; checkpoints every checkpoint_every steps and when a rank got a stop signal.
// Returns false when the run was stopped by a signal (a checkpoint was written).
bool simulate(rate_run_state& st, progress& prog) {
    const rate_model& m = st.m;
    const step_type total = m.warmup_steps + m.run_steps;
    const double exchange_before = st.eng.exchange_seconds();
    for (step_type s = st.eng.steps_done() + 1; s <= total; ++s) {
        {
            const auto timed = st.prof.time(phase::update);  // exchange moved out below
            st.eng.step();
        }
        if (m.is_recorded(s)) {
            const auto timed = st.prof.time(phase::record);
            st.obs.record(st.eng.x(), st.eng.eta(), st.eng.phi());
            if ((s - m.warmup_steps) % m.trace_every == 0)
                st.traces.record(st.eng.x(), st.eng.phi(), st.eng.eta());
        }
        prog.update(s);
        const bool stop = s % stop_check_every == 0 && st.ctx.any(detail::stop_requested());
        if (stop || (st.checkpoint_every > 0 && s % st.checkpoint_every == 0 && s < total))
            checkpoint(st);
        if (stop) return false;
    }
    prog.finish(total);
    const double exchanged = st.eng.exchange_seconds() - exchange_before;
    st.prof.add(phase::update, -exchanged);
    st.prof.add(phase::exchange, exchanged);
    const auto timed = st.prof.time(phase::record);
    st.traces.close();
    return true;
}

// Collective: restores the engine and the observables from the checkpoint, on every rank, or
// refuses it on every rank together (collective_error, exit 2, naming the file: unreadable,
// damaged, steps outside the run, trace count off the step, state that does not fit). Returns
// how many trace samples the output file held at the checkpoint.
std::uint64_t restore(const rate_model& m, const context& ctx, rate_engine& eng, rate_observables& obs,
                      const std::string& ckpt, const std::string& ini) {
    std::uint64_t traces_written = 0;
    detail::restore_collectively(ckpt, ctx, [&] {
        auto c = detail::read_rate_checkpoint(ckpt, ctx, eng.part(), ini);
        detail::require_steps(c.steps, m.warmup_steps + m.run_steps, 0);
        const step_type r = c.steps - m.warmup_steps;  // trace samples fall at r = k * trace_every
        const auto expected = static_cast<std::uint64_t>(r > 0 ? r / m.trace_every : 0);
        if (c.traces_written != expected)
            throw detail::checkpoint_damage("traces_written = " + std::to_string(c.traces_written) + ", but " +
                                            std::to_string(expected) + " trace samples fall before step " +
                                            std::to_string(c.steps));
        eng.set_state(c.x, c.steps);
        obs.restore(c.observables);
        traces_written = c.traces_written;
    });
    return traces_written;
}

// The output file: reopened when resuming, unless a crash left it unreadable (a rank killed
// mid-write); then a new one is made. Returns the file and whether it is new.
std::pair<h5_file, bool> open_output(const std::string& path, const context& ctx, bool resuming) {
    if (resuming) {
        try {
            return {h5_file::open_append(path, ctx), false};
        } catch (const io_error& e) {
            if (ctx.rank() == 0)
                std::fprintf(stderr, "balnet: %s; writing a new output file (traces before the "
                                     "checkpoint are lost, observables are not)\n", e.what());
        }
    }
    return {h5_file::create(path, ctx), true};
}

std::vector<double> trace_times(const rate_model& m, std::uint64_t n) {
    std::vector<double> t(n);
    for (std::uint64_t k = 0; k < n; ++k)
        t[k] = m.dt * static_cast<double>(m.warmup_steps + static_cast<step_type>(k + 1) * m.trace_every);
    return t;
}

}  // namespace

std::string run_rate(const config& cfg, const context& ctx, const run_options& opts) {
    const auto t_start = std::chrono::steady_clock::now();
    const rate_model m = rate_model::build(rate_params_from_config(cfg));
    detail::install_stop_handlers();
    petsc_session petsc(cfg.string("petsc.options") + " " + opts.petsc_options);
    phase_profile prof;
    auto build_timer = std::make_optional<phase_profile::scope>(prof, phase::build);
    rate_engine eng(m, ctx, m.coupling);
    build_timer.reset();
    auto output_timer = std::make_optional<phase_profile::scope>(prof, phase::output);
    rate_observables obs(ctx, eng.part(), population_ranges(m.net), m.recorded, m.acf_lags,
                         static_cast<std::uint64_t>(m.recorded_steps()));
    const std::string path = cfg.string("output.file");
    const std::string ckpt = cfg.string("checkpoint.file");
    const bool resuming = opts.resume && detail::checkpoint_exists(ckpt, ctx);
    if (opts.resume && !resuming && ctx.rank() == 0)
        std::fprintf(stderr, "balnet: no checkpoint at %s: starting from the beginning\n", ckpt.c_str());
    // The checkpoint is read and checked before the output file is touched.
    const std::uint64_t traces_written = resuming ? restore(m, ctx, eng, obs, ckpt, cfg.resolved_ini()) : 0;
    auto [file, fresh] = open_output(path, ctx, resuming);
    const auto n_trace = static_cast<std::uint64_t>(m.run_steps / m.trace_every);
    if (fresh) {
        detail::write_provenance(file, cfg, ctx, opts.command_line);
        detail::write_network(file, m, eng.coupling());
        file.write_array("/state/time", std::span<const double>(trace_times(m, n_trace)), "tau");
    }
    const std::span<const gid_type> traced(m.recorded.data(), m.trace_units);
    detail::state_recorder traces(file, m.net, eng.part(), traced, n_trace, !fresh);
    output_timer.reset();
    rate_run_state st{m, ctx, eng, obs, traces, prof, ckpt, cfg.resolved_ini(),
                      checkpoint_steps(cfg.real("checkpoint.every"), m.dt)};
    if (resuming) {
        traces.resume_at(traces_written);
        if (fresh)  // the old output was unreadable: the trace rows before the checkpoint are lost
            file.write_attribute("/state", "samples_lost_before", traces_written);
    }
    progress prog(m.warmup_steps + m.run_steps, ctx.rank() == 0, opts.force_progress);
    const auto t_sim = std::chrono::steady_clock::now();
    if (!simulate(st, prog)) {
        traces.close();      // resubmit with --resume
        close_stopped(file);  // all ranks stop together: an orderly collective close
        throw run_interrupted("stopped by a signal at step " + std::to_string(eng.steps_done()) +
                              "; checkpoint written to " + ckpt + ": resubmit with --resume");
    }
    const rate_summary sum = obs.finalize(m.dt * static_cast<double>(m.record_every));
    const double sim_seconds = ctx.max(seconds_since(t_sim));

    output_timer.emplace(prof, phase::output);
    detail::write_analysis(file, m, eng.part(), sum, ctx);
    detail::write_timing(file, eng.build_seconds(), sim_seconds,
                         static_cast<double>(m.warmup_steps + m.run_steps) / sim_seconds);
    const std::string meanfield = detail::rate_meanfield(file, cfg, m, sum);  // "" unless enabled
    const auto res = detail::write_run_resources(file, ctx, eng.coupling_bytes(),
                                                 static_cast<double>(eng.coupling().n_synapses));
    output_timer.reset();
    const auto rows = prof.reduce(ctx);
    phase_profile::write(file, rows);
    file.finish();
    const double wall_seconds = ctx.max(seconds_since(t_start));  // collective: outside the rank test
    if (ctx.rank() == 0) {
        std::fputs((detail::summary_text(path, m, sum, eng.coupling(), ctx.size(), wall_seconds,
                                         sim_seconds) + detail::resources_text(res) + meanfield).c_str(), stdout);
        if (opts.profile) std::fputs(phase_profile::table(rows, wall_seconds, ctx.size()).c_str(), stdout);
    }
    return path;
}

}  // namespace balnet
