// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/laplace_inversion.hpp>

#include <cmath>
#include <numbers>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet {

double talbot_inverse_log(const std::function<std::complex<double>(std::complex<double>)>& log_F,
                          double t, int nodes) {
    if (!(t > 0.0) || nodes < 2)
        throw meanfield_error("meanfield: Talbot inversion needs t > 0 and at least 2 nodes");
    using cd = std::complex<double>;
    const double r = 2.0 * nodes / (5.0 * t);
    // θ = 0 node: s = r, weight e^(r t)/2.
    double sum = 0.5 * std::exp(cd(r * t, 0.0) + log_F(cd(r, 0.0))).real();
    for (int k = 1; k < nodes; ++k) {
        const double th = k * std::numbers::pi / nodes;
        const double cot = std::cos(th) / std::sin(th);
        const cd s(r * th * cot, r * th);
        const double sigma = th + (th * cot - 1.0) * cot;  // θ + (θ cot θ − 1) cot θ
        sum += (std::exp(t * s + log_F(s)) * cd(1.0, sigma)).real();
    }
    const double out = r / nodes * sum;
    if (!std::isfinite(out))
        throw meanfield_error("meanfield: Talbot inversion gave a non-finite value at t = " +
                              std::to_string(t));
    return out;
}

double talbot_inverse(const std::function<std::complex<double>(std::complex<double>)>& F, double t,
                      int nodes) {
    return talbot_inverse_log([&](std::complex<double> s) { return std::log(F(s)); }, t, nodes);
}

}  // namespace balnet
