// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/local_network.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

namespace balnet {
namespace {

std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Columns (population-local indices) of one row for one projection, sorted ascending.
// `self` is the row's index inside the source population, or -1 if the row is in another one.
std::vector<std::uint64_t> draw_columns(const projection_spec& pr, std::uint64_t n_src,
                                        std::int64_t self, rng_stream& rng) {
    std::vector<std::uint64_t> cols;
    const bool skip_self = !pr.autapses && self >= 0;
    switch (pr.rule) {
    case connectivity_rule::full:
        cols.reserve(n_src);
        for (std::uint64_t j = 0; j < n_src; ++j)
            if (!(skip_self && j == static_cast<std::uint64_t>(self))) cols.push_back(j);
        return cols;
    case connectivity_rule::bernoulli: {
        // A Bernoulli(p) process over j = 0..n_src-1, drawn by geometric gaps: O(K) per row.
        const double p = static_cast<double>(pr.indegree) / static_cast<double>(n_src);
        if (p >= 1.0) return draw_columns({pr.source, pr.target, connectivity_rule::full,
                                           pr.indegree, pr.weights, pr.autapses},
                                          n_src, self, rng);
        const double log_q = std::log1p(-p);
        double j = -1.0;
        for (;;) {
            j += 1.0 + std::floor(std::log(rng.uniform()) / log_q);
            if (j >= static_cast<double>(n_src)) break;
            const auto c = static_cast<std::uint64_t>(j);
            if (!(skip_self && c == static_cast<std::uint64_t>(self))) cols.push_back(c);
        }
        return cols;
    }
    case connectivity_rule::fixed_indegree: {
        // K distinct values out of the m candidates: draw with replacement, deduplicate, top up.
        // The resulting set is invariant under relabelling, hence a uniform K-subset. For
        // K > m/2 the complement is drawn instead (fewer collisions).
        const std::uint64_t m = skip_self ? n_src - 1 : n_src;
        const std::uint64_t k = pr.indegree;
        const bool complement = 2 * k > m;
        const std::uint64_t want = complement ? m - k : k;
        std::vector<std::uint64_t> pick;
        pick.reserve(want);
        while (pick.size() < want) {
            const std::size_t have = pick.size();
            for (std::size_t i = have; i < want; ++i) pick.push_back(rng.uniform_int(m));
            std::sort(pick.begin(), pick.end());
            pick.erase(std::unique(pick.begin(), pick.end()), pick.end());
        }
        if (complement) {
            cols.reserve(k);
            std::size_t e = 0;
            for (std::uint64_t j = 0; j < m; ++j) {
                if (e < pick.size() && pick[e] == j) { ++e; continue; }
                cols.push_back(j);
            }
        } else {
            cols = std::move(pick);
        }
        if (skip_self)
            for (auto& c : cols)
                if (c >= static_cast<std::uint64_t>(self)) ++c;
        return cols;
    }
    }
    return cols;
}

}  // namespace

std::uint64_t synapse_hash(gid_type row, gid_type col, double weight) noexcept {
    const auto w = std::bit_cast<std::uint64_t>(weight);
    return splitmix64(splitmix64(splitmix64(row) ^ col) ^ w);
}

local_network local_network::build(const network_spec& spec, const partition& part) {
    if (spec.size() > std::numeric_limits<std::uint32_t>::max())
        throw config_error("network size", std::to_string(spec.size()),
                           "at most 2^32 - 1 neurons (32-bit column indices)");
    local_network net;
    net.first_row_ = part.begin();
    net.indegree_.assign(spec.projections.size(), {});
    for (auto& s : net.indegree_) s.min = std::numeric_limits<std::uint64_t>::max();
    std::vector<std::pair<std::uint64_t, double>> row;
    std::uint64_t expected = 0;  // reserve for the expected number of synapses
    for (const auto& pr : spec.projections)
        expected += pr.indegree * (part.local_size() * spec.populations[pr.target].size /
                                   std::max<std::uint64_t>(1, spec.size()));
    net.col_.reserve(expected + expected / 16);
    net.weight_.reserve(expected + expected / 16);
    for (gid_type gid = part.begin(); gid < part.end(); ++gid) {
        const std::size_t a = spec.population_of(gid);
        row.clear();
        for (std::size_t p = 0; p < spec.projections.size(); ++p) {
            const auto& pr = spec.projections[p];
            if (pr.target != a) continue;
            const gid_type off = spec.offset(pr.source);
            const std::int64_t self =
                pr.source == a ? static_cast<std::int64_t>(gid - off) : std::int64_t{-1};
            const auto sub = static_cast<std::uint32_t>(p);
            rng_stream crng(spec.seed, rng_purpose::connectivity, gid, sub);
            rng_stream wrng(spec.seed, rng_purpose::weights, gid, sub);
            const auto cols = draw_columns(pr, spec.populations[pr.source].size, self, crng);
            for (auto c : cols) row.emplace_back(off + c, pr.weights.draw(wrng));
            auto& st = net.indegree_[p];
            ++st.rows;
            st.total += cols.size();
            st.min = std::min<std::uint64_t>(st.min, cols.size());
            st.max = std::max<std::uint64_t>(st.max, cols.size());
        }
        // Projections come from disjoint gid ranges, each sorted: the row is usually sorted
        // already (sources in population order); otherwise a stable sort keeps it deterministic.
        const auto by_col = [](const auto& x, const auto& y) { return x.first < y.first; };
        if (!std::is_sorted(row.begin(), row.end(), by_col))
            std::stable_sort(row.begin(), row.end(), by_col);
        for (const auto& [c, w] : row) {
            net.col_.push_back(static_cast<std::uint32_t>(c));
            net.weight_.push_back(w);
        }
        net.row_ptr_.push_back(net.col_.size());
    }
    for (auto& s : net.indegree_)
        if (s.rows == 0) s.min = 0;
    return net;
}

std::uint64_t local_network::hash() const noexcept {
    std::uint64_t h = 0;
    for (std::uint64_t r = 0; r + 1 < row_ptr_.size(); ++r)
        for (std::uint64_t k = row_ptr_[r]; k < row_ptr_[r + 1]; ++k)
            h += synapse_hash(first_row_ + r, col_[k], weight_[k]);
    return h;
}

void local_network::release() noexcept {
    std::vector<std::uint32_t>().swap(col_);
    std::vector<double>().swap(weight_);
    std::vector<std::uint64_t>{0}.swap(row_ptr_);
}

}  // namespace balnet
