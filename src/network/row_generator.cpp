// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/row_generator.hpp>

#include <algorithm>
#include <limits>
#include <numeric>

#include <balnet/core/error.hpp>

namespace balnet {

row_generator::row_generator(network_spec spec) : spec_(std::move(spec)) {
    if (spec_.size() > std::numeric_limits<std::uint32_t>::max())
        throw config_error("network size", std::to_string(spec_.size()),
                           "at most 2^32 - 1 neurons (32-bit column indices)");
    count_.assign(spec_.projections.size(), 0);
    present_.assign(spec_.projections.size(), false);
}

// Columns (population-local indices) of one projection into cols_, ascending. `self` is the
// row's index inside the source population, or -1 if the row is in another one. Every rule of a
// rate network gives ascending sources (fixed in-degree: distinct).
void row_generator::draw_columns(const projection_spec& pr, std::uint64_t n_src, std::int64_t self,
                                 rng_stream& rng) {
    cols_.clear();
    source_draw d;
    d.rule = pr.rule == connectivity_rule::full        ? source_rule::all
             : pr.rule == connectivity_rule::bernoulli ? source_rule::bernoulli
                                                       : source_rule::fixed_count;
    d.n_src = n_src;
    d.count = pr.indegree;
    d.p = static_cast<double>(pr.indegree) / static_cast<double>(n_src);
    d.exclude_self = !pr.autapses && self >= 0;
    d.self = d.exclude_self ? static_cast<std::uint64_t>(self) : 0;
    sampler_.draw(d, rng, [&](std::uint64_t c) { cols_.push_back(static_cast<std::uint32_t>(c)); });
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
