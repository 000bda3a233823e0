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
    lif_population_params neuron;
    neuron.tau_m = tau_m;
    neuron.theta = theta;
    neuron.v_reset = v_reset;
    neuron.t_ref = t_ref;
    neuron.v_init_min = v_reset;  // CUBA: U(V_r, theta)
    neuron.v_init_max = theta;
    neuron.synapse = {tau_e, tau_i, e_l, e_e, e_i, std::nullopt, {}, {}};
    if (model == neuron_model::coba) {
        neuron.synapse.v_init = v_init;
        neuron.synapse.g_e_init = g_e_init;
        neuron.synapse.g_i_init = g_i_init;
    }
    lif_projection_params from_e;
    from_e.rule = lif_connectivity_kind::bernoulli;
    from_e.probability = p;
    from_e.autapses = autapses;
    from_e.delay = dt;  // one step: detected in step k, acts from step k + 1
    lif_projection_params from_i = from_e;
    from_e.weight = w_e;
    from_i.weight = w_i;
    auto net = ei_network(neuron, n_e, n_i, from_e, from_i);
    net.dt = dt;
    net.seed = seed;
    net.set_model(model);
    net.validate();
    return net;
}

}  // namespace balnet
