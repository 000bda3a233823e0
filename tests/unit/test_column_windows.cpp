// SPDX-License-Identifier: BSD-3-Clause
// The sparse product (column_windows.hpp) against the dense kernel (sliced_rows.hpp), bit for
// bit (signs of zeros included): random rows with repeated columns (multapses), negative and
// positive weights, windows of several sizes, and activity patterns with a fraction f in
// {0, 0.01, 0.18, 1} of the columns non-zero; the dense kernel reads every column, with the
// inactive ones at +0 or -0, the sparse one only the active (gid, value) list. The dense
// kernel is in turn checked against an independent statement of the order in test_sliced_rows.
// The sparse product with each prefetch hint, and after tune(), gives the same bits.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <vector>

#include <balnet/rate/column_windows.hpp>
#include <balnet/rate/sliced_rows.hpp>

namespace balnet {
namespace {

struct csr {
    std::vector<std::uint32_t> row_ptr{0}, col;
    std::vector<double> w;
};

// Rows of 0 to 400 entries, gids ascending with repeats, weights of both signs (some exactly 0).
csr random_rows(std::uint32_t rows, std::uint32_t n_cols, std::uint32_t seed) {
    std::mt19937 g(seed);
    csr m;
    for (std::uint32_t r = 0; r < rows; ++r) {
        std::vector<std::uint32_t> cols(r % 11 == 0 ? 0 : g() % 400);
        for (auto& c : cols) c = static_cast<std::uint32_t>(g() % n_cols);
        std::sort(cols.begin(), cols.end());
        for (auto c : cols) {
            m.col.push_back(c);
            const auto u = g();
            m.w.push_back(u % 97 == 0 ? 0.0 : std::ldexp(static_cast<double>(u) - 2147483648.0, -31));
        }
        m.row_ptr.push_back(static_cast<std::uint32_t>(m.col.size()));
    }
    return m;
}

template <typename Store>
void fill(Store& s, const csr& m, std::uint32_t window, auto&&... to_col) {
    const auto rows = static_cast<std::uint32_t>(m.row_ptr.size() - 1);
    for (std::uint32_t b = 0; b < rows; b += window) {
        const std::uint32_t e = std::min(rows, b + window);
        std::vector<std::uint32_t> rp;
        for (std::uint32_t r = b; r <= e; ++r) rp.push_back(m.row_ptr[r] - m.row_ptr[b]);
        const std::span<const std::uint32_t> gid(m.col.data() + m.row_ptr[b], m.row_ptr[e] - m.row_ptr[b]);
        const std::span<const double> w(m.w.data() + m.row_ptr[b], gid.size());
        s.append_window(std::span<const std::uint32_t>(rp), gid, w, to_col...);
    }
}

template <typename V>
std::vector<double> dense_product(const csr& m, std::uint32_t width, std::uint32_t n_cols, const std::vector<double>& x) {
    sliced_rows<V, std::uint32_t> s(width, n_cols);
    fill(s, m, s.max_window, [](std::uint32_t g) { return g; });
    for (auto& blk : s.blocks())
        for (auto& c : blk.col)
            if (c == s.padding_column) c = n_cols;
    std::vector<double> xp(x);
    xp.push_back(0.0);  // the padding column
    std::vector<double> y(m.row_ptr.size() - 1);
    s.multiply(xp.data(), y.data(), [](std::uint32_t c, std::uint32_t) { return c; });
    return y;
}

// hint: an index into prefetch_hints, or prefetch_hints.size() for tune() (every hint, the
// fastest kept).
template <typename V>
std::vector<double> sparse_product(const csr& m, std::uint32_t width, std::uint32_t n_cols, std::uint32_t window,
                                   const std::vector<double>& x, std::size_t hint = 0) {
    column_windows<V> s(width, n_cols);
    fill(s, m, window);
    EXPECT_EQ(s.n_entries(), m.col.size());
    std::vector<std::uint32_t> gid;
    std::vector<double> value;
    for (std::uint32_t c = 0; c < n_cols; ++c)
        if (x[c] != 0.0) {
            gid.push_back(c);
            value.push_back(x[c]);
        }
    std::vector<double> y(m.row_ptr.size() - 1, -1.0), scratch(2 * std::size_t{s.max_window_rows()});
    if (hint < prefetch_hints.size()) {
        s.set_prefetch(prefetch_hints[hint]);
        s.multiply(gid, value, y.data(), scratch.data());
    } else {
        const auto seconds = s.tune(gid, value, y.data(), scratch.data(), 1);
        const auto fastest = static_cast<std::size_t>(std::min_element(seconds.begin(), seconds.end()) - seconds.begin());
        EXPECT_EQ(s.prefetch(), prefetch_hints[fastest]);
    }
    return y;
}

// x with a fraction f of the columns non-zero (positive, as a rectified phi; a few huge or
// tiny), the others +0 or -0.
std::vector<double> activity(std::uint32_t n_cols, double f, std::uint32_t seed) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> x(n_cols);
    for (auto& v : x) {
        if (u(g) < f) {
            const double a = u(g);
            v = a < 0.01 ? 1e-310 : a < 0.02 ? 1e300 : a + 1e-17;  // subnormal, huge, ordinary
        } else {
            v = g() % 2 ? 0.0 : -0.0;
        }
    }
    return x;
}

void expect_same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(std::bit_cast<std::uint64_t>(a[i]), std::bit_cast<std::uint64_t>(b[i]))
            << "row " << i << ": " << a[i] << " vs " << b[i];
}

TEST(column_windows, equals_the_dense_kernel_bit_for_bit_at_every_activity) {
    const std::uint32_t rows = 5003, n_cols = 40001, width = 2048;  // 20 panels, the last partial
    const csr m = random_rows(rows, n_cols, 5);
    for (const double f : {0.0, 0.01, 0.18, 1.0}) {
        const auto x = activity(n_cols, f, 17);
        const auto dense = dense_product<double>(m, width, n_cols, x);
        for (const std::uint32_t window : {512u, 4096u, 65536u})
            for (std::size_t hint = 0; hint <= prefetch_hints.size(); ++hint) {  // each prefetch hint, tune()
                SCOPED_TRACE(testing::Message() << "f = " << f << ", window = " << window << ", hint " << hint);
                expect_same_bits(sparse_product<double>(m, width, n_cols, window, x, hint), dense);
            }
        if (f == 0.0) {
            for (double v : dense) EXPECT_EQ(std::bit_cast<std::uint64_t>(v), 0u);  // +0, never -0
        }
    }
}

TEST(column_windows, float_weights_equal_the_dense_float_kernel) {
    const std::uint32_t rows = 3000, n_cols = 30000, width = 4096;
    const csr m = random_rows(rows, n_cols, 9);
    for (const double f : {0.01, 0.18, 1.0}) {
        const auto x = activity(n_cols, f, 23);
        SCOPED_TRACE(testing::Message() << "f = " << f);
        expect_same_bits(sparse_product<float>(m, width, n_cols, 1024, x), dense_product<float>(m, width, n_cols, x));
    }
}

TEST(column_windows, window_rows_are_powers_of_two_within_bounds) {
    EXPECT_EQ(column_windows<double>::window_rows(200000), 16384u);
    EXPECT_EQ(column_windows<double>::window_rows(10000), 2048u);  // 4 windows or more
    EXPECT_EQ(column_windows<double>::window_rows(10), 512u);
}

}  // namespace
}  // namespace balnet
