// SPDX-License-Identifier: BSD-3-Clause
// The layout of the stored coupling for its product: rows cut by column panels, and the pieces of
// eight rows summed side by side (a SELL-C-sigma layout, Kreutzer et al. 2014, over column panels).
//
// Why: in a random network a row's K columns are spread over all N units, so a plain CSR product
// reads x[col] from all over a vector larger than the core's L1 cache: measured here (N = 2e5,
// K = 1e3) about 1 ns per synapse however the loop is written, 35-40 % of STREAM. Cut into
// panels of W = 2048 presynaptic gids, the x values one panel touches (16 KB) stay in L1 while
// every row of a window of (up to) 4096 rows takes its entries from that panel; the entries of eight
// rows are stored interleaved (lane l of column j = the j-th entry of the slice's l-th row), so
// the inner loop has eight independent sums and no branch per row. Rows are grouped into slices
// after sorting each 256 rows by their entry count in the panel, so the eight rows of a slice
// have nearly the same count; the shorter ones are padded with weight 0 at a padding column
// whose x is 0 (about 2.5 % of entries at N = 2e5, K = 1e3).
//
// The sum order — the contract that makes the product bitwise identical for every rank count
// and for every storage: a row's entries, ascending by gid, are summed one after the other within
// each gid panel [p W, (p + 1) W), starting from +0; the row's result is +0 plus the panel sums in
// panel order. It depends on the row's entries and on W alone, and W on the network's size and
// in-degree alone (panel_width). Padding adds +0 to a sum that is never -0, so it changes nothing.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

#include <balnet/network/network_spec.hpp>
#include <balnet/rate/prefetch_tuner.hpp>

namespace balnet {

/// Width of the column panels (a power of two, rank-independent): 2048 gids (16 KB of x, held in
/// L1), widened while a row would have fewer than 8 entries per panel on average (then a
/// slice's per-panel bookkeeping would outweigh its entries), at most 16384.
std::uint32_t panel_width(const network_spec& spec);

template <typename V, typename Col>
class sliced_rows {
public:
    static constexpr unsigned lanes = 8;
    static constexpr std::uint32_t max_window = 4096;  ///< rows whose entries of a panel are stored together
    static constexpr std::uint32_t sort_window = 256;  ///< rows sorted together by entry count
    static constexpr Col padding_column = static_cast<Col>(~Col{0});  ///< until renumbered

    /// One window's slices, panel by panel; each window has arrays of its own, sized exactly, so
    /// that the build never reallocates (and briefly doubles) the whole matrix.
    struct block {
        std::vector<Col> col;                 // per slice: lanes x len entries, lane fastest
        std::vector<V> w;
        std::vector<std::uint16_t> len;       // per slice: entries per lane, padding included
        std::vector<std::uint16_t> lane_row;  // per slice and lane: the row in the window
        std::uint32_t rows = 0;
    };

    sliced_rows() = default;
    sliced_rows(std::uint32_t panel_width, std::uint64_t n_columns)
        : width_(panel_width),
          panels_(static_cast<std::uint32_t>(std::max<std::uint64_t>(1, (n_columns + panel_width - 1) / panel_width))) {}

    std::size_t n_rows() const noexcept { return n_rows_; }
    std::uint32_t width() const noexcept { return width_; }
    std::uint32_t panels() const noexcept { return panels_; }
    std::size_t n_entries() const noexcept {  ///< padding included
        std::size_t n = 0;
        for (const auto& b : blocks_) n += b.col.size();
        return n;
    }
    std::size_t bytes() const noexcept {
        std::size_t n = blocks_.capacity() * sizeof(block);
        for (const auto& b : blocks_)
            n += b.col.capacity() * sizeof(Col) + b.w.capacity() * sizeof(V) +
                 (b.len.capacity() + b.lane_row.capacity()) * sizeof(std::uint16_t);
        return n;
    }
    std::span<block> blocks() noexcept { return blocks_; }
    std::span<const block> blocks() const noexcept { return blocks_; }

    /// Rows per window for a rank of `rows` rows: 4096, halved (down to 256) until the rank has 16
    /// windows, so that the window drawn before it is sliced stays a small part of the build.
    static std::uint32_t window_rows(std::size_t rows) noexcept {
        std::uint32_t w = max_window;
        while (w > sort_window && std::size_t{w} * 16 > rows) w /= 2;
        return w;
    }
    void reserve_rows(std::size_t rows) { blocks_.reserve((rows + window_rows(rows) - 1) / window_rows(rows)); }

