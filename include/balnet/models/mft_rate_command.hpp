// SPDX-License-Identifier: BSD-3-Clause
// `balnet mft <config.ini>` for rate networks: solve every applicable mean-field closure for the
// configuration, print each prediction next to its name and assumptions (rank 0), and write
// them to --meanfield.file when given. beta for the filtered closures comes from
// --meanfield.beta (a number) or --meanfield.beta_from (the /analysis/beta of an earlier run's
// file); neither: those closures are skipped with a note.
//
// Errors. Inputs (both beta keys, an unreadable beta_from file, a file without /analysis/beta,
// a non-positive stored beta) are config_errors raised identically on every rank before any
// collective. If no closure applies, a meanfield_error (exit 2) lists every reason.
#pragma once
#include <string>

#include <balnet/models/run_phase.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>

namespace balnet {

/// beta and where it came from, per the keys above; 0 and "none" when neither key is given.
struct mft_beta {
    double value = 0.0;
    std::string source = "none";
};

/// Pure apart from reading the beta_from file (rank-local, serial).
mft_beta beta_from_config(const config& cfg);

/// meanfield.file checked up front, like output.file, so that a bad path fails before solving
/// (config_error naming the key); shared with the microcircuit's `balnet mft`.
void check_output_path(const std::string& path);

/// Runs the command; returns the exit code (0). Collective only when meanfield.file is set:
/// sets `phase` to running just before creating that file (errors up to there are global).
int mft_rate_command(const config& cfg, const context& ctx, const std::string& command_line,
                     run_phase& phase);

}  // namespace balnet
