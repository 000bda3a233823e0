// SPDX-License-Identifier: BSD-3-Clause
// Parameters: model A from its definition (MODELS.md §2.2.2), grid conversions and validation.
#include <gtest/gtest.h>

#include <balnet/core/error.hpp>
#include <balnet/spiking/lif_params.hpp>

using namespace balnet;

TEST(lif_params, brunel_model_a_reference_values) {
    const brunel_model_a m;
    EXPECT_DOUBLE_EQ(m.nu_thr_hz(), 10.0);  // theta / (J C_E tau_m) = 20 / (0.1 * 1000 * 20 ms)
    const auto net = m.network();
    ASSERT_EQ(net.populations.size(), 2u);
    EXPECT_EQ(net.size(), 12500u);
    EXPECT_EQ(net.offset(1), 10000u);
    EXPECT_EQ(net.population_of(9999), 0u);
    EXPECT_EQ(net.population_of(10000), 1u);
    for (const auto& p : net.populations) {
        EXPECT_DOUBLE_EQ(p.ext_rate, 1000 * 20.0);  // C_ext nu_ext, nu_ext = eta nu_thr = 20 Hz
        EXPECT_EQ(p.ext_weight, 0.1);
        EXPECT_EQ(p.v_reset, 10.0);
    }
    ASSERT_EQ(net.projections.size(), 4u);
    for (const auto& pr : net.projections) {
        EXPECT_EQ(pr.indegree, pr.source == 0 ? 1000u : 250u);
        EXPECT_DOUBLE_EQ(pr.weight, pr.source == 0 ? 0.1 : -0.5);
        EXPECT_EQ(net.delay_steps(pr), 15);  // round(1.5 / 0.1), not truncated to 14
    }
    EXPECT_EQ(net.steps(2.0), 20);
    EXPECT_EQ(net.min_delay_steps(), 15);
    EXPECT_EQ(net.max_delay_steps(), 15);
    EXPECT_NO_THROW(net.validate());
}

TEST(lif_params, validation_names_the_field) {
    auto bad = [](auto mutate) {
        auto net = brunel_model_a{}.network();
        mutate(net);
        net.validate();
    };
    EXPECT_THROW(bad([](auto& n) { n.dt = 0; }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.populations[0].tau_m = -1; }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.populations[1].size = 0; }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.projections[0].delay = 0.04; }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.projections[0].source = 2; }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.projections[1].multapses = false, n.projections[1].indegree = 2501; }),
                 config_error);
    EXPECT_THROW(bad([](auto& n) {
        n.projections[1].rule = lif_connectivity_kind::bernoulli, n.projections[1].probability = 1.5;
    }), config_error);
    EXPECT_THROW(bad([](auto& n) { n.populations[0].ext_rate = 1e8; }), config_error);
    try {
        bad([](auto& n) { n.populations[0].t_ref = -2; });
        FAIL();
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("populations[0].t_ref"), std::string::npos) << e.what();
    }
}
