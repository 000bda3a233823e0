// SPDX-License-Identifier: BSD-3-Clause
// Rate, CV of ISIs and Fano factor (docs/models.md §2.5) against a naive computation on stored
// spike trains, and their known values: Poisson trains (CV ~ 1, Fano ~ 1), regular trains
// (CV = 0, Fano = 0 when the period divides the bin).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <balnet/analysis/spike_statistics.hpp>

using namespace balnet;

namespace {

constexpr double h = 0.1;  // [ms]

struct naive_result {
    double rate = 0, cv = 0, fano = 0;
    int n_cv = 0, n_fano = 0;
};

// Straight from the definitions, one neuron at a time, on the full per-neuron trains.
naive_result naive(const std::vector<std::vector<step_type>>& trains, const statistics_window& w) {
    naive_result r;
    double total = 0;
    const auto n_bins = (w.t1 - w.t0) / w.fano_bin;
    for (const auto& tr : trains) {
        std::vector<double> in;
        for (auto t : tr)
            if (t >= w.t0 && t < w.t1) in.push_back(static_cast<double>(t));
        total += static_cast<double>(in.size());
        if (in.size() >= w.min_isis + 1) {
            std::vector<double> isi;
            for (std::size_t i = 1; i < in.size(); ++i) isi.push_back(in[i] - in[i - 1]);
            double m = 0, v = 0;
            for (double x : isi) m += x;
            m /= static_cast<double>(isi.size());
            for (double x : isi) v += (x - m) * (x - m);
            v /= static_cast<double>(isi.size());
            r.cv += std::sqrt(v) / m;
            ++r.n_cv;
        }
        std::vector<double> c(static_cast<std::size_t>(n_bins), 0.0);
        for (double t : in) {
            const auto b = static_cast<std::int64_t>(t - static_cast<double>(w.t0)) / w.fano_bin;
            if (b < n_bins) c[static_cast<std::size_t>(b)] += 1;
        }
        double m = 0, v = 0;
        for (double x : c) m += x;
        m /= static_cast<double>(n_bins);
        for (double x : c) v += (x - m) * (x - m);
        v /= static_cast<double>(n_bins);
        if (m > 0) {
            r.fano += v / m;
            ++r.n_fano;
        }
    }
    r.rate = total / (static_cast<double>(trains.size()) * static_cast<double>(w.t1 - w.t0) * h * 1e-3);
    r.cv /= r.n_cv;
    r.fano /= r.n_fano;
    return r;
}

// Spikes of all trains in (step, gid) order, gids from `first`.
std::vector<spike> merge(const std::vector<std::vector<step_type>>& trains, gid_type first) {
    std::vector<spike> s;
    for (std::size_t i = 0; i < trains.size(); ++i)
        for (auto t : trains[i]) s.push_back({first + i, t});
    std::sort(s.begin(), s.end());
    return s;
}

std::vector<std::vector<step_type>> poisson_trains(int n, double rate_hz, step_type steps) {
    std::mt19937_64 gen(2024);
    std::bernoulli_distribution fire(rate_hz * h * 1e-3);
    std::vector<std::vector<step_type>> tr(static_cast<std::size_t>(n));
    for (auto& t : tr)
        for (step_type k = 1; k <= steps; ++k)
            if (fire(gen)) t.push_back(k);
    return tr;
}

}  // namespace

TEST(spike_statistics, poisson_trains_match_naive_and_theory) {
    const auto trains = poisson_trains(200, 20.0, 200000);  // 20 s at 20 Hz
    const statistics_window w{10000, 200000, 500, 5};
    spike_statistics st(100, trains.size(), w);
    const auto all = merge(trains, 100);
    // Fed in pieces, as the engine hands them over, plus spikes of foreign gids.
    const auto half = all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2);
    st.add(std::span<const spike>(&*all.begin(), half - all.begin()));
    st.add(std::span<const spike>(&*half, all.end() - half));
    const std::vector<spike> foreign = {{0, 500000}, {99, 20000}, {300, 20000}};
    st.add(foreign);
    const auto s = st.summary();
    const auto ref = naive(trains, w);
    EXPECT_EQ(s.n_neurons, 200u);
    EXPECT_NEAR(s.rate_hz(w, h), ref.rate, 1e-12 * ref.rate);
    EXPECT_EQ(s.n_cv, static_cast<std::uint64_t>(ref.n_cv));
    EXPECT_NEAR(s.mean_cv(), ref.cv, 1e-12);
    EXPECT_EQ(s.n_fano, static_cast<std::uint64_t>(ref.n_fano));
    EXPECT_NEAR(s.mean_fano(), ref.fano, 1e-12);
    // Theory: rate 20 Hz (SE ~0.07), CV 1 (Bernoulli trains on a grid: sqrt(1 - p) ~ 0.999),
    // Fano 1 - p ~ 1.
    EXPECT_NEAR(s.rate_hz(w, h), 20.0, 0.5);
    EXPECT_NEAR(s.mean_cv(), 1.0, 0.03);
    EXPECT_NEAR(s.mean_fano(), 1.0, 0.05);
}

TEST(spike_statistics, regular_trains_have_zero_cv_and_fano) {
    std::vector<std::vector<step_type>> trains(10);
    for (std::size_t i = 0; i < trains.size(); ++i)
        for (step_type k = 3 + static_cast<step_type>(i); k < 20000; k += 250) trains[i].push_back(k);
    const statistics_window w{1000, 11000, 500, 5};  // 250 divides the 500-step bin
    spike_statistics st(0, 10, w);
    st.add(merge(trains, 0));
    const auto s = st.summary();
    EXPECT_EQ(s.n_cv, 10u);
    EXPECT_EQ(s.mean_cv(), 0.0);
    EXPECT_EQ(s.n_fano, 10u);
    EXPECT_NEAR(s.mean_fano(), 0.0, 1e-15);
    EXPECT_NEAR(s.rate_hz(w, h), 40.0, 1e-12);  // 40 spikes per second exactly (1 per 25 ms)
    EXPECT_EQ(s.rate_sd_hz(w, h), 0.0);
    EXPECT_EQ(s.n_silent, 0u);
}

TEST(spike_statistics, min_isis_and_window_edges) {
    // Neuron 0: 5 spikes in the window (4 ISIs: not counted); neuron 1: 6 (5 ISIs: counted);
    // neuron 2: silent in the window, spikes just outside it.
    const std::vector<std::vector<step_type>> trains = {
        {100, 200, 300, 400, 500}, {100, 150, 250, 300, 400, 450}, {99, 1000}};
    const statistics_window w{100, 1000, 300, 5};
    spike_statistics st(0, 3, w);
    st.add(merge(trains, 0));
    const auto s = st.summary();
    EXPECT_EQ(s.n_spikes, 11u);
    EXPECT_EQ(s.n_silent, 1u);
    EXPECT_EQ(s.n_cv, 1u);
    const auto ref = naive(trains, w);
    EXPECT_NEAR(s.mean_cv(), ref.cv, 1e-14);
    EXPECT_EQ(s.n_fano, 2u);
    EXPECT_NEAR(s.mean_fano(), ref.fano, 1e-14);
}
