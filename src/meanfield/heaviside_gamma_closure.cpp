// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/meanfield/heaviside_gamma_closure.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

namespace detail {

void require_heaviside_gamma(const rate_population_model& model, const char* closure,
                             const char* section) {
    validate(model);
    require_inhibitory(model, closure, section);
    const std::string c = std::string("meanfield: ") + closure;
    if (model.response != response_kind::heaviside)
        throw meanfield_error(c + " assumes Heaviside units (response.function = heaviside), got "
                              "response.function = " + to_string(model.response));
    if (model.weights != "gamma")
        throw meanfield_error(c + " assumes gamma weights (weights.distribution = gamma), got "
                              "weights.distribution = " + model.weights);
    if (!(model.J0 > 0.0 && model.g > 0.0))
        throw meanfield_error(c + " needs J0 > 0 and g > 0 (gamma weights)");
    if (!(bias(model, 0) > 0.0))
        throw meanfield_error(c + " needs a positive bias (otherwise every unit is off)");
}

}  // namespace detail

double heaviside_gamma_on_probability(double K, double shape, double scale, double I, double f,
                                      active_count count) {
    using boost::math::gamma_p;
    if (count == active_count::mean_field) return f * K * shape > 0.0 ? gamma_p(f * K * shape, I / scale) : 1.0;
    const auto n_max = static_cast<std::int64_t>(std::llround(K));
    if (f <= 0.0) return 1.0;
    if (f >= 1.0) return gamma_p(static_cast<double>(n_max) * shape, I / scale);
    const boost::math::binomial_distribution<double> bin(static_cast<double>(n_max), f);
    // The pmf outside mean ± 14 sd is below 1e-40: summing there changes nothing.
    const double mean = static_cast<double>(n_max) * f, sd = std::sqrt(mean * (1.0 - f));
    const auto lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(mean - 14.0 * sd - 1.0));
    const auto hi = std::min<std::int64_t>(n_max, static_cast<std::int64_t>(mean + 14.0 * sd + 2.0));
    double p = 0.0;
    for (std::int64_t n = lo; n <= hi; ++n) {
        const double w = boost::math::pdf(bin, static_cast<double>(n));
        p += w * (n == 0 ? 1.0 : gamma_p(static_cast<double>(n) * shape, I / scale));
    }
    return p;
}

closure_result solve_heaviside_gamma(const rate_population_model& model, active_count count,
                                     const solver_options& opt) {
    detail::require_heaviside_gamma(
        model, count == active_count::binomial ? "heaviside_gamma_binomial" : "heaviside_gamma", "1.7.4");
    if (count == active_count::binomial && std::abs(model.K - std::round(model.K)) > 1e-9)
        throw meanfield_error("meanfield: binomial active count needs an integer K");
    const projection_moments p = projection(model, 0, 0);
    const double k = std::pow(p.mean / p.std, 2), th = p.std * p.std / p.mean, I = bias(model, 0);
    auto h = [&](double f) { return f - heaviside_gamma_on_probability(p.K, k, th, I, f, count); };
    // h(0+) = -1 (no input, every unit on) and h(1) >= 0: the root lies in (0, 1].
    double lo = 1e-300, hi = 1.0;
    if (h(hi) <= 0.0) lo = hi;  // f = 1 self-consistent (S < I for all units)
    auto iters = static_cast<std::uintmax_t>(opt.max_iterations);
    double f = lo;
    if (lo < hi) {
        const int bits = std::max(20, static_cast<int>(-std::log2(opt.tolerance)) + 6);
        auto r = boost::math::tools::toms748_solve(h, lo, hi,
                                                   boost::math::tools::eps_tolerance<double>(bits), iters);
        if (iters >= static_cast<std::uintmax_t>(opt.max_iterations))
            throw meanfield_error("meanfield: Heaviside/gamma closure did not converge");
        f = 0.5 * (r.first + r.second);
    } else {
        iters = 0;
    }
    closure_result res;
    res.method = count == active_count::binomial ? "heaviside_gamma_binomial" : "heaviside_gamma";
    const double K = p.K, shape = f * K * k;
    // Mean and variance of S: Gamma(f K k, th), plus the Binomial spread of n when averaged.
    double var_s = shape * th * th;
    if (count == active_count::binomial) var_s += K * f * (1.0 - f) * std::pow(k * th, 2);
    res.populations.push_back({"I", f, f, f, 1.0, I - shape * th, var_s});
    res.alpha = f * std::sqrt(K) * std::pow(model.J0 / model.g, 2);
    res.residual = std::abs(h(f));
    res.iterations = static_cast<int>(iters);
    res.assumptions =
        "Heaviside/gamma static closure (docs/models.md 1.7.4): every unit quenched (x = I - S fixed in "
        "time), weights independent Gamma(k, th), n active inputs " +
        std::string(count == active_count::binomial ? "~ Binomial(K, f)" : "= f K") +
        ". Known to OVERestimate f by tens of percent (ignores the input's decorrelation rate).";
    return res;
}

}  // namespace balnet
