// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/gaussian_moments.hpp>

#include <cmath>
#include <numbers>
#include <random>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

using namespace balnet;

namespace {
double Phi(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }
}  // namespace

TEST(gaussian_moments, closed_forms) {
    const double mean = -0.4, var = 1.7, s = std::sqrt(var), z = mean / s;
    const auto lin = gaussian_moments(response_kind::rect_linear, 0, mean, var);
    EXPECT_NEAR(lin.m, s * (z * Phi(z) + pdf(z)), 1e-11);
    EXPECT_NEAR(lin.q, var * ((1 + z * z) * Phi(z) + z * pdf(z)), 1e-11);
    EXPECT_NEAR(lin.f, Phi(z), 1e-14);
    const auto h = gaussian_moments(response_kind::heaviside, 0, mean, var);
    EXPECT_NEAR(h.m, Phi(z), 1e-11);
    EXPECT_NEAR(h.q, Phi(z), 1e-11);
    const auto e = gaussian_moments(response_kind::exp, 0, mean, var);
    EXPECT_NEAR(e.m, std::exp(mean + var / 2), 1e-10 * e.m);
    EXPECT_NEAR(e.q, std::exp(2 * mean + 2 * var), 1e-10 * e.q);
    const auto sq = gaussian_moments(response_kind::rect_power, 2.0, mean, var);
    EXPECT_NEAR(sq.m, var * ((1 + z * z) * Phi(z) + z * pdf(z)), 1e-11);  // E[(x)+^2] = lin.q
}

TEST(gaussian_moments, monte_carlo_for_every_response) {
    std::mt19937_64 gen(12345);
    std::normal_distribution<double> nd(0.3, 0.9);
    const int n = 400000;
    std::vector<double> xs(n);
    for (auto& x : xs) x = nd(gen);
    struct c { response_kind r; double p; };
    for (auto [r, p] : {c{response_kind::rect_tanh, 0}, c{response_kind::rect_linear, 0},
                        c{response_kind::rect_power, 2.0}, c{response_kind::rect_power, 0.5},
                        c{response_kind::heaviside, 0}, c{response_kind::exp, 0}}) {
        double s1 = 0, s2 = 0, s4 = 0, on = 0;
        for (double x : xs) {
            const double v = response_function(r, p)(x);
            s1 += v; s2 += v * v; s4 += v * v * v * v; on += x > 0;
        }
        const double m = s1 / n, q = s2 / n;
        const auto g = gaussian_moments(r, p, 0.3, 0.81);
        EXPECT_NEAR(g.m, m, 5 * std::sqrt((q - m * m) / n)) << to_string(r) << p;
        EXPECT_NEAR(g.q, q, 5 * std::sqrt((s4 / n - q * q) / n)) << to_string(r) << p;
        EXPECT_NEAR(g.f, on / n, 5 * std::sqrt(0.25 / n));
    }
}

TEST(gaussian_moments, deterministic_limit_and_errors) {
    const auto d = gaussian_moments(response_kind::rect_tanh, 0, 0.5, 0.0);
    EXPECT_DOUBLE_EQ(d.m, std::tanh(0.5));
    EXPECT_EQ(d.f, 1.0);
    EXPECT_THROW(gaussian_moments(response_kind::rect_tanh, 0, 0.5, -1e-3), meanfield_error);
}
