// SPDX-License-Identifier: BSD-3-Clause
// The layout of the stored coupling for the sparse product (rate.product = sparse): the owned rows
// cut into windows of R rows, and inside each window the entries stored by presynaptic gid
// (column-major, CSC): for gid g, ptr[g] .. ptr[g + 1] hold the window's entries with column g
// as (row in the window as 16 bits, weight). A product then reads only the entries of the
// columns whose value is not 0 — the active units, a fraction f of all — and scatters them into
// the window's rows, whose sums (2 R doubles) stay in L1/L2.
//
// The sum order is that of sliced_rows.hpp, exactly: a row's terms, ascending by gid, summed
// within each gid panel [p W, (p + 1) W) starting from +0, the panel sums added to the row's +0
// in panel order. The scatter keeps it: the active columns are visited in ascending gid order,
// so each row receives its terms of a panel in gid order into its panel sum; when the gids
// cross a panel boundary every row's panel sum is added to its total and reset to +0. Entries
// of one column keep their row order, and a row's repeated column (a multapse) keeps the order
// of the drawn row, since the entries were placed by a stable counting sort.
// Why skipping the inactive columns changes no bit: with finite weights, an inactive term w x
// is +-0, and s + (+-0) == s for every s except s = -0; a sum that starts at +0 is never -0
// (x + y rounds to -0 only when both are -0), so neither the panel sums nor the row totals ever
// are, and a panel with no active term adds +0 to a total that is not -0. Every sum
// of the dense kernel equals, bit for bit, the sum of its non-zero terms in the same order.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include <balnet/rate/prefetch_tuner.hpp>

namespace balnet {

template <typename V>
class column_windows {
public:
    static constexpr std::uint32_t max_rows = 65536;  ///< rows of a window: 16-bit row numbers

    struct window {
        std::vector<std::uint32_t> ptr;  // per gid, n_columns + 1: where its entries start
        std::vector<std::uint16_t> row;  // per entry: the row in the window
        std::vector<V> w;
        std::uint32_t rows = 0;
    };

    column_windows() = default;
    /// `panel_width` (a power of two) as for sliced_rows (panel_width(spec)); columns are the
    /// gids 0 .. n_columns - 1.
    column_windows(std::uint32_t panel_width, std::uint64_t n_columns)
        : shift_(static_cast<unsigned>(std::countr_zero(panel_width))), n_columns_(n_columns) {}

    /// Rows per window for a rank of `rows` rows: 16384 (128 KB of panel sums, in L2; measured
    /// at N = 2e5, K = 1e3, f = 0.15, A/B medians: the product is 1.3x faster than with 4096
    /// rows, whose sums fit in L1 but whose columns' runs of entries are 4x shorter, so that a
    /// larger part of the lines read belongs to inactive neighbours, and 1.1x faster than with
    /// 32768), halved while the rank would have fewer than 4 windows (down to 512), so that the
    /// window drawn before it is stored stays a small part of the build.
    static std::uint32_t window_rows(std::size_t rows) noexcept {
        std::uint32_t r = 16384;
        while (r > 512 && std::size_t{r} * 4 > rows) r /= 2;
        return r;
    }

    std::size_t n_rows() const noexcept { return n_rows_; }
    std::size_t n_entries() const noexcept {
        std::size_t n = 0;
        for (const auto& b : windows_) n += b.row.size();
        return n;
    }
    std::size_t bytes() const noexcept {
        std::size_t n = windows_.capacity() * sizeof(window);
        for (const auto& b : windows_)
            n += b.ptr.capacity() * sizeof(std::uint32_t) + b.row.capacity() * sizeof(std::uint16_t) +
                 b.w.capacity() * sizeof(V);
        return n;
    }
    /// The largest window, in rows (the product's scratch holds twice as many doubles).
    std::uint32_t max_window_rows() const noexcept {
        std::uint32_t m = 0;
        for (const auto& b : windows_) m = std::max(m, b.rows);
        return m;
    }

    /// Appends the next window of rows (at most max_rows), given as CSR (row_ptr relative to
    /// gid/w) with columns as gids ascending within each row.
    template <typename W>
    void append_window(std::span<const std::uint32_t> row_ptr, std::span<const std::uint32_t> gid,
                       std::span<const W> w) {
        // 32-bit pointers: a window holds < 2^32 entries (16384 rows of K < 262144 always do).
        if (gid.size() >= std::uint64_t{1} << 32 || row_ptr.size() - 1 > max_rows)
            throw std::length_error("column_windows: a window of more than 65536 rows or 2^32 - 1 entries");
        window b;
        b.rows = static_cast<std::uint32_t>(row_ptr.size() - 1);
        b.ptr.assign(n_columns_ + 1, 0);
        for (const auto g : gid) ++b.ptr[g + 1];
        for (std::uint64_t g = 0; g < n_columns_; ++g) b.ptr[g + 1] += b.ptr[g];
        // A stable counting sort: rows in order, each row's entries in order.
        std::vector<std::uint32_t> at(b.ptr.begin(), b.ptr.end() - 1);
        b.row.resize(gid.size());
        b.w.resize(gid.size());
        for (std::uint32_t r = 0; r < b.rows; ++r)
            for (std::uint32_t k = row_ptr[r]; k < row_ptr[r + 1]; ++k) {
                const std::uint32_t to = at[gid[k]]++;
                b.row[to] = static_cast<std::uint16_t>(r);
                b.w[to] = static_cast<V>(w[k]);
            }
        n_rows_ += b.rows;
        windows_.push_back(std::move(b));
    }

