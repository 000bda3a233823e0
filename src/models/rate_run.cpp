// SPDX-License-Identifier: BSD-3-Clause
// The rate run (docs/models.md §1.5) on the run loop: the engine with the observables and traces
// on its step probe, the run's HDF5 file (docs/output-layout.md), mean field and summary.
#include <balnet/models/rate_run.hpp>

#include <chrono>
#include <cstdio>
#include <optional>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/rate/petsc_session.hpp>
#include <balnet/rate/rate_engine.hpp>
#include <balnet/run/phase_profile.hpp>
#include <balnet/run/progress.hpp>
#include <balnet/run/provenance.hpp>
#include <balnet/run/run_loop.hpp>
#include <balnet/run/run_output.hpp>
#include <balnet/run/run_resources.hpp>
#include <balnet/run/state_recorder.hpp>
#include <balnet/run/stop_signal.hpp>

#include "detail/rate_meanfield.hpp"
#include "detail/rate_output.hpp"
#include "detail/rate_perturbation.hpp"

namespace balnet {
namespace {


// The rate run's output on the run loop: the step probe records the observables every
// record_every steps after the warm-up, and every trace_every of those a trace row (buffered by
// the state recorder, written collectively every 256 rows); a flush writes the buffered rows and,
// before a checkpoint and at the end, pushes the file to disk. No spikes: nothing to collect.
class rate_recording {
public:
    rate_recording(const rate_model& m, rate_observables& obs, state_recorder& traces)
        : m_(m), obs_(obs), traces_(traces) {}

