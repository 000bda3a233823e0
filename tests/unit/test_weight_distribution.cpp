// SPDX-License-Identifier: BSD-3-Clause
// Each weight distribution's mean and variance against docs/models.md §1.2: Jbar = J0 K^(-1/2),
// sigma = g K^(-nu/2); 5 standard errors (the variance's SE from the sample fourth moment).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/network/weight_distribution.hpp>

using namespace balnet;

namespace {
void check(weight_kind kind, double mean, double var_expected, double sign) {
    weight_distribution d(kind, mean, std::sqrt(var_expected), sign);
    rng_stream r(5, rng_purpose::weights, 99);
    const int n = 1000000;
    std::vector<double> v(n);
    double s = 0;
    for (auto& x : v) { x = d.draw(r); s += x; }
    const double m = s / n;
    double var = 0, m4 = 0;
    for (double x : v) { var += (x - m) * (x - m); m4 += std::pow(x - m, 4); }
    var /= n - 1;
    m4 /= n;
    EXPECT_NEAR(m, sign * mean, 5 * std::sqrt(var_expected / n)) << to_string(kind);
    EXPECT_NEAR(var, var_expected, 5 * std::sqrt((m4 - var * var) / n)) << to_string(kind);
}
}  // namespace

TEST(weight_distribution, reference_case_parameters_of_models_md) {
    // docs/models.md §1.2.2 table: high variance J0=g=2, K=500: shape 0.044721, scale 2.0
    const double K = 500, J0 = 2, g = 2;
    const double jbar = J0 / std::sqrt(K), sigma = g * std::pow(K, -0.25);
    EXPECT_NEAR(jbar, 0.089443, 1e-6);
    EXPECT_NEAR(sigma, 0.42295, 1e-5);
    EXPECT_NEAR((jbar / sigma) * (jbar / sigma), 0.044721, 1e-6);
    EXPECT_NEAR(sigma * sigma / jbar, 2.0, 1e-4);
}

TEST(weight_distribution, gamma_high_and_low_variance) {
    check(weight_kind::gamma, 2 / std::sqrt(500.0), 4 / std::sqrt(500.0), -1);
    check(weight_kind::gamma, 1.05 / std::sqrt(753.0), 4 / 753.0, -1);
}

TEST(weight_distribution, lognormal) {
    check(weight_kind::lognormal, 1 / std::sqrt(300.0), 1 / std::sqrt(300.0), +1);
}

TEST(weight_distribution, normal_can_change_sign) {
    check(weight_kind::normal, 2 / std::sqrt(500.0), 4 / std::sqrt(500.0), -1);
}

TEST(weight_distribution, bernoulli_ignores_g) {
    const double p = 2 / std::sqrt(500.0);
    weight_distribution d(weight_kind::bernoulli, p, 123.0, -1);
    EXPECT_DOUBLE_EQ(d.std(), std::sqrt(p * (1 - p)));
    check(weight_kind::bernoulli, p, p * (1 - p), -1);
}

TEST(weight_distribution, unknown_name_is_a_config_error) {
    EXPECT_THROW(parse_weight_kind("cauchy"), config_error);
    EXPECT_EQ(parse_weight_kind("lognormal"), weight_kind::lognormal);
}
