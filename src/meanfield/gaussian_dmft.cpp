// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/gaussian_dmft.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/minima.hpp>
#include <boost/math/tools/roots.hpp>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/gaussian_moments.hpp>

#include "detail/scalar_closure.hpp"

namespace balnet {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double npdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
double ncdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// ∫ h(z) dz on [lo, hi] by adaptive Gauss–Kronrod (h already carries the Gaussian weight).
template <class H>
double gk(H h, double lo, double hi) {
    if (!(hi > lo)) return 0.0;
    return boost::math::quadrature::gauss_kronrod<double, 31>::integrate(h, lo, hi, 12, 1e-12);
}

// The response, its primitive Phi (zero at the threshold; an additive constant would not change
// V's differences) and its slope, with the Gaussian smoothing Int Dy h(a + s y).
struct response_kernel {
    response_kind r;
    double power;

    double phi(double x) const { return response_function(r, power)(x); }
    double primitive(double x) const {
        switch (r) {
        case response_kind::rect_tanh:  // log cosh x, written to avoid overflow
            return x > 0.0 ? x + std::log1p(std::exp(-2.0 * x)) - std::numbers::ln2 : 0.0;
        case response_kind::rect_linear: return x > 0.0 ? 0.5 * x * x : 0.0;
        case response_kind::rect_power: return x > 0.0 ? std::pow(x, power + 1.0) / (power + 1.0) : 0.0;
        case response_kind::heaviside: return x > 0.0 ? x : 0.0;
        case response_kind::exp: return std::exp(x);
        }
        return 0.0;
    }
    // phi'(x)^2; heaviside has none (its slope is a delta function).
    double slope_squared(double x) const {
        switch (r) {
        case response_kind::rect_tanh: { const double c = 1.0 / std::cosh(x); return x > 0.0 ? std::pow(c, 4) : 0.0; }
        case response_kind::rect_linear: return x > 0.0 ? 1.0 : 0.0;
        case response_kind::rect_power: return x > 0.0 ? std::pow(power * std::pow(x, power - 1.0), 2) : 0.0;
        case response_kind::heaviside: return 0.0;
        case response_kind::exp: return std::exp(2.0 * x);
        }
        return 0.0;
    }

    // Int Dy h(a + s y) for h = phi (primitive = false) or Phi (primitive = true).
    double smoothed(double a, double s, bool prim) const {
        if (s <= 0.0) return prim ? primitive(a) : phi(a);
        const double u = a / s;
        switch (r) {
        case response_kind::rect_linear:
            return prim ? 0.5 * ((a * a + s * s) * ncdf(u) + a * s * npdf(u)) : a * ncdf(u) + s * npdf(u);
        case response_kind::heaviside: return prim ? a * ncdf(u) + s * npdf(u) : ncdf(u);
        case response_kind::exp: return std::exp(a + 0.5 * s * s);
        default: break;
        }
        // Rectified: the integrand vanishes below y = -u, so the kink is an endpoint.
        const double lo = std::max(-u, -14.0);
        if (lo >= 14.0) return 0.0;
        auto h = [&](double y) { return (prim ? primitive(a + s * y) : phi(a + s * y)) * npdf(y); };
        return gk(h, lo, 14.0);
    }

    // C(D) = Int Dz [smoothed(xbar + sqrt(D) z, sqrt(D0 - D))]^2, split at the threshold crossing.
    double correlation(double xbar, double D, double D0, bool prim) const {
        const double s = std::sqrt(std::max(D0 - D, 0.0));
        if (D <= 0.0) { const double v = smoothed(xbar, s, prim); return v * v; }
        const double sd = std::sqrt(D);
        auto h = [&](double z) { const double v = smoothed(xbar + sd * z, s, prim); return v * v * npdf(z); };
        const double shift = r == response_kind::exp ? 2.0 * sd : 0.0;  // exp's weight peaks there
        const double lo = shift - 14.0, hi = shift + 14.0;
        const double z0 = std::clamp(-xbar / sd, lo, hi);
        return gk(h, lo, z0) + gk(h, z0, hi);
    }
};

struct dmft_system {
    response_kernel k;
    double I = 0.0;  // bias
    double G = 0.0;  // J0 sqrt(K)
    double c = 0.0;  // K sigma^2
    solver_options opt;
    int iterations = 0;

