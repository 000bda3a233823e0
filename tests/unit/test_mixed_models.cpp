// SPDX-License-Identifier: BSD-3-Clause
// Networks whose populations have different neuron models (docs/models.md §2.3.4), through the
// LIF engine:
// - populations that are not coupled to each other spike, bit for bit, as the same population in
//   a single-model network with the same gids (the others padded as silent populations of that
//   model): the dispatch, the initial state and the rings are per population, and a delta
//   population of a two-ring network reads row_e + row_i unchanged when one of them is zero;
// - coupled: target neurons of three models (AdEx with current synapses, cuba, delta) driven by
//   the spike trains of two delta sources (one excitatory, one inhibitory, regular under a DC
//   drive) follow a reference written here: the source trains from the §2.2.3 recursion, the
//   targets from a fine-step RK4 integration (h/200) of their ODEs (delta: its exact recursion),
//   the inputs in the units of each target's model;
// - a checkpoint of a mixed, coupled network restores into a new engine and continues bitwise;
// - validation: weights onto conductance synapses are >= 0 whatever the source, and name the
//   target's model; every adex population has one synapse kind.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/spiking/lif_engine.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1;

lif_population_params population(const std::string& name, std::uint64_t size, bool excitatory, neuron_model m) {
    lif_population_params p;
    p.name = name;
    p.size = size;
    p.excitatory = excitatory;
    p.model = m;
    return p;
}

lif_population_params adex_population(const std::string& name, std::uint64_t size, bool excitatory) {
    auto p = population(name, size, excitatory, neuron_model::adex);
    auto& a = p.adex;
    a.c_m = 200.0;
    a.g_l = 10.0;
    a.e_l = -60.0;
    a.v_t = -50.0;
    a.delta_t = 2.0;
    a.a = 2.0;
    a.tau_w = 100.0;
    a.b = 20.0;
    a.v_r = -60.0;
    a.t_ref = 2.0;
    a.synapse = adex_synapse::current;
    a.v_init = {-60.0, 4.0};
    return p;
}

lif_population_params delta_population(const std::string& name, std::uint64_t size, bool excitatory) {
    auto p = population(name, size, excitatory, neuron_model::delta);
    p.tau_m = 10.0;
    p.t_ref = 1.0;
    p.v_reset = 5.0;
    return p;
}

// cuba or coba: threshold -50, reset -60, E_L -60 mV (coba: reversals 0 and -80 mV).
lif_population_params exp_population(const std::string& name, std::uint64_t size, bool excitatory, neuron_model m) {
    auto p = population(name, size, excitatory, m);
    p.theta = -50.0;
    p.v_reset = -60.0;
    p.v_init_min = -60.0;
    p.v_init_max = -50.0;
    p.synapse.e_l = -60.0;
    p.synapse.e_e = 0.0;
    p.synapse.e_i = -80.0;
    return p;
}

// Population `a` driven and self-coupled (weight w, the units of its model); silent: no drive, V
// at a fixed sub-threshold value (its self-projection never carries a spike).
void drive(lif_population_params& p, double ext_weight) {
    p.ext_rate = 2000.0;
    p.ext_weight = ext_weight;
}

void silence(lif_population_params& p) {
    p.ext_rate = 0.0;
    p.v_init_min = p.v_init_max = p.model == neuron_model::delta ? 0.0 : p.v_reset;
    p.synapse.g_e_init = {};
    p.adex.v_init = {p.adex.e_l, 0.0};
}

lif_projection_params self(std::size_t pop, double w, double delay) {
    lif_projection_params pr;
    pr.source = pr.target = pop;
    pr.indegree = 20;
    pr.weight = w;
    pr.delay = delay;
    return pr;
}