    void record(const rate_engine& eng) {  // from the step probe, after every step
        const step_type s = eng.now();
        if (!m_.is_recorded(s)) return;
        const auto t0 = std::chrono::steady_clock::now();
        obs_.record(eng.x(), eng.eta(), eng.phi());
        if ((s - m_.warmup_steps) % m_.trace_every == 0) traces_.record(eng.x(), eng.phi(), eng.eta());
        probe_seconds_ += seconds_since(t0);
    }
    void collect(const rate_engine&) const noexcept {}
    void flush(step_type, bool to_disk) {
        traces_.flush();
        if (!to_disk) return;
        traces_.file().flush();  // the trace rows are on disk before a checkpoint says so
        obs_.fold_buffered();    // a checkpoint holds no per-rank partial sums (any rank count resumes it)
    }
    std::vector<std::uint64_t> written() const { return {traces_.written()}; }
    double probe_seconds() const noexcept { return probe_seconds_; }

private:
    const rate_model& m_;
    rate_observables& obs_;
    state_recorder& traces_;
    double probe_seconds_ = 0.0;
};

// Collective: a resumed run's trace count must be the samples that fall before its step (trace
// samples fall at r = k * trace_every after the warm-up); refused on every rank otherwise.
void check_trace_count(const rate_model& m, const run_checkpoint& kept, const std::string& ckpt, const context& ctx) {
    restore_collectively(ckpt, ctx, [&] {
        const step_type r = kept.steps - m.warmup_steps;
        const auto expected = static_cast<std::uint64_t>(r > 0 ? r / m.trace_every : 0);
        if (kept.written.front() != expected)
            throw checkpoint_damage("traces_written = " + std::to_string(kept.written.front()) + ", but " +
                                    std::to_string(expected) + " trace samples fall before step " +
                                    std::to_string(kept.steps));
    });
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
    install_stop_handlers();
    petsc_session petsc(cfg.string("petsc.options") + " " + opts.petsc_options);
    phase_profile prof;
    auto build_timer = std::make_optional<phase_profile::scope>(prof, phase::build);
    rate_engine eng(m, ctx, m.coupling);
    build_timer.reset();
    auto output_timer = std::make_optional<phase_profile::scope>(prof, phase::output);
    rate_observables obs(ctx, eng.part(), population_ranges(m.net), m.recorded, m.acf_lags,
                         static_cast<std::uint64_t>(m.recorded_steps()));
    const std::string path = cfg.string("output.file");
    const checkpoint_target ckpt{cfg.string("checkpoint.file"), cfg.resolved_ini(), {"rate", "traces_written", 1}};
    const run_schedule sched{m.warmup_steps + m.run_steps, rate_run_chunk,
                             interval_steps(cfg.real("checkpoint.every"), m.dt), 0};
    const auto perturb = detail::perturbation_plan_from_config(cfg, m.dt, sched.total, eng.part().global_size(),
                                                               static_cast<seed_type>(cfg.integer("run.seed")), 0);
    const auto initial = perturb.enabled() ? eng.state() : rate_engine_state{};  // not resumed (refused)
    const bool resuming = resume_requested(opts.resume, ckpt.path, ctx);
    // The checkpoint is read and checked before the output file is touched.
    const auto kept = resuming ? restore_run(ctx, eng, obs, ckpt, sched) : run_checkpoint{};
    if (resuming) check_trace_count(m, kept, ckpt.path, ctx);
    auto [file, fresh] = open_output(path, ctx, resuming);
    const auto n_trace = static_cast<std::uint64_t>(m.run_steps / m.trace_every);
    if (fresh) {
        detail::write_provenance(file, cfg, ctx, opts.command_line);
        detail::write_network(file, m, eng.coupling());
        file.write_array("/state/time", std::span<const double>(trace_times(m, n_trace)), "tau");
    }
    const std::span<const gid_type> traced(m.recorded.data(), m.trace_units);
    state_recorder traces(file, m.net, eng.part(), traced, n_trace, !fresh);
    output_timer.reset();
    if (resuming) {
        traces.resume_at(kept.written.front());
        if (fresh)  // the old output was unreadable: the trace rows before the checkpoint are lost
            file.write_attribute("/state", "samples_lost_before", kept.written.front());
        say_resumed(ctx, ckpt.path, kept.steps, sched.total);
    }
    rate_recording out(m, obs, traces);
    eng.set_step_probe([&out](const rate_engine& e) { out.record(e); });
    progress prog(sched.total, ctx.rank() == 0, opts.force_progress, cfg.real("output.progress_interval"));
    const auto t_sim = std::chrono::steady_clock::now();
    const bool finished = run_loop(ctx, eng, obs, out, prof, sched, ckpt, prog);
    {
        const auto timed = prof.time(phase::record);
        traces.close();
    }
    if (!finished) stopped_by_signal(file, eng.now(), ckpt.path);  // resubmit with --resume
    const rate_summary sum = obs.finalize(m.dt * static_cast<double>(m.record_every));
    const double sim_seconds = ctx.max(seconds_since(t_sim));

    output_timer.emplace(prof, phase::output);
    detail::write_analysis(file, m, eng.part(), sum, ctx);
    detail::write_timing(file, eng.build_seconds(), sim_seconds,
                         static_cast<double>(m.warmup_steps + m.run_steps) / sim_seconds);
    std::string extra = detail::rate_meanfield(file, cfg, m, sum);  // the mean field, "" unless enabled
    if (perturb.enabled()) {
        eng.set_step_probe({});
        extra += detail::run_rate_perturbation(ctx, eng, initial, perturb, file);
    }
    const auto res = write_run_resources(file, ctx, eng.coupling_bytes(),
                                                 static_cast<double>(eng.coupling().n_synapses));
    output_timer.reset();
    const auto rows = prof.reduce(ctx);
    phase_profile::write(file, rows);
    file.finish();
    const double wall_seconds = ctx.max(seconds_since(t_start));  // collective: outside the rank test
    if (ctx.rank() == 0) {
        std::fputs((detail::summary_text(path, m, sum, eng.coupling(), ctx.size(), wall_seconds,
                                         sim_seconds) + resources_text(res) + extra).c_str(), stdout);
        if (opts.profile) std::fputs(phase_profile::table(rows, wall_seconds, ctx.size()).c_str(), stdout);
    }
    return path;
}

}  // namespace balnet
