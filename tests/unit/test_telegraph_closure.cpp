// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/telegraph_closure.hpp>

#include <cmath>
#include <random>

#include <boost/math/special_functions/gamma.hpp>
#include <gtest/gtest.h>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/heaviside_gamma_closure.hpp>

using namespace balnet;

namespace {
rate_population_model heaviside_hv(double K, double I0) {
    rate_population_model m;
    m.K = K;
    m.I0 = I0;
    m.response = response_kind::heaviside;
    return m;
}
}  // namespace

TEST(telegraph_closure, talbot_cdf_matches_monte_carlo) {
    // S = sum_{j<K} w_j T_j, w ~ Gamma(k, th), T ~ Beta(f beta, (1-f) beta) sampled as X/(X+Y).
    const int K = 200;
    const double k = 0.1, th = 2.0, f = 0.2, beta = 0.5;
    std::mt19937_64 gen(11);
    std::gamma_distribution<double> w(k, th), ga(f * beta, 1.0), gb((1 - f) * beta, 1.0);
    const int n = 20000;
    std::vector<double> S(n);
    for (auto& s : S) {
        s = 0;
        for (int j = 0; j < K; ++j) {
            const double x = ga(gen), y = gb(gen);
            s += w(gen) * (x + y > 0 ? x / (x + y) : 0.0);
        }
    }
    for (double I : {0.5, 2.0, 5.0}) {
        double below = 0;
        for (double s : S) below += s < I;
        const double p = below / n, c = telegraph_input_cdf(K, k, th, f, beta, I);
        EXPECT_NEAR(c, p, 4 * std::sqrt(std::max(p * (1 - p), 1e-4) / n)) << I;
    }
}

TEST(telegraph_closure, small_beta_reduces_to_binomial_static_form) {
    const auto m = heaviside_hv(500, 1.0);
    const double f_static = solve_heaviside_gamma(m, active_count::binomial).populations[0].f;
    const double f_tel = solve_telegraph(m, 1e-3).populations[0].f;
    EXPECT_NEAR(f_tel, f_static, 2e-3 * f_static);
}

TEST(telegraph_closure, large_beta_gives_balance) {
    // beta = inf: T = f, f = P(K k, I0/(f th)); solved independently by bisection.
    for (double K : {1e3, 1e6}) {
        const double k = 1 / std::sqrt(K), th = 2.0;
        double lo = 1e-9, hi = 1 - 1e-9;
        for (int i = 0; i < 200; ++i) {
            const double f = 0.5 * (lo + hi);
            (f - boost::math::gamma_p(K * k, 1.0 / (f * th)) > 0 ? hi : lo) = f;
        }
        EXPECT_NEAR(solve_telegraph(heaviside_hv(K, 1.0), INFINITY).populations[0].f, lo, 1e-7 * lo);
    }
    // alpha th -> I0 as K grows (slowly), and finite large beta approaches beta = inf.
    const auto r3 = solve_telegraph(heaviside_hv(1e3, 1.0), INFINITY);
    const auto r6 = solve_telegraph(heaviside_hv(1e6, 1.0), INFINITY);
    EXPECT_LT(std::abs(r6.alpha * 2.0 - 1.0), std::abs(r3.alpha * 2.0 - 1.0));
    EXPECT_LT(std::abs(r6.alpha * 2.0 - 1.0), 0.15);
    const double f_big = solve_telegraph(heaviside_hv(500, 1.0), 1e4).populations[0].f;
    const double f_inf = solve_telegraph(heaviside_hv(500, 1.0), INFINITY).populations[0].f;
    EXPECT_NEAR(f_big, f_inf, 0.02 * f_inf);
}

TEST(telegraph_closure, static_overestimates_and_f_falls_with_beta) {
    const auto m = heaviside_hv(1000, 2.0);  // Fig 3 parameters, Heaviside
    const double f_static = solve_heaviside_gamma(m).populations[0].f;
    double previous = f_static;
    for (double beta : {0.3, 0.5, 0.7}) {
        const auto r = solve_telegraph(m, beta);
        EXPECT_LT(r.populations[0].f, previous) << beta;
        previous = r.populations[0].f;
        EXPECT_LT(r.residual, 1e-7);
    }
}

TEST(telegraph_closure, invalid_inputs_throw) {
    auto m = heaviside_hv(500, 1.0);
    EXPECT_THROW(solve_telegraph(m, 0.0), meanfield_error);
    m.weights = "bernoulli";
    EXPECT_THROW(solve_telegraph(m, 0.5), meanfield_error);
    m = heaviside_hv(500, 1.0);
    m.response = response_kind::rect_tanh;
    EXPECT_THROW(solve_telegraph(m, 0.5), meanfield_error);
    EXPECT_THROW(telegraph_input_cdf(100, 0.1, 2, 1.5, 0.5, 1.0), meanfield_error);
}

// Issue 13: a closure outside its weight law must refuse or flag; the telegraph closure refuses.
TEST(telegraph_closure, refuses_weights_that_are_not_gamma) {
    auto m = heaviside_hv(1e3, 1.0);
    EXPECT_NO_THROW(solve_telegraph(m, 0.4));
    m.weights = "lognormal";
    EXPECT_THROW(solve_telegraph(m, 0.4), meanfield_error);
}

// Issue 13: E-I networks are refused with the key named (the closure is written for the purely
// inhibitory network), as are other weight laws.
TEST(telegraph_closure, refuses_ei_naming_network_type) {
    auto m = heaviside_hv(1e3, 1.0);
    m.type = mf_network_type::ei;
    try {
        solve_telegraph(m, 0.4);
        ADD_FAILURE() << "an E-I network was not refused";
    } catch (const meanfield_error& e) {
        EXPECT_NE(std::string(e.what()).find("telegraph is written for the purely inhibitory network "
                                             "(docs/models.md 1.7.5); network.type = ei"), std::string::npos)
            << e.what();
    }
    m = heaviside_hv(1e3, 1.0);
    m.weights = "lognormal";
    try {
        solve_telegraph(m, 0.4);
    } catch (const meanfield_error& e) {
        EXPECT_NE(std::string(e.what()).find("got weights.distribution = lognormal"), std::string::npos) << e.what();
    }
}
