// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/row_generator.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

// Sorts values below `bound` (LSD radix sort, 8-bit digits, as many passes as `bound` has bytes):
// for the ~10^3 column draws of a row about ten times faster than std::sort, which dominated
// the drawing of a row with cheap weights. The sorted sequence is the same whatever the method.
void radix_sort(std::vector<std::uint32_t>& v, std::vector<std::uint32_t>& tmp, std::uint64_t bound) {
    tmp.resize(v.size());
    for (unsigned shift = 0; shift < 32 && (bound - 1) >> shift != 0; shift += 8) {
        std::array<std::uint32_t, 257> start{};
        for (auto x : v) ++start[((x >> shift) & 0xFFu) + 1];
        for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
        for (auto x : v) tmp[start[(x >> shift) & 0xFFu]++] = x;
        v.swap(tmp);
    }
}

}  // namespace

row_generator::row_generator(network_spec spec) : spec_(std::move(spec)) {
    if (spec_.size() > std::numeric_limits<std::uint32_t>::max())
        throw config_error("network size", std::to_string(spec_.size()),
                           "at most 2^32 - 1 neurons (32-bit column indices)");
    count_.assign(spec_.projections.size(), 0);
    present_.assign(spec_.projections.size(), false);
}

// Columns (population-local indices) of one projection into cols_, ascending. `self` is the
// row's index inside the source population, or -1 if the row is in another one.
void row_generator::draw_columns(const projection_spec& pr, std::uint64_t n_src, std::int64_t self,
                                 rng_stream& rng) {
    cols_.clear();
    const bool skip_self = !pr.autapses && self >= 0;
    const auto self_u = static_cast<std::uint64_t>(self);
    const double p = static_cast<double>(pr.indegree) / static_cast<double>(n_src);
    if (pr.rule == connectivity_rule::full || (pr.rule == connectivity_rule::bernoulli && p >= 1.0)) {
        for (std::uint64_t j = 0; j < n_src; ++j)
            if (!(skip_self && j == self_u)) cols_.push_back(static_cast<std::uint32_t>(j));
        return;
    }
    if (pr.rule == connectivity_rule::bernoulli) {
        // A Bernoulli(p) process over j = 0..n_src-1, drawn by geometric gaps: O(K) per row.
        const double log_q = std::log1p(-p);
        double j = -1.0;
        for (;;) {
            j += 1.0 + std::floor(std::log(rng.uniform()) / log_q);
            if (j >= static_cast<double>(n_src)) break;
            const auto c = static_cast<std::uint64_t>(j);
            if (!(skip_self && c == self_u)) cols_.push_back(static_cast<std::uint32_t>(c));
        }
        return;
    }
    // fixed_indegree: K distinct values out of the m candidates: draw with replacement,
    // deduplicate, top up. The resulting set is invariant under relabelling, hence a uniform
    // K-subset (and, being a set, does not depend on the sort algorithm). For K > m/2 the
    // complement is drawn instead (fewer collisions).
    const std::uint64_t m = skip_self ? n_src - 1 : n_src;
    const std::uint64_t k = pr.indegree;
    const bool complement = 2 * k > m;
    const std::uint64_t want = complement ? m - k : k;
    if ((m + 63) / 64 <= 16 * want + 64)
        draw_distinct_bitmap(m, want, complement, rng);
    else
        draw_distinct_sorted(m, want, complement, rng);
    if (skip_self)
        for (auto& c : cols_)
            if (c >= self_u) ++c;
}

// `want` distinct values below m by rounds of draws (each round draws `want` minus the distinct
// values so far), sorted and deduplicated; into cols_ the values (or, for the complement, those
// not drawn), ascending.
void row_generator::draw_distinct_sorted(std::uint64_t m, std::uint64_t want, bool complement,
                                         rng_stream& rng) {
    pick_.clear();
    while (pick_.size() < want) {
        for (std::size_t i = pick_.size(); i < want; ++i)
            pick_.push_back(static_cast<std::uint32_t>(rng.uniform_int(m)));  // m < 2^32
        radix_sort(pick_, sort_tmp_, m);
        pick_.erase(std::unique(pick_.begin(), pick_.end()), pick_.end());
    }
    if (!complement) {
        cols_.swap(pick_);
        return;
    }
    std::size_t e = 0;
    for (std::uint64_t j = 0; j < m; ++j) {
        if (e < pick_.size() && pick_[e] == j) { ++e; continue; }
        cols_.push_back(static_cast<std::uint32_t>(j));
    }
}

