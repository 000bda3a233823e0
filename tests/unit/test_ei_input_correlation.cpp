// SPDX-License-Identifier: BSD-3-Clause
// ei_input_correlation against a naive computation: filters run from step 0, statistics over
// k >= t0 by two-pass Pearson per neuron and for the neuron averages; mean inputs per ms.
// (Its input, lif_input_split, is tested against the definition in test_lif_input_split.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/analysis/ei_input_correlation.hpp>

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
    ei_input_correlation acc(rec.size(), t0, tau, dt);
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
        std::vector<double> rec_e, rec_i;  // the recorded neurons' input, as the split gives it
        for (const auto n : rec) rec_e.push_back(e[n]), rec_i.push_back(i[n]);
        acc.add(k, rec_e, rec_i);
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
