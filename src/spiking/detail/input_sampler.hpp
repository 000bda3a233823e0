// SPDX-License-Identifier: BSD-3-Clause
// Draws the inputs of one target in one projection (docs/models.md §2.2.2): the source gids, each
// with its delay and weight, in draw order. Streams: connectivity, delays and weights keyed by
// (seed, purpose, target gid, projection index), so the result depends on nothing else.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/spiking/lif_params.hpp>

namespace balnet::detail {

class input_sampler {
public:
    explicit input_sampler(const lif_network_params& net) : net_(net) {}

    /// f(source gid, delay [steps], weight [mV]) for each input of `target` in projection `proj`.
    template <typename F>
    void draw(std::size_t proj, gid_type target, F&& f) {
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
        auto emit = [&](std::uint64_t c) {
            const std::uint64_t s = (skip_self && c >= self) ? c + 1 : c;
            const step_type d =
                d1 > d0 ? d0 + static_cast<step_type>(drng.uniform_int(
                                   static_cast<std::uint64_t>(d1 - d0 + 1)))
                        : d0;
            const double w = p.drawn_weights ? p.drawn_weights->draw(wrng) : p.weight;
            f(first + s, d, w);
        };
        if (candidates == 0) return;
        if (p.rule == lif_connectivity_kind::bernoulli) {
            bernoulli(conn, p.probability, candidates, emit);
        } else if (p.multapses) {
            for (std::uint64_t k = 0; k < p.indegree; ++k) emit(conn.uniform_int(candidates));
        } else {
            distinct(conn, p.indegree, candidates, emit);
        }
    }

private:
    static std::uint32_t to_u32(std::size_t v) { return static_cast<std::uint32_t>(v); }

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
    std::vector<char> mark_;
    std::vector<std::uint64_t> chosen_;
};

}  // namespace balnet::detail
