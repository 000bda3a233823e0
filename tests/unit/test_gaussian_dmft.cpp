// SPDX-License-Identifier: BSD-3-Clause
// Gaussian DMFT: every expected value is recomputed here from the closed forms of the threshold-
// linear and exponential responses (naive bisection, midpoint quadrature, RK4), never taken from
// the solver.
#include <balnet/meanfield/gaussian_dmft.hpp>

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/static_gaussian_closure.hpp>

using namespace balnet;

namespace {

double Phi(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }
double pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi); }

// Int Dy [a + s y]_+ and Int Dy [a + s y]_+^2 / 2 (closed forms).
double relu_mean(double a, double s) { return s > 0 ? a * Phi(a / s) + s * pdf(a / s) : std::max(a, 0.0); }
double relu_half_sq(double a, double s) {
    if (s <= 0) return a > 0 ? 0.5 * a * a : 0.0;
    return 0.5 * ((a * a + s * s) * Phi(a / s) + a * s * pdf(a / s));
}

// Naive DMFT kernels for rect_linear: C(D) = Int Dz h(xbar + sqrt(D) z, sqrt(D0 - D))^2 by the
// midpoint rule on [-10, 10].
template <class H>
double naive_corr(H h, double xbar, double D, double D0) {
    const double s = std::sqrt(std::max(D0 - D, 0.0)), sd = std::sqrt(D), dz = 2e-3;
    double acc = 0.0;
    for (double z = -10 + dz / 2; z < 10; z += dz) {
        const double v = h(xbar + sd * z, s);
        acc += v * v * pdf(z) * dz;
    }
    return acc;
}

rate_population_model relu_model(double g, double K = 1000.0) {
    rate_population_model m;
    m.K = K;
    m.J0 = 1.05;
    m.g = g;
    m.I0 = 1.0;
    m.nu = 1.0;
    m.response = response_kind::rect_linear;
    return m;
}

}  // namespace

TEST(gaussian_dmft, below_transition_is_the_static_fixed_point) {
    // g = 1: g^2 f < 1, the static solution is stable. Static rect-linear closure by bisection:
    // xbar = I0 - J0 sqrt(K) m(xbar, V), V = g^2 q(xbar, V) with closed-form m, q.
    const auto model = relu_model(1.0);
    const double G = model.J0 * std::sqrt(model.K), c = model.g * model.g;
    auto xbar_of = [&](double V) {
        double lo = -10, hi = model.I0;
        for (int i = 0; i < 200; ++i) {
            const double x = 0.5 * (lo + hi);
            (x - model.I0 + G * relu_mean(x, std::sqrt(V)) > 0 ? hi : lo) = x;
        }
        return 0.5 * (lo + hi);
    };
    double lo = 1e-9, hi = 1.0;
    for (int i = 0; i < 200; ++i) {
        const double V = 0.5 * (lo + hi), x = xbar_of(V);
        (V - c * 2 * relu_half_sq(x, std::sqrt(V)) > 0 ? hi : lo) = V;
    }
    const double V = 0.5 * (lo + hi), x = xbar_of(V);
    const auto r = solve_gaussian_dmft(model);
    EXPECT_EQ(r.regime, dmft_regime::fixed_point);
    EXPECT_NEAR(r.static_gain, c * Phi(x / std::sqrt(V)), 1e-8);  // E[phi'^2] = f
    EXPECT_LT(r.static_gain, 1.0);
    EXPECT_NEAR(r.qvx, V, 1e-7 * V);
    EXPECT_EQ(r.tvx, 0.0);
    EXPECT_TRUE(std::isnan(r.beta));
    const auto& p = r.closure.populations.at(0);
    EXPECT_NEAR(p.xbar, x, 1e-7);
    EXPECT_NEAR(p.m, relu_mean(x, std::sqrt(V)), 1e-8);
    // ... and it is the static Gaussian closure's answer.
    const auto s = solve_static_gaussian(model);
    EXPECT_NEAR(p.m, s.populations[0].m, 1e-9);
    EXPECT_NEAR(p.q, s.populations[0].q, 1e-9);
    EXPECT_LT(r.closure.residual, 1e-8);
}

