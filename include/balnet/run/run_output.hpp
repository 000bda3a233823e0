// SPDX-License-Identifier: BSD-3-Clause
// The output file of a run that writes while it runs. A new run creates it (status "running")
// before the first step; a resumed run reopens the file its first part left and keeps only the
// spike report (cut back to the checkpoint by spike_stream::resume): everything else — the
// provenance, traces and results — is written again, so a file finished by a resumed run is the
// file an uninterrupted run writes. A run stopped by a signal marks its file "stopped".
#pragma once
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {

/// Collective. resuming: reopens `path` and removes every root member but /spikes; io_error
/// when the file is missing or unreadable (its spikes before the checkpoint are lost: start the
/// run again without --resume). Otherwise creates (truncates) it.
h5_file open_run_output(const std::string& path, const context& ctx, bool resuming);

/// Collective: status = "stopped" (a checkpoint to resume from exists), then close.
void close_stopped(h5_file& file);

}  // namespace balnet
