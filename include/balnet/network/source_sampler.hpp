// SPDX-License-Identifier: BSD-3-Clause
// The one sampler of connection rules (docs/models.md §1.2.1, §2.6): the sources of one target in
// one projection, as indices local to the source population, drawn from the target's keyed
// connectivity stream (seed, connectivity, target gid, projection index). row_generator (rate
// networks) and input_sampler (LIF networks) both draw through it, so a rule means one algorithm:
//   all            every candidate, ascending;
//   bernoulli      each candidate with probability p, by geometric gaps over the whole source
//                  population (the target's own index, when excluded, is dropped after the draw);
//   fixed_count    `count` sources: with replacement (multapses), in draw order; distinct, ascending:
//                  drawn with replacement, deduplicated and topped up (the complement for count >
//                  m/2), which gives a uniform count-subset of the m candidates.
// Without autapses the candidates are the source population less the target (m = n_src - 1): a
// candidate index c at or above the target's own is shifted up by one.
// The sampler reuses its buffers across targets (no allocation once warm). Not thread-safe.
#pragma once
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/rng_stream.hpp>

namespace balnet {

enum class source_rule { all, bernoulli, fixed_count };

/// What to draw for one target.
struct source_draw {
    source_rule rule = source_rule::fixed_count;
    std::uint64_t n_src = 0;    ///< source population size
    std::uint64_t count = 0;    ///< fixed_count: sources per target
    double p = 0.0;             ///< bernoulli: connection probability
    bool multapses = false;     ///< fixed_count: with replacement
    bool exclude_self = false;  ///< the target is in the source population and no autapse is allowed
    std::uint64_t self = 0;     ///< the target's index in the source population (exclude_self)

    std::uint64_t candidates() const noexcept { return n_src - (exclude_self ? 1 : 0); }
};

class source_sampler {
public:
    /// emit(c) for each source c (< d.n_src) of one target, in the rule's order (see above).
    /// Distinct fixed_count draws need d.candidates() < 2^32 (callers validate it).
    template <typename F>
    void draw(const source_draw& d, rng_stream& rng, F&& emit) {
        const std::uint64_t m = d.candidates();
        auto shifted = [&](std::uint64_t c) { return d.exclude_self && c >= d.self ? c + 1 : c; };
        if (d.rule == source_rule::all || (d.rule == source_rule::bernoulli && d.p >= 1.0)) {
            for (std::uint64_t c = 0; c < m; ++c) emit(shifted(c));
        } else if (d.rule == source_rule::bernoulli) {
            bernoulli(d, rng, emit);
        } else if (d.multapses) {
            if (m == 0) return;
            for (std::uint64_t j = 0; j < d.count; ++j) emit(shifted(rng.uniform_int(m)));
        } else {
            for (auto c : distinct(rng, d.count, m)) emit(shifted(c));
        }
    }

private:
    // A Bernoulli(p) process over j = 0..n_src-1, drawn by geometric gaps: O(p n_src) per target.
    template <typename F>
    static void bernoulli(const source_draw& d, rng_stream& rng, F& emit) {
        if (d.p <= 0.0) return;
        const double log_q = std::log1p(-d.p);
        const auto n = static_cast<double>(d.n_src);
        double j = -1.0;
        for (;;) {
            j += 1.0 + std::floor(std::log(rng.uniform()) / log_q);
            if (j >= n) return;
            const auto c = static_cast<std::uint64_t>(j);
            if (!(d.exclude_self && c == d.self)) emit(c);
        }
    }

    /// k distinct values out of [0, m), ascending (valid until the next draw).
    std::span<const std::uint32_t> distinct(rng_stream& rng, std::uint64_t k, std::uint64_t m);

    std::vector<std::uint32_t> pick_;      // the draws, deduplicated
    std::vector<std::uint32_t> sort_tmp_;  // scratch of their sort
    std::vector<std::uint32_t> rest_;      // the complement of pick_ (k > m/2)
};

}  // namespace balnet