TEST(gaussian_dmft, chaotic_solution_solves_the_three_equations) {
    // g = 2 (the paper's low-variance network): g^2 f > 1, chaotic. The solver's (xbar, D0, Dinf)
    // must solve the mean equation, F(Dinf) = 0 and V(D0) = V(Dinf), re-evaluated here naively.
    const auto model = relu_model(2.0);
    const auto r = solve_gaussian_dmft(model);
    ASSERT_EQ(r.regime, dmft_regime::chaotic);
    EXPECT_GT(r.static_gain, 1.0);
    const double G = model.J0 * std::sqrt(model.K), c = model.g * model.g;
    const double x = r.closure.populations[0].xbar, D0 = r.delta0, D1 = r.delta_inf;
    const double m = relu_mean(x, std::sqrt(D0));
    EXPECT_NEAR(x - model.I0 + G * m, 0.0, 1e-8);
    auto F = [&](double D) { return D - c * naive_corr(relu_mean, x, D, D0); };
    auto V = [&](double D) { return -0.5 * D * D + c * naive_corr(relu_half_sq, x, D, D0); };
    EXPECT_NEAR(F(D1) / D0, 0.0, 1e-6);
    EXPECT_NEAR((V(D0) - V(D1)) / (D0 * D0), 0.0, 1e-6);
    EXPECT_LT(F(D0), 0.0);                   // Delta''(0) < 0
    EXPECT_GT(F(D1 + 1e-3 * D0), 0.0);      // the plateau is a hill of V
    EXPECT_GT(r.tvx, 0.1 * r.qvx);
    EXPECT_NEAR(r.tvx + r.qvx, r.closure.populations[0].var_x, 1e-15);
    EXPECT_EQ(r.qveta, r.qvx);
    // tveta = R_eta(0) = c q - Dinf (eq. (1) at tau = 0), q = E[[x]_+^2] in closed form.
    EXPECT_NEAR(r.tveta, c * 2 * relu_half_sq(x, std::sqrt(D0)) - D1, 1e-6 * r.tveta);
    EXPECT_LT(r.closure.residual, 1e-9);
    EXPECT_LT(r.curve_residual, 1e-6);
    EXPECT_GT(r.closure.iterations, 0);
}

TEST(gaussian_dmft, curve_follows_the_particle_equation) {
    // Delta'' = F(Delta) from Delta(0) = D0, Delta'(0) = 0, integrated here by plain RK4 with the
    // naive force; compared with R_x = Delta - Dinf while the trajectory is far from the plateau.
    const auto model = relu_model(2.0);
    const auto r = solve_gaussian_dmft(model);
    const double c = model.g * model.g, x = r.closure.populations[0].xbar, D0 = r.delta0;
    auto F = [&](double D) { return D - c * naive_corr(relu_mean, x, D, D0); };
    double D = D0, v = 0.0;
    const double h = 0.02;
    for (int k = 1; k <= 300; ++k) {
        const double k1x = v, k1v = F(D);
        const double k2x = v + 0.5 * h * k1v, k2v = F(D + 0.5 * h * k1x);
        const double k3x = v + 0.5 * h * k2v, k3v = F(D + 0.5 * h * k2x);
        const double k4x = v + h * k3v, k4v = F(D + h * k3x);
        D += h / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
        v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
        if (k % 50 == 0) {
            EXPECT_NEAR(r.r_x[static_cast<std::size_t>(k)], D - r.delta_inf, 2e-4 * r.tvx) << "tau = " << k * h;
        }
    }
    EXPECT_EQ(r.r_x.size(), 2000u);
    EXPECT_NEAR(r.r_x[0], r.tvx, 1e-15);
    EXPECT_NEAR(r.r_eta[0], r.tveta, 1e-15);
    // Filter identity (docs/models.md 1.7.1.2, continuous time): tvx = Int_0^inf R_eta(u) e^{-u} du.
    double acc = 0.0;
    for (std::size_t k = 0; k + 1 < r.r_eta.size(); ++k) {
        const double t = static_cast<double>(k) * r.dtau;
        acc += 0.5 * r.dtau * (r.r_eta[k] * std::exp(-t) + r.r_eta[k + 1] * std::exp(-t - r.dtau));
    }
    EXPECT_NEAR(acc, r.tvx, 1e-4 * r.tvx);
    // Int R_eta = Int R_x (R_eta = R_x - R_x'', R_x'(0) = 0 = R_x'(inf)).
    EXPECT_NEAR(r.integral_eta, r.integral_x, 1e-4 * r.integral_x);
    // R_x decreases monotonically to 0.
    for (std::size_t k = 1; k < r.r_x.size(); ++k) ASSERT_LE(r.r_x[k], r.r_x[k - 1]);
    EXPECT_LT(r.r_x.back(), 1e-3 * r.tvx);
}

