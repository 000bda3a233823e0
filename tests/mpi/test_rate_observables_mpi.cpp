// SPDX-License-Identifier: BSD-3-Clause
// rate_observables at any rank count: the data of unit gid at step t come from rng_stream keyed
// by (gid, step), so every rank count sees the same global trajectories; every field must agree
// with the definitions evaluated directly on the full data (on every rank), including empty
// ranks (N = 3 at np = 4) and uneven blocks (N = 23).
#include <gtest/gtest.h>

#include <cmath>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/core/rng_stream.hpp>

#include "../unit/naive_rate_observables.hpp"

using namespace balnet;
using balnet::testing::full_series;

namespace {

constexpr double rc_dt = 0.02;

/// A moving average of (gid, step)-keyed normals: correlated over 4 lags, reproducible anywhere.
double noise(gid_type gid, std::size_t t, std::uint32_t which) {
    double v = 0;
    const double w[] = {1.0, 0.7, 0.4, 0.2};
    for (std::size_t j = 0; j < 4; ++j) {
        rng_stream g(7 + which, rng_purpose::sampling, gid,
                     static_cast<std::uint32_t>(t + 3 - j));
        v += w[j] * g.normal();
    }
    return v;
}

/// Unit `constant_eta` has a constant input, unit `never_on` is always OFF.
full_series make_series(std::size_t n, std::size_t r, gid_type constant_eta, gid_type never_on) {
    full_series s;
    s.n = n, s.r = r;
    for (auto* v : {&s.x, &s.eta, &s.phi}) v->resize(n * r);
    for (std::size_t t = 0; t < r; ++t)
        for (gid_type i = 0; i < n; ++i) {
            const std::size_t j = t * n + i;
            s.eta[j] = i == constant_eta ? 0.4 : -0.8 + 0.1 * static_cast<double>(i % 7) +
                                                     0.6 * noise(i, t, 0);
            s.x[j] = i == never_on ? -1.0 - std::abs(noise(i, t, 1))
                                   : s.eta[j] + 0.2 * noise(i, t, 1);
            s.phi[j] = s.x[j] > 0 ? std::tanh(s.x[j]) : 0.0;
        }
    return s;
}

void check(std::size_t n, const std::vector<population_range>& pops,
           const std::vector<gid_type>& recorded, gid_type constant_eta, gid_type never_on) {
    const std::size_t r = 300, lags = 40;
    context ctx;
    const partition part(n, ctx.size(), ctx.rank());
    const auto s = make_series(n, r, constant_eta, never_on);
    rate_observables obs(ctx, part, pops, recorded, lags, r, 64);
    const std::size_t lo = part.begin(), nl = part.local_size();
    for (std::size_t t = 0; t < r; ++t) {
        const auto at = [&](const std::vector<double>& v) {
            return std::span<const double>(v.data() + t * n + lo, nl);
        };
        obs.record(at(s.x), at(s.eta), at(s.phi));
    }
    const auto got = obs.finalize(rc_dt);
    const auto want = balnet::testing::naive_summary(s, pops, recorded, lags, rc_dt);
    balnet::testing::expect_summary_near(got, want, 1e-12);
    ASSERT_EQ(got.on_fraction.size(), nl);
    for (std::size_t i = 0; i < nl; ++i)
        EXPECT_DOUBLE_EQ(got.on_fraction[i], want.on_fraction[lo + i]) << "gid " << lo + i;
    EXPECT_TRUE(std::isfinite(got.beta));
}

}  // namespace

TEST(rate_observables_mpi, small_network_with_empty_ranks) {
    check(3, {{"E", 0, 2}, {"I", 2, 1}}, {0, 2}, 99, 99);
}

TEST(rate_observables_mpi, uneven_blocks_two_populations) {
    check(23, {{"E", 0, 15}, {"I", 15, 8}}, {0, 1, 4, 6, 9, 10, 14, 15, 17, 22}, 6, 9);
}
