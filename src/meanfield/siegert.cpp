// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/siegert.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <boost/math/constants/constants.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

using boost::math::quadrature::gauss_kronrod;
constexpr double sqrt_pi = 1.7724538509055160273;
constexpr double rel_tol = 1e-13;

// Adaptive 61-point Gauss-Kronrod; the depth is bounded because an unreachable tolerance
// (round-off) makes the subdivision exponential in it.
template <typename F>
double integrate(F f, double a, double b, double tol = rel_tol, unsigned max_depth = 15) {
    if (!(b > a)) return 0.0;
    return gauss_kronrod<double, 61>::integrate(f, a, b, max_depth, tol);
}

// erfcx_nonneg changes form at 26 (below: e^{x^2} erfc x; above: the asymptotic series).
constexpr double erfcx_seam = 26.0;

// The integral of erfcx on [a, b], 26 <= a <= b, from its asymptotic series integrated term by
// term: (log(b/a) + sum_k (-1)^k (2k-1)!!/2^k (a^-2k - b^-2k)/(2k)) / sqrt(pi), differences taken
// without cancellation. Far above threshold (huge in-degrees) the interval is narrow and far out,
// where the adaptive rule cannot reach rel_tol and subdivides to its depth limit: 2^15 panels a
// call, minutes in a fixed-point scan.
double erfcx_integral_far(double a, double b) {
    const double log_ratio = std::log1p((b - a) / a);  // log(b / a)
    double sum = log_ratio, coefficient = 1.0, a_power = 1.0;
    for (int k = 1; k <= 10; ++k) {
        coefficient *= -static_cast<double>(2 * k - 1) / 2.0;
        a_power /= a * a;
        sum += coefficient * a_power * -std::expm1(-2.0 * k * log_ratio) / (2.0 * k);
    }
    return sum / sqrt_pi;
}

// The integral of erfcx_nonneg on [a, b], 0 <= a: numerically below the seam, in closed form above.
double erfcx_integral(double a, double b) {
    if (!(b > a)) return 0.0;
    if (a >= erfcx_seam) return erfcx_integral_far(a, b);
    const auto f = [](double v) { return erfcx_nonneg(v); };
    if (b <= erfcx_seam) return integrate(f, a, b);
    return integrate(f, a, erfcx_seam) + erfcx_integral_far(erfcx_seam, b);
}

void check_inputs(double mu, double sigma, const siegert_neuron& n) {
    if (!(sigma > 0.0) || !std::isfinite(mu) || !std::isfinite(sigma))
        throw meanfield_error("siegert: sigma must be > 0 and mu finite (sigma = " +
                              std::to_string(sigma) + " mV, mu = " + std::to_string(mu) + " mV)");
    if (!(n.tau_m > 0.0) || !(n.t_ref >= 0.0) || !(n.theta > n.v_reset) || !(n.tau_s >= 0.0))
        throw meanfield_error("siegert: needs tau_m > 0, t_ref >= 0, theta > v_reset, tau_s >= 0");
}

struct bounds {
    double y_theta;
    double y_r;
};

bounds scaled_bounds(double mu, double sigma, const siegert_neuron& n) {
    const double shift = colored_noise_shift(n.tau_s, n.tau_m);
    return {(n.theta - mu) / sigma + shift, (n.v_reset - mu) / sigma + shift};
}

// 2 log erfcx(-y) - y^2: the log of the y-part of the CV integrand
// e^{x^2 + y^2} (1 + erf y)^2 = e^{x^2} erfcx(-y)^2 e^{-y^2}, for y > 0 as y^2 + 2 log1p(erf y).
double cv_log_inner(double y) {
    if (y > 0.0) return y * y + 2.0 * std::log1p(std::erf(y));
    return 2.0 * std::log(erfcx_nonneg(-y)) - y * y;
}

}  // namespace

