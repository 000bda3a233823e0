// SPDX-License-Identifier: BSD-3-Clause
// Child processes of `balnet scan`: local task runs and sbatch calls, always started from an
// argument vector (posix_spawnp; no shell, so no argument is ever read as code).
//
// Environment: balnet is an MPI program, and an MPI library that initialised this process (a
// singleton, or a rank under mpirun/srun) leaves variables in it (PMIX_*, OMPI_COMM_WORLD_*,
// OMPI_MCA_orte_*, PMI_*, ...) that would make a child `balnet run` join this process's MPI job
// instead of starting its own. child_environment() removes exactly those and keeps everything
// the user set (OMPI_ALLOW_RUN_AS_ROOT, OMPI_MCA_btl_*, PMIX_MCA_*, SLURM_*, ...).
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace balnet {

/// This process's environment less the variables of its own MPI job (see the file comment).
std::vector<std::string> child_environment();
/// True if `entry` ("NAME=value") is a variable an MPI launcher set for this process only.
bool is_mpi_job_variable(const std::string& entry);

/// Starts argv (argv[0] looked up in PATH) with stdin from /dev/null and stdout and stderr
/// written to `log_path` (truncated). Returns the pid; io_error if it cannot start.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& log_path);

struct finished_child {
    pid_t pid = -1;
    int exit_code = 0;  ///< the exit status, or 128 + signal number (as a shell reports it)
};
/// Waits for any child of this process.
finished_child wait_any_child();
/// Waits for child `pid`.
int wait_child(pid_t pid);

/// Runs argv to completion with stdout captured (stderr passes through, or goes to /dev/null
/// when `quiet`); returns the exit code and the output.
struct captured_run {
    int exit_code = 0;
    std::string output;
};
captured_run run_captured(const std::vector<std::string>& argv, bool quiet = false);

/// Absolute path of the running executable (/proc/self/exe).
std::string self_executable();

}  // namespace balnet
