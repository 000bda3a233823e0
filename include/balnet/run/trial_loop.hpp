// SPDX-License-Identifier: BSD-3-Clause
// Trials of one network inside one run (run.trials = K, docs/models.md §2.5 item 5.3): the first
// trial (run.trial) is the ordinary run on the run loop, with every output; then the engine is
// restarted (engine.restart(trial): same graph, decoder and knock-out set, the noise and the
// initial state of the next trial's key, core/trial_seed.hpp) for trials run.trial + 1 ...
// run.trial + K - 1, each advanced in the same chunks and flushed on the same grid as the run
// loop, its spikes streamed into /trials/<k>/spikes/<population> and fed to the across-trial
// statistics. Since a trial's noise is keyed by (seed, trial, purpose, gid, step) and never by
// what ran before it, trial k here is bit for bit the run with run.trial = k (a scan task).
// No checkpoints during the later trials: a run with run.trials > 1 refuses checkpoint.every > 0
// and --resume (run_schema.cpp, the run functions).
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/phase_profile.hpp>
#include <balnet/run/run_loop.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// The group of trial k's spike report.
inline std::string trial_report_root(std::uint64_t trial) { return "/trials/" + std::to_string(trial) + "/spikes"; }

/// The run loop's observers with the across-trial counts also fed the first trial's spikes
/// (the checkpoint is the observers' alone: counts exist only with run.trials > 1, which does
/// not checkpoint).
template <typename Observers, typename Counts>
class trial_tap {
public:
    trial_tap(Observers& obs, Counts* counts) : obs_(obs), counts_(counts) {}
    void add_spikes(std::span<const spike> s) {
        obs_.add_spikes(s);
        if (counts_) counts_->add_spikes(s);
    }
    void sync(const context& ctx, step_type now) { obs_.sync(ctx, now); }
    named_state checkpoint_state() const { return obs_.checkpoint_state(); }
    void restore(const named_state& s) { obs_.restore(s); }

private:
    Observers& obs_;
    Counts* counts_;
};

/// Where a trial's report goes and what may happen between its chunks. Two trials of one stream
/// (the same `trial` twice, docs/models.md §2.5.3: a perturbation experiment) differ only in what
/// `at_chunk_end` does to the engine, and need their own `report_root`.
template <typename AtChunkEnd>
struct trial_options {
    std::string report_root;
    AtChunkEnd at_chunk_end;  ///< (Engine&, step_type done), collective; after each chunk's spikes
    step_type split = -1;     ///< a step where a chunk ends (a perturbation's t0); -1: none
};
/// No change between chunks: an ordinary trial.
struct unperturbed {
    template <typename Engine>
    void operator()(Engine&, step_type) const noexcept {}
};
inline trial_options<unperturbed> ordinary_trial(std::uint64_t trial) { return {trial_report_root(trial), {}, -1}; }

/// Collective: trial `trial` of `eng`'s network from step 0 to s.total, its report under
/// opt.report_root, its spikes fed to `counts` (whose trial it then ends). The engine's probe,
/// if any, sees every step as in the first trial.
template <typename Engine, typename Counts, typename AtChunkEnd>
void run_trial(const context& ctx, Engine& eng, std::uint64_t trial, Counts& counts, h5_file& file,
               const std::vector<report_population>& pops, const run_schedule& s, double sync_seconds,
               phase_profile& prof, trial_options<AtChunkEnd> opt) {
    eng.restart(trial);
    spike_stream stream(file, pops, eng.dt(), ctx, sync_seconds, opt.report_root);
    for (step_type done = 0; done < s.total;) {
        step_type n = std::min(s.chunk, s.total - done);
        if (opt.split > done && opt.split < done + n) n = opt.split - done;  // same bits, any split
        {
            const auto timed = prof.time(phase::update);
            eng.advance(n);
        }
        done += n;
        const auto timed = prof.time(phase::record);
        const auto spikes = eng.take_spikes();
        counts.add_spikes(spikes);
        stream.add(spikes);
        if (done == s.total || crossed(done, n, s.flush_every)) stream.flush(done, done == s.total);
        opt.at_chunk_end(eng, done);
    }
    counts.end_trial();
}

}  // namespace balnet
