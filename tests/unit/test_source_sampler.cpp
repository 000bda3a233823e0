// SPDX-License-Identifier: BSD-3-Clause
// source_sampler against independent statements of each rule's protocol (docs/models.md §1.2.1):
// Bernoulli by geometric gaps over the whole source population with the target's own index dropped,
// multapses as the stream's uniform integers in draw order, distinct sources as the set reached by
// drawing uniform integers and topping up in rounds (std::set here, no sort), and its complement.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/network/source_sampler.hpp>

using namespace balnet;

namespace {

std::vector<std::uint64_t> sample(const source_draw& d, std::uint64_t key) {
    source_sampler s;
    rng_stream rng(7, rng_purpose::connectivity, key, 3);
    std::vector<std::uint64_t> out;
    s.draw(d, rng, [&](std::uint64_t c) { out.push_back(c); });
    return out;
}

source_draw request(source_rule rule, std::uint64_t n, std::uint64_t k, bool multapses, std::int64_t self) {
    source_draw d;
    d.rule = rule;
    d.n_src = n;
    d.count = k;
    d.p = static_cast<double>(k) / static_cast<double>(n);
    d.multapses = multapses;
    d.exclude_self = self >= 0;
    d.self = self >= 0 ? static_cast<std::uint64_t>(self) : 0;
    return d;
}

// The distinct protocol: rounds of (want - |set|) uniform draws among the candidates.
std::vector<std::uint64_t> distinct_protocol(std::uint64_t key, std::uint64_t m, std::uint64_t k, std::int64_t self) {
    rng_stream rng(7, rng_purpose::connectivity, key, 3);
    const bool complement = 2 * k > m;
    const std::uint64_t want = complement ? m - k : k;
    std::set<std::uint64_t> s;
    while (s.size() < want) {
        const std::size_t round = want - s.size();
        for (std::size_t i = 0; i < round; ++i) s.insert(rng.uniform_int(m));
    }
    std::vector<std::uint64_t> out;
    for (std::uint64_t c = 0; c < m; ++c)
        if (s.count(c) != complement) out.push_back(self >= 0 && c >= static_cast<std::uint64_t>(self) ? c + 1 : c);
    return out;
}

}  // namespace

TEST(source_sampler, distinct_sources_follow_the_protocol_with_and_without_the_complement) {
    for (std::uint64_t k : {10u, 300u, 499u}) {  // 300, 499 > m/2: the complement is drawn
        for (std::int64_t self : {-1, 0, 250, 499}) {
            const std::uint64_t m = self >= 0 ? 499 : 500;
            const auto got = sample(request(source_rule::fixed_count, 500, k, false, self), 11);
            EXPECT_EQ(got, distinct_protocol(11, m, k, self)) << "k " << k << " self " << self;
            EXPECT_EQ(got.size(), k);
            for (auto c : got) EXPECT_NE(static_cast<std::int64_t>(c), self);
        }
    }
}

TEST(source_sampler, multapses_are_the_streams_draws_in_order) {
    const auto got = sample(request(source_rule::fixed_count, 100, 40, true, 30), 5);
    rng_stream rng(7, rng_purpose::connectivity, 5, 3);
    ASSERT_EQ(got.size(), 40u);
    for (auto c : got) {
        const std::uint64_t u = rng.uniform_int(99);
        EXPECT_EQ(c, u >= 30 ? u + 1 : u);
    }
}

TEST(source_sampler, bernoulli_drops_the_target_after_the_gaps_over_the_whole_population) {
    const std::uint64_t n = 2000;
    const auto got = sample(request(source_rule::bernoulli, n, 200, false, 0), 9);
    rng_stream rng(7, rng_purpose::connectivity, 9, 3);
    std::vector<std::uint64_t> want;
    const double log_q = std::log1p(-0.1);
    for (double j = -1.0;;) {
        j += 1.0 + std::floor(std::log(rng.uniform()) / log_q);
        if (j >= static_cast<double>(n)) break;
        if (j != 0.0) want.push_back(static_cast<std::uint64_t>(j));
    }
    EXPECT_EQ(got, want);
    EXPECT_GT(got.size(), 150u);  // ~200 expected: the process is not empty
}

TEST(source_sampler, all_lists_every_candidate_but_the_excluded_target) {
    const auto got = sample(request(source_rule::all, 6, 6, false, 2), 1);
    EXPECT_EQ(got, (std::vector<std::uint64_t>{0, 1, 3, 4, 5}));
    EXPECT_EQ(sample(request(source_rule::bernoulli, 4, 4, false, -1), 1), (std::vector<std::uint64_t>{0, 1, 2, 3}));
}
