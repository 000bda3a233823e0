// SPDX-License-Identifier: BSD-3-Clause
// Gaussian dynamic mean-field theory (DMFT) of the pure-inhibitory rate network with nu = 1
// (docs/models.md §1.1, §1.7.2–1.7.3): the self-consistent autocovariance of the input x, by the
// classical-particle ("potential") method of Sompolinsky, Crisanti & Sommers (PRL 61, 259, 1988),
// extended with a mean input and a rectified response as in Kadmon & Sompolinsky (PRX 5, 041030,
// 2015) and Mastrogiuseppe & Ostojic (PLoS CB 13, e1005498, 2017). It predicts tvx, qvx, the
// run's R_x(tau), R_eta(tau) (docs/models.md §1.6 normalisation: unnormalised, own time mean removed)
// and beta (the §1.6 estimator applied to the theory's R_eta).
//
// Derivation (tau = 1). x_i' = -x_i + I + eta_i, eta_i = -sum_j w_ij phi(x_j), w of mean
// Jbar = J0/sqrt(K) and std sigma = g K^(-nu/2) over K inputs. For N, K -> infinity with the
// weights independent of the rates, eta_i is a Gaussian process: mean -J0 sqrt(K) m (population
// rate fluctuations neglected), covariance between times t, t+tau equal to
// c C_phi(tau), c = K sigma^2 = g^2 K^(1-nu), C_phi(tau) = <phi(x(t)) phi(x(t+tau))> (population
// average, not connected). So x is a stationary Gaussian process with mean xbar and covariance
// Delta(tau) = <dx(t) dx(t+tau)>, and since (1 + d/dt) dx = d eta,
//     (1 - d^2/dtau^2) Delta(tau) = c C_phi(tau),                                   (1)
//     xbar = I - J0 sqrt(K) m,   m = E[phi(x)], x ~ N(xbar, Delta0),  Delta0 = Delta(0). (2)
// With x(t) = xbar + sqrt(D) z + sqrt(Delta0 - D) y1, x(t+tau) = ... + sqrt(Delta0 - D) y2
// (z, y1, y2 independent standard normals, D = Delta(tau) >= 0):
//     C_phi(D) = Int Dz [Int Dy phi(xbar + sqrt(D) z + sqrt(Delta0 - D) y)]^2.
// By Price's theorem d/dD Int Dz [Int Dy Phi(..)]^2 = C_phi(D) with Phi' = phi, so (1) is the
// motion of a particle, Delta'' = -dV/dDelta, in the potential
//     V(D) = -D^2/2 + c C_Phi(D),   C_Phi(D) = Int Dz [Int Dy Phi(xbar + sqrt(D) z + ...)]^2.
// Delta is even and smooth (x is a filtered process), so Delta'(0) = 0; it decays to the plateau
// Delta_inf = lim Delta(tau) where the force vanishes. Energy conservation then gives the three
// equations for (xbar, Delta0, Delta_inf):
//     (2);   F(Delta_inf) = 0, F(D) = D - c C_phi(D)  (a hill of V: F'(Delta_inf) > 0);
//     V(Delta0) = V(Delta_inf).
// C_phi is convex in D (Mehler expansion, non-negative coefficients), so F is concave and the
// plateau is its smaller root. The static fixed point (Delta(tau) = Delta0 = c q, the static
// Gaussian closure of §1.7.3) solves the same equations; it is the stationary state when it is
// stable, c E[phi'(x)^2] < 1, and then tvx = 0. Otherwise the chaotic solution is sought with
// Delta0 below the static variance (there F(Delta0) < 0, i.e. Delta''(0) < 0). Observables:
//     qvx = qveta = Delta_inf,  tvx = R_x(0) = Delta0 - Delta_inf,
//     R_x(tau) = Delta(tau) - Delta_inf,  R_eta(tau) = c [C_phi(Delta(tau)) - C_phi(Delta_inf)]
//              = R_x(tau) - Delta''(tau),   tveta = R_eta(0),
// f = P(x > 0), m, q = E[phi^2] from N(xbar, Delta0); beta as docs/models.md §1.6 on R_eta sampled
// at the run's recording step over its L lags.
//
// Assumptions (also in the result's `assumptions`): Gaussian input (K terms of O(K^-1/2); hence
// nu >= 1, or normal weights); weights independent of the rates; population-rate fluctuations,
// pair correlations and finite-K corrections neglected; continuous time (the Euler step is
// ignored); the stationary state is the static one if stable, else the chaotic one.
//
// Numerics: Gaussian integrals by adaptive Gauss–Kronrod (closed-form inner integrals for
// rect_linear, heaviside and exp); nested bracketed roots (xbar for given Delta0; the plateau
// after maximising the concave F; Delta0 from the energy balance); Delta(tau) by RK4 on a spline
// of the force, switching to the energy form Delta' = -sqrt(2 (V(Delta0) - V(Delta))) for the
// approach to the plateau, so the curve cannot overshoot it. Every failure is a meanfield_error.
#pragma once
#include <cstddef>
#include <vector>

