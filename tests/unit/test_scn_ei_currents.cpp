// SPDX-License-Identifier: BSD-3-Clause
// SCN E/I input currents (docs/models.md §2.5 item 5.9) against a naive computation: at every step
// E_i and I_i are summed component by component from x~ and from r recomputed from the spikes
// with the full W = -D^T D (diagonal excluded); rho_EI is the two-pass Pearson correlation of
// the stored series and the balance index is recomputed from their means.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/analysis/scn_ei_currents.hpp>

#include "naive_pearson.hpp"
#include "scn_cases.hpp"

using namespace balnet;
using namespace balnet::test;

TEST(ScnEiCurrents, MatchNaiveComponentSums) {
    const scn_params p = scn_2d_circle(20, 9);
    scn_engine eng(p, partition(p.n, 1, 0));
    const step_type t0 = 1000, t1 = 4000;
    scn_ei_currents ei(eng, t0, t1);
    const double a = std::exp(-p.lambda * p.dt);
    std::vector<double> r(p.n, 0.0);
    std::vector<std::vector<double>> es(p.n), is(p.n);
    double worst = 0;
    eng.set_step_probe([&](const scn_engine& e) {
        ei.add(e);
        for (auto& ri : r) ri *= a;
        for (gid_type g : e.last_spikes()) r[g] += 1.0;
        for (gid_type i = 0; i < p.n; ++i) {
            double E = 0, I = 0;
            auto add = [&](double v) { (v > 0 ? E : I) += std::fabs(v); };
            for (int m = 0; m < 2; ++m) add(e.column(i)[m] * e.target()[m]);
            for (gid_type j = 0; j < p.n; ++j) {
                if (j == i) continue;
                const double w = -(e.column(i)[0] * e.column(j)[0] + e.column(i)[1] * e.column(j)[1]);
                add(w * r[j]);
            }
            worst = std::max({worst, std::fabs(ei.e()[i] - E), std::fabs(ei.i()[i] - I)});
            if (e.now() >= t0 && e.now() < t1) {
                es[i].push_back(E);
                is[i].push_back(I);
            }
        }
    });
    eng.advance(5000);
    EXPECT_LT(worst, 1e-12);
    const auto rho = ei.correlation();
    const auto me = ei.mean_e(), mi = ei.mean_i();
    double sum_rho = 0, sum_bal = 0;
    for (gid_type i = 0; i < p.n; ++i) {
        const double ref = naive_pearson(es[i], is[i]);
        EXPECT_NEAR(rho[i], ref, 1e-9) << i;
        double e_mean = 0, i_mean = 0;
        for (std::size_t k = 0; k < es[i].size(); ++k) {
            e_mean += es[i][k] / static_cast<double>(es[i].size());
            i_mean += is[i][k] / static_cast<double>(is[i].size());
        }
        EXPECT_NEAR(me[i], e_mean, 1e-12);
        EXPECT_NEAR(mi[i], i_mean, 1e-12);
        sum_rho += ref;
        sum_bal += std::fabs(e_mean - i_mean) / e_mean;
    }
    const auto res = ei.result();
    EXPECT_EQ(res.n_neurons, p.n);
    EXPECT_NEAR(res.rho, sum_rho / static_cast<double>(p.n), 1e-9);
    EXPECT_NEAR(res.balance, sum_bal / static_cast<double>(p.n), 1e-9);
    EXPECT_GT(res.rho, 0.5);  // E and I track each other (balance)
}

// Checkpoints: the filters and sums serialised at step 2500 (inside the window) and restored
// into a fresh object continue to the uninterrupted object's per-neuron results, bitwise.
TEST(ScnEiCurrents, SerialisedStateContinuesBitwise) {
    const scn_params p = scn_2d_circle(20, 9);
    scn_engine eng(p, partition(p.n, 1, 0));
    scn_ei_currents whole(eng, 1000, 4000), first(eng, 1000, 4000), second(eng, 1000, 4000);
    scn_ei_currents* part = &first;
    eng.set_step_probe([&](const scn_engine& e) {
        whole.add(e);
        part->add(e);
    });
    eng.advance(2500);
    second.restore(first.serialise());
    part = &second;
    eng.advance(2500);
    const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
        return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
    };
    EXPECT_TRUE(same(second.mean_e(), whole.mean_e()));
    EXPECT_TRUE(same(second.mean_i(), whole.mean_i()));
    EXPECT_TRUE(same(second.correlation(), whole.correlation()));  // memcmp: NaN equals NaN
    EXPECT_EQ(std::vector<double>(second.e().begin(), second.e().end()),
              std::vector<double>(whole.e().begin(), whole.e().end()));
    EXPECT_THROW(second.restore(std::vector<double>{1.0}), internal_error);
}