    double m(double xbar, double D0) const { return gaussian_moments(k.r, k.power, xbar, D0).m; }
    double force(double xbar, double D, double D0) const { return D - c * k.correlation(xbar, D, D0, false); }
    double potential(double xbar, double D, double D0) const {
        return -0.5 * D * D + c * k.correlation(xbar, D, D0, true);
    }

    template <class Fn>
    double root(Fn fn, double lo, double hi, double flo, double fhi, const char* what) {
        if (flo == 0.0) return lo;
        if (fhi == 0.0) return hi;
        const double tol = opt.tolerance;
        auto done = [&](double a, double b) { return std::abs(a - b) <= tol * std::max(std::abs(a), std::abs(b)); };
        auto it = static_cast<std::uintmax_t>(opt.max_iterations);
        const auto r = boost::math::tools::toms748_solve(fn, lo, hi, flo, fhi, done, it);
        if (it >= static_cast<std::uintmax_t>(opt.max_iterations))
            throw meanfield_error(std::string("gaussian_dmft: ") + what + " did not converge");
        return 0.5 * (r.first + r.second);
    }

    // xbar of the mean equation (2) for a given total variance D0 (monotone in xbar).
    double xbar_of(double D0) {
        auto g = [&](double x) { return x - I + G * m(x, D0); };
        const double hi = I, ghi = g(hi);
        if (ghi <= 0.0) return hi;
        double step = std::max(1.0, std::abs(hi)), lo = hi - step, glo = g(lo);
        for (int i = 0; glo > 0.0; ++i) {
            if (i > 60) throw meanfield_error("gaussian_dmft: no bracket for the mean input");
            step *= 2.0;
            lo = hi - step;
            glo = g(lo);
        }
        return root(g, lo, hi, glo, ghi, "mean-input equation");
    }

    // The plateau: smaller root of the concave F on [0, D0]; without a root, F's maximiser
    // (the energy balance is then positive: the particle has energy to spare).
    double plateau(double xbar, double D0, bool& found) {
        auto negF = [&](double D) { return -force(xbar, D, D0); };
        std::uintmax_t it = static_cast<std::uintmax_t>(opt.max_iterations);
        const auto mx = boost::math::tools::brent_find_minima(negF, 0.0, D0, 40, it);
        found = -mx.second > 0.0;
        if (!found) return mx.first;
        const double f0 = force(xbar, 0.0, D0);
        if (f0 >= 0.0) return 0.0;
        return root([&](double D) { return force(xbar, D, D0); }, 0.0, mx.first, f0, -mx.second, "plateau");
    }

    // Energy balance (V(D0) - V(plateau)) / D0^2 for a trial D0.
    double balance(double D0) {
        ++iterations;
        const double xbar = xbar_of(D0);
        bool found = false;
        const double Dp = plateau(xbar, D0, found);
        return (potential(xbar, D0, D0) - potential(xbar, Dp, D0)) / (D0 * D0);
    }

