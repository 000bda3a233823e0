// SPDX-License-Identifier: BSD-3-Clause
// The state of one task of a scan, read from its files (scan_layout) and from what is going on
// now (scan_activity: SLURM's queue, this machine's processes), in this order:
//   complete    tasks/<id>.h5 exists and its root attribute status is "complete";
//   running     SLURM runs the task, or a process here writes its output (the file is not opened:
//               it is being written); `error` says where and how far (the log's last progress line);
//   pending     SLURM holds the task in its queue (also a task requeued after a node failure);
//   stopped     the run exited 75 or closed its file as "stopped" (stopped by a signal after a
//               checkpoint), and a checkpoint exists: resubmit to resume;
//   failed      the run ended (tasks/<id>.rc exists) otherwise, without a complete file;
//   incomplete  a file that is not complete, no exit code, and nothing running: killed (time limit,
//               node failure) before the job script could record an exit code;
//   missing     no file, no exit code, nothing queued: not submitted or not run yet.
// Only complete tasks are aggregated; complete, running and pending tasks are not submitted again.
// For every state but complete, `error` says why in one line (failed: balnet's error line from
// logs/<id>.log), with the checkpoint's step where one exists.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <balnet/scan/scan_activity.hpp>
#include <balnet/scan/scan_layout.hpp>

namespace balnet {

enum class task_state { complete, running, pending, stopped, failed, incomplete, missing };
inline constexpr task_state all_task_states[] = {task_state::complete, task_state::running,   task_state::pending,
                                                 task_state::stopped,  task_state::failed,    task_state::incomplete,
                                                 task_state::missing};

std::string to_string(task_state s);

struct task_status {
    std::size_t id = 0;
    task_state state = task_state::missing;
    int exit_code = -1;  ///< from tasks/<id>.rc; -1 when there is none
    std::string error;   ///< empty for complete tasks
};

/// Inspects task `id`: its files, and `activity` where given (without it no task is running or
/// pending). Reads HDF5 serially, never the output of a running task; never throws for a broken
/// task file (an unreadable file is an incomplete or failed task).
task_status inspect_task(const scan_layout& layout, std::size_t id, const scan_activity* activity = nullptr);

/// `balnet scan status`'s table: a header, then one line per task: id, state, exit code (blank
/// without one), and `error` (the detail).
std::string status_table(const std::vector<task_status>& tasks);

/// The last line of `log_text` with balnet's own "balnet: error" (a launcher's error lines,
/// srun's "task 0: Exited with exit code 2", say less), else the last line with "error" in any
/// case, else the last non-empty line; trimmed to 300 characters; "" for an empty log.
std::string last_error_line(const std::string& log_text);

}  // namespace balnet
