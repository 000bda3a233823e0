// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/poisson_drive.hpp>

#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

poisson_drive::poisson_drive(double lambda) : lambda_(lambda) {
    if (!(lambda >= 0.0 && lambda <= 700.0))
        throw config_error("poisson_drive.lambda", std::to_string(lambda), "in [0, 700]");
    if (lambda == 0.0) {
        threshold_.assign(fast, std::numeric_limits<std::uint64_t>::max());
        return;
    }
    // pmf(k) from logs (no underflow of exp(-lambda) * lambda^k / k! for large k), summed in
    // double until the CDF rounds to 1 (or the terms drop below 1e-20): the tail left is < 1e-16.
    constexpr double two64 = 18446744073709551616.0;
    constexpr auto top = std::numeric_limits<std::uint64_t>::max();
    double cdf = 0.0;
    const double log_lambda = std::log(lambda);
    for (std::uint32_t k = 0;; ++k) {
        const double kd = static_cast<double>(k);
        const double pmf = std::exp(kd * log_lambda - lambda - std::lgamma(kd + 1.0));
        cdf += pmf;
        const double scaled = std::ceil(cdf * two64);
        // The sum may stall just below 1 by rounding: stop once the terms no longer matter.
        const bool done = scaled >= two64 || (kd > lambda && pmf < 1e-20);
        threshold_.push_back(done ? top : static_cast<std::uint64_t>(scaled));
        if (done) break;
    }
    last_ = static_cast<std::uint32_t>(threshold_.size() - 1);
    // Padding with saturated entries only matters for bits = 2^64 - 1, which from_bits clamps.
    if (threshold_.size() < fast) threshold_.resize(fast, top);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void poisson_drive::counts_from_bits(const std::uint64_t* bits, std::size_t n, std::uint32_t* out) const noexcept {
    std::uint64_t t[fast];
    std::copy_n(threshold_.begin(), fast, t);
    for (std::size_t j = 0; j < n; ++j) {
        std::uint32_t k = 0;
        for (std::size_t m = 0; m < fast; ++m) k += bits[j] >= t[m] ? 1u : 0u;
        out[j] = k;
    }
    for (std::size_t j = 0; j < n; ++j)
        if (out[j] >= fast || out[j] > last_) out[j] = from_bits(bits[j]);
}

}  // namespace balnet