    // Gaussian expectation of phi'(x)^2 for x ~ N(xbar, D).
    double slope_moment(double xbar, double D) const {
        if (k.r == response_kind::heaviside) return D > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
        if (D <= 0.0) return k.slope_squared(xbar);
        const double s = std::sqrt(D);
        auto h = [&](double z) { return k.slope_squared(xbar + s * z) * npdf(z); };
        const double lo = k.r == response_kind::exp ? -14.0 : std::max(-xbar / s, -14.0);
        const double hi = k.r == response_kind::exp ? 2.0 * s + 14.0 : 14.0;
        return gk(h, lo, hi);
    }
};

std::string assumptions_text(const rate_population_model& model) {
    return "Gaussian dynamic mean-field theory (SCS potential method with mean input and rectified "
           "response; Kadmon & Sompolinsky 2015, Mastrogiuseppe & Ostojic 2017): N, K -> inf with the "
           "recurrent input a Gaussian process of mean -J0 sqrt(K) m and autocovariance g^2 K^(1-nu) "
           "C_phi(tau) (nu = 1 regime; weights independent of rates); population-rate fluctuations, "
           "pair correlations and finite-K corrections neglected; continuous time (Euler dt ignored); "
           "stationary state = static fixed point when stable (g^2 K^(1-nu) E[phi'^2] < 1), else the "
           "chaotic solution. Gaussian integrals by Gauss-Kronrod quadrature." +
           dilution_warning(model);
}

void check_applicable(const rate_population_model& model, const dmft_options& o) {
    validate(model);
    require_inhibitory(model, "gaussian_dmft", "1.7.6");
    if (const std::string why = non_gaussian_input(model); !why.empty())
        throw meanfield_error("gaussian_dmft: " + why + " (it needs weights.nu >= 1, or normal weights)");
    if (!(o.dtau > 0.0) || o.lags < 2 || !(o.tolerance > 0.0) || o.max_iterations < 1)
        throw meanfield_error("gaussian_dmft: options need dtau > 0, lags >= 2, tolerance > 0");
}

population_prediction prediction(const dmft_system& s, double xbar, double D0) {
    const phi_moments mom = gaussian_moments(s.k.r, s.k.power, xbar, D0);
    return {"I", mom.m, mom.q, mom.f, mom.f > 0.0 ? mom.m / mom.f : nan, xbar, D0};
}

// ---- the curve Delta(tau) ----

// Natural cubic spline through (x_j, y_j), x increasing.
struct spline {
    std::vector<double> x, y, m2;  // m2: second derivatives at the nodes
    spline(std::vector<double> xs, std::vector<double> ys) : x(std::move(xs)), y(std::move(ys)), m2(x.size(), 0.0) {
        const std::size_t n = x.size();
        std::vector<double> u(n, 0.0);
        for (std::size_t i = 1; i + 1 < n; ++i) {
            const double sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
            const double p = sig * m2[i - 1] + 2.0;
            m2[i] = (sig - 1.0) / p;
            const double d = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
            u[i] = (6.0 * d / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
        }
        m2[n - 1] = 0.0;
        for (std::size_t i = n - 1; i-- > 0;) m2[i] = m2[i] * m2[i + 1] + u[i];
    }
    std::size_t segment(double v) const {
        const auto it = std::upper_bound(x.begin(), x.end(), v);
        return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(it - x.begin() - 1, 0, static_cast<std::ptrdiff_t>(x.size()) - 2));
    }
    double operator()(double v) const {
        const std::size_t i = segment(v);
        const double h = x[i + 1] - x[i], a = (x[i + 1] - v) / h, b = (v - x[i]) / h;
        return a * y[i] + b * y[i + 1] + ((a * a * a - a) * m2[i] + (b * b * b - b) * m2[i + 1]) * h * h / 6.0;
    }
    double derivative(double v) const {
        const std::size_t i = segment(v);
        const double h = x[i + 1] - x[i], a = (x[i + 1] - v) / h, b = (v - x[i]) / h;
        return (y[i + 1] - y[i]) / h + (-(3 * a * a - 1) * m2[i] + (3 * b * b - 1) * m2[i + 1]) * h / 6.0;
    }
    // Int_{x_i}^{v} within segment i.
    double partial(std::size_t i, double v) const {
        const double h = x[i + 1] - x[i], t = v - x[i];
        const double a0 = y[i], a1 = (y[i + 1] - y[i]) / h - h * (2 * m2[i] + m2[i + 1]) / 6.0;
        const double a2 = 0.5 * m2[i], a3 = (m2[i + 1] - m2[i]) / (6.0 * h);
        return t * (a0 + t * (a1 / 2 + t * (a2 / 3 + t * a3 / 4)));
    }
};

struct curve_builder {
    spline F;
    std::vector<double> cum;  // Int_{x_0}^{x_j} F
    double D1, D0, e_shift;

