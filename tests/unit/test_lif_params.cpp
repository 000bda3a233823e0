// SPDX-License-Identifier: BSD-3-Clause
// Parameters: model A from its definition (docs/models.md §2.2.2), grid conversions and validation.
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

TEST(lif_params, ei_network_copies_the_templates_in_target_source_order) {
    lif_population_params neuron;
    neuron.name = "template";
    neuron.tau_m = 7.0;
    neuron.ext_rate = 123.0;
    lif_projection_params from_e, from_i;
    from_e.indegree = 11;
    from_e.weight = 0.3;
    from_i.rule = lif_connectivity_kind::bernoulli;
    from_i.probability = 0.25;
    from_i.weight = -1.2;
    from_i.delay = 2.0;
    const auto net = ei_network(neuron, 40, 10, from_e, from_i);
    ASSERT_EQ(net.populations.size(), 2u);
    EXPECT_EQ(net.populations[0].name, "E");
    EXPECT_EQ(net.populations[1].name, "I");
    EXPECT_EQ(net.populations[0].size, 40u);
    EXPECT_EQ(net.populations[1].size, 10u);
    EXPECT_TRUE(net.populations[0].excitatory);
    EXPECT_FALSE(net.populations[1].excitatory);
    for (const auto& p : net.populations) {
        EXPECT_EQ(p.tau_m, 7.0);
        EXPECT_EQ(p.ext_rate, 123.0);
    }
    // E<-E, E<-I, I<-E, I<-I.
    const std::size_t src[] = {0, 1, 0, 1}, tgt[] = {0, 0, 1, 1};
    ASSERT_EQ(net.projections.size(), 4u);
    for (std::size_t k = 0; k < 4; ++k) {
        const auto& pr = net.projections[k];
        EXPECT_EQ(pr.source, src[k]) << k;
        EXPECT_EQ(pr.target, tgt[k]) << k;
        const auto& from = src[k] == 0 ? from_e : from_i;
        EXPECT_EQ(pr.rule, from.rule) << k;
        EXPECT_EQ(pr.indegree, from.indegree) << k;
        EXPECT_EQ(pr.probability, from.probability) << k;
        EXPECT_EQ(pr.weight, from.weight) << k;
        EXPECT_EQ(pr.delay, from.delay) << k;
    }
    EXPECT_EQ(net.dt, lif_network_params{}.dt);
    EXPECT_EQ(net.common_model(), neuron_model::delta);
}