double erfcx_nonneg(double x) {
    if (x < 26.0) {
        // e^{x^2} with x^2 split into hi + lo (fma) so the rounding of x^2 does not enter.
        const double hi = x * x;
        const double lo = std::fma(x, x, -hi);
        return std::exp(hi) * (1.0 + lo) * std::erfc(x);
    }
    // Asymptotic series 1/(x sqrt(pi)) sum_k (-1)^k (2k-1)!! / (2x^2)^k; at x >= 26 the terms
    // fall below 1e-17 by k = 7.
    const double z = 1.0 / (2.0 * x * x);
    double term = 1.0, sum = 1.0;
    for (int k = 1; k <= 10; ++k) {
        term *= -static_cast<double>(2 * k - 1) * z;
        sum += term;
    }
    return sum / (x * sqrt_pi);
}

double colored_noise_shift(double tau_s, double tau_m) {
    if (tau_s <= 0.0) return 0.0;
    const double alpha = std::sqrt(2.0) * 1.4603545088095868129;  // sqrt(2) |zeta(1/2)|
    return 0.5 * alpha * std::sqrt(tau_s / tau_m);
}

double siegert_rate(double mu, double sigma, const siegert_neuron& n) {
    check_inputs(mu, sigma, n);
    const auto [yt, yr] = scaled_bounds(mu, sigma, n);
    if (yt <= 0.0) {
        const double integral = erfcx_integral(-yt, -yr);
        return 1000.0 / (n.t_ref + n.tau_m * sqrt_pi * integral);
    }
    // Far below threshold e^{-yt^2} underflows and the rate is 0 whatever the integral, whose
    // adaptive subdivision gets costly there (minutes for in-degrees of 10^9).
    const double e = std::exp(-yt * yt);
    if (e == 0.0) return 0.0;
    // e^{-yt^2} erfcx(-u), bounded by 2 on [yr, yt].
    const auto scaled = [yt = yt](double u) {
        if (u >= 0.0) return std::exp((u - yt) * (u + yt)) * (1.0 + std::erf(u));
        return std::exp(-yt * yt) * erfcx_nonneg(-u);
    };
    double s = 0.0;
    if (yr < 0.0) s = integrate(scaled, yr, 0.0) + integrate(scaled, 0.0, yt);
    else s = integrate(scaled, yr, yt);
    return 1000.0 * e / (n.t_ref * e + n.tau_m * sqrt_pi * s);
}

