// SPDX-License-Identifier: BSD-3-Clause
// balnet's entry point: MPI up, parse the command line, dispatch, and turn every error into one
// clear message and an exit code (2 for user errors, 1 for internal ones). Errors found while
// validating the input happen identically on every rank before any collective, so rank 0 alone
// prints and every rank returns; so do errors the ranks agreed on (collective_error: a write that
// failed, e.g. on a full disk). Any other error after that may be local to one rank, which then
// prints with its rank prefix and aborts the job so that no rank hangs in a collective.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include <balnet/app/commands.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/h5_library.hpp>

#include <balnet/run/stop_signal.hpp>

int main(int argc, char** argv) {
    // Open MPI 4.1's shared-file-pointer component "lockedfile" copies the file name into a
    // fixed buffer while MPI-IO opens a file: a path of ~240 characters or more aborts the run
    // ("buffer overflow detected"). balnet never uses shared file pointers, so the component is
    // left out before MPI starts; a value set in the environment wins (overwrite = 0).
    ::setenv("OMPI_MCA_sharedfp", "^lockedfile", 0);
    // A run's SIGTERM/SIGUSR1 (SLURM's warning before the time limit) must never kill it, even
    // while MPI starts or the network is built: the flag is looked at once the steps begin.
    if (argc > 1 && std::string_view(argv[1]) == "run") balnet::install_stop_handlers();
    balnet::start_hdf5_without_shutdown();  // before MPI: see h5_library.hpp
    // Help and describe answer at once, without MPI's start-up.
    if (const auto code = balnet::dispatch_without_mpi(argc, argv)) return *code;
    balnet::mpi_session mpi(argc, argv);
    const balnet::context ctx;
    balnet::run_phase phase = balnet::run_phase::validating;
    try {
        return balnet::dispatch(argc, argv, ctx, phase);
    } catch (const balnet::collective_error& e) {
        // Every rank raised it at the same point: one message (rank 0), no abort.
        return balnet::report_error(ctx, balnet::run_phase::validating, e.what(), e.exit_code());
    } catch (const balnet::error& e) {
        return balnet::report_error(ctx, phase, e.what(), e.exit_code());
    } catch (const std::exception& e) {
        return balnet::report_error(ctx, phase, e.what(), 1);
    }
}