    curve_builder(spline s, double d1, double d0) : F(std::move(s)), D1(d1), D0(d0), e_shift(0.0) {
        cum.assign(F.x.size(), 0.0);
        for (std::size_t i = 0; i + 1 < F.x.size(); ++i) cum[i + 1] = cum[i] + F.partial(i, F.x[i + 1]);
        e_shift = energy_raw(D1);
    }
    double integral_to(double v) const { const std::size_t i = F.segment(v); return cum[i] + F.partial(i, v); }
    // V(D0) - V(D) = -Int_D^D0 F.
    double energy_raw(double v) const { return -(integral_to(D0) - integral_to(v)); }
    // Shifted linearly in D so that the plateau is exactly a separatrix of the interpolant.
    double energy(double v) const { return energy_raw(v) - e_shift * (D0 - v) / (D0 - D1); }
    double force(double v) const { return F(std::clamp(v, D1, D0)) - F(D1); }
};

struct curve_samples {
    std::vector<double> tau, u, a;  // u = Delta - D1, a = Delta''
};

// RK4: second order (Delta'' = F) from Delta0 until half-way, then first order in the energy form.
curve_samples integrate_curve(const curve_builder& cb, double h, double tau_end) {
    curve_samples s;
    const double tvx = cb.D0 - cb.D1;
    double D = cb.D0, v = 0.0, t = 0.0;
    auto push = [&](double d) { s.tau.push_back(t); s.u.push_back(d - cb.D1); s.a.push_back(cb.force(d)); };
    push(D);
    while (D - cb.D1 > 0.5 * tvx && t < tau_end) {
        const double k1x = v, k1v = cb.force(D);
        const double k2x = v + 0.5 * h * k1v, k2v = cb.force(D + 0.5 * h * k1x);
        const double k3x = v + 0.5 * h * k2v, k3v = cb.force(D + 0.5 * h * k2x);
        const double k4x = v + h * k3v, k4v = cb.force(D + h * k3x);
        D += h / 6.0 * (k1x + 2 * k2x + 2 * k3x + k4x);
        v += h / 6.0 * (k1v + 2 * k2v + 2 * k3v + k4v);
        t += h;
        push(D);
    }
    auto rate = [&](double d) { return -std::sqrt(2.0 * std::max(cb.energy(std::max(d, cb.D1)), 0.0)); };
    while (D - cb.D1 > 1e-13 * tvx && t < tau_end) {
        const double k1 = rate(D), k2 = rate(D + 0.5 * h * k1), k3 = rate(D + 0.5 * h * k2), k4 = rate(D + h * k3);
        D = std::max(D + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4), cb.D1);
        t += h;
        push(D);
    }
    return s;
}

double trapezoid(const std::vector<double>& y, double h) {
    double acc = 0.0;
    for (std::size_t i = 0; i + 1 < y.size(); ++i) acc += 0.5 * h * (y[i] + y[i + 1]);
    return acc;
}

