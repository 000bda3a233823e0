// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/static_gaussian_closure.hpp>

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/gaussian_moments.hpp>

using namespace balnet;

namespace {

double Phi(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }

// Naive midpoint-rule Gaussian expectation, independent of the library's quadrature.
template <class F>
double naive_expect(F phi, double mean, double var) {
    const double s = std::sqrt(var), h = 1e-4;
    double acc = 0.0;
    for (double z = -12.0 + h / 2; z < 12.0; z += h) acc += phi(mean + s * z) * pdf(z) * h;
    return acc;
}
double rtanh(double x) { return x > 0 ? std::tanh(x) : 0.0; }

}  // namespace

TEST(static_gaussian_closure, threshold_linear_nu1_matches_bisection) {
    // docs/models.md §1.7.3: g^2 [(1+z^2)Phi(z) + z pdf(z)] = 1, solved here by plain bisection.
    const double g = 2.0;
    auto F = [&](double z) { return g * g * ((1 + z * z) * Phi(z) + z * pdf(z)) - 1.0; };
    double lo = -5.0, hi = 5.0;
    for (int i = 0; i < 200; ++i) (F(0.5 * (lo + hi)) > 0 ? hi : lo) = 0.5 * (lo + hi);
    const double z = 0.5 * (lo + hi);
    EXPECT_NEAR(z, -0.405, 1e-3);
    EXPECT_NEAR(Phi(z), 0.343, 1e-3);

    rate_population_model m;
    m.K = 1e6;
    m.J0 = 2.0;
    m.g = g;
    m.nu = 1.0;
    m.I0 = 1.0;
    m.response = response_kind::rect_linear;
    const auto r = solve_static_gaussian(m);
    const auto& p = r.populations.at(0);
    EXPECT_NEAR(p.f, Phi(z), 1e-7);
    EXPECT_NEAR(p.xbar / std::sqrt(p.var_x), z, 1e-6);
    const double sqrtV = m.I0 / (z + m.J0 * std::sqrt(m.K) * (z * Phi(z) + pdf(z)));
    EXPECT_NEAR(std::sqrt(p.var_x), sqrtV, 1e-6 * sqrtV);
    EXPECT_LT(r.residual, 1e-8);
    EXPECT_GT(r.iterations, 0);
}

TEST(static_gaussian_closure, low_variance_reference_C3) {
    // tests/data/sparse_balance_cases.md C3: m = 0.02934 (docs/models.md §1.7.3 claims 1.5 %;
    // 5 % tolerance).
    rate_population_model m;
    m.K = 1135;
    m.J0 = 1.05;
    m.g = 2.0;
    m.nu = 1.0;
    m.I0 = 1.0;
    const auto r = solve_static_gaussian(m);
    const auto& p = r.populations.at(0);
    EXPECT_NEAR(p.m, 0.02934, 0.05 * 0.02934);
    EXPECT_LT(p.f, 0.391);       // documented: f 6-16 % low
    EXPECT_LT(p.xbar, -0.0375);  // documented: xbar too negative
    EXPECT_EQ(r.assumptions.find("WARNING"), std::string::npos);
}

TEST(static_gaussian_closure, solution_satisfies_equations_by_naive_quadrature) {
    rate_population_model m;  // C1 parameters (nu = 1/2): the closure is wrong there, not unsolvable
    m.K = 500;
    const auto r = solve_static_gaussian(m);
    const auto& p = r.populations.at(0);
    const double mm = naive_expect(rtanh, p.xbar, p.var_x);
    const double q = naive_expect([](double x) { return rtanh(x) * rtanh(x); }, p.xbar, p.var_x);
    EXPECT_NEAR(p.m, mm, 1e-7);
    EXPECT_NEAR(p.xbar, m.I0 - m.J0 * std::sqrt(m.K) * mm, 1e-5);
    EXPECT_NEAR(p.var_x, m.g * m.g * std::sqrt(m.K) * q, 1e-5);
    EXPECT_NE(r.assumptions.find("WARNING"), std::string::npos);  // nu = 1/2 flagged
    EXPECT_GT(p.m, 1.5 * 0.0431);  // and indeed far above the C1 simulation (documented)
}

