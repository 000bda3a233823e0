// SPDX-License-Identifier: BSD-3-Clause
// The streaming FFT autocovariance against the definition (docs/models.md §1.6) evaluated by a direct
// O(R L) double loop in long double, and beta against a closed-form trapezoid sum.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <balnet/analysis/autocovariance_accumulator.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

using namespace balnet;
using ld = long double;

namespace {

/// series[i][t]
using series = std::vector<std::vector<double>>;

/// AR(1) series y(t+1) = a y(t) + noise, plus a per-unit mean.
series ar1(std::size_t units, std::size_t r, double a, double mean, double sd, seed_type seed) {
    series s(units, std::vector<double>(r));
    for (std::size_t i = 0; i < units; ++i) {
        rng_stream g(seed, rng_purpose::sampling, i);
        double y = g.normal();
        for (std::size_t t = 0; t < r; ++t) {
            s[i][t] = mean * static_cast<double>(i + 1) + sd * y;
            y = a * y + std::sqrt(1 - a * a) * g.normal();
        }
    }
    return s;
}

/// Direct definition: sum over non-constant units of C_i(k); NaN for k >= R.
autocovariance_accumulator::result naive(const series& s, std::size_t lags) {
    autocovariance_accumulator::result out;
    std::vector<ld> sum(lags, 0);
    for (const auto& u : s) {
        const std::size_t r = u.size();
        ld mean = 0;
        for (double v : u) mean += v;
        mean /= static_cast<ld>(r);
        ld var = 0;
        for (double v : u) var += (v - mean) * (v - mean);
        if (var == 0) continue;
        ++out.n_kept;
        for (std::size_t k = 0; k < lags && k < r; ++k) {
            ld c = 0;
            for (std::size_t t = 0; t + k < r; ++t) c += (u[t] - mean) * (u[t + k] - mean);
            sum[k] += c / static_cast<ld>(r - k);
        }
    }
    for (std::size_t k = 0; k < lags; ++k)
        out.sum.push_back(s.empty() || k < s[0].size() ? static_cast<double>(sum[k])
                                                       : std::numeric_limits<double>::quiet_NaN());
    return out;
}

void push_all(autocovariance_accumulator& acc, const series& s, std::size_t from, std::size_t to) {
    std::vector<double> sample(s.size());
    for (std::size_t t = from; t < to; ++t) {
        for (std::size_t i = 0; i < s.size(); ++i) sample[i] = s[i][t];
        acc.push(sample);
    }
}

/// Every lag within rtol of the lag-0 value (the scale of the covariance), NaN where NaN.
void expect_matches(const autocovariance_accumulator::result& got,
                    const autocovariance_accumulator::result& want, double rtol) {
    ASSERT_EQ(got.sum.size(), want.sum.size());
    EXPECT_EQ(got.n_kept, want.n_kept);
    const double scale = std::abs(want.sum[0]);
    for (std::size_t k = 0; k < want.sum.size(); ++k) {
        if (std::isnan(want.sum[k])) {
            EXPECT_TRUE(std::isnan(got.sum[k])) << "lag " << k;
        } else {
            EXPECT_NEAR(got.sum[k], want.sum[k], rtol * scale) << "lag " << k;
        }
    }
}

}  // namespace

TEST(autocovariance_accumulator, matches_direct_sum_on_ar1) {
    const std::size_t r = 5000, lags = 300;
    const auto s = ar1(6, r, 0.97, 0.3, 1.5, 11);
    autocovariance_accumulator acc(s.size(), lags);
    push_all(acc, s, 0, r);
    EXPECT_EQ(acc.n_samples(), r);
    EXPECT_NE(r % acc.block(), 0u);  // a partial last block is exercised
    const auto want = naive(s, lags);
    expect_matches(acc.finalize(), want, 1e-9);
    // Not trivially small: an AR(1) with a = 0.97 is still correlated at lag 30.
    EXPECT_GT(want.sum[30], 0.2 * want.sum[0]);
}

TEST(autocovariance_accumulator, block_boundaries) {
    const std::size_t lags = 20;
    // (block, R): B < H, B > H, R a multiple of B, R = L, R just above L, R below one block.
    const std::size_t cases[][2] = {{7, 20}, {7, 21}, {7, 28}, {7, 29}, {7, 100}, {40, 20},
                                    {40, 21}, {40, 80}, {40, 81}, {40, 39}, {1, 25}, {0, 20},
                                    {0, 21}, {0, 45}, {0, 46}, {0, 137}};
    for (const auto& c : cases) {
        SCOPED_TRACE("block " + std::to_string(c[0]) + ", R " + std::to_string(c[1]));
        const auto s = ar1(3, c[1], 0.8, -2.0, 0.7, 5 + c[1]);
        autocovariance_accumulator acc(s.size(), lags, c[0]);
        push_all(acc, s, 0, c[1]);
        expect_matches(acc.finalize(), naive(s, lags), 1e-11);
    }
}

