// SPDX-License-Identifier: BSD-3-Clause
// Telegraph closure for Heaviside units with gamma weights (docs/models.md §1.7.5), pure-inhibitory
// network. Each presynaptic unit is an independent telegraph process with duty cycle f and
// total switching rate beta (autocorrelation e^(−beta t)); its low-pass-filtered on-state
// T = ∫_0^∞ e^(−s) H(x(t−s)) ds is then Beta(f beta, (1−f) beta). The inhibitory input
// S = sum_{j=1}^{K} w_j T_j (w_j ~ Gamma(k, th) independent of T_j) has the Laplace transform
//     E[e^(−s S)] = ( E_T[(1 + th s T)^(−k)] )^K,
// and P(S < I) is obtained by fixed-Talbot inversion of E[e^(−sS)]/s; f = P(S < I) closes the
// loop. beta is an INPUT (measured in a simulation); the theory does not predict it.
// Limits: beta → 0 gives the Binomial-averaged static form (§1.7.4); beta = +inf gives T ≡ f and
// at large K the balance alpha th = I. Expected accuracy: f within ~5 % of simulations when fed
// the measured beta.
#pragma once
#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

/// P(S < I) for S = sum of K terms w T, w ~ Gamma(shape, scale), T ~ Beta(f beta, (1−f) beta)
/// (beta = +inf: T ≡ f). K non-integer is taken as the principal power. Throws meanfield_error
/// for f outside (0, 1), beta <= 0 or I <= 0.
double telegraph_input_cdf(double K, double shape, double scale, double f, double beta, double I);

/// Requires type inhibitory, heaviside, gamma weights, I > 0 and beta > 0 (may be +inf).
closure_result solve_telegraph(const rate_population_model& model, double beta,
                               const solver_options& options = {});

}  // namespace balnet
