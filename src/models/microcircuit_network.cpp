// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/microcircuit_network.hpp>

#include <cmath>

namespace balnet {
namespace {

lif_population_params microcircuit_population(const microcircuit& m, std::size_t a) {
    lif_population_params p;
    p.name = m.names[a];
    p.size = m.size[a];
    p.excitatory = m.excitatory(a);
    p.tau_m = m.tau_m;
    p.theta = m.v_th;
    p.v_reset = m.v_reset;
    p.t_ref = m.t_ref;
    p.ext_rate = m.k_ext[a] * m.nu_ext;  // K_ext independent trains of nu_ext: one of their sum
    p.ext_weight = m.psc_ext_mv();
    p.mu_dc = m.dc_mv(a);
    p.synapse.tau_e = m.tau_syn;
    p.synapse.tau_i = m.tau_syn;
    p.synapse.e_l = m.e_l;
    p.synapse.v_init = normal_init{m.v0_mean[a], m.v0_sd[a]};
    return p;
}

lif_projection_params microcircuit_projection(const microcircuit& m, std::size_t a, std::size_t b) {
    lif_projection_params pr;
    pr.source = b;
    pr.target = a;
    pr.rule = lif_connectivity_kind::fixed_total_number;
    pr.number = static_cast<std::uint64_t>(m.synapses[a][b]);  // already whole (rounded by the table)
    pr.multapses = m.multapses;
    pr.autapses = m.autapses;
    const double w = m.weight_mv(a, b);
    pr.weight = w;
    pr.drawn_weights = weight_distribution(weight_kind::normal_clipped, std::fabs(w), m.psc_rel_sd * std::fabs(w),
                                           w < 0.0 ? -1.0 : 1.0);
    pr.delay = m.delay_mean[a][b];
    pr.delays = delay_law::truncated_normal;
    pr.delay_sd = m.delay_rel_sd * m.delay_mean[a][b];
    return pr;
}

}  // namespace

lif_network_params microcircuit_network(const microcircuit& m, double dt, seed_type seed) {
    lif_network_params net;
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a) net.populations.push_back(microcircuit_population(m, a));
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a)  // (target, source) order, as the table
        for (std::size_t b = 0; b < microcircuit::n_pop; ++b)
            if (m.synapses[a][b] > 0.0) net.projections.push_back(microcircuit_projection(m, a, b));
    net.dt = dt;
    net.seed = seed;
    net.set_model(neuron_model::cuba);
    return net;
}

}  // namespace balnet
