// SPDX-License-Identifier: BSD-3-Clause
// The cuba and coba neuron models (docs/models.md §2.3) against closed forms and hand computations:
// kappa against the formula of §2.3 (and its limit at tau_s = tau_m), the CUBA voltage after a
// single input as the analytic double-exponential response, one COBA Euler step computed by
// hand, the refractory clamp with g still decaying, and through the LIF engine: a spike detected
// in step k acts from step k + 1, the g_i channel is chosen by the source population, the
// Brette benchmark network has p N^2 synapses and COBA's initial state has the stated moments.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/spiking/brette_benchmark.hpp>
#include <balnet/spiking/exp_synapse_neuron.hpp>
#include <balnet/spiking/lif_engine.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1, tau_m = 20.0, tau_e = 5.0, tau_i = 10.0;

// One neuron stepped n times by exp_synapse_step; v after each step.
struct one_neuron {
    std::vector<double> v{0.0}, ge{0.0}, gi{0.0};
    std::vector<std::int32_t> r{0};
    std::vector<std::size_t> spiked;

    double step(const exp_synapse_constants& c) {
        exp_synapse_step(c, {v, ge, gi, r}, 0, 1, spiked);
        return v[0];
    }
};

exp_synapse_params synapses(double e_l) {
    exp_synapse_params p;
    p.tau_e = tau_e;
    p.tau_i = tau_i;
    p.e_l = e_l;
    return p;
}

// v of tau_m dv/dt = (E_L - v) + w e^{-t/tau_s}, v(0) = v0 (t >= 0), the double exponential.
double cuba_response(double t, double v0, double e_l, double w, double tau_s) {
    const double syn = tau_s == tau_m ? w * (t / tau_m) * std::exp(-t / tau_m)
                                      : w * tau_s / (tau_s - tau_m) * (std::exp(-t / tau_s) - std::exp(-t / tau_m));
    return e_l + (v0 - e_l) * std::exp(-t / tau_m) + syn;
}

}  // namespace

TEST(exp_synapse_neuron, kappa_is_the_formula_of_models_2_3) {
    for (const double ts : {5.0, 10.0, 30.0, 1.0}) {
        const double direct = ts / (ts - tau_m) * (std::exp(-h / ts) - std::exp(-h / tau_m));
        EXPECT_NEAR(cuba_kappa(ts, tau_m, h), direct, 1e-15) << ts;
    }
    // tau_s = tau_m: the limit (h / tau_m) e^{-h/tau_m}, and continuous next to it.
    const double limit = h / tau_m * std::exp(-h / tau_m);
    EXPECT_DOUBLE_EQ(cuba_kappa(tau_m, tau_m, h), limit);
    // Next to it, no cancellation: kappa = limit (1 + x/2 + O(x^2)), x = h (tau_s - tau_m) / (tau_m tau_s).
    const double ts = tau_m * (1 + 1e-9), x = h * (ts - tau_m) / (tau_m * ts);
    EXPECT_NEAR(cuba_kappa(ts, tau_m, h), limit * (1 + x / 2), 1e-17);
}

TEST(exp_synapse_neuron, cuba_single_input_is_the_double_exponential) {
    for (const double ts : {tau_e, tau_i, tau_m}) {  // tau_m: the kappa limit
        const double e_l = -49.0, v0 = -55.0, w = 1.62;
        exp_synapse_params p = synapses(e_l);
        p.tau_e = ts;
        const auto c = exp_synapse_constants::make(neuron_model::cuba, p, tau_m, 1e9, -60.0, 50, h);
        one_neuron n;
        n.v[0] = v0;
        n.ge[0] = w;  // the increment arrived for step 0
        for (int k = 0; k < 2000; ++k) {
            const double v = n.step(c);
            ASSERT_NEAR(v, cuba_response((k + 1) * h, v0, e_l, w, ts), 1e-11) << "tau_s " << ts << " step " << k;
            ASSERT_NEAR(n.ge[0], w * std::exp(-(k + 1) * h / ts), 1e-14);
        }
        EXPECT_TRUE(n.spiked.empty());
    }
}

