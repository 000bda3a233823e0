// SPDX-License-Identifier: BSD-3-Clause
// The LIF engine on one process against closed forms (docs/models.md §2.2.3): the membrane potential
// under constant drive, the threshold-crossing step, the refractory clamp of exactly n_ref
// steps, input arriving exactly at t_s + D (and discarded during refractoriness), the external
// drive recomputed independently, and results that do not depend on how advance() is split.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/spiking/lif_engine.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1, tau = 20.0;

lif_population_params neuron(std::uint64_t n, double mu, double v0, double theta = 20.0) {
    lif_population_params p;
    p.name = "N";
    p.size = n;
    p.tau_m = tau;
    p.theta = theta;
    p.v_reset = 10.0;
    p.t_ref = 2.0;
    p.v_init_min = p.v_init_max = v0;
    p.mu_dc = mu;
    return p;
}

lif_network_params single(double mu, double v0, double theta = 20.0) {
    lif_network_params net;
    net.dt = h;
    net.populations = {neuron(1, mu, v0, theta)};
    return net;
}

// Voltages of every owned neuron after each step (probe), for n steps of advance(1).
std::vector<std::vector<double>> trace(lif_engine& eng, step_type n) {
    std::vector<std::vector<double>> v;
    eng.set_voltage_probe([&](step_type, std::span<const double> x) { v.emplace_back(x.begin(), x.end()); });
    eng.advance(n);
    eng.set_voltage_probe({});
    return v;
}

lif_engine serial(const lif_network_params& net) { return lif_engine(net, partition(net.size(), 1, 0)); }

}  // namespace

TEST(lif_engine, constant_drive_follows_the_closed_form) {
    auto eng = serial(single(15.0, 3.0, 1000.0));  // threshold out of reach
    const auto v = trace(eng, 500);
    for (std::size_t k = 0; k < v.size(); ++k) {
        const double t = static_cast<double>(k + 1) * h;  // after step k: t_{k+1}
        const double exact = 15.0 + (3.0 - 15.0) * std::exp(-t / tau);
        ASSERT_NEAR(v[k][0], exact, 1e-12) << k;
    }
}

TEST(lif_engine, threshold_crossing_reset_and_refractory_clamp) {
    const double mu = 25.0, theta = 20.0, vr = 10.0;
    auto eng = serial(single(mu, 0.0, theta));
    const auto v = trace(eng, 2000);
    const auto spikes = eng.take_spikes();
    ASSERT_GE(spikes.size(), 3u);
    // First crossing of V(t) = mu (1 - e^{-t/tau}) at t* = tau ln(mu / (mu - theta)); the
    // spike is stamped at the first grid point at or after t*.
    const double t1 = tau * std::log(mu / (mu - theta));
    EXPECT_EQ(spikes[0].step, static_cast<step_type>(std::ceil(t1 / h)));
    // Then V = V_r for exactly n_ref = 20 steps after the spike step, and the neuron restarts
    // from V_r: the next crossing after m = ceil(t2 / h) integrating steps.
    const step_type n_ref = 20;
    const double t2 = tau * std::log((mu - vr) / (mu - theta));
    const step_type isi = n_ref + static_cast<step_type>(std::ceil(t2 / h));
    for (std::size_t i = 0; i + 1 < spikes.size(); ++i)
        EXPECT_EQ(spikes[i + 1].step - spikes[i].step, isi) << i;
    const auto k = static_cast<std::size_t>(spikes[0].step - 1);  // the step that emitted it
    for (std::size_t j = k; j <= k + n_ref; ++j) EXPECT_EQ(v[j][0], vr) << j - k;
    EXPECT_GT(v[k + n_ref + 1][0], vr);  // integrates again in step k + n_ref + 1
    EXPECT_NEAR(v[k + n_ref + 1][0], mu + (vr - mu) * std::exp(-h / tau), 1e-12);
}

TEST(lif_engine, input_arrives_exactly_at_spike_time_plus_delay) {
    for (double delay : {0.1, 1.5, 3.2}) {
        lif_network_params net;
        net.dt = h;
        net.populations = {neuron(1, 25.0, 0.0), neuron(1, 0.0, 0.0, 1000.0)};
        lif_projection_params pr;
        pr.source = 0, pr.target = 1, pr.indegree = 1, pr.weight = 0.5, pr.delay = delay;
        net.projections = {pr};
        auto eng = serial(net);
        const auto v = trace(eng, 400);
        const auto s = eng.take_spikes();
        ASSERT_FALSE(s.empty());
        const auto d = static_cast<std::size_t>(std::llround(delay / h));
        const auto arrive = static_cast<std::size_t>(s[0].step - 1) + d;  // added in step k + d
        // ... so it is visible at t_{k+d+1} = t_s + D: after step k + d, not before.
        EXPECT_EQ(v[arrive - 1][1], 0.0) << delay;
        EXPECT_EQ(v[arrive][1], 0.5) << delay;
        EXPECT_EQ(v[arrive + 1][1], 0.5 * std::exp(-h / tau)) << delay;
    }
}

