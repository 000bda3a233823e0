// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/heaviside_gamma_closure.hpp>

#include <cmath>
#include <random>

#include <boost/math/special_functions/gamma.hpp>
#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

using namespace balnet;

namespace {
rate_population_model heaviside_hv(double K, double I0) {
    rate_population_model m;  // high variance, J0 = g = 2 (docs/models.md §1.7.4)
    m.K = K;
    m.I0 = I0;
    m.response = response_kind::heaviside;
    return m;
}
}  // namespace

TEST(heaviside_gamma_closure, alpha_closed_form_at_nu_half) {
    // alpha g^2/(J0^2 sqrt K) = P(alpha, I0 J0/g^2), solved here by bisection in alpha.
    const double K = 1000, J0 = 2, g = 2, I0 = 2;
    auto F = [&](double a) { return a * g * g / (J0 * J0 * std::sqrt(K)) - boost::math::gamma_p(a, I0 * J0 / (g * g)); };
    double lo = 1e-9, hi = std::sqrt(K);
    for (int i = 0; i < 200; ++i) (F(0.5 * (lo + hi)) > 0 ? hi : lo) = 0.5 * (lo + hi);
    const auto r = solve_heaviside_gamma(heaviside_hv(K, I0));
    EXPECT_NEAR(r.alpha, 0.5 * (lo + hi), 1e-8);
    const auto& p = r.populations.at(0);
    EXPECT_NEAR(p.xbar, I0 - r.alpha * g * g / J0, 1e-8);
    EXPECT_NEAR(p.var_x, r.alpha * std::pow(g, 4) / (J0 * J0), 1e-8);
    EXPECT_DOUBLE_EQ(p.m, p.f);
    EXPECT_NE(r.assumptions.find("OVERestimate"), std::string::npos);
}

TEST(heaviside_gamma_closure, binomial_version_matches_monte_carlo) {
    // At the solved f: sample n ~ Binomial(K, f) active inputs, S = sum of n Gamma(k, th) weights
    // (drawn one by one: this checks "a sum of gammas is a gamma" as well), P(S < I0) = f.
    const double K = 500, I0 = 1.0;
    const auto r = solve_heaviside_gamma(heaviside_hv(K, I0), active_count::binomial);
    const double f = r.populations.at(0).f;
    const double Jbar = 2 / std::sqrt(K), sigma = 2 * std::pow(K, -0.25);
    std::mt19937_64 gen(7);
    std::binomial_distribution<int> bin(static_cast<int>(K), f);
    std::gamma_distribution<double> w(std::pow(Jbar / sigma, 2), sigma * sigma / Jbar);
    const int n_samples = 40000;
    int below = 0;
    for (int i = 0; i < n_samples; ++i) {
        const int n = bin(gen);
        double S = 0;
        for (int j = 0; j < n; ++j) S += w(gen);
        below += S < I0;
    }
    const double p = double(below) / n_samples;
    EXPECT_NEAR(f, p, 4 * std::sqrt(f * (1 - f) / n_samples));
    // averaging over n changes f only a little against n = f K
    EXPECT_NEAR(solve_heaviside_gamma(heaviside_hv(K, I0)).populations[0].f, f, 0.05 * f);
}

TEST(heaviside_gamma_closure, general_nu_fixed_point) {
    auto m = heaviside_hv(800, 1.0);
    m.nu = 0.8;
    const auto r = solve_heaviside_gamma(m);
    const double Jbar = 2 / std::sqrt(800.0), sigma = 2 * std::pow(800.0, -0.4);
    const double k = std::pow(Jbar / sigma, 2), th = sigma * sigma / Jbar, f = r.populations[0].f;
    EXPECT_NEAR(f, boost::math::gamma_p(f * 800 * k, 1.0 / th), 1e-9);
}

TEST(heaviside_gamma_closure, invalid_regimes_throw) {
    auto m = heaviside_hv(500, 1.0);
    m.response = response_kind::rect_tanh;
    EXPECT_THROW(solve_heaviside_gamma(m), meanfield_error);
    m = heaviside_hv(500, 1.0);
    m.weights = "bernoulli";
    EXPECT_THROW(solve_heaviside_gamma(m), meanfield_error);
    m = heaviside_hv(500.5, 1.0);
    EXPECT_THROW(solve_heaviside_gamma(m, active_count::binomial), meanfield_error);
    m = heaviside_hv(500, -1.0);
    EXPECT_THROW(solve_heaviside_gamma(m), meanfield_error);
    m = heaviside_hv(500, 1.0);
    m.type = mf_network_type::ei;
    EXPECT_THROW(solve_heaviside_gamma(m), meanfield_error);
}

// Issue 13: the refusals name the key and its value (response.function, weights.distribution,
// network.type) and the variant (heaviside_gamma or heaviside_gamma_binomial) as balnet mft lists it.
TEST(heaviside_gamma_closure, refusals_name_the_key_and_value) {
    auto message = [](const rate_population_model& m, active_count c) -> std::string {
        try {
            solve_heaviside_gamma(m, c);
        } catch (const meanfield_error& e) {
            return e.what();
        }
        return "(not refused)";
    };
    auto m = heaviside_hv(500, 1.0);
    m.response = response_kind::rect_tanh;
    EXPECT_EQ(message(m, active_count::binomial), "meanfield: heaviside_gamma_binomial assumes Heaviside units "
              "(response.function = heaviside), got response.function = rect_tanh");
    m = heaviside_hv(500, 1.0);
    m.weights = "lognormal";
    EXPECT_EQ(message(m, active_count::mean_field), "meanfield: heaviside_gamma assumes gamma weights "
              "(weights.distribution = gamma), got weights.distribution = lognormal");
    m = heaviside_hv(500, 1.0);
    m.type = mf_network_type::ei;
    EXPECT_NE(message(m, active_count::mean_field).find("heaviside_gamma is written for the purely inhibitory "
              "network (docs/models.md 1.7.4); network.type = ei"), std::string::npos);
}
