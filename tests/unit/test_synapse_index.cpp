// SPDX-License-Identifier: BSD-3-Clause
// The source-indexed synapses: exact fixed in-degrees with multapses and autapses (and their
// expected frequency), the options that disable them, Bernoulli in-degree moments, distributed
// delays and drawn weights, storage size, and the same network for every partition.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include <balnet/spiking/synapse_index.hpp>

using namespace balnet;

namespace {

lif_network_params two_pops(std::uint64_t ne, std::uint64_t ni, std::uint64_t ke, std::uint64_t ki) {
    brunel_model_a m;
    m.n_e = ne, m.n_i = ni, m.c_e = ke, m.c_i = ki, m.seed = 3;
    return m.network();
}

using edge = std::tuple<gid_type, gid_type, std::size_t, step_type, double>;  // tgt, src, proj, d, w

std::vector<edge> edges(const lif_network_params& net, const partition& part) {
    std::vector<edge> out;
    synapse_index::build(net, part).for_each(
        [&](gid_type s, gid_type t, std::size_t p, step_type d, double w) {
            out.emplace_back(t, s, p, d, w);
        });
    std::sort(out.begin(), out.end());
    return out;
}

// in-degree[target][projection] and the per-target source lists.
std::map<std::pair<gid_type, std::size_t>, std::vector<gid_type>> inputs(const std::vector<edge>& e) {
    std::map<std::pair<gid_type, std::size_t>, std::vector<gid_type>> m;
    for (const auto& [t, s, p, d, w] : e) m[{t, p}].push_back(s);
    return m;
}

}  // namespace

TEST(synapse_index, fixed_indegree_with_multapses_and_autapses) {
    const auto net = two_pops(200, 50, 40, 10);
    const auto in = inputs(edges(net, partition(net.size(), 1, 0)));
    ASSERT_EQ(in.size(), 250u * 2u);  // every target has both kinds of inputs
    double distinct_sum = 0, self = 0;
    for (const auto& [key, src] : in) {
        const auto& pr = net.projections[key.second];
        ASSERT_EQ(src.size(), pr.indegree);
        const gid_type first = net.offset(pr.source);
        for (auto s : src) ASSERT_TRUE(s >= first && s < first + net.populations[pr.source].size);
        if (pr.source == 0 && pr.target == 0) {  // E -> E: K = 40 of N = 200
            distinct_sum += static_cast<double>(std::set<gid_type>(src.begin(), src.end()).size());
            self += static_cast<double>(std::count(src.begin(), src.end(), key.first));
        }
    }
    // With replacement: E[distinct] = N (1 - (1 - 1/N)^K); the mean over 200 targets has
    // SD < 0.1 (per-target SD of the distinct count < 2).
    const double expect = 200.0 * (1.0 - std::pow(1.0 - 1.0 / 200.0, 40.0));
    EXPECT_NEAR(distinct_sum / 200.0, expect, 0.5);
    EXPECT_LT(distinct_sum / 200.0, 40.0 - 2.0);  // multapses do occur (~3.8 per target)
    EXPECT_NEAR(self, 200.0 * 40.0 / 200.0, 5 * std::sqrt(40.0));  // autapses ~ Poisson(40)
}

TEST(synapse_index, multapses_and_autapses_can_be_disabled) {
    auto net = two_pops(60, 15, 59, 15);  // K = N - 1 (E -> E) and K = N (I -> I)
    for (auto& p : net.projections) p.multapses = false;
    for (auto& p : net.projections)
        if (p.source == 0 && p.target == 0) p.autapses = false;
    net.validate();
    for (const auto& [key, src] : inputs(edges(net, partition(net.size(), 1, 0)))) {
        const auto& pr = net.projections[key.second];
        ASSERT_EQ(src.size(), pr.indegree);
        EXPECT_EQ(std::set<gid_type>(src.begin(), src.end()).size(), src.size());
        if (!pr.autapses) {
            EXPECT_EQ(std::count(src.begin(), src.end(), key.first), 0);
        }
    }
    net.projections[0].indegree = 60;  // E -> E without autapses: only 59 candidates
    EXPECT_ANY_THROW(net.validate());
}