void build_curves(dmft_system& sys, double xbar, dmft_result& r, const dmft_options& o) {
    const double D0 = r.delta0, D1 = r.delta_inf, tvx = D0 - D1;
    constexpr int nodes = 256;  // dense towards D0, where F has its steepest part
    std::vector<double> xs(nodes + 1), ys(nodes + 1);
    double fmax = 0.0;
    for (int j = 0; j <= nodes; ++j) {
        const double t = 1.0 - static_cast<double>(j) / nodes;
        xs[static_cast<std::size_t>(j)] = j == nodes ? D0 : D0 - tvx * t * t;
        ys[static_cast<std::size_t>(j)] = sys.force(xbar, xs[static_cast<std::size_t>(j)], D0);
        fmax = std::max(fmax, std::abs(ys[static_cast<std::size_t>(j)]));
    }
    const curve_builder cb(spline(xs, ys), D1, D0);
    r.curve_residual = std::abs(cb.e_shift) / (tvx * fmax);
    const double slope = cb.F.derivative(D1);
    if (!(slope > 0.0)) throw meanfield_error("gaussian_dmft: the plateau is not a hill of the potential");
    r.decay_rate = std::sqrt(slope);
    constexpr int sub = 8;  // internal steps per output step
    const double h = o.dtau / sub;
    const double tau_end = std::max(static_cast<double>(o.lags) * o.dtau, 60.0 / r.decay_rate);
    const curve_samples s = integrate_curve(cb, h, tau_end);
    std::vector<double> eta(s.u.size());
    for (std::size_t i = 0; i < s.u.size(); ++i) eta[i] = s.u[i] - s.a[i];
    // Tails beyond the last sample decay as exp(-lambda tau).
    r.integral_x = trapezoid(s.u, h) + s.u.back() / r.decay_rate;
    r.integral_eta = trapezoid(eta, h) + eta.back() / r.decay_rate;
    r.r_x.assign(o.lags, 0.0);
    r.r_eta.assign(o.lags, 0.0);
    for (std::size_t k = 0; k < o.lags; ++k) {
        const std::size_t i = k * sub;
        if (i < s.u.size()) { r.r_x[k] = s.u[i]; r.r_eta[k] = eta[i]; continue; }
        const double dt = static_cast<double>(k) * o.dtau - s.tau.back();
        r.r_x[k] = s.u.back() * std::exp(-r.decay_rate * dt);
        r.r_eta[k] = eta.back() * std::exp(-r.decay_rate * dt);
    }
    r.tveta = r.r_eta[0];
    r.beta = beta_of_curve(r.r_eta, o.dtau);
}

void fill_fixed_point(dmft_result& r, const dmft_system& sys, double xbar, double D, const dmft_options& o) {
    r.regime = dmft_regime::fixed_point;
    r.delta0 = r.delta_inf = r.qvx = r.qveta = D;
    r.tvx = r.tveta = 0.0;
    r.beta = r.decay_rate = nan;
    r.dtau = o.dtau;
    r.r_x.assign(o.lags, 0.0);
    r.r_eta.assign(o.lags, 0.0);
    r.closure.populations.push_back(prediction(sys, xbar, D));
}

// D0 of the chaotic solution: the energy balance is < 0 just below the static variance and
// > 0 further down (where the plateau hill shrinks or disappears); bracket, then TOMS 748.
double solve_delta0(dmft_system& sys, double Ds) {
    double d_near = 1.0 / 64.0;
    double b_near = sys.balance(Ds * (1.0 - d_near));
    while (b_near > 0.0) {
        d_near *= 0.25;
        if (d_near < 1e-9) throw meanfield_error("gaussian_dmft: no chaotic solution near the static one");
        b_near = sys.balance(Ds * (1.0 - d_near));
    }
    double d_far = 2.0 * d_near, b_far = sys.balance(Ds * (1.0 - d_far));
    while (b_far < 0.0) {
        d_near = d_far;
        b_near = b_far;
        d_far = std::min(2.0 * d_far, 0.5 * (1.0 + d_far));
        if (d_far > 1.0 - 1e-9) throw meanfield_error("gaussian_dmft: no chaotic solution (energy balance never closes)");
        b_far = sys.balance(Ds * (1.0 - d_far));
    }
    // balance is increasing as D0 decreases: root in D0 between Ds(1-d_far) and Ds(1-d_near).
    return sys.root([&](double D0) { return sys.balance(D0); }, Ds * (1.0 - d_far), Ds * (1.0 - d_near),
                    b_far, b_near, "energy balance");
}

}  // namespace

double beta_of_curve(const std::vector<double>& r, double dt) {
    if (r.size() < 2) return nan;
    double sum = 0.0;
    for (double v : r) sum += v;
    return r.front() / (dt * (sum - 0.5 * (r.front() + r.back())));
}