// A (adex, E), B (delta, I), C (coba, E), each coupled to itself only; `keep` < 3: the network in
// which every population has the model of population `keep` and only it is driven.
lif_network_params uncoupled(int keep) {
    std::vector<lif_population_params> pops{adex_population("A", 60, true), delta_population("B", 50, false),
                                            exp_population("C", 40, true, neuron_model::coba)};
    pops[2].synapse.g_e_init = {0.5, 0.2};
    drive(pops[0], 30.0);   // pA
    drive(pops[1], 1.2);    // mV
    drive(pops[2], 0.3);    // g_L
    lif_network_params net;
    net.dt = h;
    net.seed = 11;
    for (int p = 0; p < 3; ++p) {
        if (keep >= 0 && p != keep) {
            lif_population_params pad = pops[static_cast<std::size_t>(keep)];  // the kept model, silent
            pad.name = pops[static_cast<std::size_t>(p)].name;
            pad.size = pops[static_cast<std::size_t>(p)].size;
            pad.excitatory = pops[static_cast<std::size_t>(p)].excitatory;
            silence(pad);
            pops[static_cast<std::size_t>(p)] = pad;
        }
        net.populations.push_back(pops[static_cast<std::size_t>(p)]);
    }
    // Weights in each target's units: A pA, B mV (inhibitory source: negative), C g_L.
    const double w[3] = {15.0, -0.6, 0.2};
    const double d[3] = {1.5, 0.8, 1.2};
    for (std::size_t p = 0; p < 3; ++p) {
        const std::size_t m = keep >= 0 ? static_cast<std::size_t>(keep) : p;  // the target's model
        double weight = w[m];
        if (m == 1 && net.populations[p].excitatory) weight = -weight;  // delta: the sign is the input's
        net.projections.push_back(self(p, weight, d[p]));
    }
    return net;
}

std::vector<spike> run_spikes(const lif_network_params& net, step_type steps) {
    lif_engine eng(net, partition(net.size(), 1, 0));
    eng.advance(steps);
    return eng.take_spikes();
}

std::vector<spike> of_population(const lif_network_params& net, const std::vector<spike>& s, std::size_t pop) {
    std::vector<spike> out;
    for (const auto& x : s)
        if (net.population_of(x.gid) == pop) out.push_back(x);
    return out;
}

}  // namespace

TEST(mixed_models, uncoupled_populations_spike_as_in_single_model_networks) {
    const auto mixed = uncoupled(-1);
    ASSERT_FALSE(mixed.common_model());
    const auto all = run_spikes(mixed, 3000);
    for (std::size_t p = 0; p < 3; ++p) {
        const auto single = uncoupled(static_cast<int>(p));
        ASSERT_EQ(single.common_model(), mixed.populations[p].model);
        const auto ref = run_spikes(single, 3000);
        const auto got = of_population(mixed, all, p);
        EXPECT_EQ(of_population(single, ref, p).size(), ref.size()) << "padding spiked, population " << p;
        ASSERT_GT(got.size(), 50u) << "population " << p << " too quiet to test";
        ASSERT_EQ(got.size(), ref.size()) << "population " << p;
        for (std::size_t k = 0; k < got.size(); ++k) {
            ASSERT_EQ(got[k].gid, ref[k].gid) << "population " << p << " spike " << k;
            ASSERT_EQ(got[k].step, ref[k].step) << "population " << p << " spike " << k;
        }
    }
}