double siegert_cv(double mu, double sigma, const siegert_neuron& n, double nu_hz) {
    check_inputs(mu, sigma, n);
    if (!(nu_hz > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    const auto [yt, yr] = scaled_bounds(mu, sigma, n);
    const double big_e = std::max(yt, 0.0) * std::max(yt, 0.0);
    // Inner integral from x - 40 (the integrand has fallen by e^{-1600} there) to x.
    const auto outer = [big_e](double x) {
        const double base = x * x - 2.0 * big_e;
        const auto inner = [base](double y) { return std::exp(base + cv_log_inner(y)); };
        if (x > 0.0) return integrate(inner, x - 40.0, 0.0, 1e-12, 8) + integrate(inner, 0.0, x, 1e-12, 8);
        return integrate(inner, x - 40.0, x, 1e-12, 8);
    };
    const double j = integrate(outer, yr, yt, 1e-10, 8);
    const double nu_tau = nu_hz * 1e-3 * n.tau_m;
    const double cv2 = 2.0 * boost::math::constants::pi<double>() *
                       std::exp(2.0 * std::log(nu_tau) + 2.0 * big_e) * j;
    return std::sqrt(cv2);
}

siegert_moments siegert_input_moments(const siegert_network& net, const std::vector<double>& nu_hz) {
    const std::size_t n = net.neurons.size();
    if (nu_hz.size() != n) throw internal_error("siegert_input_moments: one rate per population");
    std::vector<double> m(n, 0.0), s2(n, 0.0);
    for (const auto& p : net.projections) {
        const double r = p.indegree * nu_hz[p.source] * 1e-3;  // per ms
        m[p.target] += r * p.weight;
        s2[p.target] += r * p.weight * p.weight;
    }
    for (const auto& in : net.inputs) {
        const double r = in.rate_hz * 1e-3;
        m[in.target] += r * in.weight;
        s2[in.target] += r * in.weight * in.weight;
    }
    siegert_moments out;
    for (std::size_t a = 0; a < n; ++a) {
        const double tau = net.neurons[a].tau_m;
        out.mu.push_back(tau * m[a] + (a < net.mu_dc.size() ? net.mu_dc[a] : 0.0));
        out.sigma.push_back(std::sqrt(tau * s2[a]));
    }
    return out;
}

namespace {

std::vector<double> transfer(const siegert_network& net, const std::vector<double>& nu) {
    const auto mom = siegert_input_moments(net, nu);
    std::vector<double> phi(nu.size());
    for (std::size_t a = 0; a < nu.size(); ++a)
        phi[a] = siegert_rate(mom.mu[a], mom.sigma[a], net.neurons[a]);
    return phi;
}

double max_abs_residual(const siegert_network& net, const std::vector<double>& nu) {
    const auto phi = transfer(net, nu);
    double r = 0.0;
    for (std::size_t a = 0; a < nu.size(); ++a) r = std::max(r, std::fabs(phi[a] - nu[a]));
    return r;
}

std::string percent(double fraction) {
    char b[32];
    std::snprintf(b, sizeof b, "%.0f %%", 100.0 * fraction);
    return b;
}

std::string short_number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3g", v);
    return b;
}

// What each population receives at the rates nu: its largest jump |J| [mV] and the number of
// input spikes per membrane time constant.
struct input_grain {
    double max_jump = 0.0;
    double spikes_per_tau = 0.0;
};

std::vector<input_grain> input_grains(const siegert_network& net, const std::vector<double>& nu) {
    std::vector<input_grain> g(net.neurons.size());
    for (const auto& p : net.projections) {
        if (p.indegree <= 0.0 || p.weight == 0.0) continue;
        g[p.target].max_jump = std::max(g[p.target].max_jump, std::fabs(p.weight));
        g[p.target].spikes_per_tau += p.indegree * nu[p.source] * 1e-3 * net.neurons[p.target].tau_m;
    }
    for (const auto& in : net.inputs) {
        if (in.rate_hz <= 0.0 || in.weight == 0.0) continue;
        g[in.target].max_jump = std::max(g[in.target].max_jump, std::fabs(in.weight));
        g[in.target].spikes_per_tau += in.rate_hz * 1e-3 * net.neurons[in.target].tau_m;
    }
    return g;
}

}  // namespace

// The diffusion approximation's two conditions as Brunel (2000, J Comput Neurosci 8:183, Sec. 3:
// "J small compared to theta" and "a large number of incoming spikes per tau") and Amit & Brunel
// (1997) state them, with thresholds:
//  - a jump larger than (theta - V_r)/4 (fewer than four jumps from reset to threshold). Measured
//    on inputs/examples/brunel-AI-small.ini with lif.j scaled so that the largest jump g J is 5,
//    20, 50 and 100 % of theta - V_r: simulated rates 0, 2, 21 and 42 % away from Siegert (the
//    model-B example, 13 %, is within 4 %);
//  - fewer than 10 input spikes per tau_m: the Poisson count per tau_m then spreads by more than
//    30 %, and V moves in a few discrete jumps instead of diffusing.
std::string diffusion_limit_warning(const siegert_network& net, const std::vector<double>& nu) {
    const auto grains = input_grains(net, nu);
    std::string why;
    for (std::size_t a = 0; a < grains.size(); ++a) {
        const double gap = net.neurons[a].theta - net.neurons[a].v_reset;
        const std::string who = "population " + (a < net.names.size() ? net.names[a] : std::to_string(a));
        if (grains[a].max_jump > 0.25 * gap)
            why += " " + who + " receives jumps of " + short_number(grains[a].max_jump) + " mV, " +
                   percent(grains[a].max_jump / gap) + " of theta - V_r = " + short_number(gap) +
                   " mV (more than a quarter: lif.j, lif.g or lif.j_ab; at 50 % the simulated "
                   "rates were 21 % off);";
        if (grains[a].spikes_per_tau > 0.0 && grains[a].spikes_per_tau < 10.0)
            why += " " + who + " receives " + short_number(grains[a].spikes_per_tau) +
                   " input spikes per tau_m (fewer than 10: lif.eta, lif.c_e or lif.k_ab);";
    }
    if (why.empty()) return "";
    why.back() = '.';
    return " WARNING: outside the diffusion limit (Brunel 2000):" + why +
           " The Siegert rates and CVs are not to be trusted here.";
}

namespace {

siegert_fixed_point make_point(const siegert_network& net, std::vector<double> nu,
                               std::string method) {
    siegert_fixed_point fp;
    const auto mom = siegert_input_moments(net, nu);
    fp.mu = mom.mu;
    fp.sigma = mom.sigma;
    for (std::size_t a = 0; a < nu.size(); ++a)
        fp.cv.push_back(siegert_cv(mom.mu[a], mom.sigma[a], net.neurons[a], nu[a]));
    fp.residual = max_abs_residual(net, nu);
    fp.rate_hz = std::move(nu);
    fp.method = std::move(method);
    const bool colored = std::any_of(net.neurons.begin(), net.neurons.end(),
                                     [](const siegert_neuron& n) { return n.tau_s > 0.0; });
    fp.assumptions =
        std::string("diffusion approximation: sources fire as independent Poisson processes, many small "
                    "jumps (J << theta - v_reset), ") +
        (colored ? "exponential synapses as colored noise to first order in sqrt(tau_s/tau_m) (Fourcaud & "
                   "Brunel 2002: shifted threshold and reset); no finite-size or delay-induced collective "
                   "fluctuations."
                 : "white noise; no finite-size or delay-induced collective fluctuations; delta input on a "
                   "grid h fires about 0.11 sqrt(h/ms) below.") +
        diffusion_limit_warning(net, fp.rate_hz);
    return fp;
}

bool same(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b)); }

