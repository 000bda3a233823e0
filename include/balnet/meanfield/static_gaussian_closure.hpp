// SPDX-License-Identifier: BSD-3-Clause
// Static Gaussian closure (docs/models.md §1.7.3), the standard balanced-state theory: the input of a
// unit of population a is treated as static and Gaussian over units,
//     x_a ~ N(xbar_a, V_a),  xbar_a = I_a + sum_b s_b J_ab sqrt(K_b) m_b,
//     V_a = sum_b K_b sigma_ab^2 q_b,
// with m = E[phi(x)], q = E[phi(x)^2], f = P(x > 0) computed by quadrature for every response
// function. Appropriate for nu = 1 (m within ~1.5 % of simulations); it fails for nu = 1/2,
// where the input is non-Gaussian (m two to three times too large) — the result says so in
// its assumptions. Population-rate fluctuations and correlations between units are neglected.
#pragma once
#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

/// Inhibitory network: nested bracketed roots (robust at any K). E–I network: damped Newton on
/// (xbar_a, log V_a) from the balanced-state guess. Throws meanfield_error on failure.
closure_result solve_static_gaussian(const rate_population_model& model,
                                     const solver_options& options = {});

}  // namespace balnet
