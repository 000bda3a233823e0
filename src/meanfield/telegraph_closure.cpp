// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/telegraph_closure.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <vector>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/heaviside_gamma_closure.hpp>
#include <balnet/meanfield/laplace_inversion.hpp>

namespace balnet {

namespace {

using cd = std::complex<double>;

// ∫ g over [lo, hi] for complex g, real and imaginary parts by adaptive Gauss–Kronrod.
template <class G>
cd integrate_complex(G g, double lo, double hi) {
    using boost::math::quadrature::gauss_kronrod;
    if (!(hi > lo)) return {0.0, 0.0};
    const double re = gauss_kronrod<double, 31>::integrate([&](double x) { return g(x).real(); },
                                                           lo, hi, 12, 1e-10);
    const double im = gauss_kronrod<double, 31>::integrate([&](double x) { return g(x).imag(); },
                                                           lo, hi, 12, 1e-10);
    return {re, im};
}

// E[h(T)] for T ~ Beta(a, b) and complex h. Small beta makes a or b < 1 and the density
// singular at 0 or 1; there the substitution u = t^a (resp. v = (1 − t)^b) turns
// t^(a−1) dt into du/a, leaving a bounded integrand. Elsewhere the density is integrated
// directly, with break points around the mean so that a sharp peak (large beta) is seen.
template <class H>
cd beta_expectation(H h, double a, double b) {
    const double log_b = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    auto density = [&](double t) {
        return std::exp((a - 1.0) * std::log(t) + (b - 1.0) * std::log1p(-t) - log_b);
    };
    cd out{0.0, 0.0};
    if (a < 1.0) {  // [0, 1/2] in u = t^a
        out += integrate_complex([&](double u) {
            const double t = std::pow(u, 1.0 / a);
            return h(t) * std::exp((b - 1.0) * std::log1p(-t) - log_b) / a;
        }, 0.0, std::pow(0.5, a));
    }
    if (b < 1.0) {  // [1/2, 1] in v = (1 − t)^b
        out += integrate_complex([&](double v) {
            const double s = std::pow(v, 1.0 / b), t = 1.0 - s;
            return h(t) * std::exp((a - 1.0) * std::log(t) - log_b) / b;
        }, 0.0, std::pow(0.5, b));
    }
    const double mean = a / (a + b), sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
    std::vector<double> cuts{a < 1.0 ? 0.5 : 0.0, b < 1.0 ? 0.5 : 1.0};
    for (double c : {mean - 8.0 * sd, mean, mean + 8.0 * sd})
        if (c > cuts[0] && c < cuts[1]) cuts.push_back(c);
    std::sort(cuts.begin(), cuts.end());
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
        out += integrate_complex([&](double t) { return h(t) * density(t); }, cuts[i], cuts[i + 1]);
    return out;
}

}  // namespace

double telegraph_input_cdf(double K, double shape, double scale, double f, double beta, double I) {
    if (!(f > 0.0 && f < 1.0) || !(beta > 0.0) || !(I > 0.0) || !(K > 0.0) || !(shape > 0.0) ||
        !(scale > 0.0))
        throw meanfield_error("meanfield: telegraph input law needs 0 < f < 1, beta > 0, I > 0, "
                              "K, shape, scale > 0");
    if (std::isinf(beta))  // T ≡ f: S = f · Gamma(K k, th) exactly
        return boost::math::gamma_p(K * shape, I / (f * scale));
    // Fixed Talbot loses everything in double precision when the law of S is sharply peaked
    // (its transform then varies by hundreds of orders of magnitude along the contour). The
    // number of nodes needed grows with the effective gamma shape mean^2/var of S; measured on
    // gamma laws: shape 30 → 32 nodes, 100 → 64, 200 → 100 (error ~1e-11), while small shapes
    // want about 20 (more nodes amplify round-off).
    const double t2 = f * f + f * (1.0 - f) / (1.0 + beta);
    const double mean_s = K * shape * scale * f;
    const double var_s = K * (shape * (shape + 1.0) * scale * scale * t2 - std::pow(shape * scale * f, 2));
    const double eff_shape = mean_s * mean_s / var_s;
    if (eff_shape > 250.0)
        throw meanfield_error("meanfield: telegraph input law too peaked for Talbot inversion in "
                              "double precision (effective shape " + std::to_string(eff_shape) +
                              " > 250); use beta = inf or the moment-gamma closure");
    const int nodes = std::clamp(static_cast<int>(20.0 + 0.4 * eff_shape), 20, 120);
    auto log_laplace = [&](cd s) -> cd {
        // (1 + th s T)^(−k): the contour keeps 1 + th s T off the negative real axis.
        auto h = [&](double t) { return std::exp(-shape * std::log(1.0 + scale * s * t)); };
        const cd e = beta_expectation(h, f * beta, (1.0 - f) * beta);
        return K * std::log(e) - std::log(s);  // log of E[e^(−sS)]/s
    };
    return std::clamp(talbot_inverse_log(log_laplace, I, nodes), 0.0, 1.0);
}

closure_result solve_telegraph(const rate_population_model& model, double beta,
                               const solver_options& opt) {
    detail::require_heaviside_gamma(model, "telegraph", "1.7.5");
    if (!(beta > 0.0)) throw meanfield_error("meanfield: telegraph closure needs beta > 0");
    const projection_moments p = projection(model, 0, 0);
    const double k = std::pow(p.mean / p.std, 2), th = p.std * p.std / p.mean, I = bias(model, 0);
    auto h = [&](double f) { return f - telegraph_input_cdf(p.K, k, th, f, beta, I); };
    const double lo = 1e-6, hi = 1.0 - 1e-6;
    const double hlo = h(lo), hhi = h(hi);
    if (!(hlo < 0.0 && hhi > 0.0))
        throw meanfield_error("meanfield: telegraph closure has no root in (1e-6, 1 - 1e-6)");
    // The Talbot inversion is good to ~1e-9; asking for more only chases round-off.
    const int bits = std::max(20, static_cast<int>(-std::log2(std::max(opt.tolerance, 1e-8))) + 4);
    auto iters = static_cast<std::uintmax_t>(opt.max_iterations);
    auto r = boost::math::tools::toms748_solve(h, lo, hi, hlo, hhi,
                                               boost::math::tools::eps_tolerance<double>(bits), iters);
    if (iters >= static_cast<std::uintmax_t>(opt.max_iterations))
        throw meanfield_error("meanfield: telegraph closure did not converge");
    const double f = 0.5 * (r.first + r.second);
    const double K = p.K, T2 = f * f + (std::isinf(beta) ? 0.0 : f * (1.0 - f) / (1.0 + beta));
    const double var_s = K * ((p.std * p.std + p.mean * p.mean) * T2 - p.mean * p.mean * f * f);
    closure_result res;
    res.method = "telegraph";
    res.populations.push_back({"I", f, f, f, 1.0, I - K * p.mean * f, var_s});
    res.alpha = f * std::sqrt(K) * std::pow(model.J0 / model.g, 2);
    res.residual = std::abs(h(f));
    res.iterations = static_cast<int>(iters);
    res.assumptions =
        "telegraph closure (docs/models.md 1.7.5): presynaptic units are independent telegraph "
        "processes with duty cycle f and switching rate beta = " + std::to_string(beta) +
        " (input, not predicted); filtered states T ~ Beta(f beta, (1-f) beta) independent of the "
        "Gamma(k, th) weights; P(S < I) by fixed-Talbot Laplace inversion (~1e-8). Heaviside units "
        "only; f expected within ~5 % of simulations at the measured beta.";
    return res;
}

}  // namespace balnet
