// SPDX-License-Identifier: BSD-3-Clause
// The rate run: protocol loop, observables, and the layout of the run's HDF5 file (DESIGN.md §5).
#include <balnet/app/rate_run.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/app/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/rate/petsc_session.hpp>
#include <balnet/rate/rate_engine.hpp>

#include "detail/rate_output.hpp"
#include "detail/state_recorder.hpp"

namespace balnet {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The protocol of MODELS.md §1.5: warm-up, then recorded steps every record_every.
rate_summary simulate(const rate_model& m, rate_engine& eng, rate_observables& obs,
                      detail::state_recorder& traces, progress& prog) {
    const step_type total = m.warmup_steps + m.run_steps;
    for (step_type s = 1; s <= total; ++s) {
        eng.step();
        if (m.is_recorded(s)) {
            obs.record(eng.x(), eng.eta(), eng.phi());
            if ((s - m.warmup_steps) % m.trace_every == 0) traces.record(eng.x(), eng.phi(), eng.eta());
        }
        prog.update(s);
    }
    prog.finish(total);
    traces.close();
    return obs.finalize(m.dt * static_cast<double>(m.record_every));
}

}  // namespace

std::string run_rate(const config& cfg, const context& ctx, const run_options& opts) {
    const auto t_start = std::chrono::steady_clock::now();
    const rate_model m = rate_model::build(rate_params_from_config(cfg));
    petsc_session petsc(cfg.string("petsc.options") + " " + opts.petsc_options);
    rate_engine eng(m, ctx);
    const std::string path = cfg.string("output.file");
    auto file = h5_file::create(path, ctx);
    detail::write_provenance(file, cfg, ctx, opts.command_line);
    detail::write_network(file, m, eng.coupling());

    const std::span<const gid_type> traced(m.recorded.data(), m.trace_units);
    const auto n_trace = static_cast<std::uint64_t>(m.run_steps / m.trace_every);
    detail::state_recorder traces(file, m.net, eng.part(), traced, n_trace);
    std::vector<double> times(n_trace);
    for (std::uint64_t k = 0; k < n_trace; ++k)
        times[k] = m.dt * static_cast<double>(m.warmup_steps + static_cast<step_type>(k + 1) * m.trace_every);
    file.write_array("/state/time", std::span<const double>(times), "tau");
    rate_observables obs(ctx, eng.part(), population_ranges(m.net), m.recorded, m.acf_lags,
                         static_cast<std::uint64_t>(m.recorded_steps()));
    progress prog(m.warmup_steps + m.run_steps, ctx.rank() == 0, opts.force_progress);
    const auto t_sim = std::chrono::steady_clock::now();
    const rate_summary sum = simulate(m, eng, obs, traces, prog);
    const double sim_seconds = ctx.max(seconds_since(t_sim));

    detail::write_analysis(file, m, eng.part(), sum, ctx);
    detail::write_timing(file, eng.build_seconds(), sim_seconds,
                         static_cast<double>(m.warmup_steps + m.run_steps) / sim_seconds);
    file.finish();
    if (ctx.rank() == 0)
        std::fputs(detail::summary_text(path, m, sum, eng.coupling(), ctx.size(),
                                        ctx.max(seconds_since(t_start)), sim_seconds).c_str(), stdout);
    return path;
}

}  // namespace balnet
