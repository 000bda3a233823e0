// SPDX-License-Identifier: BSD-3-Clause
// Moment-matched gamma closure (docs/models.md §1.7.5), pure-inhibitory network, any response
// function. The inhibitory input S (x = I − S) is replaced by a gamma variable with
//     mean  E[S] = J0 sqrt(K) m,     variance  Var[S] = K sigma^2 Q,
//     Q = m^2 + (q − m^2)/(1 + beta)     (the rates' second moment after the tau low-pass filter),
// and (m, q) = (E[phi(I − S)], E[phi(I − S)^2]) are solved self-consistently. For Heaviside
// units m = q = f. beta is an INPUT (measured); beta = 0 is the static version. Accuracy
// (Heaviside, measured beta): f within ~10 %; use it as a cross-check, not a target.
#pragma once
#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/gaussian_moments.hpp>
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

/// Moments of phi(I − S) for S ~ Gamma with the given mean and variance (mean >= 0, var >= 0;
/// var = 0 or mean = 0 is deterministic). Rectified phi by quadrature of phi'(x) P(k, (I−x)/θ)
/// (integration by parts, so the gamma density's singularity at 0 never enters); exp in
/// closed form. Throws meanfield_error for negative arguments.
phi_moments gamma_input_moments(response_kind r, double power, double I, double mean_s,
                                 double var_s);

/// Requires type inhibitory, non-negative weights (not "normal") and beta >= 0 (finite).
closure_result solve_moment_gamma(const rate_population_model& model, double beta,
                                  const solver_options& options = {});

}  // namespace balnet
