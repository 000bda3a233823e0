// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/rng_stream.hpp>

#include <cmath>
#include <numbers>

#include <Random123/philox.h>

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
    r123::Philox4x32 gen;
    const r123::Philox4x32::ctr_type c = {{ctr_[0], ctr_[1], ctr_[2], ctr_[3]}};
    const r123::Philox4x32::key_type k = {{key_[0], key_[1]}};
    const auto r = gen(c, k);
    for (unsigned i = 0; i < 4; ++i) buf_[i] = r.v[i];
    ++ctr_[3];
    pos_ = 0;
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

double rng_stream::gamma(double shape, double scale) noexcept {
    // Marsaglia & Tsang (2000). For shape < 1: G(k) = G(k + 1) * U^(1/k).
    const bool boost = shape < 1.0;
    const double k = boost ? shape + 1.0 : shape;
    const double d = k - 1.0 / 3.0;
    const double c = 1.0 / std::sqrt(9.0 * d);
    double v = 0.0;
    for (;;) {
        double z = 0.0;
        do {
            z = normal();
            v = 1.0 + c * z;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = uniform();
        if (u < 1.0 - 0.0331 * z * z * z * z) break;
        if (std::log(u) < 0.5 * z * z + d * (1.0 - v + std::log(v))) break;
    }
    double g = d * v;
    if (boost) g *= std::exp(std::log(uniform()) / shape);
    return g * scale;
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
