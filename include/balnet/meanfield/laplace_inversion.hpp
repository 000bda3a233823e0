// SPDX-License-Identifier: BSD-3-Clause
// Numerical inversion of a Laplace transform by the fixed Talbot method (Abate & Valkó 2004,
// "Multi-precision Laplace transform inversion", IJNME 60:979). With M nodes on the contour
// s(θ) = r θ (cot θ + i), r = 2M/(5t), the error is about 10^(-0.6 M) in exact arithmetic, but
// in double precision round-off grows like e^(r t) = e^(0.4 M): M ≈ 16–24 is the useful range
// (about 1e-8 relative for smooth functions). The transform must be analytic to the right of
// and on the contour, i.e. all singularities on the negative real axis — true for Laplace
// transforms of non-negative random variables.
#pragma once
#include <complex>
#include <functional>

namespace balnet {

/// f(t) from F(s) = ∫_0^∞ e^(−s t) f(t) dt, for t > 0. Throws meanfield_error for t <= 0 or a
/// non-finite result.
double talbot_inverse(const std::function<std::complex<double>(std::complex<double>)>& F, double t,
                      int nodes = 20);

/// The same from log F(s): e^(s t) F(s) is formed as exp(s t + log F(s)), so transforms like
/// (1 + c s)^(−n) with large n neither overflow nor underflow on the contour.
double talbot_inverse_log(const std::function<std::complex<double>(std::complex<double>)>& log_F,
                          double t, int nodes = 20);

}  // namespace balnet
