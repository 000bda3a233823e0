// SPDX-License-Identifier: BSD-3-Clause
// The subcommands of `balnet` and the error policy of main().
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/models/run_phase.hpp>

namespace balnet {

/// The commands that need no MPI, answered before it starts (its start-up costs ~0.4 s per
/// process): every form of help, `describe` (partition over --ranks N, else over the launch's
/// processes as the launcher's environment says; one process prints), and command-line or
/// configuration errors of those. Returns the exit code, or nothing when the command needs MPI.
std::optional<int> dispatch_without_mpi(int argc, char** argv);

/// How far a command got: errors while validating are global (every rank throws the same one).
/// Runs the command argv names; returns the exit code. Sets `phase` to running once the input is
/// validated and the first collective is about to happen.
int dispatch(int argc, char** argv, const context& ctx, run_phase& phase);

/// Prints an error (rank 0 while validating; the failing rank, prefixed, afterwards) and returns
/// the exit code, or aborts the job when the error may be local to this rank.
int report_error(const context& ctx, run_phase phase, const std::string& what, int code);

/// `balnet --help`: the commands and every configuration key.
std::string usage_text();
/// The commands only (what `balnet` with no arguments prints, to stderr, exiting 2).
std::string short_usage_text();

/// The schema of `balnet run`: io's run_schema() and the keys of the generic observers
/// (analysis/observer_set.hpp).
config_schema command_schema();

/// Loads `file` with its "--section.key=value" overrides and validates it together with the model
/// it describes (rate, lif or scn), exactly as `balnet run` does before any collective. Pure.
config load_run_config(const std::string& file, const std::vector<std::string>& args);

}  // namespace balnet
