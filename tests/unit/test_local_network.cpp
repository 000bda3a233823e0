// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include <balnet/network/local_network.hpp>

using namespace balnet;

namespace {
network_spec one_population(std::uint64_t n, std::uint64_t k, connectivity_rule rule,
                            bool autapses = true) {
    network_spec s;
    s.seed = 1234;
    s.populations = {{"I", n, false}};
    projection_spec p;
    p.rule = rule;
    p.indegree = k;
    p.autapses = autapses;
    p.weights = weight_distribution(weight_kind::gamma, 2 / std::sqrt(double(k)),
                                    2 * std::pow(double(k), -0.25), -1);
    s.projections = {p};
    return s;
}
}  // namespace

TEST(local_network, fixed_indegree_has_exactly_k_distinct_sorted_partners) {
    for (std::uint64_t k : {1u, 10u, 60u, 99u}) {
        for (bool autapses : {true, false}) {
            auto spec = one_population(100, k, connectivity_rule::fixed_indegree, autapses);
            auto net = local_network::build(spec, partition(100, 1, 0));
            for (std::uint64_t r = 0; r < 100; ++r) {
                const auto b = net.row_ptr()[r], e = net.row_ptr()[r + 1];
                ASSERT_EQ(e - b, k);
                std::set<std::uint32_t> s(net.col().begin() + b, net.col().begin() + e);
                EXPECT_EQ(s.size(), k);
                for (auto k2 = b + 1; k2 < e; ++k2) EXPECT_LT(net.col()[k2 - 1], net.col()[k2]);
                if (!autapses) {
                    EXPECT_EQ(s.count(static_cast<std::uint32_t>(r)), 0u);
                }
                for (auto k2 = b; k2 < e; ++k2) EXPECT_LE(net.weight()[k2], 0.0);
            }
        }
    }
}

TEST(local_network, fixed_indegree_partners_are_uniform) {
    // Every source is chosen K/N of the time: chi-square over the column counts.
    const std::uint64_t n = 200, k = 20;
    auto net = local_network::build(one_population(n, k, connectivity_rule::fixed_indegree),
                                    partition(n, 1, 0));
    std::vector<double> counts(n, 0);
    for (auto c : net.col()) ++counts[c];
    double chi2 = 0;
    for (double c : counts) chi2 += (c - k) * (c - k) / k;
    EXPECT_LT(chi2, 199 + 5 * std::sqrt(2 * 199.0));
}

TEST(local_network, full_includes_self_coupling) {
    auto net = local_network::build(one_population(50, 50, connectivity_rule::full),
                                    partition(50, 1, 0));
    EXPECT_EQ(net.n_synapses(), 2500u);
    for (std::uint64_t r = 0; r < 50; ++r) EXPECT_EQ(net.col()[net.row_ptr()[r] + r], r);
}

TEST(local_network, bernoulli_indegree_is_binomial) {
    const std::uint64_t n = 2000, k = 200;
    auto net = local_network::build(one_population(n, k, connectivity_rule::bernoulli),
                                    partition(n, 1, 0));
    const double p = double(k) / n;
    double s = 0, ss = 0;
    for (std::uint64_t r = 0; r < n; ++r) {
        const double d = double(net.row_ptr()[r + 1] - net.row_ptr()[r]);
        s += d; ss += d * d;
    }
    const double mean = s / n, var = ss / n - mean * mean;
    EXPECT_NEAR(mean, k, 5 * std::sqrt(n * p * (1 - p) / n));
    EXPECT_NEAR(var / (n * p * (1 - p)), 1.0, 5 * std::sqrt(2.0 / n));
}

TEST(local_network, rows_do_not_depend_on_the_partition) {
    const std::uint64_t n = 101;
    auto spec = one_population(n, 30, connectivity_rule::fixed_indegree);
    auto whole = local_network::build(spec, partition(n, 1, 0));
    std::uint64_t hash = 0;
    for (int r = 0; r < 3; ++r) {
        auto part = local_network::build(spec, partition(n, 3, r));
        hash += part.hash();
        for (std::uint64_t i = 0; i < part.n_rows(); ++i) {
            const auto g = part.first_row() + i;
            for (auto k = part.row_ptr()[i]; k < part.row_ptr()[i + 1]; ++k) {
                const auto kw = whole.row_ptr()[g] + (k - part.row_ptr()[i]);
                EXPECT_EQ(part.col()[k], whole.col()[kw]);
                EXPECT_EQ(part.weight()[k], whole.weight()[kw]);
            }
        }
    }
    EXPECT_EQ(hash, whole.hash());
}

TEST(local_network, hash_sees_a_changed_weight) {
    EXPECT_NE(synapse_hash(1, 2, 0.5), synapse_hash(1, 2, 0.5000000000000001));
    EXPECT_NE(synapse_hash(1, 2, 0.5), synapse_hash(2, 1, 0.5));
}
