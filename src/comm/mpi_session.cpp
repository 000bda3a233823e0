// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/comm/mpi_session.hpp>

#include <cstdlib>

#include <boost/mpi/environment.hpp>

#include <balnet/comm/launch_environment.hpp>

namespace balnet {
namespace {

// Open MPI chooses its point-to-point layer by starting every one it was built with and keeping
// the best; Debian's build starts UCX, which probes for network devices: 0.2 s of the 0.23 s
// that MPI_Init took for one process on the project's VM (0.03 s with ob1), and as much per
// mpirun launch of 2 ranks. A process whose peers all share its node (a run without a launcher,
// or an mpirun launch on one node) needs only shared memory, which ob1 gives (its vader
// transport), so balnet asks for ob1 there before MPI starts; a process alone also starts no
// helper daemon (balnet never spawns processes). A user's own OMPI_MCA_pml (or mpirun --mca pml)
// wins, launches over several nodes are left to MPI's choice, and other MPIs ignore these
// variables. The transport changes no result: every reduction has a fixed order.
void prefer_node_local_transport() {
    const launch_environment launch = launch_environment::detect();
    const bool alone = launch.source == "none";
    const bool one_node = launch.source == "Open MPI" && launch.local_size == launch.size;
    if (!alone && !one_node) return;
    setenv("OMPI_MCA_pml", "ob1", 0);
    if (alone) setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
}

}  // namespace

struct mpi_session::impl {
    // abort_on_exception = false: main() decides how to end (message, abort or exit code).
    impl(int& argc, char**& argv) : env(argc, argv, false) {}
    boost::mpi::environment env;
};

mpi_session::mpi_session(int& argc, char**& argv) {
    prefer_node_local_transport();
    impl_ = std::make_unique<impl>(argc, argv);
}
mpi_session::~mpi_session() = default;

}  // namespace balnet
