// SPDX-License-Identifier: BSD-3-Clause
// The per-target synapse counts of a fixed_total_number projection (docs/models.md §2.2.2): N
// synapses onto n targets, each target with `cap` candidate sources. With multapses every
// synapse picks its target uniformly (counts multinomial, NEST's fixed_total_number); without,
// N distinct (source, target) pairs are chosen among n cap (counts multivariate hypergeometric).
//
// Why a splitting tree: a rank must draw the counts of its own targets without drawing the
// others', and the counts must not depend on the partition. The target range [0, n) is halved
// recursively; node j (root 1, children 2j and 2j + 1) splits its count between its halves by
// one binomial (or hypergeometric) draw from the stream (seed, connectivity, 2^54 + j,
// projection). A rank descends only into the nodes that overlap its targets: O(owned + log n)
// draws, the same numbers on every partition.
//
// The draws invert the distribution from its mode outward (pmf at the mode from lgamma, then
// ratio recurrences): exact up to the rounding of lgamma (~1e-8 relative at 1e8 synapses),
// O(standard deviation) steps, and nothing but uniform() from the stream.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <balnet/core/rng_stream.hpp>

namespace balnet::detail {

struct total_number_split {
    seed_type seed = 0;
    std::uint32_t projection = 0;
    std::uint64_t number = 0;   ///< N
    std::uint64_t targets = 0;  ///< n
    std::uint64_t cap = 0;      ///< candidate sources per target
    bool multapses = true;

    /// The counts of targets [b, e) (indices within the target population).
    std::vector<std::uint64_t> counts(std::uint64_t b, std::uint64_t e) const {
        std::vector<std::uint64_t> out(e - b, 0);
        descend(1, 0, targets, number, b, e, out);
        return out;
    }

    /// How many of `count` synapses of a node fall into its left part of `left` targets (of `total`).
    std::uint64_t split(std::uint64_t node, std::uint64_t count, std::uint64_t left, std::uint64_t total) const {
        rng_stream rng(seed, rng_purpose::connectivity, (gid_type{1} << 54) + node, projection);
        if (multapses) return binomial(rng, count, static_cast<double>(left) / static_cast<double>(total));
        return hypergeometric(rng, count, left * cap, (total - left) * cap);
    }

private:
    void descend(std::uint64_t node, std::uint64_t lo, std::uint64_t hi, std::uint64_t count, std::uint64_t b,
                 std::uint64_t e, std::vector<std::uint64_t>& out) const {
        if (hi <= b || lo >= e || count == 0) return;
        if (hi - lo == 1) {
            out[lo - b] = count;
            return;
        }
        const std::uint64_t mid = lo + (hi - lo) / 2;
        const std::uint64_t l = split(node, count, mid - lo, hi - lo);
        descend(2 * node, lo, mid, l, b, e, out);
        descend(2 * node + 1, mid, hi, count - l, b, e, out);
    }

    // Inversion from the mode m over [lo, hi]: f(m) from log_fm, f(k+1) = f(k) up(k).
    template <typename Up>
    static std::uint64_t invert(rng_stream& rng, std::uint64_t lo, std::uint64_t hi, std::uint64_t m, double log_fm,
                                Up up) {
        double u = rng.uniform();
        const double fm = std::exp(log_fm);
        u -= fm;
        if (u <= 0) return m;
        double f_up = fm, f_down = fm;
        std::uint64_t k_up = m, k_down = m;
        while (k_up < hi || k_down > lo) {
            if (k_up < hi) {
                f_up *= up(k_up);
                ++k_up;
                if ((u -= f_up) <= 0) return k_up;
            }
            if (k_down > lo) {
                f_down /= up(k_down - 1);
                --k_down;
                if ((u -= f_down) <= 0) return k_down;
            }
        }
        return m;  // the rounding's missing mass (~1e-8)
    }

    static double log_choose(double n, double k) {
        return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
    }

    static std::uint64_t binomial(rng_stream& rng, std::uint64_t n, double p) {
        if (n == 0) return 0;
        const auto nd = static_cast<double>(n);
        const auto m = std::min(n, static_cast<std::uint64_t>((nd + 1) * p));
        const auto md = static_cast<double>(m);
        const double log_fm = log_choose(nd, md) + md * std::log(p) + (nd - md) * std::log1p(-p);
        const double odds = p / (1 - p);
        return invert(rng, 0, n, m, log_fm, [=](std::uint64_t k) {
            return static_cast<double>(n - k) / static_cast<double>(k + 1) * odds;
        });
    }

    // Left count of N draws without replacement from L left and R right slots.
    static std::uint64_t hypergeometric(rng_stream& rng, std::uint64_t n, std::uint64_t l, std::uint64_t r) {
        if (n == 0) return 0;
        const std::uint64_t lo = n > r ? n - r : 0, hi = std::min(n, l);
        const auto nd = static_cast<double>(n), ld = static_cast<double>(l), rd = static_cast<double>(r);
        const auto m = std::clamp(static_cast<std::uint64_t>((nd + 1) * (ld + 1) / (ld + rd + 2)), lo, hi);
        const auto md = static_cast<double>(m);
        const double log_fm = log_choose(ld, md) + log_choose(rd, nd - md) - log_choose(ld + rd, nd);
        return invert(rng, lo, hi, m, log_fm, [=](std::uint64_t k) {
            const auto kd = static_cast<double>(k);
            return (ld - kd) * (nd - kd) / ((kd + 1) * (rd - nd + kd + 1));
        });
    }
};

}  // namespace balnet::detail
