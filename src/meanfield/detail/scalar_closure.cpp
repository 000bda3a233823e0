// SPDX-License-Identifier: BSD-3-Clause
#include "scalar_closure.hpp"

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

#include <boost/math/tools/roots.hpp>

#include <balnet/core/error.hpp>

namespace balnet::detail {

double filtered_second_moment(const phi_moments& mom, double beta) noexcept {
    return mom.m * mom.m + (mom.q - mom.m * mom.m) / (1.0 + beta);
}

namespace {

using boost::math::tools::toms748_solve;

// Root of a non-decreasing g on [lo, hi] with g(lo) <= 0 <= g(hi).
// Stops when the bracket is below tolerance relative to max(|a|, |b|, floor): the floor keeps a
// root at exactly 0 (Heaviside, deterministic limit) from chasing denormals.
template <class Fn>
double bracketed_root(Fn g, double lo, double hi, double glo, double ghi, const solver_options& opt,
                      int& iterations, const char* what, double floor = 0.0) {
    if (glo == 0.0) return lo;
    if (ghi == 0.0) return hi;
    const double tol = std::max(opt.tolerance, 4.0 * std::numeric_limits<double>::epsilon());
    auto done = [&](double a, double b) {
        return std::abs(a - b) <= tol * std::max({std::abs(a), std::abs(b), floor});
    };
    auto max_iter = static_cast<std::uintmax_t>(opt.max_iterations);
    auto r = toms748_solve(g, lo, hi, glo, ghi, done, max_iter);
    iterations += static_cast<int>(max_iter);
    if (max_iter >= static_cast<std::uintmax_t>(opt.max_iterations))
        throw meanfield_error(std::string("meanfield: ") + what + " did not converge in " +
                              std::to_string(opt.max_iterations) + " iterations");
    return 0.5 * (r.first + r.second);
}

// xbar solving xbar - I + G m(xbar, V) = 0 for fixed V.
double solve_mean(const scalar_closure_problem& p, double var, const solver_options& opt,
                  int& iterations) {
    auto g = [&](double xbar) { return xbar - p.bias + p.mean_gain * p.moments(xbar, var).m; };
    const double hi = std::min(p.bias, p.xbar_max);
    const double ghi = g(hi);
    if (ghi <= 0.0) return hi;  // silent input at the bias: the only solution is xbar = I
    double step = std::max(1.0, std::abs(hi));
    double lo = hi - step, glo = g(lo);
    for (int i = 0; glo > 0.0; ++i) {
        if (i > 60) throw meanfield_error("meanfield: no bracket for the mean input");
        step *= 2.0;
        lo = hi - step;
        glo = g(lo);
    }
    return bracketed_root(g, lo, hi, glo, ghi, opt, iterations, "mean-input equation",
                          1e-3 * (1.0 + std::abs(p.bias)));
}

}  // namespace

scalar_closure_solution solve_scalar_closure(const scalar_closure_problem& p,
                                             const solver_options& opt) {
    scalar_closure_solution s;
    int inner = 0;
    auto outer = [&](double var) {
        const double xbar = solve_mean(p, var, opt, inner);
        return var - p.var_gain * filtered_second_moment(p.moments(xbar, var), p.beta);
    };
    // V = 0 is tested together with a tiny V: for a discontinuous phi (Heaviside) the
    // deterministic mean equation has its root on the jump, where m = 0 can fake a silent state.
    double lo = 0.0, hlo = outer(0.0);
    if (hlo >= 0.0 && p.var_gain > 0.0) {
        const double eps = 1e-14 * p.var_gain, heps = outer(eps);
        if (heps < 0.0) { lo = eps; hlo = heps; }
    }
    if (hlo >= 0.0 || p.var_gain == 0.0) {
        s.var = 0.0;  // deterministic: V = 0 is self-consistent
    } else {
        double hi = std::max(-hlo, 4.0 * lo), hhi = outer(hi);
        for (int i = 0; hhi < 0.0; ++i) {
            if (i > 40) throw meanfield_error("meanfield: no self-consistent input variance found");
            lo = hi;
            hlo = hhi;
            hi *= 4.0;
            hhi = outer(hi);
        }
        s.var = bracketed_root(outer, lo, hi, hlo, hhi, opt, s.iterations, "variance equation");
    }
    s.xbar = solve_mean(p, s.var, opt, inner);
    s.moments = p.moments(s.xbar, s.var);
    const double r_mean = s.xbar - p.bias + p.mean_gain * s.moments.m;
    const double r_var = s.var - p.var_gain * filtered_second_moment(s.moments, p.beta);
    s.residual = std::max(std::abs(r_mean), std::abs(r_var));
    return s;
}

}  // namespace balnet::detail
