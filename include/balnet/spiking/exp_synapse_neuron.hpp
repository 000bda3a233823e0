// SPDX-License-Identifier: BSD-3-Clause
// LIF neurons with exponentially decaying synaptic variables (docs/models.md §2.3: the Vogels–Abbott /
// Brette et al. 2007 CUBA and COBA benchmarks), as the neuron-model policy of the LIF engine:
// the per-population constants for a grid step h and the update of the owned neurons in one step.
// Voltages are absolute (mV); g_e and g_i are in mV for CUBA (the current term R I) and in units
// of the leak conductance g_L for COBA. Which channel a synapse feeds is its source population's
// sign (excitatory -> g_e, inhibitory -> g_i); a weight is the increment of that variable.
//
// One step k (t_k -> t_{k+1}) of one neuron; the engine has already added to g_e, g_i the
// increments of step k (spikes detected in step k - 1, so a spike acts from the next step on):
//     r == 0 ? v <- propagate(v, g_e, g_i) : r -= 1      (refractory: v clamped at V_r ...)
//     g_s <- g_s exp(-h / tau_s)                          (... the g's keep evolving)
//     v >= theta -> spike stamped (k+1) h, v = V_r, r = n_ref
// CUBA (exact for exponentially decaying g): v <- E_L + (v - E_L) e^{-h/tau_m} + g_e k_e + g_i k_i
// with k_s = tau_s / (tau_s - tau_m) (e^{-h/tau_s} - e^{-h/tau_m}), evaluated through expm1 so
// that tau_s = tau_m (the limit (h/tau_m) e^{-h/tau_m}) and nearby values are exact too.
// COBA (forward Euler for v, exact decay of g): v <- v + h/tau_m [(E_L - v) + g_e (E_e - v)
// + g_i (E_i - v)]. A constant drive mu_dc adds dc_step to the propagated v (see the constants).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>

namespace balnet {

class rng_stream;

/// The neuron model of a LIF network: delta synapses (docs/models.md §2.2, Brunel's models A and B),
/// exponential current (cuba) or conductance (coba) synapses (§2.3), or the adaptive exponential
/// integrate-and-fire neuron with either synapse (adex, §2.8; spiking/adex_neuron.hpp).
enum class neuron_model : std::uint8_t { delta, cuba, coba, adex };

std::string to_string(neuron_model m);

/// N(mean, sd^2); sd = 0 gives the fixed value `mean`.
struct normal_init {
    double mean = 0.0;
    double sd = 0.0;
};

/// One value of n: mean + sd N(0, 1) from rng, or mean (no draw) when sd = 0.
double draw(const normal_init& n, rng_stream& rng);

/// The synaptic and reversal parameters of one population's neurons (cuba and coba only).
struct exp_synapse_params {
    double tau_e = 5.0;    // [ms] decay of g_e
    double tau_i = 10.0;   // [ms] decay of g_i
    double e_l = -49.0;    // [mV] leak reversal E_L
    double e_e = 0.0;      // [mV] excitatory reversal E_e (coba)
    double e_i = -80.0;    // [mV] inhibitory reversal E_i (coba)
    /// v(0) ~ N(mean, sd^2) when set (Brette's COBA); otherwise U(v_init_min, v_init_max).
    std::optional<normal_init> v_init{};
    normal_init g_e_init{};  ///< g_e(0) [mV or g_L]
    normal_init g_i_init{};  ///< g_i(0)
};

/// Checks the parameters of population `prefix` ("populations[0].") for model m != delta;
/// throws config_error naming the field: tau_e, tau_i > 0, finite reversals and initial values,
/// sd >= 0, and for coba E_i < theta < E_e (otherwise inhibition would excite or excitation
/// could never reach threshold).
void validate_exp_synapse(const exp_synapse_params& p, neuron_model m, double theta,
                          const std::string& prefix);

/// Per-population constants of one grid step h.
struct exp_synapse_constants {
    neuron_model model = neuron_model::cuba;
    double p_m = 0.0;       ///< e^{-h/tau_m}
    double h_tau = 0.0;     ///< h / tau_m (coba)
    double kappa_e = 0.0;   ///< cuba: response of v to g_e over one step
    double kappa_i = 0.0;
    double decay_e = 0.0;   ///< e^{-h/tau_e}
    double decay_i = 0.0;   ///< e^{-h/tau_i}
    double e_l = 0.0, e_e = 0.0, e_i = 0.0;  // [mV]
    double theta = 0.0, v_reset = 0.0;       // [mV]
    std::int32_t n_ref = 0;
    /// Constant drive per integrating step [mV]: cuba mu_dc (1 - e^{-h/tau_m}) (exact), coba
    /// h mu_dc / tau_m (Euler); 0 without (then not added at all: the bits of the undriven model).
    double dc_step = 0.0;

    static exp_synapse_constants make(neuron_model m, const exp_synapse_params& p, double tau_m,
                                      double theta, double v_reset, std::int32_t n_ref, double h);
};

/// kappa = tau_s / (tau_s - tau_m) (e^{-h/tau_s} - e^{-h/tau_m}), stable at tau_s = tau_m.
double cuba_kappa(double tau_s, double tau_m, double h);

/// The state of the neurons one step updates (local index order, equal lengths).
struct exp_synapse_state {
    std::span<double> v, g_e, g_i;
    std::span<std::int32_t> r;
};

/// One step of neurons [begin, end) whose increments are already in g_e, g_i; appends the local
/// indices of the neurons that spiked, in ascending order, to `spiked`.
void exp_synapse_step(const exp_synapse_constants& c, exp_synapse_state s, std::size_t begin,
                      std::size_t end, std::vector<std::size_t>& spiked);

/// v(0), g_e(0), g_i(0) of one neuron from its initial-state stream, in that order (v uniform on
/// [v_min, v_max] unless p.v_init is set).
void draw_exp_initial_state(const exp_synapse_params& p, double v_min, double v_max, rng_stream& rng,
                            double& v, double& g_e, double& g_i);

}  // namespace balnet
