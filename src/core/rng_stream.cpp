// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/rng_stream.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "detail/philox_blocks.hpp"
#include "detail/ziggurat.hpp"

namespace balnet {
namespace {
__extension__ using u128 = unsigned __int128;  // GCC/Clang extension; exact 64x64 product
}  // namespace

rng_stream::rng_stream(seed_type seed, rng_purpose purpose, gid_type gid, std::uint32_t substream,
                       std::uint32_t first_block) noexcept {
    key_ = {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)};
    ctr_ = {static_cast<std::uint32_t>(gid),
            static_cast<std::uint32_t>((gid >> 32) & 0x00FFFFFFu) |
                (static_cast<std::uint32_t>(purpose) << 24),
            substream, first_block};
}

void rng_stream::refill() noexcept {
    static_assert(max_batch <= detail::philox_max_blocks);
    detail::philox_blocks(key_, ctr_, batch_, buf_.data());
    ctr_[3] += batch_;  // wraps modulo 2^32, as Random123's counter does
    pos_ = 0;
    end_ = 4 * batch_;
    batch_ = std::min(2 * batch_, max_batch);
}

double rng_stream::uniform() noexcept {
    // 53 random bits, then the midpoint of the cell: never 0, never 1.
    const std::uint64_t hi = next_u32() >> 5;  // 27 bits
    const std::uint64_t lo = next_u32() >> 6;  // 26 bits
    return (static_cast<double>((hi << 26) | lo) + 0.5) * 0x1.0p-53;
}

double rng_stream::normal() noexcept {
    if (has_spare_) {
        has_spare_ = false;
        return spare_normal_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double phase = 2.0 * std::numbers::pi * uniform();
    spare_normal_ = r * std::sin(phase);
    has_spare_ = true;
    return r * std::cos(phase);
}

std::uint64_t rng_stream::uniform_int(std::uint64_t n) noexcept {
    // Lemire (2019), "Fast random integer generation in an interval", on 64-bit words.
    auto next64 = [this] {
        return (static_cast<std::uint64_t>(next_u32()) << 32) | next_u32();
    };
    u128 m = static_cast<u128>(next64()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            m = static_cast<u128>(next64()) * n;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

// Ziggurat draws: one 64-bit word gives the layer (bits 0-7), the sign (bit 8, normal only) and
// the abscissa u x[i] with u in [0, 1) from bits 11-63, so no bit serves twice (Doornik 2005).
double rng_stream::ziggurat_normal() noexcept { return ziggurat_normal(detail::normal_ziggurat()); }
double rng_stream::exponential() noexcept { return exponential(detail::exponential_ziggurat()); }

double rng_stream::ziggurat_normal(const detail::ziggurat& z) noexcept {
    for (;;) {
        const std::uint64_t b = next_u64();
        const unsigned i = b & 0xFFu;
        const double x = static_cast<double>(b >> 11) * 0x1.0p-53 * z.x[i];
        const double sign = (b & 0x100u) != 0 ? -1.0 : 1.0;
        if (x < z.x[i + 1]) return sign * x;
        if (i == 0) return sign * normal_tail(z.r);
        if (z.f[i] + uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-0.5 * x * x)) return sign * x;
    }
}

// The normal beyond r: Marsaglia (1964), x = r + a with a = E1 / r, kept when 2 E2 > a^2.
double rng_stream::normal_tail(double r) noexcept {
    for (;;) {
        const double a = exponential() / r;
        if (2.0 * exponential() > a * a) return r + a;
    }
}

double rng_stream::exponential(const detail::ziggurat& z) noexcept {
    double base = 0.0;  // the tail beyond r is r + Exp(1) (no memory): start over, shifted
    for (;;) {
        const std::uint64_t b = next_u64();
        const unsigned i = b & 0xFFu;
        const double x = static_cast<double>(b >> 11) * 0x1.0p-53 * z.x[i];
        if (x < z.x[i + 1]) return base + x;
        if (i == 0) {
            base += z.r;
            continue;
        }
        if (z.f[i] + uniform() * (z.f[i + 1] - z.f[i]) < std::exp(-x)) return base + x;
    }
}

gamma_law::gamma_law(double shape, double theta) noexcept
    : d((shape < 1.0 ? shape + 1.0 : shape) - 1.0 / 3.0), c(1.0 / std::sqrt(9.0 * d)),
      inv_shape(1.0 / shape), scale(theta), boost(shape < 1.0) {}

double rng_stream::gamma(const gamma_law& law) noexcept {
    // Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26:
    // with the ziggurat normal, 98 % of the draws end at the squeeze with no transcendental call.
    // For shape < 1 the boost G(k) = G(k + 1) U^(1/k) with U^(1/k) = exp(-E / k), E = -ln U
    // exponential (Stuart 1962): one exp per weight instead of a log and an exp.
    const double d = law.d, c = law.c;
    const auto& zn = detail::normal_ziggurat();
    double v = 0.0;
    for (;;) {
        double z = 0.0;
        do {
            z = ziggurat_normal(zn);
            v = 1.0 + c * z;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform();
        const double z2 = z * z;
        if (u < 1.0 - 0.0331 * z2 * z2) break;
        if (std::log(u) < 0.5 * z2 + d * (1.0 - v + std::log(v))) break;
    }
    double g = d * v;
    if (law.boost) g *= std::exp(-exponential() * law.inv_shape);
    return g * law.scale;
}

std::uint64_t rng_stream::poisson(double lambda) noexcept {
    if (lambda <= 0.0) return 0;
    if (lambda < 30.0) {
        // Inversion by sequential search: expected lambda + 1 uniforms.
        const double u = uniform();
        double p = std::exp(-lambda);
        double cdf = p;
        std::uint64_t k = 0;
        while (u > cdf && k < 1000) {
            ++k;
            p *= lambda / static_cast<double>(k);
            cdf += p;
        }
        return k;
    }
    // PTRS, Hörmann (1993), "The transformed rejection method for generating Poisson random
    // variables", Insurance: Mathematics and Economics 12, 39–45.
    const double slam = std::sqrt(lambda);
    const double loglam = std::log(lambda);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = uniform() - 0.5;
        const double v = uniform();
        const double us = 0.5 - std::fabs(u);
        const double kd = std::floor((2.0 * a / us + b) * u + lambda + 0.43);
        if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(kd);
        if (kd < 0.0 || (us < 0.013 && v > us)) continue;
        if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
            -lambda + kd * loglam - std::lgamma(kd + 1.0))
            return static_cast<std::uint64_t>(kd);
    }
}

}  // namespace balnet