TEST(gaussian_dmft, threshold_linear_scales_with_the_bias) {
    // rect_linear is homogeneous: I0 -> a I0 maps x -> a x, so variances scale by a^2 and beta,
    // f and the normalised R_x are unchanged.
    auto m1 = relu_model(2.0), m2 = m1;
    m2.I0 = 3.0;
    const auto r1 = solve_gaussian_dmft(m1), r2 = solve_gaussian_dmft(m2);
    EXPECT_NEAR(r2.tvx, 9.0 * r1.tvx, 1e-6 * r2.tvx);
    EXPECT_NEAR(r2.qvx, 9.0 * r1.qvx, 1e-6 * r2.qvx);
    EXPECT_NEAR(r2.beta, r1.beta, 1e-6);
    EXPECT_NEAR(r2.closure.populations[0].f, r1.closure.populations[0].f, 1e-8);
    EXPECT_NEAR(r2.r_x[250] / r2.r_x[0], r1.r_x[250] / r1.r_x[0], 1e-6);
}

TEST(gaussian_dmft, static_part_agrees_with_the_static_closure_at_large_K) {
    // Both satisfy xbar = I0 - J0 sqrt(K) m with xbar = O(K^-1/2): m -> I0 / (J0 sqrt K).
    const auto model = relu_model(2.0, 1e6);
    const auto r = solve_gaussian_dmft(model);
    const auto s = solve_static_gaussian(model);
    const double m_balance = model.I0 / (model.J0 * std::sqrt(model.K));
    EXPECT_NEAR(r.closure.populations[0].m, m_balance, 2e-3 * m_balance);
    EXPECT_NEAR(r.closure.populations[0].m, s.populations[0].m, 2e-3 * m_balance);
    // The chaotic state has less total variance than the (unstable) static one (D0 < c q_static).
    EXPECT_LT(r.delta0, s.populations[0].var_x);
}

TEST(gaussian_dmft, exponential_fixed_point_in_closed_form) {
    // phi = exp: m = e^{xbar + V/2}, q = e^{2 xbar + 2V}; E[phi'^2] = q, so the gain is V.
    rate_population_model model;
    model.K = 1.0;
    model.J0 = 1.0;
    model.g = 0.25;
    model.I0 = 2.0;
    model.nu = 1.0;
    model.response = response_kind::exp;
    auto xbar_of = [&](double V) {
        double lo = -20, hi = model.I0;
        for (int i = 0; i < 200; ++i) {
            const double x = 0.5 * (lo + hi);
            (x - model.I0 + std::exp(x + V / 2) > 0 ? hi : lo) = x;
        }
        return 0.5 * (lo + hi);
    };
    double lo = 0.0, hi = 0.5;  // the smaller (stable) root
    for (int i = 0; i < 200; ++i) {
        const double V = 0.5 * (lo + hi);
        (V - 0.0625 * std::exp(2 * xbar_of(V) + 2 * V) > 0 ? hi : lo) = V;
    }
    const double V = 0.5 * (lo + hi);
    const auto r = solve_gaussian_dmft(model);
    EXPECT_EQ(r.regime, dmft_regime::fixed_point);
    EXPECT_NEAR(r.qvx, V, 1e-8);
    EXPECT_NEAR(r.static_gain, V, 1e-7);
    EXPECT_NEAR(r.closure.populations[0].xbar, xbar_of(V), 1e-8);
}