void require_uniform(const siegert_network& net) {
    if (net.neurons.empty()) throw meanfield_error("siegert: no populations");
    const auto& n0 = net.neurons.front();
    for (const auto& n : net.neurons)
        if (!same(n.tau_m, n0.tau_m) || !same(n.t_ref, n0.t_ref) || !same(n.theta, n0.theta) ||
            !same(n.v_reset, n0.v_reset) || !same(n.tau_s, n0.tau_s))
            throw meanfield_error("siegert scan: the populations' neurons differ; use siegert_solve");
    for (const double nu : {0.0, 1.0}) {
        const auto m = siegert_input_moments(net, std::vector<double>(net.neurons.size(), nu));
        for (std::size_t a = 1; a < m.mu.size(); ++a)
            if (!same(m.mu[a], m.mu[0]) || !same(m.sigma[a], m.sigma[0]))
                throw meanfield_error("siegert scan: the populations' inputs differ; use siegert_solve");
    }
}

}  // namespace

std::vector<siegert_fixed_point> siegert_scan_fixed_points(const siegert_network& net,
                                                           std::size_t n_scan) {
    require_uniform(net);
    const std::size_t npop = net.neurons.size();
    const double t_ref = net.neurons.front().t_ref;
    const double nu_max = t_ref > 0.0 ? 1000.0 / t_ref : 1e4;
    const auto f = [&](double nu) {
        return transfer(net, std::vector<double>(npop, nu)).front() - nu;
    };
    std::vector<siegert_fixed_point> roots;
    double a = 0.0, fa = f(0.0);
    for (std::size_t k = 1; k <= n_scan; ++k) {
        // The last point stays just below nu_max, where F < 0 always (phi < 1/t_ref).
        const double b = nu_max * static_cast<double>(k) / static_cast<double>(n_scan) * (1 - 1e-12);
        const double fb = f(b);
        if (fa == 0.0 || (fa > 0.0) != (fb > 0.0)) {
            double root = a;
            if (fa != 0.0) {
                std::uintmax_t it = 200;
                const auto r = boost::math::tools::toms748_solve(
                    f, a, b, fa, fb, boost::math::tools::eps_tolerance<double>(52), it);
                root = 0.5 * (r.first + r.second);
            }
            auto fp = make_point(net, std::vector<double>(npop, root), "scan + toms748 on phi(nu) - nu");
            fp.stable = fa > 0.0 && fb < 0.0;
            roots.push_back(std::move(fp));
        }
        a = b;
        fa = fb;
    }
    if (roots.empty()) throw meanfield_error("siegert scan: no fixed point in [0, 1/t_ref)");
    return roots;
}

