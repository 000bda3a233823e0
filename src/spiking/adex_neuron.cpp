// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/adex_neuron.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

#include "detail/param_checks.hpp"

namespace balnet {
namespace {

using detail::num;
using detail::require;
using detail::require_init;

void require_positive(double v, const std::string& key, const std::string& unit) {
    require(v > 0 && std::isfinite(v), key, v, "> 0 " + unit);
}

// The right-hand side of the AdEx equations at one RK4 stage (see the header), for synapse kind S.
template <adex_synapse S>
struct rhs {
    const adex_constants& c;
    double dv(double v, double w, double ge, double gi) const {
        // Capped at the V_peak value: a stage past V_peak must not overflow (the header).
        const double x = std::min((v - c.v_t) * c.inv_delta_t, c.x_cap);
        double syn;
        if constexpr (S == adex_synapse::conductance) syn = ge * (c.e_e - v) + gi * (c.e_i - v);
        else syn = ge + gi;
        return c.inv_c * (c.g_l * (c.e_l - v) + c.g_l * c.delta_t * std::exp(x) - w + syn + c.i_e);
    }
    double dw(double v, double w) const { return (c.a * (v - c.e_l) - w) * c.inv_tau_w; }
};

// One classical RK4 step of length dt of (v, w); g_e, g_i are exact at the stage times: ge0 at the
// start, ge0 he at the midpoint, ge0 he^2 at the end (he = e^{-dt / (2 tau_e)}, hi alike).
template <adex_synapse S>
void rk4(const rhs<S>& f, double& v, double& w, double ge0, double gi0, double dt, double he, double hi) {
    const double gem = ge0 * he, gim = gi0 * hi, ge1 = gem * he, gi1 = gim * hi;
    const double k1v = f.dv(v, w, ge0, gi0), k1w = f.dw(v, w);
    const double v2 = v + 0.5 * dt * k1v, w2 = w + 0.5 * dt * k1w;
    const double k2v = f.dv(v2, w2, gem, gim), k2w = f.dw(v2, w2);
    const double v3 = v + 0.5 * dt * k2v, w3 = w + 0.5 * dt * k2w;
    const double k3v = f.dv(v3, w3, gem, gim), k3w = f.dw(v3, w3);
    const double v4 = v + dt * k3v, w4 = w + dt * k3w;
    const double k4v = f.dv(v4, w4, ge1, gi1), k4w = f.dw(v4, w4);
    v += dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
    w += dt / 6.0 * (k1w + 2.0 * k2w + 2.0 * k3w + k4w);
}

// The rate g_L e^x / C [1/ms] at which the exponential term grows near v: the inverse of the time
// scale of the upstroke.
double upstroke_rate(const adex_constants& c, double v) {
    return c.g_l * c.inv_c * std::exp(std::min((v - c.v_t) * c.inv_delta_t, c.x_cap));
}

// A substep on the upstroke (or one whose plain RK4 step reached V_peak): RK4 steps of at most
// upstroke_step / rate, so that x = (V - V_T) / Delta_T grows by about upstroke_step a step,
// up to V_peak, where the neuron is reset and the rest of the substep is integrated from V_r (or
// held there, w relaxing, when refractory). Returns the refractory substeps left after this one;
// `fired` is set at a crossing.
template <adex_synapse S>
std::int32_t upstroke_substep(const rhs<S>& f, double& v, double& w, double ge, double gi, bool& fired) {
    // ge, gi: the substep's own copies, carried along to the time t of each RK4 step.
    const adex_constants& c = f.c;
    double t = 0.0;
    while (t < c.h_s) {
        const double dt = std::min(c.h_s - t, adex_constants::upstroke_step / upstroke_rate(c, v));
        const double he = std::exp(-0.5 * dt * c.inv_tau_e), hi = std::exp(-0.5 * dt * c.inv_tau_i);
        rk4(f, v, w, ge, gi, dt, he, hi);
        ge = ge * he * he;  // g at t + dt, as the RK4's last stage took it
        gi = gi * hi * hi;
        t += dt;
        if (v < c.v_peak) continue;
        fired = true;
        v = c.v_r;
        w += c.b;
        if (c.n_ref > 0) {
            w = c.w_ref_target + (w - c.w_ref_target) * std::exp(-(c.h_s - t) * c.inv_tau_w);
            return c.n_ref;
        }
    }
    return 0;
}

template <adex_synapse S>
void step_neurons(const adex_constants& c, adex_state s, std::size_t b, std::size_t e,
                  std::vector<std::size_t>& spiked) {
    const rhs<S> f{c};
    for (std::size_t i = b; i < e; ++i) {
        double v = s.v[i], w = s.w[i], ge = s.g_e[i], gi = s.g_i[i];
        std::int32_t r = s.r[i];
        bool fired = false;
        for (std::int32_t j = 0; j < c.substeps; ++j) {
            if (r > 0) {  // V held at V_r: w relaxes exactly towards a (V_r - E_L)
                --r;
                w = c.w_ref_target + (w - c.w_ref_target) * c.w_ref_decay;
            } else {
                double v1 = v, w1 = w;
                bool upstroke = (v - c.v_t) * c.inv_delta_t > c.x_upstroke;
                if (!upstroke) {
                    rk4(f, v1, w1, ge, gi, c.h_s, c.half_e, c.half_i);
                    upstroke = v1 >= c.v_peak;
                }
                if (upstroke) r = upstroke_substep(f, v, w, ge, gi, fired);
                else {
                    v = v1;
                    w = w1;
                }
            }
            ge = ge * c.half_e * c.half_e;  // the same roundings as the RK4 stage's end value
            gi = gi * c.half_i * c.half_i;
        }
        s.v[i] = v;
        s.w[i] = w;
        // The stored g's decay by the whole step's factor, as in exp_synapse_neuron: the substep
        // products above differ from it by roundings only.
        s.g_e[i] *= c.decay_e;
        s.g_i[i] *= c.decay_i;
        s.r[i] = r;
        if (fired) spiked.push_back(i);
    }
}

}  // namespace

std::string to_string(adex_synapse s) { return s == adex_synapse::conductance ? "conductance" : "current"; }

void validate_adex(const adex_params& p, const std::string& k) {
    require_positive(p.c_m, k + "c_m", "pF");
    require_positive(p.g_l, k + "g_l", "nS");
    require_positive(p.delta_t, k + "delta_t", "mV");
    require_positive(p.tau_w, k + "tau_w", "ms");
    require_positive(p.tau_e, k + "tau_e", "ms");
    require_positive(p.tau_i, k + "tau_i", "ms");
    using field = std::pair<double, const char*>;
    for (const field& f : {field{p.e_l, "e_l"}, field{p.v_t, "v_t"}, field{p.a, "a"}, field{p.b, "b"}, field{p.i_e, "i_e"}})
        require(std::isfinite(f.first), k + f.second, f.first, "finite");
    require(std::isfinite(p.v_peak) && p.v_peak > p.v_t, k + "v_peak", p.v_peak, "> v_t = " + num(p.v_t) + " mV");
    require((p.v_peak - p.v_t) / p.delta_t <= 500.0, k + "v_peak", p.v_peak,
            "<= v_t + 500 delta_t = " + num(p.v_t + 500.0 * p.delta_t) + " mV (exp((v_peak - v_t)/delta_t) finite)");
    require(std::isfinite(p.v_r) && p.v_r < p.v_peak, k + "v_r", p.v_r, "< v_peak = " + num(p.v_peak) + " mV");
    require(p.t_ref >= 0 && std::isfinite(p.t_ref), k + "t_ref", p.t_ref, ">= 0 ms");
    require(p.substeps >= 1 && p.substeps <= 1000, k + "substeps", p.substeps, "an integer in [1, 1000]");
    require_init(p.v_init, k + "v_init");
    require_init(p.w_init, k + "w_init");
    require_init(p.g_e_init, k + "g_e_init");
    require_init(p.g_i_init, k + "g_i_init");
    if (p.synapse != adex_synapse::conductance) return;
    require(std::isfinite(p.e_e) && p.e_e > p.v_t, k + "e_e", p.e_e,
            "> v_t = " + num(p.v_t) + " mV (excitation must be able to reach threshold)");
    require(std::isfinite(p.e_i) && p.e_i < p.v_t, k + "e_i", p.e_i,
            "< v_t = " + num(p.v_t) + " mV (inhibition must not excite)");
}

adex_constants adex_constants::make(const adex_params& p, double h) {
    adex_constants c;
    c.synapse = p.synapse;
    c.substeps = p.substeps;
    c.h_s = h / p.substeps;
    c.n_ref = static_cast<std::int32_t>(std::llround(p.t_ref / c.h_s));
    c.inv_c = 1.0 / p.c_m;
    c.g_l = p.g_l;
    c.e_l = p.e_l;
    c.v_t = p.v_t;
    c.delta_t = p.delta_t;
    c.inv_delta_t = 1.0 / p.delta_t;
    c.x_cap = (p.v_peak - p.v_t) / p.delta_t;
    // upstroke_rate(v) h_s > upstroke_step, solved for x once here (no exp per substep).
    c.x_upstroke = std::log(upstroke_step * p.c_m / (p.g_l * c.h_s));
    c.a = p.a;
    c.inv_tau_w = 1.0 / p.tau_w;
    c.b = p.b;
    c.v_r = p.v_r;
    c.v_peak = p.v_peak;
    c.i_e = p.i_e;
    c.e_e = p.e_e;
    c.e_i = p.e_i;
    c.inv_tau_e = 1.0 / p.tau_e;
    c.inv_tau_i = 1.0 / p.tau_i;
    c.half_e = std::exp(-0.5 * c.h_s / p.tau_e);
    c.half_i = std::exp(-0.5 * c.h_s / p.tau_i);
    c.decay_e = std::exp(-h / p.tau_e);
    c.decay_i = std::exp(-h / p.tau_i);
    c.w_ref_decay = std::exp(-c.h_s / p.tau_w);
    c.w_ref_target = p.a * (p.v_r - p.e_l);
    return c;
}

void adex_step(const adex_constants& c, adex_state s, std::size_t begin, std::size_t end,
               std::vector<std::size_t>& spiked) {
    if (c.synapse == adex_synapse::conductance) step_neurons<adex_synapse::conductance>(c, s, begin, end, spiked);
    else step_neurons<adex_synapse::current>(c, s, begin, end, spiked);
}

void draw_adex_initial_state(const adex_params& p, rng_stream& rng, double& v, double& w, double& g_e,
                             double& g_i) {
    v = draw(p.v_init, rng);
    w = draw(p.w_init, rng);
    g_e = draw(p.g_e_init, rng);
    g_i = draw(p.g_i_init, rng);
}

}  // namespace balnet
