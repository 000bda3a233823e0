// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/static_gaussian_closure.hpp>

#include <array>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/gaussian_moments.hpp>

#include "detail/scalar_closure.hpp"

namespace balnet {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

population_prediction make_prediction(const char* name, const phi_moments& mom, double xbar,
                                      double var) {
    return {name, mom.m, mom.q, mom.f, mom.f > 0.0 ? mom.m / mom.f : nan, xbar, var};
}

std::string assumptions_text(const rate_population_model& m) {
    std::string s =
        "static Gaussian closure (docs/models.md 1.7.3): x static and Gaussian over units; input "
        "variance K sigma^2 q (weights independent of rates; population-rate fluctuations and "
        "pair correlations neglected); expectations by Gauss-Kronrod quadrature.";
    // The same criterion as the Gaussian DMFT's refusal (non_gaussian_input): flagged, not
    // refused, because the static closure's number is still the reference the paper contrasts.
    if (const std::string why = non_gaussian_input(m); !why.empty())
        s += " WARNING: " + why + ": this closure is outside its assumptions and overestimates m "
             "by a factor 2-3 at nu = 1/2; use the telegraph or moment-gamma closure.";
    return s;
}

closure_result solve_inhibitory(const rate_population_model& model, const solver_options& opt) {
    const projection_moments p = projection(model, 0, 0);
    detail::scalar_closure_problem prob;
    prob.bias = bias(model, 0);
    prob.mean_gain = -p.mean_gain();
    prob.var_gain = p.variance_gain();
    prob.moments = [&](double xbar, double var) {
        return gaussian_moments(model.response, model.power, xbar, var);
    };
    const auto s = detail::solve_scalar_closure(prob, opt);
    closure_result r;
    r.method = "static_gaussian";
    r.populations.push_back(make_prediction("I", s.moments, s.xbar, s.var));
    if (model.g > 0.0) r.alpha = s.moments.m * std::sqrt(model.K) * std::pow(model.J0 / model.g, 2);
    r.residual = s.residual;
    r.iterations = s.iterations;
    r.assumptions = assumptions_text(model);
    return r;
}

// ---- E–I network: Newton on u = (xbar_E, xbar_I, log V_E, log V_I). ----

using vec4 = std::array<double, 4>;

struct ei_system {
    const rate_population_model& model;
    std::array<std::array<projection_moments, 2>, 2> proj;
    std::array<double, 2> bias_ab;
    std::array<bool, 2> has_var;  // false: V_a = 0 exactly (no weight variance into a)

    std::array<phi_moments, 2> moments(const vec4& u) const {
        std::array<phi_moments, 2> mom;
        for (int a = 0; a < 2; ++a)
            mom[a] = gaussian_moments(model.response, model.power, u[a], var(u, a));
        return mom;
    }
    double var(const vec4& u, int a) const { return has_var[a] ? std::exp(u[2 + a]) : 0.0; }

