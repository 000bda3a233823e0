// SPDX-License-Identifier: BSD-3-Clause
// `balnet run` for rate networks: build the engine, run the protocol of docs/models.md §1.5 with the
// observables streaming, write the run's HDF5 file collectively, print a summary on rank 0.
// Also the mapping from configuration keys to rate_params (pure; the same on every rank).
#pragma once
#include <string>

#include <balnet/run/run_output.hpp>  // run_interrupted
#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/config.hpp>
#include <balnet/rate/rate_model.hpp>

namespace balnet {

struct run_options {
    std::string command_line;   ///< for provenance
    std::string petsc_options;  ///< from --petsc, appended to petsc.options
    bool force_progress = false;
    bool resume = false;        ///< --resume: continue from checkpoint.file when it exists
    bool profile = false;       ///< --profile: print the per-phase table (always written to the file)
};

/// Steps per advance() of a rate run: the stop flag is looked at (one small collective) and
/// checkpoints can fall after each chunk; the observables are recorded inside, by the step probe.
inline constexpr step_type rate_run_chunk = 100;

/// The rate_params the configuration describes.
rate_params rate_params_from_config(const config& cfg);

/// Runs the configured rate network; returns the output file's path. Collective.
std::string run_rate(const config& cfg, const context& ctx, const run_options& opts);

/// `balnet describe` for a rate config: resolved config, partition over `ranks`, estimates (no MPI).
void describe_rate(const config& cfg, int ranks);

}  // namespace balnet