TEST(exp_synapse_neuron, coba_euler_step_by_hand) {
    exp_synapse_params p = synapses(-60.0);
    p.e_e = 0.0;
    p.e_i = -80.0;
    const auto c = exp_synapse_constants::make(neuron_model::coba, p, tau_m, -50.0, -60.0, 50, h);
    one_neuron n;
    n.v[0] = -65.0;
    n.ge[0] = 4.0;
    n.gi[0] = 20.0;
    // v1 = -65 + (0.1/20) [(-60 + 65) + 4 (0 + 65) + 20 (-80 + 65)] = -65 + 0.005 (-35).
    EXPECT_NEAR(n.step(c), -65.175, 1e-13);
    EXPECT_NEAR(n.ge[0], 4.0 * 0.98019867330675527, 1e-15);   // e^{-0.02}
    EXPECT_NEAR(n.gi[0], 20.0 * 0.99004983374916805, 1e-14);  // e^{-0.01}
    // Second step from the decayed conductances, again by hand.
    const double v1 = -65.175, ge1 = 4.0 * 0.98019867330675527, gi1 = 20.0 * 0.99004983374916805;
    const double v2 = v1 + 0.005 * ((-60.0 - v1) + ge1 * (0.0 - v1) + gi1 * (-80.0 - v1));
    EXPECT_NEAR(n.step(c), v2, 1e-13);
}

TEST(exp_synapse_neuron, refractory_clamp_keeps_the_conductances_decaying) {
    // E_L = -40 mV above threshold: from V_r the neuron crosses at t* = tau_m ln(20/10).
    const auto c = exp_synapse_constants::make(neuron_model::cuba, synapses(-40.0), tau_m, -50.0, -60.0, 50, h);
    one_neuron n;
    n.v[0] = -60.0;
    std::vector<int> spike_steps;
    for (int k = 0; k < 1000; ++k) {
        const std::size_t before = n.spiked.size();
        n.step(c);
        if (n.spiked.size() > before) spike_steps.push_back(k);
    }
    const int cross = static_cast<int>(std::ceil(tau_m * std::log(2.0) / h));  // steps from V_r
    ASSERT_GE(spike_steps.size(), 3u);
    EXPECT_EQ(spike_steps[0] + 1, cross);
    for (std::size_t i = 1; i < spike_steps.size(); ++i) EXPECT_EQ(spike_steps[i] - spike_steps[i - 1], 50 + cross);
    // During the clamp an inhibitory g decays as e^{-k h / tau_i} while v stays at V_r.
    one_neuron m;
    m.v[0] = -60.0;
    m.r[0] = 50;
    m.gi[0] = -9.0;
    for (int k = 0; k < 50; ++k) {
        EXPECT_EQ(m.step(c), -60.0);
        EXPECT_NEAR(m.gi[0], -9.0 * std::exp(-(k + 1) * h / tau_i), 1e-13);  // k + 1 roundings
    }
    EXPECT_NE(m.step(c), -60.0);  // integrates again in the (n_ref + 1)-th step
}

namespace {

// E: one neuron firing spontaneously (E_L above threshold, v(0) = V_r); I: one silent neuron
// at rest receiving E's spikes (p = 1, weight w, delay h) and, with `self_inhibit`, its own.
lif_network_params pair_network(neuron_model m, double w) {
    lif_network_params net;
    net.dt = h;
    for (const bool e : {true, false}) {
        lif_population_params p;
        p.name = e ? "E" : "I";
        p.size = 1;
        p.excitatory = e;
        p.tau_m = tau_m;
        p.theta = -50.0;
        p.v_reset = -60.0;
        p.t_ref = 5.0;
        p.v_init_min = p.v_init_max = -60.0;
        p.synapse = synapses(e ? -40.0 : -60.0);
        p.model = m;
        net.populations.push_back(p);
    }
    lif_projection_params pr;
    pr.source = 0;
    pr.target = 1;
    pr.rule = lif_connectivity_kind::bernoulli;
    pr.probability = 1.0;
    pr.weight = w;
    pr.delay = h;
    net.projections.push_back(pr);
    return net;
}

}  // namespace

TEST(exp_synapse_neuron, engine_spike_acts_from_the_next_step) {
    const double w = 2.0;
    lif_engine eng(pair_network(neuron_model::cuba, w), partition(2, 1, 0));
    std::vector<double> v_i;
    eng.set_voltage_probe([&](step_type, std::span<const double> v) { v_i.push_back(v[1]); });
    const int first = static_cast<int>(std::ceil(tau_m * std::log(2.0) / h)) - 1;  // E's spike step
    eng.advance(first + 100);
    const auto spikes = eng.take_spikes();
    ASSERT_EQ(spikes.size(), 1u);
    EXPECT_EQ(spikes[0].step, first + 1);
    for (int k = 0; k <= first; ++k) ASSERT_EQ(v_i[static_cast<std::size_t>(k)], -60.0) << k;
    // The increment joins g_e in step first + 1: after step k, t = (k - first) h of response.
    for (int k = first + 1; k < first + 100; ++k)
        ASSERT_NEAR(v_i[static_cast<std::size_t>(k)], cuba_response((k - first) * h, -60.0, -60.0, w, tau_e), 1e-12) << k;
    EXPECT_EQ(eng.n_events_delivered(), 1u);
}

