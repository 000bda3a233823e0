// SPDX-License-Identifier: BSD-3-Clause
// SIGTERM and SIGUSR1 (what SLURM sends before a time limit with --signal) ask a run to stop
// cleanly: the handler only sets a flag, which the run loop reads at fixed step counts and
// agrees on over all ranks (one collective), then writes a checkpoint and exits with
// `interrupted_exit_code`. The flag is the one process-wide variable balnet has: a signal
// handler can reach nothing else.
#pragma once

namespace balnet {

/// Exit code of a run stopped by a signal after writing its checkpoint (EX_TEMPFAIL: try again;
/// resubmit with --resume).
constexpr int interrupted_exit_code = 75;

/// Installs the handlers (idempotent).
void install_stop_handlers();
/// Whether a stop was requested on this rank (not collective).
bool stop_requested() noexcept;

}  // namespace balnet
