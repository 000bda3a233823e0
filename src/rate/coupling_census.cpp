// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/coupling_census.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace balnet {

coupling_census::coupling_census(std::size_t n_projections) {
    local_.indegree.assign(n_projections, {});
    for (auto& d : local_.indegree) d.min = std::numeric_limits<std::uint64_t>::max();
}

void coupling_census::add_entries(gid_type gid, std::span<const std::uint32_t> cols, std::span<const double> w) {
    local_.n_synapses += cols.size();
    for (std::size_t k = 0; k < cols.size(); ++k) local_.hash += synapse_hash(gid, cols[k], w[k]);
    // |w| and w^2 in blocks, added exactly with the span form of exact_sum::add (the fast one).
    constexpr std::size_t block = 256;
    double a[block], q[block];
    for (std::size_t k0 = 0; k0 < w.size(); k0 += block) {
        const std::size_t n = std::min(block, w.size() - k0);
        for (std::size_t k = 0; k < n; ++k) {
            a[k] = std::abs(w[k0 + k]);
            q[k] = w[k0 + k] * w[k0 + k];
        }
        weight_sum_.add(std::span<const double>(a, n));
        weight_sq_sum_.add(std::span<const double>(q, n));
    }
}

void coupling_census::add(const row_generator& gen, gid_type gid) {
    gen.tally(local_.indegree);
    add_entries(gid, gen.cols(), gen.weights());
}

void coupling_census::add(const local_network& net) {
    const auto& rp = net.row_ptr();
    const std::span<const std::uint32_t> col(net.col());
    const std::span<const double> w(net.weight());
    for (std::size_t r = 0; r + 1 < rp.size(); ++r)
        add_entries(net.first_row() + r, col.subspan(rp[r], rp[r + 1] - rp[r]), w.subspan(rp[r], rp[r + 1] - rp[r]));
    for (std::size_t p = 0; p < local_.indegree.size() && p < net.indegree().size(); ++p) {
        auto& d = local_.indegree[p];
        const auto& s = net.indegree()[p];
        if (s.rows == 0) continue;
        d.rows += s.rows;
        d.total += s.total;
        d.min = std::min(d.min, s.min);
        d.max = std::max(d.max, s.max);
    }
}

coupling_summary coupling_census::reduce(const context& ctx) const {
    coupling_summary g;
    g.n_synapses = ctx.sum(local_.n_synapses);
    g.hash = ctx.sum(local_.hash);
    exact_sum w[2] = {weight_sum_, weight_sq_sum_};
    ctx.sum_exact(std::span<exact_sum>(w));
    g.weight_sum = w[0].to_double();
    g.weight_sq_sum = w[1].to_double();
    g.indegree = local_.indegree;
    for (auto& d : g.indegree) {
        // Ranks without rows of this projection must not pull the minimum to 0.
        const bool has = d.rows > 0;
        d.rows = ctx.sum(d.rows);
        d.total = ctx.sum(d.total);
        d.min = static_cast<std::uint64_t>(
            -ctx.max(has ? -static_cast<std::int64_t>(d.min) : std::numeric_limits<std::int64_t>::min()));
        d.max = static_cast<std::uint64_t>(ctx.max(static_cast<std::int64_t>(d.max)));
        if (d.rows == 0) d.min = 0;
    }
    return g;
}

}  // namespace balnet
