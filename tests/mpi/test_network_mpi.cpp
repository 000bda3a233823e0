// SPDX-License-Identifier: BSD-3-Clause
// The network is bitwise identical for any rank count: the checksum summed over ranks equals
// the checksum of the whole network built by one process, and so do the in-degree totals.
#include <gtest/gtest.h>

#include <cmath>

#include <balnet/comm/context.hpp>
#include <balnet/network/local_network.hpp>

using namespace balnet;

TEST(network_mpi, checksum_independent_of_rank_count) {
    context ctx;
    network_spec s;
    s.seed = 77;
    s.populations = {{"E", 300, true}, {"I", 75, false}};
    auto w = [](double j, double k, double sign) {
        return weight_distribution(weight_kind::gamma, j / std::sqrt(k), std::pow(k, -0.25), sign);
    };
    s.projections = {{0, 0, connectivity_rule::fixed_indegree, 40, w(1, 40, 1), true},
                     {1, 0, connectivity_rule::fixed_indegree, 10, w(2, 10, -1), true},
                     {0, 1, connectivity_rule::bernoulli, 40, w(1, 40, 1), false},
                     {1, 1, connectivity_rule::full, 75, w(1.2, 75, -1), true}};
    const partition part(s.size(), ctx.size(), ctx.rank());
    auto net = local_network::build(s, part);
    const std::uint64_t global = ctx.sum(net.hash());
    const std::uint64_t nsyn = ctx.sum(net.n_synapses());
    auto whole = local_network::build(s, partition(s.size(), 1, 0));
    EXPECT_EQ(global, whole.hash());
    EXPECT_EQ(nsyn, whole.n_synapses());
}

TEST(network_mpi, gather_all_concatenates_in_rank_order) {
    context ctx;
    std::vector<std::uint64_t> mine(ctx.rank() % 2 == 0 ? 2 : 0, std::uint64_t(ctx.rank()));
    auto g = ctx.gather_all(std::span<const std::uint64_t>(mine));
    std::size_t pos = 0;
    for (int r = 0; r < ctx.size(); ++r) {
        EXPECT_EQ(g.count(r), r % 2 == 0 ? 2u : 0u);
        for (auto v : g.from(r)) EXPECT_EQ(v, std::uint64_t(r));
        pos += g.count(r);
    }
    EXPECT_EQ(g.values().size(), pos);
    EXPECT_EQ(ctx.exclusive_scan(1), std::uint64_t(ctx.rank()));
}
