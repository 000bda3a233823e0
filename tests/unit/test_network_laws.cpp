// SPDX-License-Identifier: BSD-3-Clause
// The connection rules and laws of the network description (docs/models.md §2.2.1-2): a fixed
// total number gives exactly `number` synapses (multinomial or, without multapses, distinct
// pairs with hypergeometric counts) whatever the partition; all-to-all; the normal delay law
// and the clipped normal weight law against formulas evaluated here (normal CDF / moments).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/spiking/synapse_index.hpp>

using namespace balnet;

namespace {

using edge = std::tuple<gid_type, gid_type, std::size_t, step_type, double>;  // tgt, src, proj, d, w

std::vector<edge> edges(const lif_network_params& net, std::uint32_t ranks) {
    std::vector<edge> out;
    for (std::uint32_t r = 0; r < ranks; ++r)
        synapse_index::build(net, partition(net.size(), static_cast<int>(ranks), static_cast<int>(r)))
            .for_each([&](gid_type s, gid_type t, std::size_t p, step_type d, double w) { out.emplace_back(t, s, p, d, w); });
    std::sort(out.begin(), out.end());
    return out;
}

// Two populations A (n_a) -> B (n_b), one projection A -> B with `pr`'s rule.
lif_network_params one_projection(std::uint64_t n_a, std::uint64_t n_b, lif_projection_params pr) {
    lif_network_params net;
    lif_population_params p;
    p.name = "A", p.size = n_a;
    net.populations.push_back(p);
    p.name = "B", p.size = n_b, p.excitatory = false;
    net.populations.push_back(p);
    pr.source = 0, pr.target = 1;
    net.projections.push_back(pr);
    net.seed = 11;
    return net;
}

double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }  // standard normal CDF

}  // namespace

TEST(network_laws, fixed_total_number_with_multapses_is_exact_and_multinomial) {
    lif_projection_params pr;
    pr.rule = lif_connectivity_kind::fixed_total_number;
    pr.number = 60000;
    const auto net = one_projection(300, 200, pr);
    const auto e1 = edges(net, 1);
    ASSERT_EQ(e1.size(), 60000u);
    EXPECT_EQ(edges(net, 3), e1);  // the same graph from three ranks
    std::map<gid_type, double> count;
    for (const auto& [t, s, p, d, w] : e1) count[t] += 1;
    // Multinomial(N, 1/n): mean N/n = 300, variance N (1/n)(1 - 1/n) = 298.5.
    double m = 0, v = 0;
    for (const auto& [t, c] : count) m += c / 200.0;
    for (const auto& [t, c] : count) v += (c - m) * (c - m) / 199.0;
    EXPECT_DOUBLE_EQ(m, 300.0);
    EXPECT_NEAR(v, 298.5, 298.5 * 0.3);  // chi-square, 199 dof: sd of v/var ~ 0.1
}

TEST(network_laws, fixed_total_number_without_multapses_draws_distinct_pairs) {
    lif_projection_params pr;
    pr.rule = lif_connectivity_kind::fixed_total_number;
    pr.number = 45000;
    pr.multapses = false;
    const auto net = one_projection(300, 200, pr);  // 60000 pairs, 3/4 of them chosen
    const auto e1 = edges(net, 1);
    ASSERT_EQ(e1.size(), 45000u);
    EXPECT_EQ(edges(net, 4), e1);
    std::set<std::pair<gid_type, gid_type>> pairs;
    std::map<gid_type, double> count;
    for (const auto& [t, s, p, d, w] : e1) {
        pairs.insert({t, s});
        count[t] += 1;
    }
    EXPECT_EQ(pairs.size(), 45000u);
    // Multivariate hypergeometric: mean N/n = 225, variance N (1/n)(1 - 1/n)(M - N)/(M - 1), M = 60000.
    const double var = 45000.0 / 200 * (199.0 / 200) * (15000.0 / 59999.0);
    double m = 0, v = 0;
    for (const auto& [t, c] : count) m += c / 200.0;
    for (const auto& [t, c] : count) v += (c - m) * (c - m) / 199.0;
    EXPECT_NEAR(v, var, var * 0.3);
    EXPECT_GT(var, 40.0);  // far below the multinomial's 223.9: the test separates the two
}

TEST(network_laws, all_to_all_without_autapses) {
    lif_projection_params pr;
    pr.rule = lif_connectivity_kind::all_to_all;
    pr.autapses = false;
    auto net = one_projection(20, 30, pr);
    net.projections[0].source = 1;  // B -> B: 30 * 29 pairs
    const auto e = edges(net, 2);
    ASSERT_EQ(e.size(), 30u * 29u);
    for (const auto& [t, s, p, d, w] : e) EXPECT_NE(t, s);
}