    // Residuals scaled to O(1): mean equations by (1 + |I_a|), variance equations in log form.
    vec4 residual(const vec4& u) const {
        const auto mom = moments(u);
        vec4 r{};
        for (int a = 0; a < 2; ++a) {
            double mean = bias_ab[a], v = 0.0;
            for (int b = 0; b < 2; ++b) {
                mean += proj[a][b].mean_gain() * mom[b].m;
                v += proj[a][b].variance_gain() * mom[b].q;
            }
            r[a] = (u[a] - mean) / (1.0 + std::abs(bias_ab[a]));
            if (has_var[a] && !(v > 0.0))
                throw meanfield_error("meanfield: E-I Gaussian closure reached a silent state");
            r[2 + a] = has_var[a] ? u[2 + a] - std::log(v) : 0.0;
        }
        return r;
    }
};

double norm_inf(const vec4& r) {
    double n = 0.0;
    for (double v : r) n = std::max(n, std::abs(v));
    return n;
}

// Solves J d = -r by Gaussian elimination with partial pivoting; rows without an unknown are
// identity rows (their residual is zero).
vec4 newton_step(std::array<vec4, 4> J, vec4 r) {
    for (int c = 0; c < 4; ++c) {
        int piv = c;
        for (int i = c + 1; i < 4; ++i)
            if (std::abs(J[i][c]) > std::abs(J[piv][c])) piv = i;
        std::swap(J[c], J[piv]);
        std::swap(r[c], r[piv]);
        if (std::abs(J[c][c]) < 1e-300) throw meanfield_error("meanfield: singular E-I Jacobian");
        for (int i = c + 1; i < 4; ++i) {
            const double l = J[i][c] / J[c][c];
            for (int k = c; k < 4; ++k) J[i][k] -= l * J[c][k];
            r[i] -= l * r[c];
        }
    }
    vec4 d{};
    for (int c = 3; c >= 0; --c) {
        double s = -r[c];
        for (int k = c + 1; k < 4; ++k) s -= J[c][k] * d[k];
        d[c] = s / J[c][c];
    }
    return d;
}

std::array<vec4, 4> jacobian(const ei_system& sys, const vec4& u, const vec4& r0) {
    std::array<vec4, 4> J{};
    for (int c = 0; c < 4; ++c) {
        if (c >= 2 && !sys.has_var[c - 2]) {
            J[c][c] = 1.0;
            continue;
        }
        vec4 up = u;
        const double h = 1e-7 * std::max(1.0, std::abs(u[c]));
        up[c] += h;
        const vec4 rp = sys.residual(up);
        for (int i = 0; i < 4; ++i) J[i][c] = (rp[i] - r0[i]) / h;
    }
    return J;
}

// Balanced-state guess: m from I + M m = 0 where sensible, then xbar_a with m(xbar_a, V_a) = m_a.
vec4 initial_guess(const ei_system& sys) {
    const auto& P = sys.proj;
    double M[2][2] = {{P[0][0].mean_gain(), P[0][1].mean_gain()},
                      {P[1][0].mean_gain(), P[1][1].mean_gain()}};
    const double det = M[0][0] * M[1][1] - M[0][1] * M[1][0];
    std::array<double, 2> m{0.05, 0.05};
    if (std::abs(det) > 1e-12) {
        const double m0 = -(M[1][1] * sys.bias_ab[0] - M[0][1] * sys.bias_ab[1]) / det;
        const double m1 = -(-M[1][0] * sys.bias_ab[0] + M[0][0] * sys.bias_ab[1]) / det;
        if (m0 > 0.0 && m1 > 0.0) m = {m0, m1};
    }
    vec4 u{};
    for (int a = 0; a < 2; ++a) {
        double v = 0.0;
        for (int b = 0; b < 2; ++b) v += P[a][b].variance_gain() * m[b];  // q ~ m as a guess
        u[2 + a] = std::log(std::max(v, 1e-12));
        u[a] = 0.0;
    }
    return u;
}

closure_result solve_ei(const rate_population_model& model, const solver_options& opt) {
    ei_system sys{model, {}, {bias(model, 0), bias(model, 1)}, {}};
    for (int a = 0; a < 2; ++a) {
        double c = 0.0;
        for (int b = 0; b < 2; ++b) {
            sys.proj[a][b] = projection(model, a, b);
            c += sys.proj[a][b].variance_gain();
        }
        sys.has_var[a] = c > 0.0;
    }
    vec4 u = initial_guess(sys);
    vec4 r = sys.residual(u);
    int it = 0;
    for (; norm_inf(r) > opt.tolerance; ++it) {
        if (it >= opt.max_iterations)
            throw meanfield_error("meanfield: E-I Gaussian closure did not converge (residual " +
                                  std::to_string(norm_inf(r)) + ")");
        const vec4 d = newton_step(jacobian(sys, u, r), r);
        double t = 1.0;  // backtracking: accept the first step that reduces the residual
        for (;; t *= 0.5) {
            if (t < 1e-10) throw meanfield_error("meanfield: E-I Newton line search failed");
            vec4 un = u;
            for (int i = 0; i < 4; ++i) un[i] += t * d[i];
            try {
                const vec4 rn = sys.residual(un);
                if (norm_inf(rn) < norm_inf(r)) { u = un; r = rn; break; }
            } catch (const meanfield_error&) { /* silent trial point: shorten the step */ }
        }
    }
    const auto mom = sys.moments(u);
    closure_result res;
    res.method = "static_gaussian";
    res.populations.push_back(make_prediction("E", mom[0], u[0], sys.var(u, 0)));
    res.populations.push_back(make_prediction("I", mom[1], u[1], sys.var(u, 1)));
    res.residual = norm_inf(r);
    res.iterations = it;
    res.assumptions = assumptions_text(model);
    return res;
}

}  // namespace

closure_result solve_static_gaussian(const rate_population_model& model,
                                     const solver_options& options) {
    validate(model);
    return model.type == mf_network_type::inhibitory ? solve_inhibitory(model, options)
                                                     : solve_ei(model, options);
}

}  // namespace balnet