namespace {

// Relaxation d nu/ds = phi(nu) - nu (explicit, ds = 0.2) until the residual is small.
std::vector<double> relax(const siegert_network& net, std::vector<double> nu) {
    for (int it = 0; it < 5000; ++it) {
        const auto phi = transfer(net, nu);
        double r = 0.0;
        for (std::size_t a = 0; a < nu.size(); ++a) {
            r = std::max(r, std::fabs(phi[a] - nu[a]));
            nu[a] += 0.2 * (phi[a] - nu[a]);
        }
        if (r < 1e-3) break;
    }
    return nu;
}

// Solves the small dense system A x = b by Gaussian elimination with partial pivoting.
std::vector<double> solve_dense(std::vector<std::vector<double>> A, std::vector<double> b) {
    const std::size_t n = b.size();
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::fabs(A[r][c]) > std::fabs(A[p][c])) p = r;
        std::swap(A[c], A[p]);
        std::swap(b[c], b[p]);
        if (A[c][c] == 0.0) throw meanfield_error("siegert_solve: singular Jacobian");
        for (std::size_t r = c + 1; r < n; ++r) {
            const double f = A[r][c] / A[c][c];
            for (std::size_t k = c; k < n; ++k) A[r][k] -= f * A[c][k];
            b[r] -= f * b[c];
        }
    }
    std::vector<double> x(n);
    for (std::size_t i = n; i-- > 0;) {
        double s = b[i];
        for (std::size_t k = i + 1; k < n; ++k) s -= A[i][k] * x[k];
        x[i] = s / A[i][i];
    }
    return x;
}

// Jacobian of F(nu) = phi(nu) - nu by central differences.
std::vector<std::vector<double>> jacobian(const siegert_network& net, const std::vector<double>& nu) {
    const std::size_t n = nu.size();
    std::vector<std::vector<double>> J(n, std::vector<double>(n));
    for (std::size_t c = 0; c < n; ++c) {
        const double h = 1e-5 * std::max(1.0, nu[c]);
        auto up = nu, dn = nu;
        up[c] += h;
        dn[c] = std::max(0.0, dn[c] - h);
        const auto fu = transfer(net, up), fd = transfer(net, dn);
        for (std::size_t r = 0; r < n; ++r)
            J[r][c] = (fu[r] - fd[r]) / (up[c] - dn[c]) - (r == c ? 1.0 : 0.0);
    }
    return J;
}

bool is_stable(const std::vector<std::vector<double>>& J) {
    if (J.size() == 1) return J[0][0] < 0.0;
    if (J.size() == 2) {
        const double tr = J[0][0] + J[1][1], det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
        return tr < 0.0 && det > 0.0;
    }
    return true;  // reached by the relaxation, hence attracting
}

}  // namespace

siegert_fixed_point siegert_solve(const siegert_network& net, double tolerance_hz) {
    if (net.neurons.empty()) throw meanfield_error("siegert_solve: no populations");
    auto nu = relax(net, std::vector<double>(net.neurons.size(), 0.0));
    for (int it = 0; it < 50; ++it) {
        const auto phi = transfer(net, nu);
        std::vector<double> minus_f(nu.size());
        double r = 0.0;
        for (std::size_t a = 0; a < nu.size(); ++a) {
            minus_f[a] = nu[a] - phi[a];
            r = std::max(r, std::fabs(minus_f[a]));
        }
        if (r <= tolerance_hz) {
            auto fp = make_point(net, nu, "relaxation d nu/ds = phi(nu) - nu from 0, then Newton");
            fp.stable = is_stable(jacobian(net, nu));
            return fp;
        }
        const auto step = solve_dense(jacobian(net, nu), minus_f);
        for (std::size_t a = 0; a < nu.size(); ++a) nu[a] = std::max(0.0, nu[a] + step[a]);
    }
    throw meanfield_error("siegert_solve: Newton did not converge (no fixed point near the "
                          "relaxation's end point)");
}

}  // namespace balnet
