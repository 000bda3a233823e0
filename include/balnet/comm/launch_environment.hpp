// SPDX-License-Identifier: BSD-3-Clause
// Which process of a launch this is, read from what the launcher put in the environment, without
// starting MPI. Commands that need no communication (`balnet --help`, `balnet describe`) use it so
// that they answer at once: MPI's start-up costs ~0.4 s per process even for one process, and
// `describe` must still print the partition over the ranks it was started with, once.
#pragma once
#include <string>

namespace balnet {

struct launch_environment {
    int rank = 0;  ///< this process's rank in the launch (0 when started alone)
    int size = 1;  ///< processes in the launch
    std::string source = "none";  ///< the variables it came from (Open MPI, PMI, SLURM) or "none"
    /// Processes of the launch on this node, where the launcher says (Open MPI's
    /// OMPI_COMM_WORLD_LOCAL_SIZE); 0 when unknown.
    int local_size = 0;

    /// Open MPI's mpirun (OMPI_COMM_WORLD_RANK/SIZE), a PMI launcher such as MPICH's or Intel's
    /// (PMI_RANK/PMI_SIZE), or a SLURM job step (SLURM_PROCID/SLURM_STEP_NUM_TASKS; not the batch
    /// script itself, which is one process whatever the job's size). A variable that is not a
    /// positive number is ignored like a missing one: this is a hint for printing, never for
    /// partitioning a run.
    static launch_environment detect();
};

}  // namespace balnet
