// SPDX-License-Identifier: BSD-3-Clause
// balnet's entry point: MPI up, parse the command line, dispatch, and turn every error into one
// clear message and an exit code (2 for user errors, 1 for internal ones). Errors found while
// validating the input happen identically on every rank before any collective, so rank 0 alone
// prints and every rank returns; an error after that may be local to one rank, which then prints
// with its rank prefix and aborts the job so that no rank hangs in a collective.
#include <cstdio>
#include <exception>
#include <string_view>

#include <balnet/app/commands.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/core/error.hpp>

#include "detail/stop_signal.hpp"

int main(int argc, char** argv) {
    // A run's SIGTERM/SIGUSR1 (SLURM's warning before the time limit) must never kill it, even
    // while MPI starts or the network is built: the flag is looked at once the steps begin.
    if (argc > 1 && std::string_view(argv[1]) == "run") balnet::detail::install_stop_handlers();
    balnet::mpi_session mpi(argc, argv);
    const balnet::context ctx;
    balnet::run_phase phase = balnet::run_phase::validating;
    try {
        return balnet::dispatch(argc, argv, ctx, phase);
    } catch (const balnet::error& e) {
        return balnet::report_error(ctx, phase, e.what(), e.exit_code());
    } catch (const std::exception& e) {
        return balnet::report_error(ctx, phase, e.what(), 1);
    }
}
