// SPDX-License-Identifier: BSD-3-Clause
// Draws the inputs of one target in one projection (docs/models.md §2.2.2): the source gids, each
// with its delay and weight, in draw order; the sources come from the network layer's
// source_sampler, the one algorithm per rule that rate networks use too. Streams: connectivity, delays and weights keyed by
// (seed, purpose, target gid, projection index), so the result depends on nothing else.
// fixed_total_number first needs the target's count: total_number_split draws it from streams
// keyed by (seed, connectivity, tree node, projection), the same for every partition; the counts
// of a contiguous range of targets are drawn once and cached (the build draws every target twice).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/network/source_sampler.hpp>
#include <balnet/spiking/lif_params.hpp>

#include "total_number_split.hpp"

namespace balnet::detail {

class input_sampler {
public:
    /// Targets are drawn from [target_begin, target_end) (the owned gids; the fixed total number
    /// counts are drawn for that range at once).
    input_sampler(const lif_network_params& net, gid_type target_begin, gid_type target_end)
        : net_(net), begin_(target_begin), end_(target_end), counts_(net.projections.size()) {}

    /// f(source gid, delay [steps], weight [mV]) for each input of `target` in projection `proj`.
    template <typename F>
    void draw(std::size_t proj, gid_type target, F&& f) {
        draw_inputs<true>(proj, target, f);
    }
    /// f(source gid) for the same inputs, without drawing delays and weights (their streams are
    /// their own, so the sources are the same): what counting needs.
    template <typename F>
    void draw_sources(std::size_t proj, gid_type target, F&& f) {
        draw_inputs<false>(proj, target, f);
    }

private:
    template <bool Whole, typename F>
    void draw_inputs(std::size_t proj, gid_type target, F& f) {
        const auto& p = net_.projections[proj];
        rng_stream conn(net_.seed, rng_purpose::connectivity, target, to_u32(proj));
        rng_stream wrng(net_.seed, rng_purpose::weights, target, to_u32(proj));
        rng_stream drng(net_.seed, rng_purpose::delays, target, to_u32(proj));
        const gid_type first = net_.offset(p.source);
        // Without autapses the target itself is no candidate (source_sampler: the candidates at
        // or above its index are shifted up by one; Bernoulli draws drop it).
        source_draw req;
        req.n_src = net_.populations[p.source].size;
        req.exclude_self = !p.autapses && target >= first && target < first + req.n_src;
        req.self = req.exclude_self ? target - first : 0;
        req.multapses = p.multapses;
        const step_type d0 = net_.delay_steps(p);
        const step_type d1 = net_.delay_max_steps(p);
        const bool normal = normal_delays(p.delays);
        auto emit = [&](std::uint64_t s) {
            if constexpr (Whole) {
                step_type d = d0;
                if (normal) d = normal_delay(drng, p, d0, d1);
                else if (d1 > d0) d = d0 + static_cast<step_type>(drng.uniform_int(static_cast<std::uint64_t>(d1 - d0 + 1)));
                const double w = p.drawn_weights ? p.drawn_weights->draw(wrng) : p.weight;
                f(first + s, d, w);
            } else {
                f(first + s);
            }
        };
        switch (p.rule) {
        case lif_connectivity_kind::bernoulli:
            req.rule = source_rule::bernoulli;
            req.p = p.probability;
            break;
        case lif_connectivity_kind::all_to_all: req.rule = source_rule::all; break;
        case lif_connectivity_kind::fixed_indegree: req.count = p.indegree; break;
        case lif_connectivity_kind::fixed_total_number: req.count = total_number_count(proj, target); break;
        }
        sampler_.draw(req, conn, emit);
    }

    static std::uint32_t to_u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

    // N(D, sd^2) clipped at dt below (truncated_normal: redrawn while below dt; sd > 0 there or
    // D >= dt, as validate() requires), rounded to the grid, clipped at d1 (D + 8 sd) above.
    step_type normal_delay(rng_stream& rng, const lif_projection_params& p, step_type d0, step_type d1) const {
        double x = p.delay + p.delay_sd * rng.normal();
        if (p.delays == delay_law::truncated_normal)
            while (x < net_.dt) x = p.delay + p.delay_sd * rng.normal();
        return std::clamp(net_.steps(std::max(net_.dt, x)), d0, d1);
    }

    // The fixed total number count of `target` (cached for the sampler's target range).
    std::uint64_t total_number_count(std::size_t proj, gid_type target) {
        const auto& p = net_.projections[proj];
        const gid_type first = net_.offset(p.target);
        const gid_type b = std::max(begin_, first), e = std::min(end_, first + net_.populations[p.target].size);
        auto& c = counts_[proj];
        if (c.empty() && b < e) {
            const total_number_split split{net_.seed, static_cast<std::uint32_t>(proj), p.number,
                                           net_.populations[p.target].size, net_.candidates(p), p.multapses};
            c = split.counts(b - first, e - first);
        }
        if (target < b || target >= e) throw internal_error("input_sampler: target outside the sampler's range");
        return c[target - b];
    }

    const lif_network_params& net_;
    gid_type begin_ = 0, end_ = 0;
    std::vector<std::vector<std::uint64_t>> counts_;  // [projection][target - begin] (fixed_total_number)
    source_sampler sampler_;
};

}  // namespace balnet::detail
