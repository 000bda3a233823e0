// SPDX-License-Identifier: BSD-3-Clause
// Layer-private: the nested root solver shared by the one-population closures whose input law
// is fixed by its mean xbar and variance V (Gaussian, moment-matched gamma). The
// self-consistency of the pure-inhibitory network is
//     xbar = I - G m(xbar, V),     V = c Q(xbar, V),   Q = m^2 + (q - m^2)/(1 + beta)
// (G = J0 sqrt K, c = K sigma^2; beta = 0 gives Q = q, the static closure). For fixed V the
// first equation is monotone in xbar (m is non-decreasing in xbar), so it is bracketed and
// solved exactly; the outer equation in V is then a scalar root, bracketed from V = 0, where
// V - c Q < 0 whenever the deterministic state is active. Bracketing instead of a Newton step
// is deliberate: at large K, G is large and Newton overshoots into the silent state.
#pragma once
#include <functional>

#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/gaussian_moments.hpp>

namespace balnet::detail {

struct scalar_closure_problem {
    double bias = 0.0;       ///< I
    double mean_gain = 0.0;  ///< G >= 0 (inhibitory: xbar = I - G m)
    double var_gain = 0.0;   ///< c >= 0
    double beta = 0.0;       ///< filtering of the second moment; 0 = static
    double xbar_max = 1e300; ///< largest admissible xbar (gamma input: the bias)
    std::function<phi_moments(double xbar, double var)> moments;
};

struct scalar_closure_solution {
    double xbar = 0.0;
    double var = 0.0;
    phi_moments moments;
    double residual = 0.0;
    int iterations = 0;
};

/// Throws meanfield_error when no bracket is found or the iteration limit is hit.
scalar_closure_solution solve_scalar_closure(const scalar_closure_problem& p,
                                             const solver_options& opt);

/// The filtered second moment Q = m^2 + (q - m^2)/(1 + beta).
double filtered_second_moment(const phi_moments& mom, double beta) noexcept;

}  // namespace balnet::detail
