// SPDX-License-Identifier: BSD-3-Clause
// Moments of a response function under a Gaussian input, by adaptive Gauss–Kronrod quadrature
// (docs/models.md §1.7.3): for x ~ N(mean, var), m = E[phi(x)], q = E[phi(x)^2], f = P(x > 0).
// var = 0 is the deterministic limit. The integration starts at the threshold x = 0 for the
// rectified functions, so the kink never lies inside an interval.
#pragma once
#include <balnet/meanfield/rate_population_model.hpp>

namespace balnet {

struct phi_moments {
    double m = 0.0;  ///< E[phi(x)]
    double q = 0.0;  ///< E[phi(x)^2]
    double f = 0.0;  ///< P(x > 0)
};

/// Throws meanfield_error for var < 0 or a non-finite result (e.g. exp with huge var).
phi_moments gaussian_moments(response_kind r, double power, double mean, double var);

}  // namespace balnet
