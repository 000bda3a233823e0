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

// Issue 13: every closure refuses or flags a network outside its assumptions, in one wording
// per assumption that names the configuration key and its value.
TEST(rate_population_model, non_gaussian_input_names_the_key) {
    rate_population_model m;  // gamma weights, nu = 1/2: sparse balance
    EXPECT_EQ(non_gaussian_input(m), "weights.nu = 0.5 < 1 with gamma weights (sparse balance) makes the "
                                     "input a sum of few large weights, not Gaussian");
    m.weights = "lognormal";
    EXPECT_NE(non_gaussian_input(m).find("weights.nu = 0.5 < 1 with lognormal weights"), std::string::npos);
    m.weights = "bernoulli";
    m.nu = 1.0;  // bernoulli weights ignore g and nu: in effect nu = 1/2 whatever nu says
    EXPECT_EQ(non_gaussian_input(m).rfind("weights.distribution = bernoulli", 0), 0u) << non_gaussian_input(m);
    for (const char* gaussian : {"normal", "constant"}) {
        m.weights = gaussian;
        m.nu = 0.5;
        EXPECT_EQ(non_gaussian_input(m), "") << gaussian;
    }
    m.weights = "gamma";
    m.nu = 1.0;
    EXPECT_EQ(non_gaussian_input(m), "");
}

TEST(rate_population_model, dilution_warning_above_half) {
    rate_population_model m;
    m.K = 1000;
    EXPECT_EQ(dilution_warning(m), "");  // N not given: the N -> infinity limit
    m.N = 2000;
    EXPECT_EQ(dilution_warning(m), "");  // K/N = 1/2: where the DMFT was validated
    m.N = 1000;
    EXPECT_EQ(dilution_warning(m).rfind(" WARNING: network.K / network.N = 1 > 1/2: units share most of "
                                        "their inputs", 0), 0u) << dilution_warning(m);
    m.type = mf_network_type::ei;  // K_E + K_I = 1000 against N = 1000
    EXPECT_NE(dilution_warning(m).find("network.K / network.N = 1 > 1/2"), std::string::npos);
}

TEST(rate_population_model, require_inhibitory_names_network_type) {
    rate_population_model m;
    EXPECT_NO_THROW(require_inhibitory(m, "telegraph", "1.7.5"));
    m.type = mf_network_type::ei;
    try {
        require_inhibitory(m, "telegraph", "1.7.5");
        ADD_FAILURE() << "an E-I network was not refused";
    } catch (const meanfield_error& e) {
        EXPECT_STREQ(e.what(), "meanfield: telegraph is written for the purely inhibitory network "
                               "(docs/models.md 1.7.5); network.type = ei is outside its assumptions "
                               "(the static_gaussian closure covers E-I networks)");
    }
}
