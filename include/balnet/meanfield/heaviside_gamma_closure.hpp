// SPDX-License-Identifier: BSD-3-Clause
// Static closed form for Heaviside units with gamma weights (docs/models.md §1.7.4), pure-inhibitory
// network, any nu. The input of a unit is x = I - S, S the sum of the weights from its n active
// presynaptic units. A sum of n independent Gamma(k, th) variables is Gamma(n k, th), so with
// every unit treated as static ("quenched"), f = P(S < I) closes on f alone:
//     fixed n = f K:          f = P(f K k, I/th)
//     n ~ Binomial(K, f):     f = sum_n Binom(n; K, f) P(n k, I/th)     (P(0, .) = 1)
// (P = regularised lower incomplete gamma; k = (Jbar/sigma)^2, th = sigma^2/Jbar). Both right-hand
// sides decrease in f, so the root is unique and bracketed. Known bias, documented in the
// result: this closure OVERestimates f by tens of percent against Heaviside simulations because
// it ignores how fast the input fluctuates (see telegraph_closure).
#pragma once
#include <balnet/meanfield/closure_result.hpp>
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

enum class active_count { mean_field, binomial };  ///< n = f K, or n ~ Binomial(K, f)

/// Requires type inhibitory, response heaviside, weights gamma, I > 0 and (binomial) integer K;
/// throws meanfield_error otherwise. alpha = f K k (the shape of S; = f sqrt(K) (J0/g)^2 at nu = 1/2).
closure_result solve_heaviside_gamma(const rate_population_model& model,
                                     active_count count = active_count::mean_field,
                                     const solver_options& options = {});

/// The right-hand side P(S < I) at duty cycle f, for the given counting rule (exposed for tests).
double heaviside_gamma_on_probability(double K, double shape, double scale, double I, double f,
                                      active_count count);

namespace detail {
/// Shared precondition of the gamma-weight Heaviside closures (`closure` as `balnet mft` names
/// it, documented in docs/models.md `section`); throws meanfield_error naming the key and value.
void require_heaviside_gamma(const rate_population_model& model, const char* closure,
                             const char* section);
}  // namespace detail

}  // namespace balnet