TEST(network_laws, normal_delays_follow_the_clipped_rounded_normal) {
    lif_projection_params pr;
    pr.indegree = 400;
    pr.delays = delay_law::normal;
    pr.delay = 1.5;
    pr.delay_sd = 0.75;  // Potjans & Diesmann's excitatory delays
    const auto net = one_projection(500, 100, pr);
    std::map<step_type, double> freq;
    const auto e = edges(net, 1);
    for (const auto& [t, s, p, d, w] : e) freq[d] += 1.0 / static_cast<double>(e.size());
    EXPECT_EQ(edges(net, 3), e);
    // P(step = 1) = P(X < 1.5 dt), P(step = k) = P((k - 1/2) dt <= X < (k + 1/2) dt), X ~ N(1.5, 0.75^2).
    const double dt = 0.1;
    for (step_type k = 1; k <= 30; ++k) {
        const double hi = phi(((static_cast<double>(k) + 0.5) * dt - 1.5) / 0.75);
        const double lo = k == 1 ? 0.0 : phi(((static_cast<double>(k) - 0.5) * dt - 1.5) / 0.75);
        const double p = hi - lo, n = static_cast<double>(e.size());
        EXPECT_NEAR(freq[k], p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12) << "step " << k;
    }
    EXPECT_LE(freq.rbegin()->first, net.delay_max_steps(net.projections[0]));
}

TEST(network_laws, truncated_normal_delays_redraw_below_dt) {
    lif_projection_params pr;
    pr.indegree = 400;
    pr.delays = delay_law::truncated_normal;  // NEST's microcircuit example: redraw below the resolution
    pr.delay = 0.8;
    pr.delay_sd = 0.4;
    const auto net = one_projection(500, 100, pr);
    std::map<step_type, double> freq;
    const auto e = edges(net, 1);
    for (const auto& [t, s, p, d, w] : e) freq[d] += 1.0 / static_cast<double>(e.size());
    EXPECT_EQ(edges(net, 2), e);
    // X ~ N(0.8, 0.4^2) conditioned on X >= dt: step 1 = [dt, 1.5 dt), step k = [(k - 1/2) dt, (k + 1/2) dt).
    const double dt = 0.1, kept = 1.0 - phi((dt - 0.8) / 0.4);
    for (step_type k = 1; k <= 20; ++k) {
        const double hi = phi(((static_cast<double>(k) + 0.5) * dt - 0.8) / 0.4);
        const double lo = phi(((k == 1 ? 1.0 : static_cast<double>(k) - 0.5) * dt - 0.8) / 0.4);
        const double p = (hi - lo) / kept, n = static_cast<double>(e.size());
        EXPECT_NEAR(freq[k], p, 5 * std::sqrt(p * (1 - p) / n) + 1e-12) << "step " << k;
    }
}

TEST(network_laws, clipped_normal_weights_keep_their_sign) {
    lif_projection_params pr;
    pr.indegree = 400;
    pr.drawn_weights = weight_distribution(weight_kind::normal_clipped, 1.0, 1.0, -1.0);  // mean 1, sd 1, sign -
    const auto e = edges(one_projection(500, 100, pr), 1);
    double m = 0, m2 = 0, zeros = 0;
    const double n = static_cast<double>(e.size());
    for (const auto& [t, s, p, d, w] : e) {
        ASSERT_LE(w, 0.0);
        m += -w / n;
        m2 += w * w / n;
        zeros += (w == 0.0) / n;
    }
    // Y = max(0, X), X ~ N(1, 1): E Y = Phi(1) + phi(1), E Y^2 = 2 Phi(1) + phi(1), P(Y = 0) = Phi(-1).
    const double dens = std::exp(-0.5) / std::sqrt(2 * M_PI);
    const double ey = phi(1) + dens, ey2 = 2 * phi(1) + dens;
    EXPECT_NEAR(m, ey, 5 * std::sqrt((ey2 - ey * ey) / n));
    EXPECT_NEAR(zeros, phi(-1), 5 * std::sqrt(phi(-1) * phi(1) / n));
}

TEST(network_laws, validation_names_the_field) {
    lif_projection_params pr;
    pr.rule = lif_connectivity_kind::fixed_total_number;
    pr.number = 601;
    pr.multapses = false;
    auto net = one_projection(30, 20, pr);
    EXPECT_THROW(net.validate(), config_error);
    net.projections[0].number = 600;
    EXPECT_NO_THROW(net.validate());
    net.projections[0].delays = delay_law::uniform;  // needs delay_max > delay
    EXPECT_THROW(net.validate(), config_error);
}
