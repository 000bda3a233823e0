// SPDX-License-Identifier: BSD-3-Clause
// population_spectrum (docs/models.md §2.5.7) against hand-counted bins, a naive O(M^2) DFT
// periodogram written here, the closed form of a windowed cosine, the flat spectrum of Poisson
// counts (E P_k = mean count per bin) and a sinusoidally modulated spike train.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <vector>

#include <balnet/analysis/population_spectrum.hpp>

using namespace balnet;

namespace {

constexpr double pi = std::numbers::pi;

// The definition, directly: per segment remove the mean, multiply by the periodic Hann window,
// DFT by the sum, |X_k|^2 / sum w^2; average over the whole segments.
std::vector<double> naive_periodogram(const std::vector<double>& c, std::size_t m) {
    const std::size_t n_seg = c.size() / m;
    std::vector<double> p(m / 2 + 1, 0.0);
    double w2 = 0.0;
    for (std::size_t n = 0; n < m; ++n) w2 += std::pow(0.5 - 0.5 * std::cos(2 * pi * double(n) / double(m)), 2);
    for (std::size_t s = 0; s < n_seg; ++s) {
        double mean = 0.0;
        for (std::size_t n = 0; n < m; ++n) mean += c[s * m + n] / double(m);
        for (std::size_t k = 0; k < p.size(); ++k) {
            std::complex<double> x = 0.0;
            for (std::size_t n = 0; n < m; ++n) {
                const double w = 0.5 - 0.5 * std::cos(2 * pi * double(n) / double(m));
                x += (c[s * m + n] - mean) * w * std::polar(1.0, -2 * pi * double(k * n) / double(m));
            }
            p[k] += std::norm(x) / w2 / double(n_seg);
        }
    }
    return p;
}

}  // namespace

TEST(population_spectrum, bins_are_half_a_millisecond_and_segments_200_ms) {
    const population_spectrum a(0, 10, 0, 10000, 0.1);  // h = 0.1 ms: 5 steps, 400 bins
    EXPECT_EQ(a.bin_steps(), 5);
    EXPECT_EQ(a.segment_bins(), 400u);
    EXPECT_DOUBLE_EQ(a.frequency_hz(1), 5.0);
    EXPECT_DOUBLE_EQ(a.frequency_hz(200), 1000.0);  // Nyquist of 0.5 ms bins
    EXPECT_EQ(a.counts().size(), 2000u);
    const population_spectrum b(0, 10, 0, 1000, 0.25);  // 0.5 ms = 2 steps
    EXPECT_EQ(b.bin_steps(), 2);
    EXPECT_EQ(b.segment_bins(), 400u);
}

TEST(population_spectrum, counts_whole_bins_of_the_window_for_its_range) {
    // Neurons [10, 20), window [100, 112) at h = 0.1 ms: bins [100,105) [105,110); 110.. is partial.
    population_spectrum s(10, 10, 100, 112, 0.1);
    const std::vector<spike> sp = {{9, 101}, {10, 99}, {10, 100}, {19, 104}, {15, 105},
                                   {20, 106}, {12, 109}, {13, 110}, {14, 111}};
    s.add(sp);
    EXPECT_EQ(s.counts(), (std::vector<double>{2, 2}));
}

TEST(population_spectrum, power_equals_a_naive_dft_periodogram) {
    population_spectrum s(0, 1, 0, 5 * 1000, 0.1);  // 1000 bins: 2 whole segments of 400
    std::mt19937_64 gen(7);
    std::poisson_distribution<int> pois(3.0);
    std::vector<double> c(1000);
    for (std::size_t b = 0; b < c.size(); ++b) c[b] = pois(gen) + 2.0 * std::sin(2 * pi * 0.031 * double(b));
    const auto p = s.power(c);
    const auto q = naive_periodogram(c, 400);
    ASSERT_EQ(p.size(), q.size());
    double top = 0.0;
    for (const double x : q) top = std::max(top, x);
    for (std::size_t k = 0; k < p.size(); ++k) EXPECT_NEAR(p[k], q[k], 1e-10 * top) << "k = " << k;
}

