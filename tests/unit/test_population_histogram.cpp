// SPDX-License-Identifier: BSD-3-Clause
// population_histogram against hand-counted bins and the var/mean of a known series; streamed
// (several syncs) equals synced once, and a restored object continues bitwise.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/analysis/population_histogram.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/core/error.hpp>

using namespace balnet;

namespace {
// Neurons [10, 20), window [100, 135), bins of 10 steps -> 3 whole bins [100,110) [110,120) [120,130).
const std::vector<spike> spikes = {{9, 105}, {10, 99}, {10, 100}, {19, 109}, {15, 110},
                                   {20, 115}, {12, 129}, {13, 130}, {14, 134}};
}  // namespace

TEST(population_histogram, counts_whole_bins_of_the_window_for_its_range) {
    context ctx;
    population_histogram h(10, 10, 100, 135, 10);
    h.add(spikes);
    EXPECT_EQ(h.bins(), 3u);
    const auto c = h.sync(ctx, 135);
    EXPECT_EQ(c, (std::vector<double>{2, 1, 1}));
    EXPECT_EQ(h.bins_synced(), 3u);
    EXPECT_TRUE(h.sync(ctx, 200).empty());  // nothing left
    const auto r = h.rates_hz(c, 0.1);  // bin 1 ms, 10 neurons: 2 spikes -> 200 Hz
    EXPECT_DOUBLE_EQ(r[0], 200.0);
    EXPECT_DOUBLE_EQ(r[1], 100.0);
}

TEST(population_histogram, only_ended_bins_are_synced) {
    context ctx;
    population_histogram h(10, 10, 100, 135, 10);
    h.add(std::span<const spike>(spikes).first(5));  // spikes up to step 110
    EXPECT_TRUE(h.sync(ctx, 105).empty());            // bin 0 has not ended
    EXPECT_EQ(h.sync(ctx, 119), (std::vector<double>{2}));
    h.add(std::span<const spike>(spikes).subspan(5));
    EXPECT_EQ(h.sync(ctx, 130), (std::vector<double>{1, 1}));
}

TEST(population_histogram, fano_is_var_over_mean_with_ddof_0) {
    // Counts 1, 2, 3, 6 in four bins: mean 3, var (4+1+0+9)/4 = 3.5.
    context ctx;
    population_histogram h(0, 1, 0, 40, 10);
    std::vector<spike> s;
    for (const auto& [bin, n] : {std::pair{0, 1}, std::pair{1, 2}, std::pair{2, 3}, std::pair{3, 6}})
        for (int k = 0; k < n; ++k) s.push_back({0, static_cast<step_type>(10 * bin + k)});
    h.add(s);
    h.sync(ctx, 20);
    h.sync(ctx, 40);
    EXPECT_DOUBLE_EQ(h.fano(), 3.5 / 3.0);
    population_histogram empty(0, 1, 0, 40, 10);
    empty.sync(ctx, 40);
    EXPECT_TRUE(std::isnan(empty.fano()));  // mean 0
}

TEST(population_histogram, restored_state_continues_bitwise) {
    context ctx;
    population_histogram a(10, 10, 100, 135, 10), b(10, 10, 100, 135, 10);
    a.add(std::span<const spike>(spikes).first(6));
    a.sync(ctx, 110);
    b.restore(a.serialise());
    for (auto* h : {&a, &b}) h->add(std::span<const spike>(spikes).subspan(6));
    EXPECT_EQ(a.sync(ctx, 135), b.sync(ctx, 135));
    EXPECT_EQ(a.fano(), b.fano());
    population_histogram other(10, 10, 100, 115, 10);  // one bin: a state with 3 bins does not fit
    EXPECT_THROW(other.restore(a.serialise()), internal_error);
}

int main(int argc, char** argv) {  // the context needs an MPI singleton
    ::testing::InitGoogleTest(&argc, argv);
    balnet::mpi_session session(argc, argv);
    return RUN_ALL_TESTS();
}