#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

struct dmft_options {
    double tolerance = 1e-11;  ///< relative tolerance of the roots
    int max_iterations = 200;  ///< per root
    double dtau = 0.02;        ///< spacing of the returned curves: the run's recording step
    std::size_t lags = 2000;   ///< number of returned lags L: floor(ncorr / record.dt)
};

enum class dmft_regime { fixed_point, chaotic };

struct dmft_result {
    /// method "gaussian_dmft"; populations[0].var_x = Delta0 = tvx + qvx; residual = max of the
    /// three scaled residuals below; iterations = evaluations of the energy balance.
    closure_result closure;
    dmft_regime regime = dmft_regime::fixed_point;
    double delta0 = 0.0;     ///< Delta(0), total variance of x
    double delta_inf = 0.0;  ///< plateau Delta(inf) = qvx
    double tvx = 0.0, qvx = 0.0, tveta = 0.0, qveta = 0.0;
    double static_gain = 0.0;  ///< c E[phi'(x)^2] at the static fixed point (> 1: unstable)
    double beta = 0.0;         ///< §1.6 estimator on R_eta, T -> inf; NaN at a fixed point
    double decay_rate = 0.0;   ///< lambda: R_x(tau) ~ exp(-lambda tau) at large tau; NaN if static
    double integral_x = 0.0;   ///< Int_0^inf R_x(tau) dtau (all lags, not only the L returned)
    double integral_eta = 0.0; ///< Int_0^inf R_eta(tau) dtau
    double mean_residual = 0.0;     ///< |xbar - I + J0 sqrt(K) m| / (|I| + J0 sqrt(K) m)
    double plateau_residual = 0.0;  ///< |F(Delta_inf)| / Delta0
    double energy_residual = 0.0;   ///< |V(Delta0) - V(Delta_inf)| / Delta0^2
    double curve_residual = 0.0;    ///< energy mismatch of the interpolated force, / (tvx max|F|)
    double dtau = 0.02;
    std::vector<double> r_x;    ///< R_x(k dtau), k = 0..L-1
    std::vector<double> r_eta;  ///< R_eta(k dtau), k = 0..L-1
};

/// Throws meanfield_error for an E–I network, non-Gaussian input (nu < 1 with gamma, lognormal
/// or bernoulli weights), options out of range, or when a root or the curve fails to converge.
dmft_result solve_gaussian_dmft(const rate_population_model& model,
                                const dmft_options& options = {});

/// beta by the docs/models.md §1.6 estimator from R(k dt), k = 0..L-1.
double beta_of_curve(const std::vector<double>& r, double dt);

/// What the §1.6 estimators give on average for a recording of length T: subtracting each
/// unit's own time mean biases every lag of R by -2 Int_0^inf R / T and the variance of the
/// time means by +2 Int_0^inf R_x / T (leading order in 1/T, lags << T). At a fixed point the
/// biases vanish and beta stays NaN.
struct dmft_finite_time {
    double tvx = 0.0, qvx = 0.0, tveta = 0.0, beta = 0.0;
    std::vector<double> r_x, r_eta;
};
dmft_finite_time finite_time_estimates(const dmft_result& r, double T);

}  // namespace balnet
