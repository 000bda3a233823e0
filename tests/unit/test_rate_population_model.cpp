// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/rate_population_model.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

using namespace balnet;

TEST(rate_population_model, inhibitory_projection_matches_models_table) {
    // docs/models.md §1.2.2 table: high var, J0 = g = 2, K = 500: Jbar 0.089443, sigma 0.42295.
    rate_population_model m;
    m.K = 500;
    const auto p = projection(m, 0, 0);
    EXPECT_NEAR(p.mean, 0.089443, 1e-6);
    EXPECT_NEAR(p.std, 0.42295, 1e-5);
    EXPECT_EQ(p.sign, -1.0);
    EXPECT_NEAR(p.mean_gain(), -2.0 * std::sqrt(500.0), 1e-9);
    EXPECT_NEAR(p.variance_gain(), 4.0 * std::sqrt(500.0), 1e-9);
    m.nu = 1.0;
    m.J0 = 1.05;
    EXPECT_NEAR(projection(m, 0, 0).std, 0.089443, 1e-6);  // low var row
}

TEST(rate_population_model, ei_blocks_and_bias) {
    rate_population_model m;
    m.type = mf_network_type::ei;
    m.K_E = 400;
    m.K_I = 100;
    m.J_EI = 2.0;
    m.g_IE = 3.0;
    m.scale_bias = 0.5;
    m.I_E = 2.0;
    const auto ei = projection(m, 0, 1);  // I -> E
    EXPECT_NEAR(ei.mean, 2.0 / 10.0, 1e-12);
    EXPECT_EQ(ei.sign, -1.0);
    const auto ie = projection(m, 1, 0);  // E -> I
    EXPECT_EQ(ie.sign, 1.0);
    EXPECT_NEAR(ie.std, 3.0 * std::pow(400.0, -0.25), 1e-12);
    EXPECT_NEAR(bias(m, 0), 2.0 * 20.0, 1e-12);
}

TEST(rate_population_model, bernoulli_and_constant_weights) {
    rate_population_model m;
    m.K = 400;
    m.weights = "bernoulli";
    const double p = 2.0 / 20.0;
    EXPECT_NEAR(projection(m, 0, 0).std, std::sqrt(p * (1 - p)), 1e-12);  // g ignored
    m.weights = "constant";
    EXPECT_EQ(projection(m, 0, 0).std, 0.0);
    m.K = 1;
    m.weights = "bernoulli";
    EXPECT_THROW(projection(m, 0, 0), meanfield_error);  // Jbar = 2 > 1
}

TEST(rate_population_model, validation_rejects_bad_fields) {
    rate_population_model m;
    m.weights = "cauchy";
    EXPECT_THROW(validate(m), meanfield_error);
    m = {};
    m.K = 0.5;
    EXPECT_THROW(validate(m), meanfield_error);
    m = {};
    m.response = response_kind::rect_power;
    m.power = -1.0;
    EXPECT_THROW(validate(m), meanfield_error);
    EXPECT_THROW(parse_response_kind("sigmoid"), config_error);
    EXPECT_EQ(parse_response_kind("rect_power"), response_kind::rect_power);
    EXPECT_EQ(parse_mf_network_type("ei"), mf_network_type::ei);
}
