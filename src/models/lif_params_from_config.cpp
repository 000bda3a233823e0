// SPDX-License-Identifier: BSD-3-Clause
// [lif] keys -> the network lif.network names: model A, the general two-population network
// (docs/models.md §2.2.4) or the feed-forward check, the Brette et al. benchmark
// (brette_from_config.cpp), or a network file (io/network_file.hpp); the neuron model lif.neuron
// is independent of it (docs/models.md §2.3.4). Units and ranges were checked by config::load, the
// cross-key rules by check_lif in run_schema.cpp; lif_network_params::validate checks the rest.
#include <balnet/models/lif_run.hpp>

#include <array>
#include <cmath>
#include <string>

#include <balnet/models/brette_from_config.hpp>
#include <balnet/models/mft_microcircuit.hpp>
#include <balnet/models/microcircuit_network.hpp>
#include <balnet/models/network_file.hpp>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

// The two-population E/I network in the terms of the [lif] keys: index 0 = E, 1 = I, and
// [a][b] = onto population a from population b. Model A and lif.network = general both become
// lif_network_params through network(), so that a general config whose keys all take their
// defaults (model A's values, derived in run_schema.cpp as the same doubles) builds the same
// network bit for bit.
struct ei_values {
    std::array<std::uint64_t, 2> n{};
    std::array<double, 2> tau_m{}, theta{}, v_reset{}, t_ref{};
    std::array<std::array<std::uint64_t, 2>, 2> k{};
    std::array<std::array<double, 2>, 2> j{}, d{};  // [mV], [ms]
    std::array<std::uint64_t, 2> k_ext{};
    std::array<double, 2> j_ext{}, nu_ext{};  // [mV], [Hz] per external train

    lif_network_params network(double dt, seed_type seed, bool multapses, bool autapses) const {
        lif_network_params net;
        for (std::size_t a = 0; a < 2; ++a) {
            lif_population_params p;
            p.name = a == 0 ? "E" : "I";
            p.size = n[a];
            p.excitatory = a == 0;
            p.tau_m = tau_m[a];
            p.theta = theta[a];
            p.v_reset = v_reset[a];
            p.t_ref = t_ref[a];
            p.v_init_min = 0.0;  // V(0) ~ U(0, theta_a), docs/models.md §2.2.3
            p.v_init_max = theta[a];
            p.ext_rate = static_cast<double>(k_ext[a]) * nu_ext[a];  // one train of rate K_ext nu_ext
            p.ext_weight = j_ext[a];
            net.populations.push_back(std::move(p));
        }
        for (std::size_t a = 0; a < 2; ++a) {  // (target, source) order E<-E, E<-I, I<-E, I<-I
            for (std::size_t b = 0; b < 2; ++b) {
                lif_projection_params pr;
                pr.source = b;
                pr.target = a;
                pr.indegree = k[a][b];
                pr.weight = j[a][b];
                pr.delay = d[a][b];
                pr.multapses = multapses;
                pr.autapses = autapses;
                net.projections.push_back(std::move(pr));
            }
        }
        net.dt = dt;
        net.seed = seed;
        return net;
    }
};

// Model A (docs/models.md §2.2.2): identical neurons, J_aE = J, J_aI = -g J, one delay, C_ext = C_E
// trains of nu_ext = eta nu_thr with jump J. n_i >= 1 (the feed-forward check may drop I after).
ei_values model_a_values(const brunel_model_a& m) {
    ei_values v;
    v.n = {m.n_e, std::max<std::uint64_t>(m.n_i, 1)};
    for (std::size_t a = 0; a < 2; ++a) {
        v.tau_m[a] = m.tau_m;
        v.theta[a] = m.theta;
        v.v_reset[a] = m.v_reset;
        v.t_ref[a] = m.t_ref;
        v.k[a] = {m.c_e, m.c_i};
        v.j[a] = {m.j, -m.g * m.j};
        v.d[a] = {m.delay, m.delay};
        v.k_ext[a] = m.c_e;
        v.j_ext[a] = m.j;
        v.nu_ext[a] = m.eta * m.nu_thr_hz();
    }
    return v;
}

// lif.network = general: lif.<key>_e / _i per population, lif.<key>_ab per projection.
ei_values general_values(const config& c) {
    ei_values v;
    const std::array<std::string, 2> pop{"e", "i"};
    const auto count = [&c](const std::string& key) { return static_cast<std::uint64_t>(c.integer(key)); };
    for (std::size_t a = 0; a < 2; ++a) {
        const std::string& s = pop[a];
        v.n[a] = count("lif.n_" + s);
        v.tau_m[a] = c.real("lif.tau_m_" + s);
        v.theta[a] = c.real("lif.theta_" + s);
        v.v_reset[a] = c.real("lif.v_reset_" + s);
        v.t_ref[a] = c.real("lif.t_ref_" + s);
        v.k_ext[a] = count("lif.k_ext_" + s);
        v.j_ext[a] = c.real("lif.j_ext_" + s);
        v.nu_ext[a] = c.real("lif.nu_ext_" + s);
        for (std::size_t b = 0; b < 2; ++b) {
            const std::string ab = s + pop[b];
            v.k[a][b] = count("lif.k_" + ab);
            v.j[a][b] = c.real("lif.j_" + ab);
            v.d[a][b] = c.real("lif.d_" + ab);
        }
    }
    return v;
}

}  // namespace

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

