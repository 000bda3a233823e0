// SPDX-License-Identifier: BSD-3-Clause
// The state of one task of a scan, read from its files (scan_layout), never from SLURM:
//   complete    tasks/<id>.h5 exists and its root attribute status is "complete";
//   failed      the run ended (tasks/<id>.rc exists) without a complete file;
//   incomplete  a file that is not complete and no exit code: still running, or killed
//               (time limit, node failure) before the job script could record an exit code;
//   missing     no file and no exit code: not run yet, or still queued.
// Only complete tasks are skipped on resubmission and aggregated. For every other state,
// `error` says why in one line (for failed: balnet's error line from logs/<id>.log).
#pragma once
#include <cstddef>
#include <string>

#include <balnet/scan/scan_layout.hpp>

namespace balnet {

enum class task_state { complete, failed, incomplete, missing };

std::string to_string(task_state s);

struct task_status {
    std::size_t id = 0;
    task_state state = task_state::missing;
    int exit_code = -1;  ///< from tasks/<id>.rc; -1 when there is none
    std::string error;   ///< empty for complete tasks
};

/// Inspects the files of task `id`. Reads HDF5 serially; never throws for a broken task file
/// (an unreadable file is an incomplete or failed task, with HDF5's message as its error).
task_status inspect_task(const scan_layout& layout, std::size_t id);

/// The last line of `log_text` with balnet's own "balnet: error" (a launcher's error lines,
/// srun's "task 0: Exited with exit code 2", say less), else the last line with "error" in any
/// case, else the last non-empty line; trimmed to 300 characters; "" for an empty log.
std::string last_error_line(const std::string& log_text);

}  // namespace balnet
