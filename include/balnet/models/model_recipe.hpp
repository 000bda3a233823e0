// SPDX-License-Identifier: BSD-3-Clause
// What balnet does with each model family (run.model): one row per model, so that a command picks
// its action from the table instead of comparing model names (adding a model is one row here and
// its own files). Every function takes the validated configuration; run and mft are collective,
// validate, describe and the memory check are the same on every rank.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include <balnet/models/run_phase.hpp>
#include <balnet/models/rate_run.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>

namespace balnet {



struct model_recipe {
    std::string_view name;  ///< the value of run.model
    /// Builds the model's parameters from `cfg`: config_error (exit 2) on a bad combination.
    void (*validate)(const config& cfg);
    /// `balnet describe`: resolved configuration, partition over `ranks`, memory and run-time
    /// estimates, printed to stdout. Needs no MPI (main calls it before MPI starts, on one process).
    void (*describe)(const config& cfg, int ranks);
    /// Refuses the run (config_error on every rank) when a node's ranks would need more memory
    /// than it has (the caller skips it when run.memory_check is false).
    void (*require_memory)(const config& cfg, const context& ctx);
    /// `balnet run`: returns the output file's path.
    std::string (*run)(const config& cfg, const context& ctx, const run_options& opts);
    /// `balnet mft`: the mean-field solution; nullptr where the model has none.
    int (*mft)(const config& cfg, const context& ctx, const std::string& command_line, run_phase& phase);
};

/// Every model, in the order of the documentation.
std::span<const model_recipe> model_recipes();
/// The row of cfg's run.model (the schema allows only the names of the table).
const model_recipe& model_recipe_for(const config& cfg);

}  // namespace balnet