    /// Appends the next window of rows (at most `max_window`), given as CSR (row_ptr relative to
    /// gid/w) with columns as gids ascending within each row; `to_col` maps a gid to a Col.
    template <typename W, typename ToCol>
    void append_window(std::span<const std::uint32_t> row_ptr, std::span<const std::uint32_t> gid,
                       std::span<const W> w, ToCol&& to_col) {
        const auto n = static_cast<std::uint32_t>(row_ptr.size() - 1);
        const std::size_t slices = std::size_t{panels_} * ((n + lanes - 1) / lanes);
        block blk;
        blk.rows = n;
        blk.len.reserve(slices);
        blk.lane_row.reserve(slices * lanes);
        // The slices: per panel, each row's entry count, the rows sorted by it, eight at a time.
        std::vector<std::uint32_t> at(row_ptr.begin(), row_ptr.end() - 1), len(std::size_t{n} * panels_), order(n);
        std::size_t entries = 0;
        for (std::uint32_t p = 0; p < panels_; ++p) {
            const std::uint64_t end = std::uint64_t{p + 1} * width_;
            const std::span<std::uint32_t> lp(len.data() + std::size_t{p} * n, n);
            for (std::uint32_t r = 0; r < n; ++r) {
                std::uint32_t k = at[r];
                while (k < row_ptr[r + 1] && gid[k] < end) ++k;
                lp[r] = k - at[r];
                at[r] = k;
            }
            std::iota(order.begin(), order.end(), 0u);
            for (std::uint32_t b = 0; b < n; b += sort_window)
                std::stable_sort(order.begin() + b, order.begin() + std::min(n, b + sort_window),
                                 [&](std::uint32_t a, std::uint32_t c) { return lp[a] > lp[c]; });
            for (std::uint32_t s = 0; s < n; s += lanes) {
                std::uint32_t longest = 0;
                for (unsigned l = 0; l < lanes; ++l) {
                    const bool real = s + l < n;
                    if (real) longest = std::max(longest, lp[order[s + l]]);
                    blk.lane_row.push_back(static_cast<std::uint16_t>(real ? order[s + l] : max_window));
                }
                blk.len.push_back(static_cast<std::uint16_t>(longest));
                entries += std::size_t{longest} * lanes;
            }
        }
        // The entries, into arrays of the exact size, slice by slice as recorded above.
        blk.col.reserve(entries);
        blk.w.reserve(entries);
        std::copy(row_ptr.begin(), row_ptr.end() - 1, at.begin());
        const std::uint16_t* lane_row = blk.lane_row.data();
        const std::uint16_t* longest = blk.len.data();
        for (std::uint32_t p = 0; p < panels_; ++p) {
            const std::span<const std::uint32_t> lp(len.data() + std::size_t{p} * n, n);
            for (std::uint32_t s = 0; s < n; s += lanes, lane_row += lanes, ++longest)
                for (std::uint32_t j = 0; j < *longest; ++j)
                    for (unsigned l = 0; l < lanes; ++l) {
                        const std::uint32_t r = lane_row[l];
                        const bool real = r < n && j < lp[r];
                        const std::uint32_t k = real ? at[r] + j : 0;
                        blk.col.push_back(real ? to_col(gid[k]) : padding_column);
                        blk.w.push_back(real ? static_cast<V>(w[k]) : V{0});
                    }
            for (std::uint32_t r = 0; r < n; ++r) at[r] += lp[r];
        }
        blocks_.push_back(std::move(blk));
        n_rows_ += n;
    }

    /// y[i] = sum of row i's w x[col], in the order of the header; decode(c, p) is the index in x
    /// of stored column c in panel p. x must hold 0 at the padding column.
    template <typename Decode>
    void multiply(const double* x, double* y, Decode&& decode) const noexcept {
        switch (prefetch_) {
        case prefetch_hint::nta: return multiply_with<prefetch_hint::nta>(x, y, decode);
        case prefetch_hint::none: return multiply_with<prefetch_hint::none>(x, y, decode);
        case prefetch_hint::t0: break;
        }
        multiply_with<prefetch_hint::t0>(x, y, decode);
    }

