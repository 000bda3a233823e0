// SPDX-License-Identifier: BSD-3-Clause
// The step loop the spiking runs (LIF, SCN) share: the engine advances in chunks; after each
// chunk its spikes feed the observers and the run's spike stream, the stop flag is looked at
// (one small collective), the stream is flushed into the output file every flush_every steps,
// and checkpoints fall on chunk ends — so a resumed run feeds the observers in the same chunks as
// an uninterrupted one. A checkpoint holds the state (engine, observers, the report's length),
// never the spikes so far: those are in the output file, flushed right before it. Time goes to
// the profile's update / exchange / record phases. Engine: advance(n), take_spikes(), now();
// Observers: add_spikes(span), sync(ctx, step) (collective, at every flush).
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <balnet/app/phase_profile.hpp>
#include <balnet/app/progress.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/spike.hpp>

#include "stop_signal.hpp"

namespace balnet::detail {

/// Everything that evolves during a spiking run, so that the loop, the checkpoints and a resumed
/// run see one object.
template <typename Engine, typename Observers>
struct chunked_run_state {
    const context& ctx;
    Engine& eng;
    Observers& obs;
    phase_profile& prof;
    spike_stream& stream;
    std::string checkpoint_path;
    std::string config_ini;
    step_type checkpoint_every = 0;  // steps; 0 = only on a stop signal
    step_type flush_every = 1;       // steps between flushes of the spike stream
};

/// An interval in ms as steps: 0 stays 0 (off), any positive interval is at least one step.
inline step_type interval_steps(double ms, double dt_ms) {
    return ms > 0 ? std::max<step_type>(1, std::llround(ms / dt_ms)) : 0;
}

/// True when [done - n, done) crossed a multiple of `every` (every > 0).
inline bool crossed(step_type done, step_type n, step_type every) {
    return every > 0 && done / every != (done - n) / every;
}

/// Runs from the engine's current step to `total`; a checkpoint(st) at the first chunk end at or
/// after every multiple of checkpoint_every, and when a rank got a stop signal. comm_seconds(eng)
/// is the engine's running total of communication time (moved from update to exchange). The
/// stream is flushed at the end. Returns false when the run was stopped by a signal.
template <typename State, typename CommSeconds, typename Checkpoint>
bool simulate_chunked(State& st, step_type total, step_type chunk, progress& prog,
                      CommSeconds comm_seconds, Checkpoint checkpoint) {
    for (step_type done = st.eng.now(); done < total;) {
        const step_type n = std::min(chunk, total - done);
        const double comm = comm_seconds(st.eng);
        {
            const auto timed = st.prof.time(phase::update);
            st.eng.advance(n);  // probes feeding observers run inside: counted as update
        }
        st.prof.add(phase::update, comm - comm_seconds(st.eng));
        st.prof.add(phase::exchange, comm_seconds(st.eng) - comm);
        done += n;
        const bool stop = done < total && st.ctx.any(stop_requested());  // done: finish
        const bool periodic = done < total && crossed(done, n, st.checkpoint_every);
        {
            const auto timed = st.prof.time(phase::record);
            auto s = st.eng.take_spikes();
            st.obs.add_spikes(s);
            st.stream.add(s);
            if (stop || periodic || done == total || crossed(done, n, st.flush_every)) {
                st.stream.flush(done);
                st.obs.sync(st.ctx, done);  // collective: observers reduce what is finished
            }
        }
        prog.update(done & ~step_type{255});
        if (stop || periodic) checkpoint(st);
        if (stop) return false;
    }
    prog.finish(total);
    return true;
}

/// Restores a checkpoint `c` (fields engine, observers, spikes_written) taken after `steps`
/// steps: the engine, the observers from their own state, and the output file's spike report
/// cut back to what was flushed at the checkpoint. A checkpoint off the chunk grid (written by
/// another build) is refused: the chunks would not line up with an uninterrupted run's.
template <typename State, typename Checkpoint>
void restore_chunked(State& st, Checkpoint& c, step_type steps, step_type chunk) {
    if (steps % chunk != 0)
        throw config_error("--resume", st.checkpoint_path, "a checkpoint taken at a multiple of " +
                                                               std::to_string(chunk) + " steps");
    st.eng.restore(c.engine);
    st.obs.restore(c.observers);
    st.stream.resume(c.spikes_written);
}

}  // namespace balnet::detail
