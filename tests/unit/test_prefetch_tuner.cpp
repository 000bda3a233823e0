// SPDX-License-Identifier: BSD-3-Clause
// prefetch_tuner's choices, against a stand-in for sliced_rows that records what was called: a
// large matrix is measured once, at its first product, and multiplied with the chosen hint after;
// a small one is never measured; a set hint is never measured over. The products' bits for every
// hint are checked against the reference order in test_sliced_rows and test_coupling_matrix.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include <balnet/rate/prefetch_tuner.hpp>

namespace balnet {
namespace {

struct recording_rows {
    static constexpr std::size_t tune_min_entries = 100;
    std::size_t entries = 0;
    mutable int tunes = 0, products = 0;
    mutable prefetch_hint hint = prefetch_hint::t0;

    std::size_t n_entries() const { return entries; }
    prefetch_hint prefetch() const { return hint; }
    void set_prefetch(prefetch_hint h) { hint = h; }
    template <typename Decode>
    std::array<double, 3> tune(const double*, double* y, Decode&&) const {
        ++tunes;
        hint = prefetch_hint::none;  // as if none were fastest
        y[0] = 1.0;                  // the product, computed while measuring
        return {0.003, 0.002, 0.001};
    }
    template <typename Decode>
    void multiply(const double*, double* y, Decode&&) const {
        ++products;
        y[0] = 1.0;
    }
};

const auto no_decode = [](std::uint32_t c, std::uint32_t) { return c; };

TEST(prefetch_tuner, measures_a_large_matrix_once_at_its_first_product) {
    recording_rows rows{.entries = 100};
    prefetch_tuner tuner;
    EXPECT_EQ(tuner.describe(rows.prefetch()), "prefetch t0 (before the first product)");
    double y = 0.0;
    tuner.multiply(rows, nullptr, &y, no_decode);
    EXPECT_EQ(y, 1.0);
    EXPECT_EQ(rows.tunes, 1);
    EXPECT_EQ(rows.products, 0);
    tuner.multiply(rows, nullptr, &y, no_decode);
    tuner.multiply(rows, nullptr, &y, no_decode);
    EXPECT_EQ(rows.tunes, 1);
    EXPECT_EQ(rows.products, 2);
    EXPECT_EQ(tuner.describe(rows.prefetch()),
              "prefetch none (measured at the first product: t0 3.0 ms, nta 2.0 ms, none 1.0 ms)");
}

TEST(prefetch_tuner, leaves_a_small_matrix_at_t0) {
    recording_rows rows{.entries = 99};
    prefetch_tuner tuner;
    double y = 0.0;
    tuner.multiply(rows, nullptr, &y, no_decode);
    EXPECT_EQ(rows.tunes, 0);
    EXPECT_EQ(rows.products, 1);
    EXPECT_EQ(tuner.describe(rows.prefetch()), "prefetch t0 (the default: matrix too small to measure)");
}

TEST(prefetch_tuner, a_set_hint_is_kept_unmeasured) {
    recording_rows rows{.entries = 1000};
    prefetch_tuner tuner;
    tuner.set(rows, prefetch_hint::nta);
    double y = 0.0;
    tuner.multiply(rows, nullptr, &y, no_decode);
    EXPECT_EQ(rows.tunes, 0);
    EXPECT_EQ(rows.hint, prefetch_hint::nta);
    EXPECT_EQ(tuner.describe(rows.prefetch()), "prefetch nta (set)");
}

TEST(prefetch_tuner, hint_names) {
    EXPECT_EQ(to_string(prefetch_hint::t0), "t0");
    EXPECT_EQ(to_string(prefetch_hint::nta), "nta");
    EXPECT_EQ(to_string(prefetch_hint::none), "none");
}

}  // namespace
}  // namespace balnet