TEST(synapse_index, no_autapses_with_replacement) {
    auto net = two_pops(30, 10, 25, 5);
    for (auto& p : net.projections) p.autapses = false;
    for (const auto& [key, src] : inputs(edges(net, partition(net.size(), 1, 0)))) {
        ASSERT_EQ(src.size(), net.projections[key.second].indegree);
        EXPECT_EQ(std::count(src.begin(), src.end(), key.first), 0);
    }
}

TEST(synapse_index, bernoulli_indegree_moments) {
    auto net = two_pops(400, 100, 0, 0);
    net.projections.resize(1);  // E -> E only
    net.projections[0].rule = lif_connectivity_kind::bernoulli;
    net.projections[0].probability = 0.1;
    const auto in = inputs(edges(net, partition(net.size(), 1, 0)));
    double s = 0, s2 = 0;
    for (gid_type t = 0; t < 400; ++t) {
        const auto it = in.find({t, 0});
        const double k = it == in.end() ? 0.0 : static_cast<double>(it->second.size());
        if (it != in.end()) {  // distinct, ascending (no multapses in a Bernoulli draw)
            EXPECT_TRUE(std::is_sorted(it->second.begin(), it->second.end()));
            EXPECT_EQ(std::set<gid_type>(it->second.begin(), it->second.end()).size(), it->second.size());
        }
        s += k;
        s2 += k * k;
    }
    const double mean = s / 400, var = s2 / 400 - mean * mean;
    EXPECT_NEAR(mean, 40.0, 5 * std::sqrt(36.0 / 400));           // Np, SE sqrt(Np(1-p)/n)
    EXPECT_NEAR(var, 36.0, 5 * 36.0 * std::sqrt(2.0 / 400));        // Np(1-p)
}

TEST(synapse_index, distributed_delays_and_drawn_weights) {
    auto net = two_pops(200, 50, 100, 25);
    net.projections[0].delay_max = 2.0;  // steps 15 .. 20
    net.projections[1].drawn_weights = weight_distribution(weight_kind::normal, 0.5, 0.1, -1.0);
    std::map<step_type, int> delays;
    double wsum = 0, wn = 0;
    for (const auto& [t, s, p, d, w] : edges(net, partition(net.size(), 1, 0))) {
        if (p == 0) {
            ++delays[d];
            EXPECT_EQ(w, net.projections[0].weight);
        } else if (p == 1) {
            EXPECT_EQ(d, 15);
            wsum += w;
            wn += 1;
        } else {
            EXPECT_EQ(d, 15);
        }
    }
    ASSERT_EQ(delays.size(), 6u);
    EXPECT_EQ(delays.begin()->first, 15);
    EXPECT_EQ(delays.rbegin()->first, 20);
    for (const auto& [d, n] : delays) EXPECT_NEAR(n, 200 * 100 / 6.0, 5 * std::sqrt(20000 / 6.0));
    EXPECT_NEAR(wsum / wn, -0.5, 5 * 0.1 / std::sqrt(wn));
}

TEST(synapse_index, same_network_for_every_partition) {
    auto net = two_pops(97, 31, 20, 7);
    net.projections[2].delay_max = 3.0;
    net.projections[3].rule = lif_connectivity_kind::bernoulli;
    net.projections[3].probability = 0.2;
    net.projections[1].drawn_weights = weight_distribution(weight_kind::gamma, 0.5, 0.2, -1.0);
    const auto whole = edges(net, partition(net.size(), 1, 0));
    for (int p : {2, 3, 5, 200}) {  // 200 ranks: most of them empty
        std::vector<edge> all;
        for (int r = 0; r < p; ++r) {
            auto e = edges(net, partition(net.size(), p, r));
            all.insert(all.end(), e.begin(), e.end());
        }
        std::sort(all.begin(), all.end());
        EXPECT_EQ(all, whole) << p << " ranks";
    }
}

TEST(synapse_index, storage_is_four_bytes_per_synapse_plus_offsets) {
    const auto net = two_pops(1000, 250, 100, 25);
    const auto idx = synapse_index::build(net, partition(net.size(), 1, 0));
    const std::uint64_t n = 1250ull * 125ull;
    ASSERT_EQ(idx.n_synapses(), n);
    // Offsets: one array of n_src + 1 per (projection, delay) group: E->E, I->E, E->I, I->I.
    const std::uint64_t offsets = 8ull * (1001 + 251 + 1001 + 251);
    EXPECT_EQ(idx.bytes(), 4 * n + offsets);
    EXPECT_LE(idx.bytes_per_synapse(), 6.0);
}