TEST(static_gaussian_closure, ei_with_isolated_inhibition_reduces_to_inhibitory) {
    rate_population_model ei;
    ei.type = mf_network_type::ei;
    ei.K_E = 300;
    ei.K_I = 400;
    ei.J_EE = ei.J_IE = ei.g_EE = ei.g_IE = 0.0;  // E does not project: I is a pure-I network
    ei.J_II = 1.05; ei.g_II = 2.0; ei.J_EI = 1.5; ei.g_EI = 1.0;
    ei.nu = 1.0;
    ei.I_E = 0.5; ei.I_I = 1.0;
    const auto r = solve_static_gaussian(ei);
    rate_population_model inh;
    inh.K = 400; inh.J0 = 1.05; inh.g = 2.0; inh.nu = 1.0; inh.I0 = 1.0;
    const auto ri = solve_static_gaussian(inh);
    const auto& pI = r.populations.at(1);
    EXPECT_NEAR(pI.m, ri.populations[0].m, 1e-8);
    EXPECT_NEAR(pI.xbar, ri.populations[0].xbar, 1e-7);
    // E: driven by I only; its statistics from naive quadrature.
    const auto& pE = r.populations.at(0);
    const double xE = 0.5 - 1.5 * std::sqrt(400.0) * pI.m;
    const double vE = 1.0 * std::pow(400.0, 0.0) * pI.q;
    EXPECT_NEAR(pE.xbar, xE, 1e-7);
    EXPECT_NEAR(pE.var_x, vE, 1e-7);
    EXPECT_NEAR(pE.m, naive_expect(rtanh, xE, vE), 1e-6);
}

TEST(static_gaussian_closure, ei_fig6_inhibitory_more_active) {
    rate_population_model ei;  // docs/models.md §1.4 Fig 6 parameters are the struct's E–I defaults
    ei.type = mf_network_type::ei;
    ei.K_E = ei.K_I = 300;
    const auto r = solve_static_gaussian(ei);
    EXPECT_GT(r.populations.at(1).f, r.populations.at(0).f);  // paper: I more active than E
    EXPECT_LT(r.residual, 1e-9);
}

TEST(static_gaussian_closure, every_response_converges_at_nu1) {
    for (auto resp : {response_kind::rect_tanh, response_kind::rect_linear, response_kind::rect_power,
                      response_kind::heaviside, response_kind::exp}) {
        rate_population_model m;
        m.K = 1000; m.J0 = 1.05; m.g = 2.0; m.nu = 1.0; m.I0 = resp == response_kind::exp ? -1.0 : 1.0;
        m.response = resp;
        const auto r = solve_static_gaussian(m);
        const auto& p = r.populations.at(0);
        const auto check = gaussian_moments(resp, m.power, p.xbar, p.var_x);
        EXPECT_NEAR(p.xbar, bias(m, 0) - m.J0 * std::sqrt(m.K) * check.m, 1e-7) << to_string(resp);
        EXPECT_NEAR(p.var_x, m.g * m.g * check.q, 1e-7 * (1 + p.var_x)) << to_string(resp);
    }
}

TEST(static_gaussian_closure, no_solution_throws) {
    rate_population_model m;  // rect_linear at nu = 1/2: the Gaussian closure runs away
    m.K = 1000; m.I0 = 2.0;
    m.response = response_kind::rect_linear;
    EXPECT_THROW(solve_static_gaussian(m), meanfield_error);
    m.weights = "nope";
    EXPECT_THROW(solve_static_gaussian(m), meanfield_error);
}

// Issue 13: the static Gaussian closure flags (does not refuse) non-Gaussian input, on the same
// criterion on which the Gaussian DMFT refuses it, naming the key and value.
TEST(static_gaussian_closure, flags_non_gaussian_input_naming_the_key) {
    rate_population_model m;
    m.K = 500;
    m.weights = "lognormal";
    const std::string a = solve_static_gaussian(m).assumptions;
    EXPECT_NE(a.find(" WARNING: weights.nu = 0.5 < 1 with lognormal weights (sparse balance) makes the "
                     "input a sum of few large weights, not Gaussian: this closure is outside its "
                     "assumptions"), std::string::npos) << a;
    m.weights = "normal";  // normal weights: Gaussian input at any nu, nothing to flag
    EXPECT_EQ(solve_static_gaussian(m).assumptions.find("WARNING"), std::string::npos);
    m.weights = "gamma";
    m.nu = 0.8;  // between 1/2 and 1: still a skewed sum (the old threshold let it through)
    EXPECT_NE(solve_static_gaussian(m).assumptions.find("WARNING: weights.nu = 0.8 < 1"), std::string::npos);
    m.type = mf_network_type::ei;  // E-I networks are within this closure's assumptions
    m.nu = 1.0;
    m.K_E = m.K_I = 400;
    EXPECT_EQ(solve_static_gaussian(m).assumptions.find("WARNING"), std::string::npos);
}
