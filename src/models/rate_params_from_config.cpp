// SPDX-License-Identifier: BSD-3-Clause
// Configuration keys -> rate_params: a one-to-one mapping (units and ranges were checked by
// config::load; rules across keys that need the model are checked by rate_model::build), or, for
// network.type = file, the network file read whole (models/rate_network_file.hpp).
#include <balnet/models/rate_run.hpp>

#include <balnet/core/error.hpp>
#include <balnet/models/rate_network_file.hpp>

namespace balnet {
namespace {

// The paper's parametrisation (docs/models.md 1.2): sizes, in-degrees, weights and biases by keys.
void read_keyed_network(const config& c, rate_params& p) {
    p.ei = c.string("network.type") == "ei";
    p.N = static_cast<std::uint64_t>(c.integer("network.N"));
    p.K = static_cast<std::uint64_t>(c.integer("network.K"));
    p.rule = parse_connectivity_rule(c.string("network.connectivity"));
    p.autapses = c.boolean("network.autapses");
    p.distribution = parse_weight_kind(c.string("weights.distribution"));
    p.nu = c.real("weights.nu");
    p.scale_bias = c.real("weights.scale_bias");
    if (p.ei) {
        p.rho_e = c.real("network.rho_e");
        p.J_ee = c.real("weights.J_ee"); p.J_ei = c.real("weights.J_ei");
        p.J_ie = c.real("weights.J_ie"); p.J_ii = c.real("weights.J_ii");
        p.g_ee = c.real("weights.g_ee"); p.g_ei = c.real("weights.g_ei");
        p.g_ie = c.real("weights.g_ie"); p.g_ii = c.real("weights.g_ii");
        p.I_E = c.real("input.I_E");
        p.I_I = c.real("input.I_I");
    } else {
        p.J0 = c.real("weights.J0");
        p.g = c.real("weights.g");
        p.I0 = c.real("input.I0");
    }
}

// The checks of the perturbed units that the schema makes against network.N (run_schema.cpp).
void check_perturbed_units(const config& c, std::uint64_t n) {
    if (!c.applies("perturbation.neuron")) return;
    const std::string size = std::to_string(n);
    if (c.integer("perturbation.neuron") >= static_cast<std::int64_t>(n))
        throw config_error("perturbation.neuron", c.string("perturbation.neuron"), "-1 or a unit id < " + size);
    if (c.integer("perturbation.count") > static_cast<std::int64_t>(n))
        throw config_error("perturbation.count", c.string("perturbation.count"),
                           "at most the number of units " + size + " (each copy perturbs another)");
}

}  // namespace

rate_params rate_params_from_config(const config& c) {
    rate_params p;
    p.coupling = parse_coupling_storage(c.string("network.coupling"));
    p.product = parse_coupling_product(c.string("network.product"));
    if (c.string("network.type") == "file") {
        p.file = read_rate_network_file(c.string("network.file"));
        p.init_sd = c.real("run.init_sd");
        check_perturbed_units(c, p.file->net.size());
    } else {
        read_keyed_network(c, p);
    }
    p.response = parse_response_kind(c.string("response.function"));
    if (p.response == response_kind::rect_power) p.power = c.real("response.power");
    p.T = c.real("run.T");
    p.warmup = c.real("run.warmup");
    p.dt = c.real("run.dt");
    p.integrator = c.string("run.integrator") == "ts" ? rate_integrator::ts : rate_integrator::euler;
    p.seed = static_cast<seed_type>(c.integer("run.seed"));
    const std::int64_t init = c.integer("run.init_seed");
    p.init_seed = init < 0 ? p.seed : static_cast<seed_type>(init);
    p.record_units = static_cast<std::uint64_t>(c.integer("record.units"));
    p.record_dt = c.real("record.dt");
    p.ncorr = c.real("record.ncorr");
    p.trace_units = static_cast<std::uint64_t>(c.integer("output.trace_units"));
    p.trace_dt = c.real("output.trace_dt");
    return p;
}

}  // namespace balnet
