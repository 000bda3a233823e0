// SPDX-License-Identifier: BSD-3-Clause
// The delay ring: a row per step mod n_slots, reused after n_slots steps (wraparound).
#include <gtest/gtest.h>

#include <balnet/spiking/delay_ring.hpp>

using namespace balnet;

TEST(delay_ring, rows_wrap_around) {
    delay_ring ring(4, 3);
    EXPECT_EQ(ring.n_slots(), 4u);
    EXPECT_EQ(ring.n_neurons(), 3u);
    EXPECT_EQ(ring.row(5).data(), ring.row(1).data());
    EXPECT_EQ(ring.row(8).data(), ring.row(0).data());
    EXPECT_NE(ring.row(2).data(), ring.row(3).data());
    ring.add(6, 2, 1.5);  // slot 2
    ring.add(6, 2, 0.25);
    EXPECT_EQ(ring.row(2)[2], 1.75);
    EXPECT_EQ(ring.row(10)[2], 1.75);
    EXPECT_EQ(ring.row(7)[2], 0.0);
}

TEST(delay_ring, a_delay_of_n_slots_minus_one_is_kept_until_read) {
    // Write d = n_slots - 1 steps ahead of every step, read and clear each step like the
    // engine: every value comes out exactly once, in its step, over several wraps.
    const std::size_t L = 5;
    delay_ring ring(L, 2);
    for (step_type k = 0; k < 40; ++k) {
        auto row = ring.row(k);
        if (k >= static_cast<step_type>(L - 1)) {
            EXPECT_EQ(row[0], static_cast<double>(k - (L - 1))) << k;
            EXPECT_EQ(row[1], 0.0);
        }
        row[0] = 0.0;
        ring.add(k + static_cast<step_type>(L - 1), 0, static_cast<double>(k));
    }
}
