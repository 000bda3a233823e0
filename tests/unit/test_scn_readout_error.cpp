// SPDX-License-Identifier: BSD-3-Clause
// The SCN decoding error (docs/models.md §2.5 item 5.10) against values worked out by hand and against
// the direct formula on a run.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/analysis/scn_readout_error.hpp>

#include "scn_cases.hpp"

using namespace balnet;
using namespace balnet::test;

TEST(ScnReadoutError, HandComputedWindowAndNormalisation) {
    scn_readout_error e(1, 3);  // samples k = 1, 2
    const std::vector<double> x0{9, 9}, x1{1, 0}, x2{0, 2}, y1{0, 0}, y2{0, 1};
    e.add(0, x0, y1);  // outside the window
    e.add(1, x1, y1);
    e.add(2, x2, y2);
    e.add(3, x0, y1);  // outside
    EXPECT_EQ(e.n_samples(), 2u);
    // errors^2: 1, 0, 0, 1 -> RMSE = sqrt(2 / 4); mean x^2 = (1 + 4) / 4
    EXPECT_DOUBLE_EQ(e.rmse(), std::sqrt(0.5));
    EXPECT_DOUBLE_EQ(e.nrmse(), std::sqrt(0.5) / std::sqrt(1.25));
    EXPECT_TRUE(std::isnan(scn_readout_error(0, 1).nrmse()));
}

TEST(ScnReadoutError, MatchesTheDirectFormulaOnARun) {
    const scn_params p = scn_2d_circle(30, 4);
    scn_engine eng(p, partition(p.n, 1, 0));
    scn_readout_error acc(1000, 5000);
    scn_trace t;
    eng.set_step_probe([&](const scn_engine& e) {
        acc.add(e.now(), e.target(), e.readout());
        t.x.emplace_back(e.target().begin(), e.target().end());
        t.xhat.emplace_back(e.readout().begin(), e.readout().end());
    });
    eng.advance(6000);
    EXPECT_NEAR(acc.nrmse(), naive_nrmse(t, 1000, 5000), 1e-12);
    EXPECT_EQ(acc.n_samples(), 4000u);
}

// Checkpoints: sums serialised after 3000 steps and restored into a fresh accumulator continue
// to the uninterrupted accumulator's result, bitwise.
TEST(ScnReadoutError, SerialisedSumsContinueBitwise) {
    const scn_params p = scn_2d_circle(30, 4);
    scn_engine eng(p, partition(p.n, 1, 0));
    scn_readout_error whole(1000, 5000), first(1000, 5000), second(1000, 5000);
    scn_readout_error* part = &first;
    eng.set_step_probe([&](const scn_engine& e) {
        whole.add(e.now(), e.target(), e.readout());
        part->add(e.now(), e.target(), e.readout());
    });
    eng.advance(3000);
    second.restore(first.serialise());
    part = &second;
    eng.advance(3000);
    EXPECT_EQ(second.n_samples(), whole.n_samples());
    EXPECT_EQ(second.rmse(), whole.rmse());
    EXPECT_EQ(second.nrmse(), whole.nrmse());
    EXPECT_THROW(second.restore(std::vector<double>{1, 2, 3}), internal_error);
}
