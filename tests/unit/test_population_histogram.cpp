// SPDX-License-Identifier: BSD-3-Clause
// population_histogram against hand-counted bins and the var/mean of a known series.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <balnet/analysis/population_histogram.hpp>

using namespace balnet;

TEST(population_histogram, counts_whole_bins_of_the_window_for_its_range) {
    // Neurons [10, 20), window [100, 135), bins of 10 steps -> 3 whole bins [100,110) [110,120) [120,130).
    population_histogram h(10, 10, 100, 135, 10);
    const std::vector<spike> s = {{9, 105}, {10, 99}, {10, 100}, {19, 109}, {15, 110},
                                  {20, 115}, {12, 129}, {13, 130}, {14, 134}};
    h.add(s);
    EXPECT_EQ(h.counts(), (std::vector<double>{2, 1, 1}));
    const auto r = h.rates_hz(h.counts(), 0.1);  // bin 1 ms, 10 neurons: 2 spikes -> 200 Hz
    EXPECT_DOUBLE_EQ(r[0], 200.0);
    EXPECT_DOUBLE_EQ(r[1], 100.0);
}

TEST(population_histogram, fano_is_var_over_mean_with_ddof_0) {
    const std::vector<double> c = {1, 2, 3, 6};  // mean 3, var (4+1+0+9)/4 = 3.5
    EXPECT_DOUBLE_EQ(population_histogram::fano(c), 3.5 / 3.0);
    EXPECT_TRUE(std::isnan(population_histogram::fano(std::vector<double>{0, 0})));
}
