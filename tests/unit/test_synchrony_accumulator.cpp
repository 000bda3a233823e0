// SPDX-License-Identifier: BSD-3-Clause
// Golomb's chi (docs/models.md §2.5 5.5) against the naive computation on the stored V matrix, and
// its limits: identical neurons give 1, independent ones ~ 1/sqrt(n).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <balnet/analysis/synchrony_accumulator.hpp>

using namespace balnet;

namespace {

double naive_chi(const std::vector<std::vector<double>>& v) {  // v[t][i]
    const auto T = static_cast<double>(v.size());
    const std::size_t n = v[0].size();
    std::vector<double> bar;
    for (const auto& row : v) {
        double s = 0;
        for (double x : row) s += x;
        bar.push_back(s / static_cast<double>(n));
    }
    auto var = [&](auto get) {
        double m = 0, q = 0;
        for (std::size_t t = 0; t < v.size(); ++t) m += get(t);
        m /= T;
        for (std::size_t t = 0; t < v.size(); ++t) q += (get(t) - m) * (get(t) - m);
        return q / T;
    };
    double mean_var = 0;
    for (std::size_t i = 0; i < n; ++i) mean_var += var([&](std::size_t t) { return v[t][i]; });
    mean_var /= static_cast<double>(n);
    return std::sqrt(var([&](std::size_t t) { return bar[t]; }) / mean_var);
}

std::vector<std::vector<double>> voltages(std::size_t n, std::size_t T, double common, double own) {
    std::mt19937_64 gen(7);
    std::normal_distribution<double> z;
    std::vector<std::vector<double>> v(T, std::vector<double>(n));
    for (std::size_t t = 0; t < T; ++t) {
        const double c = common * std::sin(0.05 * static_cast<double>(t));
        for (std::size_t i = 0; i < n; ++i) v[t][i] = 15.0 + c + own * z(gen);
    }
    return v;
}

double chi_of(const std::vector<std::vector<double>>& v) {
    synchrony_accumulator acc(v[0].size());
    for (const auto& row : v) acc.add(row);
    EXPECT_EQ(acc.n_samples(), v.size());
    return acc.chi();
}

}  // namespace

TEST(synchrony_accumulator, matches_naive_computation) {
    const auto v = voltages(50, 4000, 1.0, 2.0);
    const double chi = chi_of(v);
    EXPECT_NEAR(chi, naive_chi(v), 1e-9);
    EXPECT_GT(chi, 0.2);
    EXPECT_LT(chi, 0.5);
}

TEST(synchrony_accumulator, limits) {
    EXPECT_NEAR(chi_of(voltages(20, 2000, 3.0, 0.0)), 1.0, 1e-9);  // identical neurons
    const double indep = chi_of(voltages(400, 4000, 0.0, 2.0));    // independent: ~ 1/sqrt(400)
    EXPECT_NEAR(indep, 0.05, 0.01);
}