dmft_result solve_gaussian_dmft(const rate_population_model& model, const dmft_options& o) {
    check_applicable(model, o);
    const projection_moments p = projection(model, 0, 0);
    dmft_system sys{{model.response, model.power}, bias(model, 0), p.mean_gain() * -1.0, p.variance_gain(),
                    {o.tolerance, o.max_iterations}, 0};
    // The static fixed point (§1.7.3), through the static closure's own solver.
    detail::scalar_closure_problem prob;
    prob.bias = sys.I;
    prob.mean_gain = sys.G;
    prob.var_gain = sys.c;
    prob.moments = [&](double xbar, double var) { return gaussian_moments(model.response, model.power, xbar, var); };
    const auto st = detail::solve_scalar_closure(prob, sys.opt);
    dmft_result r;
    r.dtau = o.dtau;
    r.closure.method = "gaussian_dmft";
    r.closure.assumptions = assumptions_text(model);
    r.static_gain = sys.c * sys.slope_moment(st.xbar, st.var);
    if (!(r.static_gain > 1.0) || !(st.var > 0.0)) {
        fill_fixed_point(r, sys, st.xbar, st.var, o);
        r.closure.residual = r.mean_residual = st.residual;
        r.closure.iterations = st.iterations;
    } else {
        r.regime = dmft_regime::chaotic;
        r.delta0 = solve_delta0(sys, st.var);
        const double xbar = sys.xbar_of(r.delta0);
        bool found = false;
        r.delta_inf = sys.plateau(xbar, r.delta0, found);
        if (!found || !(r.delta_inf < r.delta0))
            throw meanfield_error("gaussian_dmft: the energy balance closed without a plateau");
        if (!(sys.force(xbar, r.delta0, r.delta0) < 0.0))
            throw meanfield_error("gaussian_dmft: Delta''(0) >= 0 at the solution");
        const double m = sys.m(xbar, r.delta0);
        r.mean_residual = std::abs(xbar - sys.I + sys.G * m) / (std::abs(sys.I) + sys.G * m);
        r.plateau_residual = std::abs(sys.force(xbar, r.delta_inf, r.delta0)) / r.delta0;
        r.energy_residual = std::abs(sys.potential(xbar, r.delta0, r.delta0) -
                                     sys.potential(xbar, r.delta_inf, r.delta0)) / (r.delta0 * r.delta0);
        r.qvx = r.qveta = r.delta_inf;
        r.tvx = r.delta0 - r.delta_inf;
        r.closure.populations.push_back(prediction(sys, xbar, r.delta0));
        build_curves(sys, xbar, r, o);
        r.closure.residual = std::max({r.mean_residual, r.plateau_residual, r.energy_residual});
        r.closure.iterations = sys.iterations;
        if (r.closure.residual > 1e-6 || r.curve_residual > 1e-4)
            throw meanfield_error("gaussian_dmft: residual too large (" + std::to_string(r.closure.residual) +
                                  ", curve " + std::to_string(r.curve_residual) + ")");
    }
    if (model.g > 0.0)
        r.closure.alpha = r.closure.populations[0].m * std::sqrt(model.K) * std::pow(model.J0 / model.g, 2);
    return r;
}

dmft_finite_time finite_time_estimates(const dmft_result& r, double T) {
    if (!(T > 0.0)) throw meanfield_error("gaussian_dmft: finite-time estimates need T > 0");
    dmft_finite_time e;
    const double bx = 2.0 * r.integral_x / T, be = 2.0 * r.integral_eta / T;
    e.tvx = r.tvx - bx;
    e.qvx = r.qvx + bx;
    e.tveta = r.tveta - be;
    e.r_x = r.r_x;
    e.r_eta = r.r_eta;
    for (double& v : e.r_x) v -= bx;
    for (double& v : e.r_eta) v -= be;
    e.beta = r.regime == dmft_regime::chaotic ? beta_of_curve(e.r_eta, r.dtau) : nan;
    return e;
}

}  // namespace balnet