TEST(exp_synapse_neuron, engine_routes_inhibitory_sources_to_g_i) {
    // COBA with E as the inhibitory population: its spike must increment g_i, not g_e.
    auto net = pair_network(neuron_model::coba, 6.7);
    net.populations[0].excitatory = false;
    net.populations[0].synapse.e_l = -40.0;
    lif_engine eng(net, partition(2, 1, 0));
    const int first = static_cast<int>(std::ceil(tau_m * std::log(2.0) / h)) - 1;
    eng.advance(first + 11);
    ASSERT_EQ(eng.take_spikes().size(), 1u);
    EXPECT_EQ(eng.g_e()[1], 0.0);
    EXPECT_NEAR(eng.g_i()[1], 6.7 * std::exp(-10 * h / tau_i), 1e-14);  // joined in step first + 1
    EXPECT_LT(eng.v()[1], -60.0);  // pulled towards E_i
}

TEST(exp_synapse_neuron, brette_network_has_p_n_squared_synapses) {
    const auto net = brette_benchmark::cuba().network();
    EXPECT_EQ(net.size(), 4000u);
    const lif_engine eng(net, partition(net.size(), 1, 0));
    const double n = static_cast<double>(eng.synapses().n_synapses());
    const double mean = 0.02 * 4000.0 * 4000.0, sd = std::sqrt(mean * 0.98);
    EXPECT_NEAR(n, mean, 5 * sd);
    // CUBA: v(0) ~ U(V_r, theta), g(0) = 0.
    for (const double v : eng.v()) ASSERT_TRUE(v >= -60.0 && v <= -50.0);
    for (const double g : eng.g_e()) ASSERT_EQ(g, 0.0);
}

TEST(exp_synapse_neuron, coba_initial_state_has_the_stated_moments) {
    const auto net = brette_benchmark::coba().network();
    const lif_engine eng(net, partition(net.size(), 1, 0));
    auto moments = [](std::span<const double> x) {
        const double m = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
        double s = 0.0;
        for (const double v : x) s += (v - m) * (v - m);
        return std::pair{m, std::sqrt(s / static_cast<double>(x.size()))};
    };
    const double n = 4000.0;
    for (const auto& [x, mean, sd] : {std::tuple{eng.v(), -65.0, 5.0}, std::tuple{eng.g_e(), 4.0, 1.5},
                                      std::tuple{eng.g_i(), 20.0, 12.0}}) {
        const auto [m, s] = moments(x);
        EXPECT_NEAR(m, mean, 5 * sd / std::sqrt(n));
        EXPECT_NEAR(s, sd, 5 * sd / std::sqrt(2 * n));
    }
}

TEST(exp_synapse_neuron, validation_refuses_inconsistent_models) {
    auto coba = brette_benchmark::coba();
    coba.e_i = -50.0;  // = theta: inhibition would not inhibit at threshold
    EXPECT_THROW(coba.network(), config_error);
    coba = brette_benchmark::coba();
    coba.e_e = -55.0;
    EXPECT_THROW(coba.network(), config_error);
    coba = brette_benchmark::coba();
    coba.w_i = -6.7;  // a negative conductance increment
    EXPECT_THROW(coba.network(), config_error);
    auto net = brette_benchmark::cuba().network();
    net.populations[0].ext_rate = 100.0;  // a Poisson drive into g_e (docs/models.md §2.3.4): accepted
    net.populations[0].ext_weight = -1.0;  // cuba: a current, either sign
    EXPECT_NO_THROW(net.validate());
    auto cnet = brette_benchmark::coba().network();
    cnet.populations[0].ext_rate = 100.0;
    cnet.populations[0].ext_weight = -1.0;  // coba: a negative conductance increment
    EXPECT_THROW(cnet.validate(), config_error);
    auto cuba = brette_benchmark::cuba();
    cuba.tau_e = 0.0;
    EXPECT_THROW(cuba.network(), config_error);
    cuba.tau_e = tau_m;  // kappa's removable singularity: accepted
    EXPECT_NO_THROW(cuba.network());
}
