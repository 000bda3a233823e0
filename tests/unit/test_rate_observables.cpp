// SPDX-License-Identifier: BSD-3-Clause
// rate_observables on one rank against the definitions of docs/models.md §1.6 evaluated directly on
// the full stored trajectories (naive_rate_observables.hpp). Needs an MPI singleton: own main.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

#include "naive_rate_observables.hpp"

using namespace balnet;
using balnet::testing::full_series;

namespace {

const std::vector<population_range> pops = {{"E", 0, 9}, {"I", 9, 4}};
const std::vector<gid_type> recorded = {0, 2, 3, 5, 7, 8, 12};
constexpr double rc_dt = 0.02;

/// 13 units, AR(1) inputs around unit-dependent offsets: some units mostly ON, some mostly
/// OFF; unit 5 always OFF (phi constant 0), unit 3 has a constant eta (dropped from R_eta).
full_series make_series(std::size_t r) {
    full_series s;
    s.n = 13, s.r = r;
    for (auto* v : {&s.x, &s.eta, &s.phi}) v->resize(s.n * r);
    for (std::size_t i = 0; i < s.n; ++i) {
        rng_stream g(42, rng_purpose::sampling, i);
        double z = g.normal();
        for (std::size_t t = 0; t < r; ++t) {
            const std::size_t j = t * s.n + i;
            s.eta[j] = i == 3 ? -0.75 : -1.0 + 0.12 * static_cast<double>(i) + 0.8 * z;
            s.x[j] = i == 5 ? -2.0 - 0.1 * z * z : s.eta[j] + 0.3 * g.normal();
            s.phi[j] = s.x[j] > 0 ? std::tanh(s.x[j]) : 0.0;
            z = 0.9 * z + std::sqrt(1 - 0.81) * g.normal();
        }
    }
    return s;
}

void feed(rate_observables& obs, const full_series& s, std::size_t from, std::size_t to) {
    for (std::size_t t = from; t < to; ++t) {
        const auto at = [&](const std::vector<double>& v) {
            return std::span<const double>(v.data() + t * s.n, s.n);
        };
        obs.record(at(s.x), at(s.eta), at(s.phi));
    }
}

rate_summary run(const full_series& s, std::size_t lags, std::size_t flush_block) {
    context ctx;
    rate_observables obs(ctx, partition(s.n, 1, 0), pops, recorded, lags, s.r, flush_block);
    feed(obs, s, 0, s.r);
    return obs.finalize(rc_dt);
}

}  // namespace

TEST(rate_observables, every_field_matches_the_direct_computation) {
    const auto s = make_series(700);
    const auto got = run(s, 50, 64);
    const auto want = balnet::testing::naive_summary(s, pops, recorded, 50, rc_dt);
    balnet::testing::expect_summary_near(got, want, 1e-12);
    ASSERT_EQ(got.on_fraction.size(), s.n);
    for (std::size_t i = 0; i < s.n; ++i) EXPECT_DOUBLE_EQ(got.on_fraction[i], want.on_fraction[i]);
    // The data are not degenerate: mu is finite, R_eta kept 6 of 7 units, unit 5 never ON.
    EXPECT_TRUE(std::isfinite(got.mu));
    EXPECT_EQ(got.n_acf_units, 6u);
    EXPECT_EQ(got.on_fraction[5], 0.0);
    EXPECT_GT(got.f, 0.2);
    EXPECT_LT(got.f, 0.8);
}

TEST(rate_observables, mu_is_nan_when_no_unit_is_on_at_some_step) {
    auto s = make_series(200);
    for (std::size_t i = 0; i < s.n; ++i) {  // step 77: everything OFF
        s.x[77 * s.n + i] = -0.5;
        s.phi[77 * s.n + i] = 0.0;
    }
    const auto got = run(s, 20, 64);
    EXPECT_TRUE(std::isnan(got.mu));
    EXPECT_TRUE(std::isnan(got.var_mu));
    EXPECT_TRUE(std::isnan(got.populations[0].mu));
    EXPECT_TRUE(std::isfinite(got.m));
    balnet::testing::expect_summary_near(
        got, balnet::testing::naive_summary(s, pops, recorded, 20, rc_dt), 1e-12);
}

TEST(rate_observables, results_do_not_depend_on_flush_block) {
    const auto s = make_series(300);
    const auto ref = run(s, 30, 1);
    for (std::size_t fb : {7u, 64u, 300u, 5000u}) {
        const auto got = run(s, 30, fb);
        EXPECT_EQ(got.mu, ref.mu);
        EXPECT_EQ(got.var_f, ref.var_f);
        EXPECT_EQ(got.xbar, ref.xbar);
        EXPECT_EQ(got.qveta, ref.qveta);
        EXPECT_EQ(got.r_eta, ref.r_eta);
    }
}

TEST(rate_observables, restore_continues_exactly) {
    const auto s = make_series(400);
    const auto want = run(s, 40, 64);
    context ctx;
    const partition part(s.n, 1, 0);
    rate_observables first(ctx, part, pops, recorded, 40, s.r, 64);
    feed(first, s, 0, 150);  // 150 = two flushes + 22 buffered steps
    rate_observables second(ctx, part, pops, recorded, 40, s.r, 64);
    second.restore(first.serialise());
    feed(second, s, 150, s.r);
    const auto got = second.finalize(rc_dt);
    EXPECT_EQ(got.m, want.m);
    EXPECT_EQ(got.var_mu, want.var_mu);
    EXPECT_EQ(got.tvx, want.tvx);
    EXPECT_EQ(got.r_x, want.r_x);
    EXPECT_EQ(got.beta, want.beta);
    EXPECT_EQ(got.on_fraction, want.on_fraction);
    rate_observables other(ctx, part, pops, recorded, 40, s.r, 32);
    EXPECT_THROW(other.restore(first.serialise()), internal_error);
}

TEST(rate_observables, invalid_arguments_are_config_errors) {
    context ctx;
    const partition part(13, 1, 0);
    const std::vector<gid_type> unsorted = {3, 2};
    const std::vector<gid_type> too_big = {13};
    const std::vector<population_range> gap = {{"E", 0, 9}, {"I", 10, 3}};
    const std::vector<population_range> short_total = {{"E", 0, 9}};
    EXPECT_THROW(rate_observables(ctx, part, pops, unsorted, 5, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, pops, too_big, 5, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, gap, recorded, 5, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, short_total, recorded, 5, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, pops, recorded, 101, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, pops, recorded, 0, 100), config_error);
    EXPECT_THROW(rate_observables(ctx, part, pops, recorded, 5, 100, 0), config_error);
    EXPECT_NO_THROW(rate_observables(ctx, part, pops, recorded, 100, 100));
}

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    balnet::mpi_session session(argc, argv);
    return RUN_ALL_TESTS();
}
