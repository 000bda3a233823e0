// SPDX-License-Identifier: BSD-3-Clause
// row_generator against an independent statement of the drawing protocol (docs/models.md §1.2,
// the determinism contract of docs/models.md Part 4): the fixed in-degree partners of a row are the set reached by
// drawing uniform integers from the row's connectivity stream, topping up to K distinct values in
// rounds, built here with std::set (no sort, no radix); the weights are the row's weight stream in
// order. Source populations large enough for every radix pass of the sort (up to 2^26 units).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include <balnet/core/rng_stream.hpp>
#include <balnet/network/row_generator.hpp>

using namespace balnet;

namespace {

// Gamma weights of mean 0.3 and SD 0.2: shape (m/s)^2, scale s^2/m (docs/models.md §1.3).
constexpr double shape = (0.3 / 0.2) * (0.3 / 0.2), scale = 0.2 * 0.2 / 0.3;

projection_spec projection(std::size_t source, std::size_t target, std::uint64_t k, bool autapses,
                           double sign) {
    projection_spec p;
    p.source = source;
    p.target = target;
    p.rule = connectivity_rule::fixed_indegree;
    p.indegree = k;
    p.autapses = autapses;
    p.weights = weight_distribution(weight_kind::gamma, 0.3, 0.2, sign);
    return p;
}

// The partners (population-local) of row `gid` in projection `sub`, from the protocol alone.
std::vector<std::uint64_t> expected_partners(seed_type seed, gid_type gid, std::uint32_t sub,
                                             std::uint64_t n_src, std::uint64_t k, std::int64_t self) {
    rng_stream rng(seed, rng_purpose::connectivity, gid, sub);
    const std::uint64_t m = self >= 0 ? n_src - 1 : n_src;
    std::set<std::uint64_t> s;
    while (s.size() < k) {
        const std::size_t need = k - s.size();
        for (std::size_t i = 0; i < need; ++i) s.insert(rng.uniform_int(m));
    }
    std::vector<std::uint64_t> out(s.begin(), s.end());
    if (self >= 0)
        for (auto& c : out)
            if (c >= static_cast<std::uint64_t>(self)) ++c;
    return out;
}

}  // namespace

TEST(row_generator, fixed_indegree_follows_the_protocol_for_large_sources) {
    for (std::uint64_t n : {300ull, 70000ull, 20000000ull, 67108864ull}) {
        network_spec spec;
        spec.seed = 77;
        spec.populations = {{"I", n, false}};
        spec.projections = {projection(0, 0, 1000 < n / 2 ? 1000 : 100, false, -1.0)};
        row_generator gen(spec);
        for (gid_type gid : {gid_type{0}, gid_type{n / 2}, gid_type{n - 1}}) {
            gen.draw(gid);
            const auto want = expected_partners(spec.seed, gid, 0, n, spec.projections[0].indegree,
                                                static_cast<std::int64_t>(gid));
            ASSERT_EQ(gen.cols().size(), want.size()) << "n " << n;
            rng_stream wrng(spec.seed, rng_purpose::weights, gid, 0);
            for (std::size_t i = 0; i < want.size(); ++i) {
                ASSERT_EQ(gen.cols()[i], want[i]) << "n " << n << " gid " << gid << " entry " << i;
                EXPECT_EQ(gen.weights()[i], -wrng.gamma(shape, scale));
            }
        }
    }
}

TEST(row_generator, projections_out_of_population_order_give_a_sorted_row) {
    // E <- I listed before E <- E: the row is sorted by gid and each weight stays with its column.
    network_spec spec;
    spec.seed = 5;
    spec.populations = {{"E", 400, true}, {"I", 100, false}};
    spec.projections = {projection(1, 0, 30, true, -1.0), projection(0, 0, 60, true, 1.0)};
    row_generator gen(spec);
    gen.draw(17);
    std::map<std::uint64_t, double> expect;
    for (std::uint32_t sub = 0; sub < 2; ++sub) {
        const auto& pr = spec.projections[sub];
        const gid_type off = spec.offset(pr.source);
        rng_stream wrng(spec.seed, rng_purpose::weights, 17, sub);
        for (auto c : expected_partners(spec.seed, 17, sub, spec.populations[pr.source].size,
                                        pr.indegree, -1))
            expect[off + c] = (pr.source == 0 ? 1.0 : -1.0) * wrng.gamma(shape, scale);
    }
    ASSERT_EQ(gen.cols().size(), 90u);
    std::size_t i = 0;
    for (const auto& [c, w] : expect) {
        EXPECT_EQ(gen.cols()[i], c);
        EXPECT_EQ(gen.weights()[i], w);
        ++i;
    }
    std::vector<indegree_stats> st(2, {0, 0, ~0ull, 0});
    gen.tally(st);
    gen.draw(450);  // an I row: no projection targets I
    gen.tally(st);
    EXPECT_EQ(gen.cols().size(), 0u);
    EXPECT_EQ(st[0].rows, 1u);
    EXPECT_EQ(st[0].total, 30u);
    EXPECT_EQ(st[1].total, 60u);
    EXPECT_EQ(st[1].min, 60u);
}

TEST(row_generator, same_row_whenever_drawn) {
    network_spec spec;
    spec.seed = 9;
    spec.populations = {{"I", 5000, false}};
    spec.projections = {projection(0, 0, 200, true, -1.0)};
    row_generator a(spec), b(spec);
    a.draw(123);
    const std::vector<std::uint32_t> first(a.cols().begin(), a.cols().end());
    a.draw(4000);
    a.draw(123);
    b.draw(123);
    EXPECT_EQ(std::vector<std::uint32_t>(a.cols().begin(), a.cols().end()), first);
    EXPECT_EQ(std::vector<std::uint32_t>(b.cols().begin(), b.cols().end()), first);
}
