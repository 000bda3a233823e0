// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/gaussian_moments.hpp>

#include <cmath>
#include <limits>
#include <numbers>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

namespace {

double std_normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

// ∫_{lo}^{∞} h(z) phi_N(z) dz by adaptive 61-point Gauss–Kronrod (Boost maps [lo, ∞) onto a
// finite interval). Beyond 40 standard deviations the Gaussian weight is below 1e-340.
template <class H>
double integrate_tail(H h, double lo) {
    using boost::math::quadrature::gauss_kronrod;
    if (lo > 40.0) return 0.0;
    auto w = [&](double z) { return h(z) * std_normal_pdf(z); };
    const double l = std::max(lo, -40.0);
    return gauss_kronrod<double, 61>::integrate(w, l, 40.0, 15, 1e-13);
}

}  // namespace

phi_moments gaussian_moments(response_kind r, double power, double mean, double var) {
    if (!(var >= 0.0) || !std::isfinite(mean))
        throw meanfield_error("meanfield: Gaussian moments need a finite mean and var >= 0 (var = " +
                              std::to_string(var) + ")");
    phi_moments out;
    if (var == 0.0) {
        const double p = response_function(r, power)(mean);
        return {p, p * p, mean > 0.0 ? 1.0 : 0.0};
    }
    const double s = std::sqrt(var);
    out.f = 0.5 * std::erfc(-mean / (s * std::numbers::sqrt2));
    // The on-region is z > z0 = -mean/s; exp is integrated over the whole line.
    const double z0 = r == response_kind::exp ? -40.0 : -mean / s;
    const response_function f(r, power);
    auto phi = [&](double z) { return f(mean + s * z); };
    out.m = integrate_tail(phi, z0);
    out.q = integrate_tail([&](double z) { const double p = phi(z); return p * p; }, z0);
    if (!std::isfinite(out.m) || !std::isfinite(out.q))
        throw meanfield_error("meanfield: Gaussian moments are not finite (mean = " +
                              std::to_string(mean) + ", var = " + std::to_string(var) + ")");
    return out;
}

}  // namespace balnet
