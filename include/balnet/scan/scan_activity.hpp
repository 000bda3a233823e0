// SPDX-License-Identifier: BSD-3-Clause
// Which tasks of a scan are queued or running right now. The task files say what has ended;
// only the scheduler and the processes say what is still going on:
//   SLURM       `squeue -h -r -o '%i|%K|%T|%R|%Z'` (one line per array task: job id, array index,
//               state, node list or pending reason, working directory); the tasks of this scan
//               are the array tasks whose working directory is the scan directory (the scripts
//               run with --chdir=DIR). PENDING, REQUEUED, ... are queued; RUNNING, COMPLETING,
//               CONFIGURING, ... are running.
//   this machine  a process whose command line holds --output.file=DIR/tasks/<id>.h5 (balnet run
//               itself, or its mpiexec/srun): a task of `balnet scan --local` or started by hand.
// Where squeue is not installed or does not answer (no cluster), only the processes count.
// The parsers are pure; probe() runs squeue and reads /proc.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <balnet/scan/scan_layout.hpp>

namespace balnet {

struct task_activity {
    bool running = false;  ///< false: waiting in SLURM's queue
    std::string where;     ///< "slurm job 12_3 on node[1-2]", "slurm job 12_3 PENDING (Resources)", "pid 4711 here"
};

class scan_activity {
public:
    /// squeue (when it answers) and this machine's processes.
    static scan_activity probe(const scan_layout& layout);
    /// The array tasks in squeue's output (format of the file comment) that run in `dir`.
    static scan_activity from_squeue(const std::string& text, const std::string& dir);
    /// The task whose output file `args` (a process's command line) names, if any.
    static std::optional<std::size_t> task_of_command(const std::vector<std::string>& args, const scan_layout& layout);

    /// Records a process of task `id` (kept only when SLURM says nothing of the task).
    void add_process(std::size_t id, long pid);
    const task_activity* find(std::size_t id) const;
    bool slurm_answered() const noexcept { return slurm_; }

private:
    std::map<std::size_t, task_activity> tasks_;
    bool slurm_ = false;
};

/// The last "balnet progress:" line of a task's log, without that prefix and without the memory
/// figure ("45.0%  step 90000/200000  2.6e+04 steps/s  ETA 4 s"); "" when there is none.
std::string last_progress(const std::string& log_text);

}  // namespace balnet