TEST(population_spectrum, windowed_cosine_has_the_closed_form_peak) {
    // x_n = C + A cos(2 pi k0 n / M): after the mean is removed the Hann window splits it into
    // X_k0 = A M / 4 and X_{k0 +- 1} = -A M / 8, and sum w^2 = 3 M / 8, so
    // P_k0 = A^2 M / 6, P_{k0 +- 1} = A^2 M / 24, every other entry 0.
    population_spectrum s(0, 1, 0, 5 * 800, 0.1);
    const std::size_t m = 400, k0 = 24;  // 120 Hz
    const double a = 3.0;
    std::vector<double> c(800);
    for (std::size_t n = 0; n < c.size(); ++n) c[n] = 7.0 + a * std::cos(2 * pi * double(k0 * n) / double(m));
    const auto p = s.power(c);
    EXPECT_NEAR(p[k0], a * a * double(m) / 6.0, 1e-9);
    EXPECT_NEAR(p[k0 - 1], a * a * double(m) / 24.0, 1e-9);
    EXPECT_NEAR(p[k0 + 1], a * a * double(m) / 24.0, 1e-9);
    EXPECT_NEAR(p[0], 0.0, 1e-9);
    EXPECT_NEAR(p[100], 0.0, 1e-9);
    const auto pk = s.peak(p);
    EXPECT_DOUBLE_EQ(pk.frequency_hz, 120.0);
    EXPECT_GT(pk.ratio, 1e6);  // the median of the band is round-off
}

TEST(population_spectrum, peak_searches_only_the_band_and_takes_the_median_ratio) {
    const population_spectrum s(0, 1, 0, 4000, 0.1);
    std::vector<double> p(201, 1.0);  // k = 0 .. 200 = 0 .. 1000 Hz in 5 Hz steps
    p[0] = 1e9;                       // 0 Hz: outside [5, 500]
    p[150] = 1e9;                     // 750 Hz: outside
    p[101] = 1e9;                     // 505 Hz: outside
    p[100] = 40.0;                    // 500 Hz: the edge is inside
    p[1] = 30.0;                      // 5 Hz: inside
    for (std::size_t k = 2; k < 50; ++k) p[k] = 3.0;  // band k = 1..100: 48 entries 3, 50 of 1 -> median 2
    const auto pk = s.peak(p);
    EXPECT_DOUBLE_EQ(pk.frequency_hz, 500.0);
    EXPECT_DOUBLE_EQ(pk.ratio, 20.0);
}

TEST(population_spectrum, poisson_counts_give_a_flat_spectrum_at_the_mean_count) {
    // Independent Poisson counts of mean lambda per bin: E P_k = Var = lambda for 0 < k < M/2
    // (the window normalisation makes the periodogram unbiased for white noise).
    population_spectrum s(0, 1000, 0, 5 * 400 * 50, 0.1);  // 50 segments
    std::mt19937_64 gen(11);
    const double lambda = 20.0;
    std::poisson_distribution<int> pois(lambda);
    std::vector<double> c(400 * 50);
    for (double& x : c) x = pois(gen);
    const auto p = s.power(c);
    double band_mean = 0.0;
    for (std::size_t k = 1; k <= 100; ++k) band_mean += p[k] / 100.0;
    EXPECT_NEAR(band_mean, lambda, 0.05 * lambda);  // SD of the estimate ~ lambda / sqrt(3000)
    EXPECT_LT(s.peak(p).ratio, 2.0);                 // 50 segments: no sharp line
}

TEST(population_spectrum, modulated_spike_train_peaks_at_its_modulation_frequency) {
    // 1000 neurons, each a Bernoulli-per-step train of rate 20 Hz (1 + 0.5 sin(2 pi 125 Hz t)),
    // 1 s at h = 0.1 ms: the population spectrum peaks at 125 Hz, far above the noise floor.
    const double dt = 0.1, f = 125.0, r0 = 20.0;
    const step_type t0 = 1000, t1 = 11000;
    population_spectrum s(0, 1000, t0, t1, dt);
    std::mt19937_64 gen(3);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<spike> sp;
    for (step_type k = 0; k < t1; ++k) {
        const double t_s = double(k) * dt * 1e-3;
        const double p = r0 * (1.0 + 0.5 * std::sin(2 * pi * f * t_s)) * dt * 1e-3;
        for (gid_type g = 0; g < 1000; ++g)
            if (u(gen) < p) sp.push_back({g, k});
    }
    s.add(sp);
    const auto p = s.power(s.counts());
    const auto pk = s.peak(p);
    EXPECT_DOUBLE_EQ(pk.frequency_hz, 125.0);
    // Expected line: counts per 0.5 ms bin have mean 10 and a modulation of amplitude 5, so
    // P_k0 ~ 5^2 M / 6 ~ 1667 over a floor ~ 10 (Poisson): ratio of order 100.
    EXPECT_GT(pk.ratio, 50.0);
}

TEST(population_spectrum, too_short_a_window_has_no_spectrum) {
    population_spectrum s(0, 10, 0, 1999, 0.1);  // 399 bins < one segment
    s.add(std::vector<spike>{{1, 10}});
    EXPECT_TRUE(s.power(s.counts()).empty());
    const auto pk = s.peak(s.power(s.counts()));
    EXPECT_TRUE(std::isnan(pk.frequency_hz));
    EXPECT_TRUE(std::isnan(pk.ratio));
}