bool lif_general_network(const config& c) {
    return c.applies("lif.network") && (c.string("lif.network") == "general" || c.string("lif.network") == "file");
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

siegert_network lif_siegert_network(const lif_network_params& net) {
    if (net.common_model() != neuron_model::delta)
        throw meanfield_error("Siegert theory: delta synapses only in every population (here " +
                              (net.common_model() ? to_string(*net.common_model()) : std::string("a mix of models")) + ")");
    siegert_network s;
    for (std::size_t a = 0; a < net.populations.size(); ++a) {
        const auto& p = net.populations[a];
        if (p.mu_dc != 0.0) throw meanfield_error("Siegert theory: no constant drive mu_dc in this mapping");
        s.names.push_back(p.name);
        s.neurons.push_back(siegert_neuron{p.tau_m, p.t_ref, p.theta, p.v_reset, 0.0});
        if (p.ext_rate > 0.0) s.inputs.push_back({a, p.ext_rate, p.ext_weight});
        if (p.ext2_rate > 0.0) s.inputs.push_back({a, p.ext2_rate, p.ext2_weight});
    }
    for (const auto& pr : net.projections) {
        // K_ab J_ab and K_ab J_ab^2 need a fixed in-degree and one weight; delays do not enter.
        if (pr.rule != lif_connectivity_kind::fixed_indegree || pr.drawn_weights)
            throw meanfield_error("Siegert theory: fixed in-degree projections with one weight only");
        s.projections.push_back({pr.target, pr.source, static_cast<double>(pr.indegree), pr.weight});
    }
    return s;
}

double lif_feedforward_rate(const config& c) {
    const double r = c.real("lif.ff_rate");
    if (r >= 0.0) return r;
    for (const auto& fp : siegert_scan_fixed_points(lif_siegert_network(lif_model_a_from_config(c))))
        if (fp.stable) return fp.rate_hz.front();
    throw config_error("lif.ff_rate", "-1", ">= 0 Hz: model A has no stable Siegert fixed point here");
}

namespace {

// cuba/coba on Brunel's topology (docs/models.md §2.3.4): the synapse keys in every population;
// weights become increments of g_e (E sources) or g_i (I sources), and for coba, whose
// increments are conductances, the inhibitory jumps -g J become the increments g J.
void set_exp_neurons(const config& c, lif_network_params& net) {
    const neuron_model m = c.string("lif.neuron") == "cuba" ? neuron_model::cuba : neuron_model::coba;
    net.set_model(m);
    exp_synapse_params syn;
    syn.tau_e = c.real("lif.tau_e");
    syn.tau_i = c.real("lif.tau_i");
    syn.e_l = c.real("lif.E_L");
    if (m == neuron_model::coba) {
        syn.e_e = c.real("lif.E_e");
        syn.e_i = c.real("lif.E_i");
        for (auto& pr : net.projections) pr.weight = std::abs(pr.weight);
        for (auto& p : net.populations) p.ext2_weight = std::abs(p.ext2_weight);
    }
    for (auto& p : net.populations) p.synapse = syn;
}

}  // namespace

lif_network_params lif_params_from_config(const config& c) {
    const auto trial = static_cast<std::uint64_t>(c.integer("run.trial"));
    if (lif_microcircuit_network(c)) {  // Potjans & Diesmann (2014), models/microcircuit_network.hpp
        auto net = microcircuit_network(microcircuit_from_config(c), c.real("lif.dt"),
                                        static_cast<seed_type>(c.integer("run.seed")));
        net.trial = trial;
        net.validate();
        return net;
    }
    const std::string network = c.string("lif.network");
    if (network == "brette") {  // docs/models.md 2.3
        auto brette = brette_from_config(c).network();
        brette.trial = trial;
        return brette;
    }
    if (network == "file") {
        const std::string m = c.string("lif.neuron");
        const network_file_defaults d{c.real("lif.dt"), static_cast<seed_type>(c.integer("run.seed")),
                                      m == "cuba" ? neuron_model::cuba : m == "coba" ? neuron_model::coba : neuron_model::delta};
        auto net = read_network_file(c.string("lif.network_file"), d);
        net.trial = trial;
        return net;
    }
    const brunel_model_a m = lif_model_a_from_config(c);
    const bool ff = c.string("lif.mode") == "feedforward";
    if (!ff && m.n_i == 0) throw config_error("lif.n_i", "0", ">= 1 (lif.n_i = 0 only with lif.mode = feedforward)");
    const ei_values v = lif_general_network(c) ? general_values(c) : model_a_values(m);
    lif_network_params net = v.network(m.dt, m.seed, c.boolean("lif.multapses"), c.boolean("lif.autapses"));
    for (auto& pr : net.projections) pr.delay_max = c.real("lif.delay_max");  // 0: one delay per projection
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
    if (c.string("lif.neuron") != "delta") set_exp_neurons(c, net);
    net.trial = trial;
    net.validate();
    return net;
}

}  // namespace balnet
