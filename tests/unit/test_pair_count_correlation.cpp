// SPDX-License-Identifier: BSD-3-Clause
// pair_count_correlation: the pairs are distinct, inside the range and reproducible; the mean
// Pearson correlation, fed in pieces with syncs between, equals a naive two-pass computation
// over the same pairs, with zero-variance pairs skipped; identical trains give 1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/analysis/pair_count_correlation.hpp>

#include "naive_pearson.hpp"

using namespace balnet;

namespace {

using test::naive_pearson;

}  // namespace

TEST(pair_count_correlation, pairs_are_distinct_in_range_and_reproducible) {
    pair_count_correlation a(7, 100, 50, 300, 0, 1000, 100), b(7, 100, 50, 300, 0, 1000, 100);
    ASSERT_EQ(a.pairs().size(), 300u);
    EXPECT_EQ(a.pairs(), b.pairs());
    for (const auto& [x, y] : a.pairs()) {
        EXPECT_NE(x, y);
        EXPECT_GE(x, 100u); EXPECT_LT(x, 150u);
        EXPECT_GE(y, 100u); EXPECT_LT(y, 150u);
    }
}

TEST(pair_count_correlation, mean_equals_a_naive_computation) {
    const gid_type first = 0, n = 20;
    const step_type t0 = 50, t1 = 1050, bin = 100;  // 10 bins
    pair_count_correlation pc(3, first, n, 40, t0, t1, bin);
    std::vector<spike> spikes;
    std::map<gid_type, std::vector<double>> counts;
    for (gid_type g = 0; g < n; ++g) counts[g].assign(10, 0.0);
    rng_stream rng(11, rng_purpose::sampling, 0);
    for (step_type s = 0; s < 1100; ++s)
        for (gid_type g = 0; g < n; ++g) {
            // Neuron 5 is silent (zero variance: its pairs are skipped).
            if (g == 5 || rng.uniform() > 0.02 + (((s / 200) % 2) != 0 ? 0.03 : 0.0)) continue;
            spikes.push_back({g, s});
            if (s >= t0 && s < t1) counts[g][static_cast<std::size_t>((s - t0) / bin)] += 1.0;
        }
    // Fed in two pieces with a sync between (its bins are dropped once folded): the same result.
    const auto mid = std::find_if(spikes.begin(), spikes.end(), [](const spike& x) { return x.step > 500; });
    pc.add(std::span<const spike>(spikes.begin(), mid));
    pc.sync(500);
    EXPECT_EQ(pc.bins_synced(), 4u);  // bins end at 150, 250, 350, 450 (<= 500 + 1)
    pc.add(std::span<const spike>(mid, spikes.end()));
    pc.sync(t1);
    double sum = 0;
    std::uint64_t used = 0;
    for (const auto& [a, b] : pc.pairs()) {
        if (a == 5 || b == 5) continue;
        sum += naive_pearson(counts[a], counts[b]);
        ++used;
    }
    const auto r = pc.result();
    EXPECT_EQ(r.n_pairs, used);
    EXPECT_NEAR(r.mean, sum / static_cast<double>(used), 1e-12);
}

TEST(pair_count_correlation, identical_trains_correlate_perfectly) {
    pair_count_correlation pc(1, 0, 2, 5, 0, 400, 100);
    std::vector<spike> s;
    for (step_type t : {5, 150, 160, 170, 390}) { s.push_back({0, t}); s.push_back({1, t}); }
    pc.add(s);
    pc.sync(400);
    EXPECT_NEAR(pc.result().mean, 1.0, 1e-12);
    EXPECT_EQ(pc.result().n_pairs, 5u);
}
