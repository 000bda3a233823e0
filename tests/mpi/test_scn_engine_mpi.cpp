// SPDX-License-Identifier: BSD-3-Clause
// SCN spike trains and read-out are bitwise identical for any rank count: every rank runs the
// network over the MPI partition and compares all spikes (gathered), x^, x~ and its owned
// neurons' V with the same network run on one process (partition(N, 1, 0), no context).
// Covers the greedy rule (S_max = 1 and unlimited), all_above, voltage noise, non-leaky dynamics
// and a knock-out, with uneven blocks and (N = 3 at np 4) an empty rank. Also context::max_loc
// ties (lowest loc wins).
#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/scn_engine.hpp>

#include "../unit/scn_cases.hpp"
#include "engine_spikes.hpp"

using namespace balnet;

namespace {

struct result {
    std::vector<spike> spikes;
    std::vector<double> xhat, x, v;
};

result run(scn_engine& eng, step_type steps, const context* ctx) {
    result r;
    r.spikes = test::run_and_gather_spikes(eng, steps, 777, ctx);
    r.xhat.assign(eng.readout().begin(), eng.readout().end());
    r.x.assign(eng.target().begin(), eng.target().end());
    r.v.assign(eng.v().begin(), eng.v().end());
    return r;
}

void expect_same_as_serial(const scn_params& p, step_type steps) {
    const context ctx;
    scn_engine dist(p, partition(p.n, ctx.size(), ctx.rank()), ctx);
    const auto d = run(dist, steps, &ctx);
    scn_engine ser(p, partition(p.n, 1, 0));
    const auto s = run(ser, steps, nullptr);
    EXPECT_GT(s.spikes.size(), 10u);
    EXPECT_TRUE(d.spikes == s.spikes) << d.spikes.size() << " vs " << s.spikes.size();
    EXPECT_TRUE(d.xhat == s.xhat);
    EXPECT_TRUE(d.x == s.x);
    const auto first = dist.part().begin();
    ASSERT_EQ(d.v.size(), dist.part().local_size());
    for (std::size_t i = 0; i < d.v.size(); ++i) EXPECT_EQ(d.v[i], s.v[first + i]) << first + i;
}

}  // namespace

TEST(ScnEngineMpi, MaxLocTiesGoToTheLowestLoc) {
    const context ctx;
    const auto r = ctx.max_loc(1.5, static_cast<std::uint64_t>(10 + ctx.size() - ctx.rank()));
    EXPECT_EQ(r.value, 1.5);
    EXPECT_EQ(r.loc, 11u);
    const auto m = ctx.max_loc(static_cast<double>(ctx.rank() % 2), static_cast<std::uint64_t>(ctx.rank()));
    EXPECT_EQ(m.loc, ctx.size() > 1 ? 1u : 0u);
}

TEST(ScnEngineMpi, GreedyCircleBitwise) { expect_same_as_serial(test::scn_2d_circle(50, 3), 5000); }

TEST(ScnEngineMpi, NoisyWithKnockoutBitwise) {
    auto p = test::scn_2d_circle(37, 5);
    p.sigma_v = 3e-4;
    p.knockout.kind = scn_knockout_kind::random;
    p.knockout.time = 200;
    expect_same_as_serial(p, 4000);
}

TEST(ScnEngineMpi, UnlimitedGreedyAndAllAboveBitwise) {
    auto p = test::scn_2d_circle(41, 6);
    p.max_spikes_per_step = 0;
    expect_same_as_serial(p, 3000);
    p.rule = scn_spike_rule::all_above;
    expect_same_as_serial(p, 3000);
}

TEST(ScnEngineMpi, RotationDynamicsBitwise) {
    const double w = 2 * std::numbers::pi * 2e-3;
    auto p = test::scn_2d_circle(29, 8);
    p.a = {-0.01, -w, w, -0.01};  // a damped oscillator: Omega_s != 0
    p.command = test::scn_2d_circle(29).command;
    expect_same_as_serial(p, 3000);
}

TEST(ScnEngineMpi, TinyNetworkWithEmptyRanks) {
    auto p = test::scn_2d_circle(3, 2);
    p.decoder = scn_decoder_kind::regular;
    expect_same_as_serial(p, 3000);
}
