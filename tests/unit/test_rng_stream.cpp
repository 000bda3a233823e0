// SPDX-License-Identifier: BSD-3-Clause
// rng_stream: reproducibility, independence by key, and the moments of every distribution
// against their closed forms (tolerances are 5 standard errors of the estimate).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/core/trial_seed.hpp>

using balnet::rng_purpose;
using balnet::rng_stream;

namespace {
struct moments {
    double mean = 0, var = 0, m4 = 0;
};
template <typename F>
moments sample(F&& draw, int n) {
    std::vector<double> v(n);
    double s = 0;
    for (auto& x : v) { x = draw(); s += x; }
    moments m;
    m.mean = s / n;
    for (double x : v) {
        const double d = x - m.mean;
        m.var += d * d;
        m.m4 += d * d * d * d;
    }
    m.var /= (n - 1);
    m.m4 /= n;
    return m;
}
// 5 standard errors of the sample mean and of the sample variance.
void expect_moments(const moments& m, double mean, double var, int n) {
    EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(var / n));
    const double se_var = std::sqrt((m.m4 - var * var * (n - 3.0) / (n - 1.0)) / n);
    EXPECT_NEAR(m.var, var, 5 * se_var);
}
}  // namespace

TEST(rng_stream, same_key_same_sequence) {
    rng_stream a(42, rng_purpose::weights, 17, 3), b(42, rng_purpose::weights, 17, 3);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(a.next_u32(), b.next_u32());
}

TEST(rng_stream, first_block_restores_position) {
    rng_stream a(7, rng_purpose::external_noise, 5);
    for (int i = 0; i < 40; ++i) a.next_u32();  // 10 blocks consumed
    rng_stream b(7, rng_purpose::external_noise, 5, 0, a.block());
    for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u32(), b.next_u32());
}

TEST(rng_stream, every_key_component_changes_the_stream) {
    const rng_stream base(1, rng_purpose::weights, 10, 0);
    const std::vector<rng_stream> others = {
        rng_stream(2, rng_purpose::weights, 10, 0), rng_stream(1, rng_purpose::connectivity, 10, 0),
        rng_stream(1, rng_purpose::weights, 11, 0), rng_stream(1, rng_purpose::weights, 10, 1),
        rng_stream(1ull << 32 | 1, rng_purpose::weights, 10, 0),
        rng_stream(1, rng_purpose::weights, 10ull | (1ull << 40), 0)};
    for (auto o : others) {
        auto b = base;
        int equal = 0;
        for (int i = 0; i < 256; ++i) equal += (b.next_u32() == o.next_u32());
        EXPECT_LT(equal, 3);
    }
}

TEST(rng_stream, neighbouring_streams_are_uncorrelated) {
    // Correlation of uniforms of gid g and g+1 over 1e5 draws: |r| < 5/sqrt(n).
    const int n = 100000;
    rng_stream a(3, rng_purpose::initial_state, 100), b(3, rng_purpose::initial_state, 101);
    double sab = 0, sa = 0, sb = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; ++i) {
        const double x = a.uniform(), y = b.uniform();
        sab += x * y; sa += x; sb += y; saa += x * x; sbb += y * y;
    }
    const double cov = sab / n - sa / n * sb / n;
    const double r = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
    EXPECT_LT(std::abs(r), 5 / std::sqrt(double(n)));
}

TEST(rng_stream, uniform_is_open_unit_interval_with_right_moments) {
    rng_stream r(11, rng_purpose::sampling, 0);
    const int n = 400000;
    auto m = sample([&] {
        const double u = r.uniform();
        EXPECT_GT(u, 0.0);
        EXPECT_LT(u, 1.0);
        return u;
    }, n);
    expect_moments(m, 0.5, 1.0 / 12.0, n);
}

TEST(rng_stream, uniform_int_is_uniform) {
    rng_stream r(12, rng_purpose::sampling, 0);
    const int k = 7, n = 700000;
    std::vector<int> counts(k, 0);
    for (int i = 0; i < n; ++i) ++counts[r.uniform_int(k)];
    double chi2 = 0;
    for (int c : counts) chi2 += (c - n / k) * double(c - n / k) / (n / k);
    EXPECT_LT(chi2, 22.46);  // chi-square, 6 degrees of freedom, p = 0.001
}

TEST(rng_stream, normal_moments) {
    rng_stream r(13, rng_purpose::initial_state, 0);
    const int n = 400000;
    expect_moments(sample([&] { return r.normal(); }, n), 0.0, 1.0, n);
}

TEST(rng_stream, gamma_moments_small_and_large_shape) {
    const int n = 1000000;
    for (auto [k, th] : {std::pair{0.044721, 2.0}, {0.27563, 0.17037}, {3.5, 0.4}}) {
        rng_stream r(14, rng_purpose::weights, 0);
        expect_moments(sample([&] { return r.gamma(k, th); }, n), k * th, k * th * th, n);
    }
}

TEST(rng_stream, poisson_moments_below_and_above_switch) {
    const int n = 400000;
    for (double lam : {0.3, 2.0, 29.0, 31.0, 250.0}) {
        rng_stream r(15, rng_purpose::external_noise, 0);
        expect_moments(sample([&] { return double(r.poisson(lam)); }, n), lam, lam, n);
    }
}

// Trial 0 is the seed itself (runs without trials keep their bits); other trials get distinct keys.
TEST(trial_seed, trial_zero_is_the_seed_and_trials_differ) {
    EXPECT_EQ(balnet::trial_seed(12345, 0), 12345u);
    std::vector<balnet::seed_type> keys;
    for (std::uint64_t s : {1u, 2u})
        for (std::uint64_t t = 0; t < 1000; ++t) keys.push_back(balnet::trial_seed(s, t));
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
}
