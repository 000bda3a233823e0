// SPDX-License-Identifier: BSD-3-Clause
// The one run loop of every model (rate, LIF, SCN), in the manner of Arbor's simulation::run and
// Auryn's System::run: the engine advances in chunks; after each chunk the output collects what
// the chunk produced (spikes into the observers and the report), the stop flag is looked at (one
// small collective), the output is flushed every flush_every steps (collective; pushed to disk
// before a checkpoint and at the end), and checkpoints fall on chunk ends — so a resumed run sees
// the same chunks as an uninterrupted one and continues it bit for bit. A checkpoint holds the
// state (engine and observers as named vectors, the output's report lengths: run_checkpoint),
// never the output so far. Time goes to the profile's update / exchange / record phases.
//
// What the loop asks of its parts (each model's recipe wires them, src/models/):
//   Engine:    advance(n), now(), exchange_seconds() (running total of communication time),
//              checkpoint_state() -> named_state, restore(named_state, steps)
//   Observers: checkpoint_state() -> named_state, restore(named_state)
//   Output:    collect(engine) after each chunk, flush(step, to_disk) (collective), written()
//              (report lengths), probe_seconds() (recording done inside advance(), moved from
//              update to record)
// A resumed run restores the engine and the observers (restore_run) before it reopens the
// output file, so a refused checkpoint leaves that file alone.
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/run/checkpoint_file.hpp>
#include <balnet/run/phase_profile.hpp>
#include <balnet/run/progress.hpp>
#include <balnet/run/run_checkpoint.hpp>
#include <balnet/run/stop_signal.hpp>

namespace balnet {

/// The step grid of a run.
struct run_schedule {
    step_type total = 0;             ///< steps of the whole run
    step_type chunk = 1;             ///< steps per advance(): the grid of checkpoints and stop checks
    step_type checkpoint_every = 0;  ///< steps; 0 = only on a stop signal
    step_type flush_every = 1;       ///< steps between flushes of the output
};

/// Where and as what the run's checkpoints are written.
struct checkpoint_target {
    std::string path;
    std::string config_ini;  ///< the resolved configuration a checkpoint resumes under
    checkpoint_kind kind;
};

/// An interval in ms as steps: 0 stays 0 (off), any positive interval is at least one step.
inline step_type interval_steps(double ms, double dt_ms) {
    return ms > 0 ? std::max<step_type>(1, std::llround(ms / dt_ms)) : 0;
}

/// True when [done - n, done) crossed a multiple of `every` (every > 0).
inline bool crossed(step_type done, step_type n, step_type every) {
    return every > 0 && done / every != (done - n) / every;
}

/// Collective: writes the state at the engine's current step (chunk end, output flushed to disk).
template <typename Engine, typename Observers, typename Output>
void write_checkpoint(const context& ctx, const Engine& eng, const Observers& obs, const Output& out,
                      const checkpoint_target& target, phase_profile& prof) {
    const auto timed = prof.time(phase::checkpoint);
    write_run_checkpoint(target.path, ctx, target.config_ini, target.kind,
                         {eng.now(), eng.checkpoint_state(), obs.checkpoint_state(), out.written()});
}

/// Runs from the engine's current step to s.total; a checkpoint at the first chunk end at or
/// after every multiple of s.checkpoint_every, and when a rank got a stop signal. The output is
/// flushed to disk at the end. Returns false when the run was stopped by a signal.
template <typename Engine, typename Observers, typename Output>
bool run_loop(const context& ctx, Engine& eng, Observers& obs, Output& out, phase_profile& prof,
              const run_schedule& s, const checkpoint_target& target, progress& prog) {
    for (step_type done = eng.now(); done < s.total;) {
        const step_type n = std::min(s.chunk, s.total - done);
        const double comm = eng.exchange_seconds(), probe = out.probe_seconds();
        {
            const auto timed = prof.time(phase::update);
            eng.advance(n);
        }
        const double exchanged = eng.exchange_seconds() - comm, probed = out.probe_seconds() - probe;
        prof.add(phase::update, -exchanged - probed);
        prof.add(phase::exchange, exchanged);
        prof.add(phase::record, probed);
        done += n;
        const bool stop = done < s.total && ctx.any(stop_requested());  // done: finish
        const bool periodic = done < s.total && crossed(done, n, s.checkpoint_every);
        {
            const auto timed = prof.time(phase::record);
            out.collect(eng);
            if (stop || periodic || done == s.total || crossed(done, n, s.flush_every))
                out.flush(done, stop || periodic || done == s.total);  // to disk before a checkpoint
        }
        prog.update(done & ~step_type{255});
        if (stop || periodic) write_checkpoint(ctx, eng, obs, out, target, prof);
        if (stop) return false;
    }
    prog.finish(s.total);
    return true;
}

/// Collective: restores the engine and the observers from the checkpoint at target.path, on
/// every rank; a checkpoint that cannot be read, is damaged, lies outside [1, total] steps or off
/// the chunk grid (written by another build: the chunks would not line up with an uninterrupted
/// run's), or does not fit the engine or the observers is refused on every rank together
/// (collective_error, exit 2, naming the file). Returns the checkpoint's step and report lengths,
/// for the output to resume once the output file is open.
template <typename Engine, typename Observers>
run_checkpoint restore_run(const context& ctx, Engine& eng, Observers& obs, const checkpoint_target& target,
                           const run_schedule& s) {
    run_checkpoint kept;
    restore_collectively(target.path, ctx, [&] {
        auto c = read_run_checkpoint(target.path, ctx, target.config_ini, target.kind, eng.checkpoint_state(),
                                     obs.checkpoint_state());
        require_steps(c.steps, s.total, s.chunk);
        eng.restore(c.engine, c.steps);
        obs.restore(c.observers);
        kept.steps = c.steps;
        kept.written = std::move(c.written);
    });
    return kept;
}

}  // namespace balnet