TEST(lif_engine, input_during_refractoriness_is_discarded) {
    // A regular neuron with an excitatory autapse: arriving 0.5 ms after its spike (inside the
    // 2 ms clamp) the input is discarded and the train is that of the isolated neuron; with a
    // 3 ms delay it arrives after the clamp and shortens the next ISI.
    auto base = single(25.0, 0.0);
    auto alone = serial(base);
    alone.advance(3000);
    const auto reference = alone.take_spikes();
    for (double delay : {0.5, 3.0}) {
        auto net = base;
        lif_projection_params pr;
        pr.indegree = 1, pr.weight = 3.0, pr.delay = delay;
        net.projections = {pr};
        auto eng = serial(net);
        eng.advance(3000);
        if (delay < 2.0) {
            EXPECT_EQ(eng.spikes(), reference);
        } else {
            EXPECT_LT(eng.spikes()[1].step - eng.spikes()[0].step,
                      reference[1].step - reference[0].step);
        }
    }
}

TEST(lif_engine, external_drive_matches_an_independent_recomputation) {
    lif_network_params net;
    net.dt = h;
    net.seed = 41;
    auto pop = neuron(100, 0.0, 0.0, 1e9);  // 100 neurons: one full batch of 64 and a partial one
    pop.ext_rate = 20000.0;                 // lambda = 2 per step
    pop.ext_weight = 0.1;
    pop.v_init_max = 5.0;
    net.populations = {pop};
    auto eng = serial(net);
    std::vector<double> v0(eng.v().begin(), eng.v().end());
    eng.advance(50);
    const poisson_drive drive(2.0);
    const double p33 = std::exp(-h / tau);
    for (gid_type g = 0; g < 100; ++g) {
        double v = v0[g];
        for (step_type k = 0; k < 50; ++k) v = p33 * v + (0.0 + 0.1 * drive.count(41, g, k));
        ASSERT_EQ(eng.v()[g], v) << g;
    }
    // Initial state: U(0, 5) from the initial-state stream, not a constant.
    EXPECT_NE(v0[0], v0[1]);
    for (double x : v0) EXPECT_TRUE(x > 0.0 && x < 5.0);
}

TEST(lif_engine, splitting_advance_changes_nothing) {
    brunel_model_a m;
    m.n_e = 400, m.n_i = 100, m.c_e = 40, m.c_i = 10, m.j = 0.5, m.seed = 5;
    const auto net = m.network();
    auto a = serial(net);
    a.advance(1500);
    auto b = serial(net);
    for (step_type s : {1, 7, 15, 16, 400, 1061}) b.advance(s);
    ASSERT_GT(a.spikes().size(), 100u);
    EXPECT_EQ(a.spikes(), b.spikes());
    EXPECT_TRUE(std::equal(a.v().begin(), a.v().end(), b.v().begin()));
    EXPECT_TRUE(std::is_sorted(a.spikes().begin(), a.spikes().end()));
    EXPECT_GT(a.n_events_delivered(), 0u);
    EXPECT_EQ(a.n_events_delivered(), b.n_events_delivered());
    EXPECT_EQ(a.interval(), 15);
}

// run.trials: restart(k) is a new engine of trial k (same synapses, trial k's V(0) and drive);
// another trial differs, and trial 0 is keyed by the seed itself (the bits without trials).
TEST(lif_engine, restart_equals_a_new_engine_of_that_trial) {
    brunel_model_a m;
    m.n_e = 400, m.n_i = 100, m.c_e = 40, m.c_i = 10, m.j = 0.5, m.seed = 5;
    auto net = m.network();
    auto a = serial(net);
    a.advance(700);
    a.take_spikes();
    a.restart(3);
    a.advance(1500);
    net.trial = 3;
    auto b = serial(net);
    b.advance(1500);
    ASSERT_GT(a.spikes().size(), 100u);
    EXPECT_EQ(a.spikes(), b.spikes());
    EXPECT_TRUE(std::equal(a.v().begin(), a.v().end(), b.v().begin()));
    EXPECT_EQ(a.n_events_delivered(), b.n_events_delivered());
    net.trial = 0;
    auto c = serial(net);
    c.advance(1500);
    EXPECT_NE(c.spikes(), b.spikes());
    a.take_spikes();
    a.restart(0);
    a.advance(1500);
    EXPECT_EQ(a.spikes(), c.spikes());
}

TEST(lif_engine, rejects_a_partition_of_another_size) {
    const auto net = single(1.0, 0.0);
    EXPECT_THROW(lif_engine(net, partition(2, 1, 0)), config_error);
    EXPECT_THROW(lif_engine(net, partition(1, 2, 0)), internal_error);  // local exchange, 2 ranks
}
