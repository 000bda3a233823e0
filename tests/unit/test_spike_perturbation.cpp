// SPDX-License-Identifier: BSD-3-Clause
// The perturbations of run/spike_perturbation.hpp on a two-neuron LIF engine (source -> target,
// one synapse of 0.5 mV, delay D; docs/models.md §2.5.13) against what the delta synapse implies:
// an added spike stamped k0 is visible in the target after step k0 - 1 + D/h (as a real spike of
// that stamp would be); a shifted spike arrives delta later than the unperturbed one; a kick of a
// silent neuron decays as kick exp(-t / tau_m).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/run/spike_perturbation.hpp>
#include <balnet/spiking/lif_engine.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1, tau = 20.0, w = 0.5, delay = 1.5;
constexpr step_type d = 15;  // delay / h

lif_population_params neuron(double mu, double theta) {
    lif_population_params p;
    p.name = "N";
    p.size = 1;
    p.tau_m = tau;
    p.theta = theta;
    p.v_reset = 10.0;
    p.t_ref = 2.0;
    p.v_init_min = p.v_init_max = 0.0;
    p.mu_dc = mu;
    return p;
}

// Source (gid 0, firing regularly when mu > theta) -> target (gid 1, never fires).
lif_engine pair(double source_mu) {
    lif_network_params net;
    net.dt = h;
    net.populations = {neuron(source_mu, 20.0), neuron(0.0, 1000.0)};
    lif_projection_params pr;
    pr.source = 0, pr.target = 1, pr.indegree = 1, pr.weight = w, pr.delay = delay;
    net.projections = {pr};
    return lif_engine(net, partition(net.size(), 1, 0));
}

// V of `gid` after each of n steps, with `p` applied (filter; at_step after advancing to its split).
std::vector<double> run(lif_engine& eng, spike_perturbation& p, step_type n, gid_type gid) {
    std::vector<double> v;
    eng.set_voltage_probe([&](step_type, std::span<const double> x) { v.push_back(x[gid]); });
    eng.set_arrival_filter([&](step_type now, std::vector<spike>& s) { p.filter(now, s); });
    eng.advance(p.split());
    p.at_step(eng, p.split());
    eng.advance(n - p.split());
    return v;
}

// The first step after which the target's V is not 0.
std::size_t first_input(const std::vector<double>& v) {
    std::size_t k = 0;
    while (k < v.size() && v[k] == 0.0) ++k;
    return k;
}

}  // namespace

TEST(spike_perturbation, an_added_spike_reaches_the_targets_after_the_delay) {
    for (step_type k0 : {1, 7, 100, 133}) {
        auto eng = pair(0.0);  // the source never fires on its own
        spike_perturbation p(perturbation_kind::add_spike, 0, k0, 0, 0.0);
        const auto v = run(eng, p, 300, 1);
        const auto k = static_cast<std::size_t>(k0 - 1 + d);  // added in step k0 - 1 + D / h
        ASSERT_EQ(first_input(v), k) << k0;
        EXPECT_EQ(v[k], w) << k0;
        EXPECT_EQ(v[k + 1], w * std::exp(-h / tau)) << k0;
        EXPECT_TRUE(eng.take_spikes().empty()) << k0;  // the added spike is not the neuron's
    }
}

TEST(spike_perturbation, a_shifted_spike_arrives_delta_later) {
    auto plain = pair(25.0);
    spike_perturbation none(perturbation_kind::none, 0, 1, 0, 0.0);
    const auto v0 = run(plain, none, 600, 1);
    const auto fired = plain.take_spikes();
    ASSERT_FALSE(fired.empty());
    for (step_type delta : {1, 5, 40}) {
        auto eng = pair(25.0);
        spike_perturbation p(perturbation_kind::shift_spike, 0, 1, delta, 0.0);
        const auto v = run(eng, p, 600, 1);
        EXPECT_EQ(first_input(v), first_input(v0) + static_cast<std::size_t>(delta)) << delta;
        EXPECT_EQ(p.shifted_from(), fired.front().step) << delta;
        EXPECT_EQ(eng.take_spikes(), fired) << delta;  // the source fires as before
    }
}

TEST(spike_perturbation, a_kick_decays_with_the_membrane_time_constant) {
    auto eng = pair(0.0);
    const step_type k0 = 50;
    spike_perturbation p(perturbation_kind::kick, 1, k0, 0, 2.0);
    const auto v = run(eng, p, 200, 1);
    for (std::size_t k = 0; k < static_cast<std::size_t>(k0); ++k) ASSERT_EQ(v[k], 0.0) << k;
    for (std::size_t k = static_cast<std::size_t>(k0); k < v.size(); ++k)
        ASSERT_NEAR(v[k], 2.0 * std::exp(-static_cast<double>(k + 1 - k0) * h / tau), 1e-13) << k;
}
