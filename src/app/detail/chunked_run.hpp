// SPDX-License-Identifier: BSD-3-Clause
// The step loop the spiking runs (LIF, SCN) share: the engine advances in chunks; after each
// chunk its spikes feed the observers and the run's spike stream, the stop flag is looked at
// (one small collective), the stream is flushed into the output file every flush_every steps,
// and checkpoints fall on chunk ends — so a resumed run feeds the observers in the same chunks as
// an uninterrupted one. A checkpoint holds the state (engine, observers, the report's length),
// never the spikes so far: those are in the output file, flushed right before it. Time goes to
// the profile's update / exchange / record phases. Engine: advance(n), take_spikes(), now(),
// restore(state); Observers: add_spikes(span), sync(ctx, step) (collective, at every flush),
// restore(state). A resumed run restores the engine and the observers (restore_chunked) before
// it reopens the output file, so a refused checkpoint leaves that file alone.
#pragma once
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <balnet/app/phase_profile.hpp>
#include <balnet/app/progress.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/spike.hpp>

#include "checkpoint_file.hpp"
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
                st.stream.flush(done, stop || periodic || done == total);  // to disk before a checkpoint
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

/// Collective: reads the checkpoint at `path` with `read()` (rank-local) and restores the engine
/// and the observers from it, on every rank; a checkpoint that cannot be read, is damaged, lies
/// outside [1, total] steps or off the chunk grid (written by another build: the chunks would not
/// line up with an uninterrupted run's), or does not fit the engine or observers is refused on
/// every rank together (collective_error, exit 2, naming the file). Returns the checkpoint's
/// report lengths (spikes_written), for resume_report once the output file is open.
template <typename Engine, typename Observers, typename Read, typename Steps>
std::vector<std::uint64_t> restore_chunked(const context& ctx, const std::string& path, Engine& eng,
                                           Observers& obs, step_type total, step_type chunk, Read read,
                                           Steps steps_of) {
    std::vector<std::uint64_t> written;
    restore_collectively(path, ctx, [&] {
        auto c = read();
        require_steps(steps_of(c), total, chunk);
        eng.restore(c.engine);
        obs.restore(c.observers);
        written = std::move(c.spikes_written);
    });
    return written;
}

/// Collective: the output file's spike report cut back to what was flushed at the checkpoint
/// (`written` from restore_chunked). A checkpoint counting more spikes than the file holds is
/// refused on every rank (collective_error, exit 2, naming the checkpoint).
inline void resume_report(const context& ctx, const std::string& path, h5_file& file, spike_stream& stream,
                          const std::vector<report_population>& pops, const std::vector<std::uint64_t>& written) {
    std::vector<std::uint64_t> held;
    for (const auto& p : pops) held.push_back(file.spike_count(p.name));  // collective reads
    restore_collectively(path, ctx, [&] {
        if (written.size() != pops.size())
            throw checkpoint_damage("spikes_written has " + std::to_string(written.size()) + " entries for " +
                                    std::to_string(pops.size()) + " populations");
        for (std::size_t p = 0; p < pops.size(); ++p)
            if (written[p] > held[p])
                throw checkpoint_damage("spikes_written counts " + std::to_string(written[p]) + " spikes of " +
                                        pops[p].name + ", the output file " + file.path() + " holds only " +
                                        std::to_string(held[p]));
    });
    stream.resume(written);
}

}  // namespace balnet::detail