TEST(autocovariance_accumulator, lags_beyond_the_record_are_nan) {
    const std::size_t lags = 50, r = 12;
    const auto s = ar1(2, r, 0.5, 1.0, 1.0, 3);
    autocovariance_accumulator acc(s.size(), lags);
    push_all(acc, s, 0, r);
    const auto got = acc.finalize();
    expect_matches(got, naive(s, lags), 1e-12);
    EXPECT_FALSE(std::isnan(got.sum[r - 1]));
    EXPECT_TRUE(std::isnan(got.sum[r]));
}

TEST(autocovariance_accumulator, constant_series_are_dropped) {
    const std::size_t r = 400, lags = 30;
    auto s = ar1(4, r, 0.9, 0.0, 1.0, 8);
    s[0].assign(r, 3.25);  // constant, nonzero
    s[2].assign(r, 0.0);   // constant zero
    autocovariance_accumulator acc(s.size(), lags);
    push_all(acc, s, 0, r);
    const auto got = acc.finalize();
    EXPECT_EQ(got.n_kept, 2u);
    expect_matches(got, naive(s, lags), 1e-11);
}

TEST(autocovariance_accumulator, large_mean_is_accurate) {
    const std::size_t r = 3000, lags = 100;
    auto s = ar1(3, r, 0.9, 0.0, 1.0, 21);
    for (auto& u : s)
        for (auto& v : u) v += 1e3;
    autocovariance_accumulator acc(s.size(), lags);
    push_all(acc, s, 0, r);
    const auto got = acc.finalize();
    const auto want = naive(s, lags);
    for (std::size_t k = 0; k < lags; ++k)
        EXPECT_NEAR(got.sum[k], want.sum[k], 1e-8 * std::abs(want.sum[0])) << "lag " << k;
    EXPECT_NEAR(got.sum[0], want.sum[0], 1e-8 * want.sum[0]);
}

TEST(autocovariance_accumulator, finalize_keeps_state_and_restore_continues_exactly) {
    const std::size_t r = 1000, lags = 64;
    const auto s = ar1(3, r, 0.95, 0.2, 1.0, 4);
    autocovariance_accumulator straight(s.size(), lags);
    push_all(straight, s, 0, r);
    const auto want = straight.finalize();

    autocovariance_accumulator first(s.size(), lags);
    push_all(first, s, 0, 333);
    (void)first.finalize();  // a checkpoint-time look must not disturb the stream
    autocovariance_accumulator second(s.size(), lags);
    second.restore(first.serialise());
    push_all(first, s, 333, r);
    push_all(second, s, 333, r);
    for (const auto& got : {first.finalize(), second.finalize()}) {
        EXPECT_EQ(got.n_kept, want.n_kept);
        for (std::size_t k = 0; k < lags; ++k) EXPECT_EQ(got.sum[k], want.sum[k]);
    }
    autocovariance_accumulator other_shape(s.size(), lags + 1);
    EXPECT_THROW(other_shape.restore(first.serialise()), internal_error);
}

TEST(autocovariance_accumulator, no_units_and_no_samples) {
    autocovariance_accumulator none(0, 10);
    none.push(std::vector<double>{});
    const auto r = none.finalize();
    EXPECT_EQ(r.n_kept, 0u);
    EXPECT_EQ(r.sum[0], 0.0);
    autocovariance_accumulator empty(2, 5);
    const auto e = empty.finalize();
    EXPECT_EQ(e.n_kept, 0u);
    EXPECT_TRUE(std::isnan(e.sum[0]));
    EXPECT_THROW(autocovariance_accumulator(1, 0), internal_error);
}

TEST(beta_from_acf, exponential_gives_its_rate) {
    const double b = 0.5, dt = 0.02;
    const std::size_t lags = 2000;  // 40 tau
    std::vector<double> acf(lags);
    for (std::size_t k = 0; k < lags; ++k) acf[k] = 2.5 * std::exp(-b * dt * static_cast<double>(k));
    // Closed-form trapezoid: sum of the geometric series minus the half end points.
    const double q = std::exp(-b * dt);
    const double sum = (1 - std::pow(q, lags)) / (1 - q);
    const double trap = sum - 0.5 * (1 + std::pow(q, lags - 1));
    const double beta = beta_from_acf(acf, dt);
    EXPECT_NEAR(beta, 1.0 / (dt * trap), 1e-12 / (dt * trap));
    EXPECT_NEAR(beta, b, 1e-4 * b);  // trapezoid error (b dt)^2/12, truncation e^{-40 b}
    EXPECT_TRUE(std::isnan(beta_from_acf({}, dt)));
}
