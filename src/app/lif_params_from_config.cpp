// SPDX-License-Identifier: BSD-3-Clause
// [lif] keys -> model A / feed-forward network, or with lif.neuron = cuba | coba the Brette et al.
// benchmark (brette_from_config.cpp) (units and ranges were checked by config::load,
// the cross-key rules by check_lif in run_schema.cpp; lif_network_params::validate checks the rest).
#include <balnet/app/lif_run.hpp>

#include <balnet/app/brette_from_config.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

brunel_model_a lif_model_a_from_config(const config& c) {
    brunel_model_a m;
    m.n_e = static_cast<std::uint64_t>(c.integer("lif.n_e"));
    m.n_i = static_cast<std::uint64_t>(c.integer("lif.n_i"));
    m.c_e = static_cast<std::uint64_t>(c.integer("lif.c_e"));
    m.c_i = static_cast<std::uint64_t>(c.integer("lif.c_i"));
    m.j = c.real("lif.j");
    m.g = c.real("lif.g");
    m.eta = c.real("lif.eta");
    m.delay = c.real("lif.delay");
    m.dt = c.real("lif.dt");
    m.tau_m = c.real("lif.tau_m");
    m.theta = c.real("lif.theta");
    m.v_reset = c.real("lif.v_reset");
    m.t_ref = c.real("lif.t_ref");
    m.seed = static_cast<seed_type>(c.integer("run.seed"));
    return m;
}

siegert_network lif_siegert_network(const brunel_model_a& m) {
    siegert_network net;
    net.names = {"E=I"};
    net.neurons = {siegert_neuron{m.tau_m, m.t_ref, m.theta, m.v_reset, 0.0}};
    const auto ce = static_cast<double>(m.c_e), ci = static_cast<double>(m.c_i);
    net.projections = {{0, 0, ce, m.j}, {0, 0, ci, -m.g * m.j}};
    net.inputs = {{0, ce * m.eta * m.nu_thr_hz(), m.j}};
    return net;
}

double lif_feedforward_rate(const config& c) {
    const double r = c.real("lif.ff_rate");
    if (r >= 0.0) return r;
    for (const auto& fp : siegert_scan_fixed_points(lif_siegert_network(lif_model_a_from_config(c))))
        if (fp.stable) return fp.rate_hz.front();
    throw config_error("lif.ff_rate", "-1", ">= 0 Hz: model A has no stable Siegert fixed point here");
}

lif_network_params lif_params_from_config(const config& c) {
    if (c.string("lif.neuron") != "delta") return brette_from_config(c).network();  // MODELS 2.3
    const brunel_model_a m = lif_model_a_from_config(c);
    const bool ff = c.string("lif.mode") == "feedforward";
    if (!ff && m.n_i == 0) throw config_error("lif.n_i", "0", ">= 1 (lif.n_i = 0 only with lif.mode = feedforward)");
    // model A first (n_i >= 1 for its construction), then adapt.
    brunel_model_a shape = m;
    shape.n_i = std::max<std::uint64_t>(m.n_i, 1);
    lif_network_params net = shape.network();
    for (auto& pr : net.projections) {
        pr.multapses = c.boolean("lif.multapses");
        pr.autapses = c.boolean("lif.autapses");
    }
    if (m.n_i == 0) net.populations.pop_back();
    if (ff) {
        const double nu_in = lif_feedforward_rate(c);
        net.projections.clear();
        for (auto& p : net.populations) {
            p.ext_rate += static_cast<double>(m.c_e) * nu_in;
            p.ext2_rate = static_cast<double>(m.c_i) * nu_in;
            p.ext2_weight = -m.g * m.j;
        }
    }
    net.validate();
    return net;
}

}  // namespace balnet