    /// y[i] = sum over the active columns of row i's w x, in the order of the header: `gid`
    /// ascending (the active columns), x[a] the value of column gid[a]; scratch holds
    /// 2 max_window_rows() doubles.
    void multiply(std::span<const std::uint32_t> gid, std::span<const double> x, double* y,
                  double* scratch) const noexcept {
        switch (prefetch_) {
        case prefetch_hint::nta: return multiply_with<prefetch_hint::nta>(gid, x, y, scratch);
        case prefetch_hint::none: return multiply_with<prefetch_hint::none>(gid, x, y, scratch);
        case prefetch_hint::t0: break;
        }
        multiply_with<prefetch_hint::t0>(gid, x, y, scratch);
    }

    prefetch_hint prefetch() const noexcept { return prefetch_; }
    void set_prefetch(prefetch_hint h) noexcept { prefetch_ = h; }
    static constexpr std::size_t tune_min_entries = std::size_t{1} << 21;  ///< as for sliced_rows

    /// Measures the product of these active columns with each hint (measure_prefetch_hints)
    /// and keeps the fastest; y holds the product afterwards, the same bits for every hint.
    std::array<double, 3> tune(std::span<const std::uint32_t> gid, std::span<const double> x, double* y,
                               double* scratch, int reps = 2) const {
        return measure_prefetch_hints([this](prefetch_hint h) { prefetch_ = h; },
                                      [&] { multiply(gid, x, y, scratch); }, reps);
    }

private:
    template <prefetch_hint H>
    void multiply_with(std::span<const std::uint32_t> gid, std::span<const double> x, double* y,
                       double* scratch) const noexcept {
        const std::size_t m = gid.size();
        for (const auto& b : windows_) {
            double* panel_sum = scratch;
            double* total = scratch + b.rows;
            std::fill(scratch, scratch + 2 * std::size_t{b.rows}, 0.0);
            const std::uint32_t* ptr = b.ptr.data();
            const std::uint16_t* row = b.row.data();
            const V* w = b.w.data();
            std::uint64_t panel_end = 0;
            for (std::size_t a = 0; a < m; ++a) {
                const std::uint32_t g = gid[a];
                if (a + prefetch_distance < m) prefetch<H>(ptr + gid[a + prefetch_distance], row, w);
                if (g >= panel_end) {
                    close_panel(panel_sum, total, b.rows);
                    panel_end = (std::uint64_t{g >> shift_} + 1) << shift_;
                }
                const double v = x[a];
                for (std::uint32_t k = ptr[g], e = ptr[g + 1]; k < e; ++k)
                    panel_sum[row[k]] += static_cast<double>(w[k]) * v;
            }
            close_panel(panel_sum, total, b.rows);
            y = std::copy(total, total + b.rows, y);
        }
    }

    // The entries of an active column in a window (~80 at N = 2e5, K = 1e3: 800 B) lie at a
    // place the hardware prefetcher cannot guess; all their lines are asked for this many active
    // columns ahead (measured at f = 0.15 with windows of 4096 rows: without it the product is
    // 1.5x slower; 16 or 32 columns ahead, more lines than the core can have in flight, are
    // slower than 4).
    static constexpr std::size_t prefetch_distance = 4;

    // Asks for every cache line of one column's entries, with the hint H (prefetch_tuner.hpp:
    // nta, chosen where the kernel was written, keeps the lines out of L1, where the sums live;
    // on a 2-vCPU KVM Xeon t0 made the product 1.2x faster at f = 0.15). Prefetches never
    // fault, so no bound is checked.
    template <prefetch_hint H>
    static void prefetch(const std::uint32_t* ptr, const std::uint16_t* row, const V* w) noexcept {
        if constexpr (H == prefetch_hint::none) return;
        constexpr int locality = H == prefetch_hint::t0 ? 3 : 0;
        const std::uint32_t b = ptr[0], e = ptr[1];
        for (std::uint32_t k = b; k < e + 64 / sizeof(V); k += 64 / sizeof(V)) __builtin_prefetch(w + k, 0, locality);
        for (std::uint32_t k = b; k < e + 32; k += 32) __builtin_prefetch(row + k, 0, locality);
    }

    static void close_panel(double* panel_sum, double* total, std::uint32_t rows) noexcept {
        for (std::uint32_t r = 0; r < rows; ++r) {
            total[r] += panel_sum[r];
            panel_sum[r] = 0.0;
        }
    }

    unsigned shift_ = 11;
    mutable prefetch_hint prefetch_ = prefetch_hint::t0;  // speed only: tune() may change it
    std::uint64_t n_columns_ = 0;
    std::size_t n_rows_ = 0;
    std::vector<window> windows_;
};

}  // namespace balnet
