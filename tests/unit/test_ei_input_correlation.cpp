// SPDX-License-Identifier: BSD-3-Clause
// ei_input_correlation against a naive computation: filters run from step 0, statistics over
// k >= t0 by two-pass Pearson per neuron and for the neuron averages; mean inputs per ms.
// Also the lif_engine input probe: without recurrence, e and i are exactly the two external
// Poisson drives' jumps, counted during refractoriness too, and the dynamics are unchanged.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/analysis/ei_input_correlation.hpp>
#include <balnet/spiking/lif_engine.hpp>

#include "naive_pearson.hpp"

using namespace balnet;

namespace {

using test::naive_pearson;

}  // namespace

TEST(ei_input_correlation, matches_naive_filtered_pearson) {
    const std::size_t n_owned = 6;
    const std::vector<std::size_t> rec = {1, 4, 5};
    const double dt = 0.1, tau = 2.0, decay = std::exp(-dt / tau);
    const step_type t0 = 200, steps = 2000;
    ei_input_correlation acc(rec, t0, tau, dt);
    std::vector<std::vector<double>> fe(rec.size()), fi(rec.size());
    std::vector<double> ge(rec.size(), 0.0), gi(rec.size(), 0.0), pe, pi;
    double raw_e = 0, raw_i = 0;
    rng_stream rng(5, rng_purpose::sampling, 0);
    for (step_type k = 0; k < steps; ++k) {
        std::vector<double> e(n_owned), i(n_owned);
        const double common = rng.uniform();
        for (std::size_t n = 0; n < n_owned; ++n) {
            e[n] = common + rng.uniform();
            i[n] = 0.5 * common + 2.0 * rng.uniform();
        }
        acc.add(k, e, i);
        double se = 0, si = 0;
        for (std::size_t r = 0; r < rec.size(); ++r) {
            ge[r] = ge[r] * decay + e[rec[r]];
            gi[r] = gi[r] * decay + i[rec[r]];
            if (k < t0) continue;
            fe[r].push_back(ge[r]);
            fi[r].push_back(gi[r]);
            se += ge[r];
            si += gi[r];
            raw_e += e[rec[r]];
            raw_i += i[rec[r]];
        }
        if (k >= t0) { pe.push_back(se); pi.push_back(si); }
    }
    double rho = 0;
    for (std::size_t r = 0; r < rec.size(); ++r) rho += naive_pearson(fe[r], fi[r]) / 3.0;
    const auto res = acc.result();
    EXPECT_NEAR(res.rho, rho, 1e-9);
    EXPECT_NEAR(res.rho_pop, naive_pearson(pe, pi), 1e-9);
    const double denom = 3.0 * static_cast<double>(steps - t0) * dt;
    EXPECT_NEAR(res.mean_e, raw_e / denom, 1e-12);
    EXPECT_NEAR(res.mean_i, raw_i / denom, 1e-12);
    EXPECT_NEAR(res.balance, std::fabs(raw_e - raw_i) / raw_e, 1e-12);
    EXPECT_EQ(res.n_neurons, 3u);
}

TEST(lif_engine_input_probe, reports_both_external_drives_and_leaves_dynamics_unchanged) {
    lif_network_params net;
    net.dt = 0.1;
    lif_population_params p;
    p.name = "E";
    p.size = 70;  // more than one Philox batch
    p.ext_rate = 20000.0;
    p.ext_weight = 0.2;
    p.ext2_rate = 5000.0;
    p.ext2_weight = -0.6;
    net.populations = {p};
    lif_engine probed(net, partition(net.size(), 1, 0)), plain(net, partition(net.size(), 1, 0));
    double sum_e = 0, sum_i = 0;
    std::uint64_t samples = 0;
    bool e_multiple = true, i_multiple = true;
    probed.set_input_probe([&](step_type, std::span<const double> e, std::span<const double> i) {
        for (std::size_t n = 0; n < e.size(); ++n) {
            sum_e += e[n];
            sum_i += i[n];
            e_multiple &= std::fabs(e[n] / 0.2 - std::round(e[n] / 0.2)) < 1e-9;
            i_multiple &= std::fabs(i[n] / 0.6 - std::round(i[n] / 0.6)) < 1e-9;
        }
        ++samples;
    });
    probed.advance(2000);
    plain.advance(2000);
    const auto spikes = probed.take_spikes();
    EXPECT_FALSE(spikes.empty());
    EXPECT_EQ(spikes, plain.take_spikes());
    const double n = static_cast<double>(samples) * 70.0;
    // Means of J * Poisson(rate h): 0.2 * 2 = 0.4 and 0.6 * 0.5 = 0.3 mV per step (5 sigma).
    EXPECT_NEAR(sum_e / n, 0.4, 5 * 0.2 * std::sqrt(2.0 / n));
    EXPECT_NEAR(sum_i / n, 0.3, 5 * 0.6 * std::sqrt(0.5 / n));
    EXPECT_TRUE(e_multiple);
    EXPECT_TRUE(i_multiple);
}

TEST(lif_engine_input_probe, second_drive_is_independent_of_the_first) {
    // Same rate and |weight| on both drives with opposite signs: if they shared their random
    // numbers the net input would be exactly 0 every step.
    lif_network_params net;
    lif_population_params p;
    p.name = "E";
    p.size = 10;
    p.ext_rate = p.ext2_rate = 10000.0;
    p.ext_weight = 0.1;
    p.ext2_weight = -0.1;
    net.populations = {p};
    lif_engine eng(net, partition(net.size(), 1, 0));
    std::uint64_t differ = 0;
    eng.set_input_probe([&](step_type, std::span<const double> e, std::span<const double> i) {
        for (std::size_t n = 0; n < e.size(); ++n) differ += e[n] != i[n];
    });
    eng.advance(500);
    EXPECT_GT(differ, 2500u);
}