namespace {

// Coupled: SE (delta, E) and SI (delta, I) fire regularly under a DC drive; targets A (adex,
// current synapses), C (cuba) and D (delta) receive both, with weights in their own units.
constexpr double se_dc = 30.0, si_dc = 24.0;       // mV: above theta = 20
constexpr double d_e = 1.0, d_i = 1.5;             // ms: delays from SE and SI
constexpr double w_a[2] = {60.0, -90.0};            // pA onto A (from SE, SI)
constexpr double w_c[2] = {2.0, -3.5};              // mV onto C
constexpr double w_d[2] = {0.5, -0.7};              // mV onto D

lif_network_params coupled() {
    lif_network_params net;
    net.dt = h;
    net.seed = 5;
    for (const bool e : {true, false}) {
        lif_population_params s = delta_population(e ? "SE" : "SI", 1, e);
        s.tau_m = 20.0;
        s.t_ref = 2.0;
        s.v_reset = 10.0;
        s.v_init_min = s.v_init_max = 0.0;
        s.mu_dc = e ? se_dc : si_dc;
        net.populations.push_back(s);
    }
    auto a = adex_population("A", 1, true);
    a.adex.v_init = {-62.0, 0.0};
    a.adex.i_e = 60.0;  // pA: below rheobase (g_L (V_T - E_L - Delta_T) = 80 pA)
    net.populations.push_back(a);
    auto c = exp_population("C", 1, false, neuron_model::cuba);
    c.tau_m = 15.0;
    c.theta = -40.0;
    c.v_init_min = c.v_init_max = -58.0;
    c.synapse.tau_e = 3.0;
    c.synapse.tau_i = 6.0;
    net.populations.push_back(c);
    auto d = delta_population("D", 1, true);
    d.tau_m = 20.0;
    d.v_init_min = d.v_init_max = 2.0;
    net.populations.push_back(d);
    const double* w[3] = {w_a, w_c, w_d};
    for (std::size_t t = 2; t < 5; ++t)
        for (std::size_t s = 0; s < 2; ++s) {
            lif_projection_params pr;
            pr.source = s;
            pr.target = t;
            pr.rule = lif_connectivity_kind::all_to_all;
            pr.weight = w[t - 2][s];
            pr.delay = s == 0 ? d_e : d_i;
            net.projections.push_back(pr);
        }
    return net;
}

// §2.2.3 for a DC-driven delta neuron from V = 0: the steps (k, spiking in step k) of its spikes.
std::vector<step_type> regular_train(double dc, step_type steps) {
    const double p33 = std::exp(-h / 20.0);
    const int n_ref = 20;  // t_ref 2 ms
    double v = 0.0;
    int r = 0;
    std::vector<step_type> out;
    for (step_type k = 0; k < steps; ++k) {
        if (r == 0) v = p33 * v + dc * (1.0 - p33);
        else --r;
        if (v >= 20.0) {
            out.push_back(k);
            v = 10.0;
            r = n_ref;
        }
    }
    return out;
}

// The input of step k from a train: the weight for each spike of step k - d (acts from step k).
std::vector<double> arrivals(const std::vector<step_type>& train, double delay_ms, double w, step_type steps) {
    std::vector<double> x(static_cast<std::size_t>(steps), 0.0);
    const auto d = static_cast<step_type>(std::llround(delay_ms / h));
    for (const auto k : train)
        if (k + d < steps) x[static_cast<std::size_t>(k + d)] += w;
    return x;
}

using y2 = std::array<double, 2>;  // (V, w); cuba: (v, unused)

// V after each step of a neuron with current synapses: the inputs join g_e, g_i at the start of a
// step, then 200 RK4 substeps of dy/dt = f(y, g_e(t) + g_i(t)), g_s(t) = g_s e^{-t/tau_s} exactly.
template <typename F>
std::vector<double> fine_reference(y2 y, double tau_e, double tau_i, const std::vector<double>& xe,
                                   const std::vector<double>& xi, F f) {
    double ge = 0.0, gi = 0.0;
    std::vector<double> out;
    const int n = 200;
    const double hs = h / n;
    auto at = [](const y2& u, const y2& k, double c) { return y2{u[0] + c * k[0], u[1] + c * k[1]}; };
    for (std::size_t k = 0; k < xe.size(); ++k) {
        ge += xe[k];
        gi += xi[k];
        auto g = [&](double t) { return ge * std::exp(-t / tau_e) + gi * std::exp(-t / tau_i); };
        for (int j = 0; j < n; ++j) {
            const double t0 = j * hs;
            const y2 k1 = f(y, g(t0)), k2 = f(at(y, k1, hs / 2), g(t0 + hs / 2)), k3 = f(at(y, k2, hs / 2), g(t0 + hs / 2)),
                     k4 = f(at(y, k3, hs), g(t0 + hs));
            for (int c = 0; c < 2; ++c) y[c] += hs / 6 * (k1[c] + 2 * k2[c] + 2 * k3[c] + k4[c]);
        }
        ge *= std::exp(-h / tau_e);
        gi *= std::exp(-h / tau_i);
        out.push_back(y[0]);
    }
    return out;
}

// A: C dV/dt = -g_L (V - E_L) + g_L Delta_T e^{(V - V_T)/Delta_T} - w + g_e + g_i + I_e,
// tau_w dw/dt = a (V - E_L) - w (sub-threshold only: no reset).
std::vector<double> adex_reference(const adex_params& a, const std::vector<double>& xe, const std::vector<double>& xi) {
    return fine_reference({a.v_init.mean, 0.0}, a.tau_e, a.tau_i, xe, xi, [&](const y2& y, double g) {
        const double v = y[0], w = y[1];
        return y2{(-a.g_l * (v - a.e_l) + a.g_l * a.delta_t * std::exp((v - a.v_t) / a.delta_t) - w + g + a.i_e) / a.c_m,
                  (a.a * (v - a.e_l) - w) / a.tau_w};
    });
}

// C: tau_m dv/dt = (E_L - v) + g_e + g_i.
std::vector<double> cuba_reference(const lif_population_params& c, const std::vector<double>& xe,
                                   const std::vector<double>& xi) {
    return fine_reference({c.v_init_min, 0.0}, c.synapse.tau_e, c.synapse.tau_i, xe, xi,
                          [&](const y2& y, double g) { return y2{(c.synapse.e_l - y[0] + g) / c.tau_m, 0.0}; });
}

}  // namespace

