// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/brette_from_config.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

brette_benchmark brette_from_config(const config& c) {
    const std::string neuron = c.string("lif.neuron");
    if (neuron != "cuba" && neuron != "coba")
        throw config_error("lif.neuron", neuron, "cuba or coba for the Brette et al. benchmark");
    brette_benchmark b = neuron == "cuba" ? brette_benchmark::cuba() : brette_benchmark::coba();
    b.n_e = static_cast<std::uint64_t>(c.integer("lif.n_e"));
    b.n_i = static_cast<std::uint64_t>(c.integer("lif.n_i"));
    b.p = c.real("lif.p");
    b.autapses = c.boolean("lif.autapses");
    b.dt = c.real("lif.dt");
    b.tau_m = c.real("lif.tau_m");
    b.tau_e = c.real("lif.tau_e");
    b.tau_i = c.real("lif.tau_i");
    b.theta = c.real("lif.theta");
    b.v_reset = c.real("lif.v_reset");
    b.t_ref = c.real("lif.t_ref");
    b.e_l = c.real("lif.E_L");
    b.w_e = c.real("lif.w_e");
    b.w_i = c.real("lif.w_i");
    if (neuron == "coba") {
        b.e_e = c.real("lif.E_e");
        b.e_i = c.real("lif.E_i");
        b.v_init = {c.real("lif.v0_mean"), c.real("lif.v0_sd")};
        b.g_e_init = {c.real("lif.ge0_mean"), c.real("lif.ge0_sd")};
        b.g_i_init = {c.real("lif.gi0_mean"), c.real("lif.gi0_sd")};
    }
    b.seed = static_cast<seed_type>(c.integer("run.seed"));
    return b;
}

}  // namespace balnet
