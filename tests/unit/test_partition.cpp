// SPDX-License-Identifier: BSD-3-Clause
#include <gtest/gtest.h>

#include <balnet/network/partition.hpp>

using balnet::partition;

TEST(partition, blocks_cover_every_gid_once_in_rank_order) {
    for (std::uint64_t n : {0ull, 1ull, 2ull, 3ull, 7ull, 10ull, 1000ull, 1001ull}) {
        for (int p = 1; p <= 9; ++p) {
            std::uint64_t next = 0;
            for (int r = 0; r < p; ++r) {
                partition part(n, p, r);
                EXPECT_EQ(part.begin(), next);
                next = part.end();
                for (auto g = part.begin(); g < part.end(); ++g) {
                    EXPECT_EQ(part.owner(g), r) << "n=" << n << " p=" << p << " g=" << g;
                    EXPECT_TRUE(part.owns(g));
                }
            }
            EXPECT_EQ(next, n);
        }
    }
}

TEST(partition, uneven_sizes_differ_by_at_most_one) {
    partition part(10, 3, 0);
    EXPECT_EQ(part.count(0), 4u);
    EXPECT_EQ(part.count(1), 3u);
    EXPECT_EQ(part.count(2), 3u);
}

TEST(partition, more_ranks_than_neurons_leaves_empty_ranks) {
    partition part(2, 4, 3);
    EXPECT_EQ(part.local_size(), 0u);
    EXPECT_EQ(part.count(0), 1u);
    EXPECT_EQ(part.count(1), 1u);
    EXPECT_EQ(part.count(2), 0u);
    EXPECT_EQ(part.begin(), part.end());
}

TEST(partition, invalid_rank_throws) {
    EXPECT_ANY_THROW(partition(10, 2, 2));
    EXPECT_ANY_THROW(partition(10, 0, 0));
}
