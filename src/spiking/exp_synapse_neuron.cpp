// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/exp_synapse_neuron.hpp>

#include <cmath>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

#include "detail/exp_block.hpp"
#include "detail/param_checks.hpp"

namespace balnet {
namespace {

using detail::num;
using detail::require;
using detail::require_init;

}  // namespace

double draw(const normal_init& n, rng_stream& rng) { return n.sd > 0 ? n.mean + n.sd * rng.normal() : n.mean; }

std::string to_string(neuron_model m) {
    switch (m) {
    case neuron_model::delta: return "delta";
    case neuron_model::cuba: return "cuba";
    case neuron_model::coba: return "coba";
    case neuron_model::adex: return "adex";
    }
    return "?";
}

void validate_exp_synapse(const exp_synapse_params& p, neuron_model m, double theta,
                          const std::string& k) {
    require(p.tau_e > 0 && std::isfinite(p.tau_e), k + "tau_e", p.tau_e, "> 0 ms");
    require(p.tau_i > 0 && std::isfinite(p.tau_i), k + "tau_i", p.tau_i, "> 0 ms");
    require(std::isfinite(p.e_l), k + "e_l", p.e_l, "finite");
    if (p.v_init) require_init(*p.v_init, k + "v_init");
    require_init(p.g_e_init, k + "g_e_init");
    require_init(p.g_i_init, k + "g_i_init");
    if (m != neuron_model::coba) return;
    require(std::isfinite(p.e_e) && p.e_e > theta, k + "e_e", p.e_e,
            "> theta = " + num(theta) + " mV (excitation must be able to reach threshold)");
    require(std::isfinite(p.e_i) && p.e_i < theta, k + "e_i", p.e_i,
            "< theta = " + num(theta) + " mV (inhibition must not excite)");
}

double cuba_kappa(double tau_s, double tau_m, double h) {
    // tau_s/(tau_s - tau_m) (e^{-h/tau_s} - e^{-h/tau_m}) = (h/tau_m) e^{-h/tau_m} expm1(x)/x,
    // x = h (tau_s - tau_m) / (tau_m tau_s): no cancellation, and the limit 1 at x = 0.
    const double x = h * (tau_s - tau_m) / (tau_m * tau_s);
    const double ratio = x == 0.0 ? 1.0 : std::expm1(x) / x;
    return (h / tau_m) * std::exp(-h / tau_m) * ratio;
}

exp_synapse_constants exp_synapse_constants::make(neuron_model m, const exp_synapse_params& p,
                                                  double tau_m, double theta, double v_reset,
                                                  std::int32_t n_ref, double h) {
    exp_synapse_constants c;
    c.model = m;
    c.p_m = std::exp(-h / tau_m);
    c.h_tau = h / tau_m;
    c.kappa_e = cuba_kappa(p.tau_e, tau_m, h);
    c.kappa_i = cuba_kappa(p.tau_i, tau_m, h);
    c.decay_e = std::exp(-h / p.tau_e);
    c.decay_i = std::exp(-h / p.tau_i);
    c.e_l = p.e_l;
    c.e_e = p.e_e;
    c.e_i = p.e_i;
    c.theta = theta;
    c.v_reset = v_reset;
    c.n_ref = n_ref;
    return c;
}

void exp_synapse_step(const exp_synapse_constants& c, exp_synapse_state s, std::size_t begin,
                      std::size_t end, std::vector<std::size_t>& spiked) {
    if (c.model != neuron_model::cuba && c.model != neuron_model::coba)
        throw internal_error("exp_synapse_step: the delta model has no synaptic variables");
    detail::exp_block(c, s, begin, end);
    for (std::size_t i = begin; i < end; ++i) {
        if (s.v[i] >= c.theta) {
            spiked.push_back(i);
            s.v[i] = c.v_reset;
            s.r[i] = c.n_ref;
        }
    }
}

void draw_exp_initial_state(const exp_synapse_params& p, double v_min, double v_max, rng_stream& rng,
                            double& v, double& g_e, double& g_i) {
    if (p.v_init) v = draw(*p.v_init, rng);
    else v = v_max > v_min ? v_min + (v_max - v_min) * rng.uniform() : v_min;
    g_e = draw(p.g_e_init, rng);
    g_i = draw(p.g_i_init, rng);
}

}  // namespace balnet