TEST(gaussian_dmft, beta_estimator_and_finite_time_bias) {
    // An exponential autocorrelation returns its decay rate (docs/models.md 1.6).
    std::vector<double> e(2000);
    for (std::size_t k = 0; k < e.size(); ++k) e[k] = std::exp(-0.5 * 0.02 * static_cast<double>(k));
    EXPECT_NEAR(beta_of_curve(e, 0.02), 0.5, 1e-4);
    const auto r = solve_gaussian_dmft(relu_model(2.0));
    const auto t500 = finite_time_estimates(r, 500.0), tbig = finite_time_estimates(r, 1e9);
    EXPECT_NEAR(t500.tvx + t500.qvx, r.tvx + r.qvx, 1e-15);
    EXPECT_NEAR(t500.tvx, r.tvx - 2 * r.integral_x / 500.0, 1e-15);
    EXPECT_GT(t500.beta, r.beta);  // the own-mean subtraction inflates beta (docs/models.md 1.6)
    EXPECT_NEAR(tbig.beta, r.beta, 1e-6);
}

TEST(gaussian_dmft, refuses_invalid_regimes) {
    auto ei = relu_model(2.0);
    ei.type = mf_network_type::ei;
    EXPECT_THROW(solve_gaussian_dmft(ei), meanfield_error);
    auto hv = relu_model(2.0);
    hv.nu = 0.5;  // sparse balance with gamma weights: non-Gaussian input
    EXPECT_THROW(solve_gaussian_dmft(hv), meanfield_error);
    auto b = relu_model(2.0);
    b.weights = "bernoulli";
    EXPECT_THROW(solve_gaussian_dmft(b), meanfield_error);
    dmft_options o;
    o.lags = 1;
    EXPECT_THROW(solve_gaussian_dmft(relu_model(2.0), o), meanfield_error);
    EXPECT_THROW(finite_time_estimates(solve_gaussian_dmft(relu_model(1.0)), 0.0), meanfield_error);
}

namespace {
std::string refusal(const rate_population_model& m) {
    try {
        solve_gaussian_dmft(m);
    } catch (const meanfield_error& e) {
        return e.what();
    }
    return "(not refused)";
}
}  // namespace

// Issue 13: refusals name the key and value; the dilution K/N > 1/2 (N = K: units share their
// inputs) is flagged in the assumptions, which balnet mft, /meanfield and the run's table show.
TEST(gaussian_dmft, refusals_and_dilution_flag_name_the_keys) {
    auto ei = relu_model(2.0);
    ei.type = mf_network_type::ei;
    EXPECT_NE(refusal(ei).find("network.type = ei is outside its assumptions"), std::string::npos) << refusal(ei);
    auto hv = relu_model(2.0);
    hv.nu = 0.5;
    EXPECT_EQ(refusal(hv), "gaussian_dmft: weights.nu = 0.5 < 1 with gamma weights (sparse balance) makes "
                           "the input a sum of few large weights, not Gaussian (it needs weights.nu >= 1, "
                           "or normal weights)");
    auto m = relu_model(1.0);
    m.N = 2000;  // K/N = 1/2, the validated dilution
    EXPECT_EQ(solve_gaussian_dmft(m).closure.assumptions.find("WARNING"), std::string::npos);
    m.N = 1000;
    const std::string a = solve_gaussian_dmft(m).closure.assumptions;
    EXPECT_NE(a.find(" WARNING: network.K / network.N = 1 > 1/2"), std::string::npos) << a;
    EXPECT_NE(a.find("tvx, qvx, R_x and beta are not to be trusted"), std::string::npos) << a;
}