    prefetch_hint prefetch() const noexcept { return prefetch_; }
    void set_prefetch(prefetch_hint h) noexcept { prefetch_ = h; }

    /// Entries from which tune() measures; below, the rows are a few cache sizes at most and
    /// the hint hardly matters (t0 is kept).
    static constexpr std::size_t tune_min_entries = std::size_t{1} << 21;

    /// Measures the product with each hint (measure_prefetch_hints, `reps` times each) and keeps
    /// the fastest; y holds the product afterwards. Each rank may choose differently: the hint
    /// changes no bit of y.
    template <typename Decode>
    std::array<double, 3> tune(const double* x, double* y, Decode&& decode, int reps = 2) const {
        return measure_prefetch_hints([this](prefetch_hint h) { prefetch_ = h; },
                                      [&] { multiply(x, y, decode); }, reps);
    }

    /// The same rows with the columns re-encoded by encode(c, p) (e.g. to 16 bits).
    template <typename Col2, typename Encode>
    sliced_rows<V, Col2> recoded(Encode&& encode) const {
        sliced_rows<V, Col2> out(width_, std::uint64_t{panels_} * width_);
        out.n_rows_ = n_rows_;
        out.blocks_.reserve(blocks_.size());
        for (const auto& blk : blocks_) {
            typename sliced_rows<V, Col2>::block o{{}, blk.w, blk.len, blk.lane_row, blk.rows};
            o.col.resize(blk.col.size());
            std::size_t k = 0, slice = 0;
            for (std::uint32_t p = 0; p < panels_; ++p)
                for (std::uint32_t s = 0; s < blk.rows; s += lanes)
                    for (std::size_t e = k + std::size_t{blk.len[slice++]} * lanes; k < e; ++k)
                        o.col[k] = encode(blk.col[k], p);
            out.blocks_.push_back(std::move(o));
        }
        return out;
    }

private:
    template <typename, typename> friend class sliced_rows;

    template <prefetch_hint H, typename Decode>
    void multiply_with(const double* x, double* y, Decode& decode) const noexcept {
        std::array<double, max_window + 1> acc;  // the window's rows; [max_window]: padding lanes
        for (const auto& blk : blocks_) {
            const V* w = blk.w.data();
            const Col* c = blk.col.data();
            const std::uint16_t* len = blk.len.data();
            const std::uint16_t* lane_row = blk.lane_row.data();
            std::fill(acc.begin(), acc.begin() + blk.rows, 0.0);
            for (std::uint32_t p = 0; p < panels_; ++p)
                for (std::uint32_t s = 0; s < blk.rows; s += lanes, lane_row += lanes) {
                    double a[lanes] = {};
                    for (std::uint32_t j = *len++; j > 0; --j, w += lanes, c += lanes) {
                        prefetch_ahead<H>(w);
                        prefetch_ahead<H>(c);
                        for (unsigned l = 0; l < lanes; ++l)
                            a[l] += static_cast<double>(w[l]) * x[decode(c[l], p)];
                    }
                    for (unsigned l = 0; l < lanes; ++l) acc[lane_row[l]] += a[l];
                }
            y = std::copy(acc.begin(), acc.begin() + blk.rows, y);
        }
    }

    /// Asks for the entries 384 slots ahead with the hint H (prefetch_tuner.hpp; on the CPU the
    /// kernel was written on, nta was fastest there, the hardware prefetcher alone 10-15 % slower;
    /// on the 2-vCPU KVM Xeon t0 at 384 and at 768 slots ran alike, 1.8x faster than nta).
    /// Prefetches never fault, so the address may lie past the array; it is formed as an
    /// integer, not as an out-of-range pointer.
    template <prefetch_hint H, typename T>
    static void prefetch_ahead(const T* p) noexcept {
        const auto* ahead = reinterpret_cast<const void*>(reinterpret_cast<std::uintptr_t>(p) + 384 * sizeof(T));
        if constexpr (H == prefetch_hint::t0) __builtin_prefetch(ahead, 0, 3);
        else if constexpr (H == prefetch_hint::nta) __builtin_prefetch(ahead, 0, 0);
    }

    std::uint32_t width_ = 2048, panels_ = 1;
    std::size_t n_rows_ = 0;
    mutable prefetch_hint prefetch_ = prefetch_hint::t0;  // speed only: tune() may change it
    std::vector<block> blocks_;
};

}  // namespace balnet