TEST(mixed_models, coupled_targets_follow_fine_step_references_in_their_own_units) {
    const auto net = coupled();
    const step_type steps = 5000;
    lif_engine eng(net, partition(net.size(), 1, 0));
    std::vector<std::vector<double>> v(3);  // A, C, D after each step
    eng.set_voltage_probe([&](step_type, std::span<const double> x) {
        for (std::size_t t = 0; t < 3; ++t) v[t].push_back(x[2 + t]);
    });
    eng.advance(steps);
    const auto spikes = eng.take_spikes();
    // The sources' trains from the recursion; the targets must stay silent (sub-threshold).
    const auto te = regular_train(se_dc, steps), ti = regular_train(si_dc, steps);
    ASSERT_GT(te.size(), 10u);
    ASSERT_GT(ti.size(), 10u);
    std::vector<step_type> ge, gi;
    for (const auto& s : spikes) {
        ASSERT_LT(s.gid, 2u) << "a target spiked at step " << s.step;
        (s.gid == 0 ? ge : gi).push_back(s.step - 1);
    }
    ASSERT_EQ(ge, te);
    ASSERT_EQ(gi, ti);
    const double* w[3] = {w_a, w_c, w_d};
    std::vector<std::vector<double>> xe, xi;
    for (std::size_t t = 0; t < 3; ++t) {
        xe.push_back(arrivals(te, d_e, w[t][0], steps));
        xi.push_back(arrivals(ti, d_i, w[t][1], steps));
    }
    const auto ra = adex_reference(net.populations[2].adex, xe[0], xi[0]);
    const auto rc = cuba_reference(net.populations[3], xe[1], xi[1]);
    // D: the exact recursion V <- P33 V + x, x = the E input + the I input of the step.
    std::vector<double> rd;
    double vd = 2.0;
    for (step_type k = 0; k < steps; ++k) {
        vd = std::exp(-h / 20.0) * vd + (xe[2][static_cast<std::size_t>(k)] + xi[2][static_cast<std::size_t>(k)]);
        rd.push_back(vd);
    }
    // The inputs moved every target (not a test passed by silence): its largest distance from
    // the same reference without input.
    const std::vector<double> none(static_cast<std::size_t>(steps), 0.0);
    const auto ra0 = adex_reference(net.populations[2].adex, none, none);
    const auto rc0 = cuba_reference(net.populations[3], none, none);
    double moved_a = 0.0, moved_c = 0.0, moved_d = 0.0;
    for (step_type k = 0; k < steps; ++k) {
        const auto i = static_cast<std::size_t>(k);
        ASSERT_NEAR(v[0][i], ra[i], 1e-5) << "adex step " << k;
        ASSERT_NEAR(v[1][i], rc[i], 1e-9) << "cuba step " << k;
        ASSERT_NEAR(v[2][i], rd[i], 1e-12) << "delta step " << k;
        moved_a = std::max(moved_a, std::fabs(ra[i] - ra0[i]));
        moved_c = std::max(moved_c, std::fabs(rc[i] - rc0[i]));
        moved_d = std::max(moved_d, std::fabs(rd[i] - 2.0 * std::exp(-h / 20.0 * static_cast<double>(k + 1))));
    }
    EXPECT_GT(moved_a, 0.5);
    EXPECT_GT(moved_c, 0.5);
    EXPECT_GT(moved_d, 0.5);
}

