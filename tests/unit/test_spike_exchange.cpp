// SPDX-License-Identifier: BSD-3-Clause
// The single-process exchange sorts by (step, gid); spikes order by step first.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include <balnet/spiking/spike_exchange.hpp>

using namespace balnet;

TEST(spike, orders_by_step_then_gid) {
    EXPECT_LT((spike{9, 1}), (spike{0, 2}));
    EXPECT_LT((spike{1, 2}), (spike{3, 2}));
    EXPECT_EQ((spike{4, 2}), (spike{4, 2}));
}

TEST(spike_exchange, local_exchange_sorts_by_step_then_gid) {
    std::vector<spike> local = {{5, 3}, {2, 3}, {7, 1}, {0, 2}, {9, 1}, {2, 1}};
    const spike_exchange ex;
    EXPECT_FALSE(ex.distributed());
    EXPECT_EQ(ex.n_ranks(), 1);
    const auto out = ex.exchange(local);
    const std::vector<spike> expect = {{2, 1}, {7, 1}, {9, 1}, {0, 2}, {2, 3}, {5, 3}};
    EXPECT_EQ(out, expect);
    EXPECT_EQ(local, expect);  // sorted in place
}
