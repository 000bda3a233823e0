// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/brette_benchmark.hpp>

#include <string>

#include <balnet/core/error.hpp>

namespace balnet {

brette_benchmark brette_benchmark::cuba() { return {}; }

brette_benchmark brette_benchmark::coba() {
    brette_benchmark b;
    b.model = neuron_model::coba;
    b.e_l = -60.0;
    b.w_e = 0.6;
    b.w_i = 6.7;
    return b;
}

lif_network_params brette_benchmark::network() const {
    if (model == neuron_model::delta)
        throw config_error("neuron", "delta", "cuba or coba for the Brette et al. benchmark");
    lif_network_params net;
    net.dt = dt;
    net.seed = seed;
    net.neuron = model;
    const bool coba_model = model == neuron_model::coba;
    for (const bool e : {true, false}) {
        lif_population_params pp;
        pp.name = e ? "E" : "I";
        pp.size = e ? n_e : n_i;
        pp.excitatory = e;
        pp.tau_m = tau_m;
        pp.theta = theta;
        pp.v_reset = v_reset;
        pp.t_ref = t_ref;
        pp.v_init_min = v_reset;  // CUBA: U(V_r, theta)
        pp.v_init_max = theta;
        pp.synapse = {tau_e, tau_i, e_l, e_e, e_i, std::nullopt, {}, {}};
        if (coba_model) {
            pp.synapse.v_init = v_init;
            pp.synapse.g_e_init = g_e_init;
            pp.synapse.g_i_init = g_i_init;
        }
        net.populations.push_back(pp);
    }
    for (std::size_t tgt = 0; tgt < 2; ++tgt) {
        for (std::size_t src = 0; src < 2; ++src) {
            lif_projection_params pr;
            pr.source = src;
            pr.target = tgt;
            pr.rule = lif_connectivity_kind::bernoulli;
            pr.probability = p;
            pr.autapses = autapses;
            pr.weight = src == 0 ? w_e : w_i;
            pr.delay = dt;  // one step: detected in step k, acts from step k + 1
            net.projections.push_back(pr);
        }
    }
    net.validate();
    return net;
}

}  // namespace balnet