// The same rounds of draws as draw_distinct_sorted, deduplicated in a bitmap of the m
// candidates instead: a set, so the same columns and the same bits; for m up to ~10^3 K the bitmap (<= 16 words per draw to scan) is
// several times cheaper than three radix passes.
void row_generator::draw_distinct_bitmap(std::uint64_t m, std::uint64_t want, bool complement,
                                         rng_stream& rng) {
    bits_.assign((m + 63) / 64, 0);
    std::uint64_t have = 0;
    while (have < want) {
        const std::uint64_t draws = want - have;
        for (std::uint64_t i = 0; i < draws; ++i) {
            const std::uint64_t j = rng.uniform_int(m);
            const std::uint64_t bit = std::uint64_t{1} << (j & 63);
            have += (bits_[j >> 6] & bit) == 0;
            bits_[j >> 6] |= bit;
        }
    }
    for (std::size_t w = 0; w < bits_.size(); ++w) {
        std::uint64_t word = complement ? ~bits_[w] : bits_[w];
        if (complement && w == bits_.size() - 1 && m % 64 != 0) word &= (std::uint64_t{1} << (m % 64)) - 1;
        while (word != 0) {
            cols_.push_back(static_cast<std::uint32_t>(64 * w + static_cast<unsigned>(std::countr_zero(word))));
            word &= word - 1;
        }
    }
}

void row_generator::draw(gid_type gid) {
    const std::size_t a = spec_.population_of(gid);
    col_.clear();
    weight_.clear();
    for (std::size_t p = 0; p < spec_.projections.size(); ++p) {
        const auto& pr = spec_.projections[p];
        present_[p] = pr.target == a;
        count_[p] = 0;
        if (pr.target != a) continue;
        const gid_type off = spec_.offset(pr.source);
        const std::int64_t self = pr.source == a ? static_cast<std::int64_t>(gid - off) : std::int64_t{-1};
        const auto sub = static_cast<std::uint32_t>(p);
        rng_stream crng(spec_.seed, rng_purpose::connectivity, gid, sub);
        rng_stream wrng(spec_.seed, rng_purpose::weights, gid, sub);
        draw_columns(pr, spec_.populations[pr.source].size, self, crng);
        for (auto c : cols_) {
            col_.push_back(static_cast<std::uint32_t>(off + c));
            weight_.push_back(pr.weights.draw(wrng));
        }
        count_[p] = cols_.size();
    }
    if (!std::is_sorted(col_.begin(), col_.end())) sort_row();
}

// Projections listed out of population order: a stable sort by column keeps the row
// deterministic (equal columns, from two projections of one source, keep projection order).
void row_generator::sort_row() {
    order_.resize(col_.size());
    std::iota(order_.begin(), order_.end(), 0u);
    std::stable_sort(order_.begin(), order_.end(), [&](auto x, auto y) { return col_[x] < col_[y]; });
    std::vector<std::uint32_t> c(col_.size());
    std::vector<double> w(col_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) {
        c[i] = col_[order_[i]];
        w[i] = weight_[order_[i]];
    }
    col_.swap(c);
    weight_.swap(w);
}

void row_generator::tally(std::vector<indegree_stats>& stats) const {
    for (std::size_t p = 0; p < count_.size(); ++p) {
        if (!present_[p]) continue;
        auto& st = stats[p];
        ++st.rows;
        st.total += count_[p];
        st.min = std::min(st.min, count_[p]);
        st.max = std::max(st.max, count_[p]);
    }
}

}  // namespace balnet
