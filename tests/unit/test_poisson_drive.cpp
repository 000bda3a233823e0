// SPDX-License-Identifier: BSD-3-Clause
// The external drive: its random bits are rng_stream(seed, external_noise, gid, step)'s (also
// in the vectorised batch), its table is the Poisson CDF, and its counts have the Poisson
// mean, variance and P(0) (tolerances: 5 standard errors).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/spiking/poisson_drive.hpp>

#include "../../src/spiking/detail/philox_batch.hpp"

using namespace balnet;

namespace {

std::uint64_t stream_bits(seed_type seed, gid_type gid, std::uint32_t step) {
    rng_stream r(seed, rng_purpose::external_noise, gid, step);
    const std::uint64_t hi = r.next_u32();
    return (hi << 32) | r.next_u32();
}

struct moments {
    double mean = 0, var = 0, p0 = 0;
};

moments sample(const poisson_drive& d, std::uint64_t n_gid, std::int64_t n_step) {
    double s = 0, s2 = 0, zeros = 0;
    for (gid_type g = 0; g < n_gid; ++g)
        for (step_type k = 0; k < n_step; ++k) {
            const double c = d.count(12345, g, k);
            s += c;
            s2 += c * c;
            zeros += c == 0 ? 1 : 0;
        }
    const double n = static_cast<double>(n_gid) * static_cast<double>(n_step);
    return {s / n, s2 / n - (s / n) * (s / n), zeros / n};
}

}  // namespace

TEST(poisson_drive, bits_are_those_of_the_rng_stream) {
    for (seed_type seed : {0ull, 7ull, 0xFFFFFFFF12345678ull})
        for (gid_type gid : {0ull, 1ull, 12499ull, (1ull << 40) + 3})
            for (std::uint32_t step : {0u, 1u, 10000u, 4000000000u})
                EXPECT_EQ(poisson_drive::random_bits(seed, gid, step), stream_bits(seed, gid, step));
}

TEST(poisson_drive, batch_bits_are_those_of_the_rng_stream) {
    std::uint64_t out[detail::philox_lanes];
    for (gid_type gid0 : {0ull, 1000ull, (1ull << 32) - 10})  // the last batch crosses 2^32
        for (std::uint32_t step : {0u, 17u}) {
            detail::philox_batch(99, rng_purpose::external_noise, gid0, step, detail::philox_lanes,
                                 out);
            for (std::size_t i = 0; i < detail::philox_lanes; ++i)
                ASSERT_EQ(out[i], stream_bits(99, gid0 + i, step)) << gid0 << " " << i;
        }
}

TEST(poisson_drive, table_is_the_poisson_cdf) {
    for (double lambda : {0.05, 2.0, 25.0, 300.0}) {
        const poisson_drive d(lambda);
        // Independent CDF: pmf by the recursion p_k = p_{k-1} lambda / k in long double.
        long double p = std::exp(-static_cast<long double>(lambda)), cdf = 0;
        for (std::uint32_t k = 0; k < d.max_count(); ++k) {
            cdf += p;
            p *= lambda / (k + 1.0L);
            const long double t = static_cast<long double>(d.thresholds()[k]) / 18446744073709551616.0L;
            EXPECT_NEAR(static_cast<double>(t), static_cast<double>(cdf), 1e-12) << lambda << " " << k;
        }
        EXPECT_LT(1.0L - cdf, 1e-13L);  // the folded tail is negligible
    }
}

TEST(poisson_drive, inversion_boundaries) {
    const poisson_drive d(3.0);
    const auto& t = d.thresholds();
    // Near the tail neighbouring thresholds can coincide (CDF resolution); test where they don't.
    for (std::uint32_t k = 0; k < d.max_count(); ++k) {
        if (k == 0 || t[k - 1] < t[k]) {
            EXPECT_EQ(d.from_bits(t[k] - 1), k);  // below CDF(k)
        }
        if (t[k] < t[k + 1]) {
            EXPECT_EQ(d.from_bits(t[k]), k + 1);  // at CDF(k)
        }
    }
    EXPECT_EQ(d.from_bits(~0ull), d.max_count());
    EXPECT_EQ(d.from_bits(0), 0u);
}

TEST(poisson_drive, moments_and_p0) {
    for (double lambda : {0.3, 2.0, 12.0}) {  // 12 exercises the binary-search branch
        const poisson_drive d(lambda);
        const auto m = sample(d, 1000, 1000);
        const double n = 1e6;
        EXPECT_NEAR(m.mean, lambda, 5 * std::sqrt(lambda / n)) << lambda;
        // Var of the sample variance ~ (mu4 - sigma^4)/n, mu4 = lambda (1 + 3 lambda).
        EXPECT_NEAR(m.var, lambda, 5 * std::sqrt((lambda * (1 + 3 * lambda) - lambda * lambda) / n))
            << lambda;
        const double p0 = std::exp(-lambda);
        EXPECT_NEAR(m.p0, p0, 5 * std::sqrt(p0 * (1 - p0) / n)) << lambda;
    }
}

TEST(poisson_drive, zero_rate_and_range) {
    const poisson_drive d(0.0);
    for (gid_type g = 0; g < 100; ++g) EXPECT_EQ(d.count(1, g, 5), 0u);
    EXPECT_THROW(poisson_drive(-1.0), config_error);
    EXPECT_THROW(poisson_drive(701.0), config_error);
}

// The vectorised counts (chosen for this CPU at load time) against the table search written out
// here: at every threshold and its neighbours (counts below, at and beyond `fast`, the tail
// clamp) and on random bits, for small and large lambda.
TEST(poisson_drive, counts_from_bits_equal_the_table_search) {
    for (double lambda : {0.0, 0.3, 2.0, 7.5, 40.0}) {
        const poisson_drive d(lambda);
        const auto& t = d.thresholds();
        std::vector<std::uint64_t> bits{0, 1, ~0ull, ~0ull - 1};
        for (auto x : t)
            for (std::uint64_t off : {0ull, 1ull}) bits.push_back(x - off), bits.push_back(x + off);
        rng_stream rng(7, rng_purpose::external_noise, 1, 2);
        while (bits.size() < 1000) bits.push_back((std::uint64_t{rng.next_u32()} << 32) | rng.next_u32());
        std::vector<std::uint32_t> got(bits.size());
        d.counts_from_bits(bits.data(), bits.size(), got.data());
        for (std::size_t j = 0; j < bits.size(); ++j) {
            std::uint32_t k = 0;  // the smallest k with bits < t[k], clamped to max_count
            while (k < t.size() && bits[j] >= t[k]) ++k;
            EXPECT_EQ(got[j], std::min<std::uint32_t>(k, d.max_count())) << "lambda " << lambda << " bits " << bits[j];
        }
    }
}
