// SPDX-License-Identifier: BSD-3-Clause
// The output file of a run that writes while it runs. A new run creates it (status "running")
// before the first step; a resumed run reopens the file its first part left and keeps only what
// was streamed — the spike report and the datasets the run names (LIF: the population-rate
// histograms) — which the run cuts back to its checkpoint (spike_output::resume,
// lif_observers::stream_to): everything else — the
// provenance, traces and results — is written again, so a file finished by a resumed run is the
// file an uninterrupted run writes. A run stopped by a signal marks its file "stopped".
#pragma once
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/types.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {

/// A run stopped by SIGTERM/SIGUSR1 after writing its checkpoint (exit code 75: resubmit with
/// --resume).
class run_interrupted : public error {
public:
    using error::error;
    int exit_code() const noexcept override { return 75; }
};

/// Collective: whether the run resumes — --resume given (`resume`) and a checkpoint at
/// `checkpoint` (checkpoint_exists: exit 2 when only its .prev is there). With --resume and no
/// checkpoint, rank 0 says that the run starts from the beginning.
bool resume_requested(bool resume, const std::string& checkpoint, const context& ctx);

/// Rank 0 says that the run resumes from `checkpoint` at step `step` of `total`: called once every
/// check of the checkpoint and of the output file passed (a refused checkpoint gets only its one
/// error line), so that a requeued or resubmitted task's log shows that it continued, and where.
void say_resumed(const context& ctx, const std::string& checkpoint, step_type step, step_type total);

/// Collective. resuming: reopens `path` and removes everything but /spikes and the `streamed`
/// datasets; io_error when the file is missing or unreadable (its spikes before the checkpoint
/// are lost: start the run again without --resume). Otherwise creates (truncates) it.
h5_file open_run_output(const std::string& path, const context& ctx, bool resuming,
                        const std::vector<std::string>& streamed = {});

/// Collective: status = "stopped" (a checkpoint to resume from exists), then close.
void close_stopped(h5_file& file);

/// Collective, after a stop signal ended the run loop with a checkpoint at `step`: the file
/// marked "stopped" and closed, then run_interrupted (exit 75) saying how to resume.
[[noreturn]] void stopped_by_signal(h5_file& file, step_type step, const std::string& checkpoint);

}  // namespace balnet
