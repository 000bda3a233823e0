// SPDX-License-Identifier: BSD-3-Clause
// rate_model::build against docs/models.md §1.2, §1.4, §1.5 (values computed by hand here).
#include <gtest/gtest.h>

#include <cmath>

#include <balnet/core/error.hpp>
#include <balnet/rate/rate_model.hpp>

using namespace balnet;

TEST(rate_model, inhibitory_weights_bias_and_protocol) {
    rate_params p;
    p.N = p.K = 500;
    p.rule = connectivity_rule::full;
    auto m = rate_model::build(p);
    ASSERT_EQ(m.net.projections.size(), 1u);
    const auto& w = m.net.projections[0].weights;
    EXPECT_NEAR(w.mean(), 0.089443, 1e-6);  // docs/models.md §1.2.2 table
    EXPECT_NEAR(w.std(), 0.42295, 1e-5);
    EXPECT_EQ(w.sign(), -1.0);
    EXPECT_EQ(m.bias[0], 1.0);
    EXPECT_EQ(m.warmup_steps, 500);       // floor(10 / 0.02)
    EXPECT_EQ(m.run_steps, 100000);       // floor(2000 / 0.02)
    EXPECT_EQ(m.recorded_steps(), 100000);
    EXPECT_EQ(m.acf_lags, 2000u);         // floor(40 / 0.02)
    EXPECT_FALSE(m.is_recorded(500));
    EXPECT_TRUE(m.is_recorded(501));
    EXPECT_EQ(m.recorded.size(), 500u);   // min(1000, N)
    EXPECT_NEAR(m.alpha_factor, std::sqrt(500.0), 1e-12);
    EXPECT_EQ(m.init_std, 2.0);
}

TEST(rate_model, low_variance_exponent) {
    rate_params p;
    p.N = p.K = 753;
    p.J0 = 1.05;
    p.nu = 1.0;
    auto m = rate_model::build(p);
    EXPECT_NEAR(m.net.projections[0].weights.mean(), 0.038264, 1e-6);
    EXPECT_NEAR(m.net.projections[0].weights.std(), 0.072884, 1e-6);
}

TEST(rate_model, ei_split_rounds_half_to_even_and_records_real_i_units) {
    rate_params p;
    p.ei = true;
    p.N = 6000;
    p.K = 600;
    p.rho_e = 0.5;
    p.rule = connectivity_rule::bernoulli;
    p.scale_bias = 0.5;
    p.record_units = 1000;
    auto m = rate_model::build(p);
    EXPECT_EQ(m.net.populations[0].size, 3000u);
    EXPECT_EQ(m.net.populations[1].size, 3000u);
    EXPECT_EQ(m.net.projections[1].indegree, 300u);  // K_i
    EXPECT_NEAR(m.net.projections[1].weights.mean(), 2.0 / std::sqrt(300.0), 1e-12);  // J_ei
    EXPECT_EQ(m.net.projections[1].weights.sign(), -1.0);
    EXPECT_EQ(m.net.projections[2].weights.sign(), +1.0);  // E -> I
    EXPECT_NEAR(m.bias[0], 2.0 * std::sqrt(300.0), 1e-9);
    EXPECT_EQ(m.recorded.size(), 1000u);
    EXPECT_EQ(m.recorded[500], 3000u);  // first I unit
    // Julia round(2.5) == 2: N = 5, rho_e = 0.5 -> N_i = round(2.5) = 2, N_e = 3
    rate_params q = p;
    q.N = 5;
    q.K = 5;
    q.rule = connectivity_rule::full;
    auto m2 = rate_model::build(q);
    EXPECT_EQ(m2.net.populations[1].size, 2u);
    EXPECT_EQ(m2.net.populations[0].size, 3u);
}

TEST(rate_model, invalid_combinations_are_config_errors) {
    rate_params p;
    p.N = 100;
    p.K = 200;
    EXPECT_THROW(rate_model::build(p), config_error);
    p.K = 50;
    p.rule = connectivity_rule::full;
    EXPECT_THROW(rate_model::build(p), config_error);
    p.rule = connectivity_rule::fixed_indegree;
    p.distribution = weight_kind::bernoulli;
    p.K = 2;  // mean weight 2/sqrt(2) > 1
    EXPECT_THROW(rate_model::build(p), config_error);
    rate_params q;
    q.T = 10;
    q.ncorr = 40;
    EXPECT_THROW(rate_model::build(q), config_error);
}

TEST(rate_model, product_auto_is_sparse_only_where_phi_has_zeros_and_weights_are_stored) {
    const auto product = [](auto&& set) {
        rate_params p;
        set(p);
        return rate_model::build(p).product;
    };
    EXPECT_EQ(product([](rate_params&) {}), coupling_product::sparse);  // rect_tanh, Euler, double
    EXPECT_EQ(product([](rate_params& p) { p.coupling = coupling_storage::float_; }), coupling_product::sparse);
    EXPECT_EQ(product([](rate_params& p) { p.response = response_kind::exp; }), coupling_product::dense);
    EXPECT_EQ(product([](rate_params& p) { p.coupling = coupling_storage::compact; }), coupling_product::dense);
    EXPECT_EQ(product([](rate_params& p) { p.coupling = coupling_storage::procedural; }), coupling_product::dense);
    EXPECT_EQ(product([](rate_params& p) { p.integrator = rate_integrator::ts; }), coupling_product::dense);
    EXPECT_EQ(product([](rate_params& p) { p.product = coupling_product::dense; }), coupling_product::dense);
    EXPECT_EQ(product([](rate_params& p) {
                  p.product = coupling_product::sparse;
                  p.response = response_kind::exp;
              }),
              coupling_product::sparse);  // allowed, only not chosen by auto
    rate_params p;
    p.product = coupling_product::sparse;
    p.coupling = coupling_storage::compact;
    EXPECT_THROW(rate_model::build(p), config_error);
    p.coupling = coupling_storage::double_;
    p.integrator = rate_integrator::ts;
    EXPECT_THROW(rate_model::build(p), config_error);
}