TEST(mixed_models, checkpoint_of_a_mixed_network_continues_bitwise) {
    auto net = uncoupled(-1);
    // Couple them too (weights in each target's units: A pA, B mV, C g_L, sources' signs).
    auto cross = self(0, 0.5, 1.0);  // A (E) -> B (delta): +0.5 mV
    cross.target = 1;
    net.projections.push_back(cross);
    cross = self(1, -4.0, 0.7);      // B (I) -> A (adex, current): -4 pA
    cross.target = 0;
    net.projections.push_back(cross);
    cross = self(1, 0.1, 0.9);       // B (I) -> C (coba): +0.1 g_L into g_i
    cross.target = 2;
    net.projections.push_back(cross);
    const partition part(net.size(), 1, 0);
    lif_engine a(net, part);
    a.advance(700);
    a.take_spikes();
    const auto names = a.state_names();
    ASSERT_EQ(names.size(), 3u);  // the union: g_e, g_i, w
    const named_state snap = a.checkpoint_state();
    lif_engine b(net, part);
    b.restore(snap, a.now());
    a.advance(1500);
    b.advance(1500);
    const auto sa = a.take_spikes(), sb = b.take_spikes();
    ASSERT_GT(sa.size(), 100u);
    ASSERT_EQ(sa.size(), sb.size());
    for (std::size_t k = 0; k < sa.size(); ++k) {
        ASSERT_EQ(sa[k].gid, sb[k].gid) << k;
        ASSERT_EQ(sa[k].step, sb[k].step) << k;
    }
    for (std::size_t i = 0; i < a.v().size(); ++i) ASSERT_EQ(a.v()[i], b.v()[i]) << i;
    for (const auto name : names)
        for (std::size_t i = 0; i < a.v().size(); ++i) ASSERT_EQ(a.state(name)[i], b.state(name)[i]) << name << " " << i;
    // The delta population B has no g_e, g_i, w: they stay 0 there.
    for (std::size_t i = 60; i < 110; ++i) ASSERT_EQ(a.state("w")[i], 0.0) << i;
}

TEST(mixed_models, weights_are_checked_in_the_units_of_the_target) {
    auto net = uncoupled(-1);
    net.validate();  // A (adex current), B (delta), C (coba) together
    auto bad = net;
    auto pr = self(1, -0.3, 1.0);  // B (I, delta) onto C (coba): a conductance increment must be >= 0
    pr.target = 2;
    bad.projections.push_back(pr);
    try {
        bad.validate();
        FAIL() << "a negative weight onto coba was accepted";
    } catch (const config_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("projections[3].weight"), std::string::npos) << m;
        EXPECT_NE(m.find("target population C"), std::string::npos) << m;
        EXPECT_NE(m.find("coba"), std::string::npos) << m;
    }
    // The same weight onto the delta population B itself is a voltage jump: allowed.
    pr.target = 1;
    auto ok = net;
    ok.projections.push_back(pr);
    EXPECT_NO_THROW(ok.validate());
    // Every adex population has one synapse kind.
    auto two = net;
    two.populations.push_back(adex_population("A2", 10, false));
    two.populations.back().adex.synapse = adex_synapse::conductance;
    try {
        two.validate();
        FAIL() << "two adex synapse kinds were accepted";
    } catch (const config_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("populations[3].adex.synapse"), std::string::npos) << m;
        EXPECT_NE(m.find("first adex population A"), std::string::npos) << m;
    }
}

TEST(mixed_models, two_rings_when_any_model_needs_them_and_the_union_of_names) {
    lif_network_params net;
    net.populations = {delta_population("E", 2, true), delta_population("I", 2, false)};
    EXPECT_EQ(network_channels(net), 1u);
    EXPECT_TRUE(network_state_names(net).empty());
    net.populations[1].model = neuron_model::cuba;
    EXPECT_EQ(network_channels(net), 2u);
    EXPECT_EQ(network_state_names(net), (std::vector<std::string_view>{"g_e", "g_i"}));
    net.populations[0].model = neuron_model::adex;
    EXPECT_EQ(network_state_names(net), (std::vector<std::string_view>{"g_e", "g_i", "w"}));
    EXPECT_FALSE(net.common_model());
    net.set_model(neuron_model::coba);
    EXPECT_EQ(net.common_model(), neuron_model::coba);
}
