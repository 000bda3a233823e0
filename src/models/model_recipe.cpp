// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/model_recipe.hpp>

#include <array>

#include <balnet/models/run_phase.hpp>
#include <balnet/models/describe.hpp>
#include <balnet/models/lif_run.hpp>
#include <balnet/models/memory_estimate.hpp>
#include <balnet/models/mft_microcircuit.hpp>
#include <balnet/models/mft_rate_command.hpp>
#include <balnet/models/scn_run.hpp>
#include <balnet/core/error.hpp>

namespace balnet {
namespace {

void validate_rate(const config& cfg) { (void)rate_model::build(rate_params_from_config(cfg)); }
void validate_lif(const config& cfg) { (void)lif_params_from_config(cfg); }
void validate_scn(const config& cfg) { (void)scn_params_from_config(cfg); }

// Siegert theory is for delta synapses and the microcircuit's exponential current synapses; the
// Brette benchmarks have no mean field here.
int mft_lif_command(const config& cfg, const context& ctx, const std::string& command_line, run_phase& phase) {
    if (lif_microcircuit_network(cfg)) return mft_microcircuit_command(cfg, ctx, command_line, phase);
    if (cfg.string("lif.neuron") != "delta")
        throw config_error("lif.neuron", cfg.string("lif.neuron"), "delta (for balnet mft: Siegert theory)");
    return mft_lif(cfg, ctx);
}

constexpr std::array<model_recipe, 3> recipes{{
    {"rate", validate_rate, describe_rate, require_rate_memory, run_rate, mft_rate_command},
    {"lif", validate_lif, describe_lif, require_lif_memory, run_lif, mft_lif_command},
    {"scn", validate_scn, describe_scn, require_scn_memory, run_scn, nullptr},
}};

}  // namespace

std::span<const model_recipe> model_recipes() { return recipes; }

const model_recipe& model_recipe_for(const config& cfg) {
    const std::string name = cfg.string("run.model");
    for (const auto& r : recipes)
        if (r.name == name) return r;
    throw internal_error("run.model " + name + " passed the schema but has no model_recipe");
}

}  // namespace balnet
