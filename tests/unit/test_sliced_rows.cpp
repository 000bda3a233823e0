// SPDX-License-Identifier: BSD-3-Clause
// sliced_rows against an independent statement of its sum order (sliced_rows.hpp): each row's
// entries grouped by column panel with a std::map, every group summed left to right from +0,
// the group sums added in panel order. Rows of every shape: empty, in one panel, across all
// panels, 2.3 windows of rows (the last window and slice partial), the last panel partial; with
// every prefetch hint (prefetch_tuner.hpp) and after tune().
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <balnet/rate/sliced_rows.hpp>

namespace balnet {
namespace {

struct csr {
    std::vector<std::uint32_t> row_ptr{0}, col;
    std::vector<double> w;
};

csr random_rows(std::uint32_t rows, std::uint32_t n_cols, std::uint32_t seed) {
    std::mt19937 g(seed);
    csr m;
    for (std::uint32_t r = 0; r < rows; ++r) {
        std::set<std::uint32_t> cols;
        const std::uint32_t kind = r % 7;
        const auto k = static_cast<std::uint32_t>(kind == 0 ? 0 : kind == 1 ? 1 + g() % 40 : 5 + g() % 300);
        while (cols.size() < k) {
            const auto c = static_cast<std::uint32_t>(kind == 1 ? 4096 + g() % 2048 : g() % n_cols);  // kind 1: one panel
            cols.insert(c);
        }
        for (auto c : cols) {
            m.col.push_back(c);
            m.w.push_back(std::ldexp(static_cast<double>(g()) - 2147483648.0, -31));
        }
        m.row_ptr.push_back(static_cast<std::uint32_t>(m.col.size()));
    }
    return m;
}

double reference_row(const csr& m, std::uint32_t r, const std::vector<double>& x, std::uint32_t width) {
    std::map<std::uint32_t, std::vector<double>> by_panel;
    for (auto k = m.row_ptr[r]; k < m.row_ptr[r + 1]; ++k) by_panel[m.col[k] / width].push_back(m.w[k] * x[m.col[k]]);
    double row = 0.0;
    for (const auto& [panel, terms] : by_panel) {
        double s = 0.0;
        for (double t : terms) s += t;
        row += s;
    }
    return row;
}

template <typename V, typename Col>
sliced_rows<V, Col> slice(const csr& m, std::uint32_t width, std::uint32_t n_cols) {
    sliced_rows<V, Col> s(width, n_cols);
    const std::uint32_t rows = static_cast<std::uint32_t>(m.row_ptr.size() - 1);
    for (std::uint32_t b = 0; b < rows; b += s.max_window) {
        const std::uint32_t e = std::min(rows, b + s.max_window);
        std::vector<std::uint32_t> rp;
        for (std::uint32_t r = b; r <= e; ++r) rp.push_back(m.row_ptr[r] - m.row_ptr[b]);
        const std::span<const std::uint32_t> gid(m.col.data() + m.row_ptr[b], m.row_ptr[e] - m.row_ptr[b]);
        const std::span<const double> w(m.w.data() + m.row_ptr[b], gid.size());
        s.append_window(std::span<const std::uint32_t>(rp), gid, w, [](std::uint32_t g) { return static_cast<Col>(g); });
    }
    return s;
}

TEST(sliced_rows, sums_in_the_documented_order_bit_for_bit) {
    const std::uint32_t rows = 9437, n_cols = 50001, width = 2048;  // 25 panels, the last partial
    const csr m = random_rows(rows, n_cols, 7);
    std::vector<double> x(n_cols + 1, 0.0);  // x[n_cols] = 0: the padding column
    std::mt19937 g(11);
    for (std::uint32_t c = 0; c < n_cols; ++c) x[c] = std::ldexp(static_cast<double>(g()), -32);
    auto s = slice<double, std::uint32_t>(m, width, n_cols);
    ASSERT_EQ(s.n_rows(), rows);
    ASSERT_EQ(s.panels(), 25u);
    for (auto& blk : s.blocks())
        for (auto& c : blk.col)
            if (c == s.padding_column) c = n_cols;
    const auto identity = [](std::uint32_t c, std::uint32_t) { return c; };
    std::vector<double> y(rows);
    const auto expect_reference = [&](const std::string& what) {
        for (std::uint32_t r = 0; r < rows; ++r) {
            ASSERT_EQ(y[r], reference_row(m, r, x, width)) << what << ", row " << r;
            long double direct = 0;
            for (auto k = m.row_ptr[r]; k < m.row_ptr[r + 1]; ++k) direct += static_cast<long double>(m.w[k]) * x[m.col[k]];
            EXPECT_NEAR(y[r], static_cast<double>(direct), 1e-13);
        }
    };
    // Every prefetch hint: only the prefetch differs, never a bit of the sums.
    for (auto h : prefetch_hints) {
        s.set_prefetch(h);
        y.assign(rows, -1.0);
        s.multiply(x.data(), y.data(), identity);
        expect_reference("prefetch " + to_string(h));
    }
    // tune(): the product it leaves in y is the reference too, and it keeps the fastest hint.
    y.assign(rows, -1.0);
    const auto seconds = s.tune(x.data(), y.data(), identity, 1);
    expect_reference("after tune()");
    const auto fastest = std::min_element(seconds.begin(), seconds.end()) - seconds.begin();
    EXPECT_EQ(s.prefetch(), prefetch_hints[static_cast<std::size_t>(fastest)]);
    EXPECT_GT(*std::min_element(seconds.begin(), seconds.end()), 0.0);
    std::size_t padding = s.n_entries() - m.col.size();
    EXPECT_LT(padding, m.col.size() / 10);  // rows sorted by length before slicing
}

TEST(sliced_rows, float_weights_and_16_bit_columns_give_the_same_sums) {
    const std::uint32_t rows = 5000, n_cols = 30000, width = 4096;
    const csr m = random_rows(rows, n_cols, 3);
    std::vector<double> x(n_cols + 1, 0.0);
    for (std::uint32_t c = 0; c < n_cols; ++c) x[c] = 0.5 + 1e-3 * c;
    auto f = slice<float, std::uint32_t>(m, width, n_cols);
    for (auto& blk : f.blocks())
        for (auto& c : blk.col)
            if (c == f.padding_column) c = n_cols;
    // 16 bits: the offset in the panel, padding as 0xFFFF (decoded to the zero slot).
    const auto c16 = f.recoded<std::uint16_t>([&](std::uint32_t c, std::uint32_t p) {
        return static_cast<std::uint16_t>(c == n_cols ? 0xFFFFu : c - p * width);
    });
    std::vector<double> y32(rows), y16(rows);
    f.multiply(x.data(), y32.data(), [](std::uint32_t c, std::uint32_t) { return c; });
    c16.multiply(x.data(), y16.data(), [&](std::uint16_t c, std::uint32_t p) { return c == 0xFFFFu ? n_cols : p * width + c; });
    EXPECT_EQ(y16, y32);
    csr mf = m;  // the reference with the weights rounded to float
    for (auto& w : mf.w) w = static_cast<float>(w);
    for (std::uint32_t r = 0; r < rows; ++r) ASSERT_EQ(y32[r], reference_row(mf, r, x, width)) << "row " << r;
}

TEST(sliced_rows, panel_width_keeps_eight_entries_per_row_and_panel) {
    network_spec spec;
    spec.populations = {{"I", 200000}};
    spec.projections = {{0, 0, connectivity_rule::fixed_indegree, 1000, {}, true}};
    EXPECT_EQ(panel_width(spec), 2048u);  // 10.2 entries per row and panel
    spec.populations[0].size = 1000000;
    EXPECT_EQ(panel_width(spec), 8192u);  // 2048: 2.0, 4096: 4.1, 8192: 8.2
    spec.projections[0].indegree = 10;
    EXPECT_EQ(panel_width(spec), 16384u);  // at most 2^14
}

}  // namespace
}  // namespace balnet
