// SPDX-License-Identifier: BSD-3-Clause
// Draws the inputs of one target in one projection (docs/models.md §2.2.2): the source gids, each
// with its delay and weight, in draw order. Streams: connectivity, delays and weights keyed by
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
        const std::uint64_t n_src = net_.populations[p.source].size;
        // Without autapses the target itself is skipped: sample among n_src - 1 candidates and
        // shift the candidates at or above the target's own index up by one.
        const bool skip_self = !p.autapses && target >= first && target < first + n_src;
        const std::uint64_t self = skip_self ? target - first : 0;
        const std::uint64_t candidates = n_src - (skip_self ? 1 : 0);
        const step_type d0 = net_.delay_steps(p);
        const step_type d1 = net_.delay_max_steps(p);
        const bool normal = normal_delays(p.delays);
        auto emit = [&](std::uint64_t c) {
            const std::uint64_t s = (skip_self && c >= self) ? c + 1 : c;
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
        if (candidates == 0) return;
        switch (p.rule) {
        case lif_connectivity_kind::bernoulli: bernoulli(conn, p.probability, candidates, emit); break;
        case lif_connectivity_kind::all_to_all:
            for (std::uint64_t c = 0; c < candidates; ++c) emit(c);
            break;
        case lif_connectivity_kind::fixed_indegree: sources(conn, p.indegree, candidates, p.multapses, emit); break;
        case lif_connectivity_kind::fixed_total_number:
            sources(conn, total_number_count(proj, target), candidates, p.multapses, emit);
            break;
        }
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

    // K sources among n candidates, with replacement (multapses) or distinct.
    template <typename E>
    void sources(rng_stream& rng, std::uint64_t k, std::uint64_t n, bool multapses, E& emit) {
        if (multapses) {
            for (std::uint64_t j = 0; j < k; ++j) emit(rng.uniform_int(n));
        } else {
            distinct(rng, k, n, emit);
        }
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

    // Geometric skipping: the gap to the next present candidate is floor(log U / log(1 - p)).
    template <typename E>
    static void bernoulli(rng_stream& rng, double p, std::uint64_t n, E& emit) {
        if (p <= 0.0) return;
        if (p >= 1.0) {
            for (std::uint64_t c = 0; c < n; ++c) emit(c);
            return;
        }
        const double log_q = std::log1p(-p);
        double pos = -1.0;
        const auto nd = static_cast<double>(n);
        for (;;) {
            pos += 1.0 + std::floor(std::log(rng.uniform()) / log_q);
            if (pos >= nd) return;
            emit(static_cast<std::uint64_t>(pos));
        }
    }

    // Floyd's algorithm: K distinct candidates, emitted in ascending order.
    template <typename E>
    void distinct(rng_stream& rng, std::uint64_t k, std::uint64_t n, E& emit) {
        if (mark_.size() < n) mark_.assign(n, 0);
        chosen_.clear();
        for (std::uint64_t j = n - k; j < n; ++j) {
            const std::uint64_t t = rng.uniform_int(j + 1);
            const std::uint64_t c = mark_[t] ? j : t;
            mark_[c] = 1;
            chosen_.push_back(c);
        }
        std::sort(chosen_.begin(), chosen_.end());
        for (auto c : chosen_) {
            mark_[c] = 0;
            emit(c);
        }
    }

    const lif_network_params& net_;
    gid_type begin_ = 0, end_ = 0;
    std::vector<std::vector<std::uint64_t>> counts_;  // [projection][target - begin] (fixed_total_number)
    std::vector<char> mark_;
    std::vector<std::uint64_t> chosen_;
};

}  // namespace balnet::detail
