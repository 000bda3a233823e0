// SPDX-License-Identifier: BSD-3-Clause
// The adaptive exponential integrate-and-fire neuron (AdEx; Brette & Gerstner 2005, J Neurophysiol
// 94:3637) with exponentially decaying conductance or current synapses, as a neuron-model policy
// of the LIF engine (docs/models.md §2.8): per-population constants for a grid step h, a state of
// spans, the update of the owned neurons in one step and the initial-state draw.
// Units: C [pF], conductances [nS], voltages [mV], currents and w [pA], times [ms]
// (pA / pF = mV / ms, nS mV = pA):
//     C dV/dt   = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T) - w + I_syn + I_e
//     tau_w dw/dt = a (V - E_L) - w;      V >= V_peak: spike, V <- V_r, w <- w + b, refractory t_ref
//     conductance: I_syn = g_e (E_e - V) + g_i (E_i - V)  [g in nS];  current: I_syn = g_e + g_i  [pA]
//     tau_e dg_e/dt = -g_e,  tau_i dg_i/dt = -g_i.
// Which channel a synapse feeds is its source population's sign (excitatory -> g_e); a weight is
// the increment of that variable (a current-synapse inhibitory weight is negative).
//
// One step k (t_k -> t_{k+1}) of one neuron, whose g_e, g_i already hold the increments of step k:
// `substeps` classical RK4 substeps of h_s = h / substeps, g_e and g_i taken exactly (g_0 e^{-t/tau})
// at the RK4 stage times. On the upstroke, where the exponential term grows on a time scale
// C / (g_L e^x) (x = (V - V_T) / Delta_T) shorter than 10 h_s, a fixed-step RK4 would be unstable
// or late, so there the substep is cut into RK4 steps of 0.1 C / (g_L e^x), over which x grows by
// about 0.1, up to V_peak; the crossing is thus located to a tiny fraction of the step (about
// 1e-11 ms at V_peak = 0 mV), the neuron is reset there (V <- V_r, w <- w + b) and the rest of the
// substep integrated from V_r. The exponential's argument is also capped at its V_peak value, so
// that no stage can overflow. With t_ref > 0, V is held at V_r (w relaxing exactly towards
// a (V_r - E_L)) from the crossing to the end of its substep and then for round(t_ref / h_s)
// substeps: the refractory period ends on the substep grid. The spike is stamped (k+1) h like
// every grid model; a second spike in the same step (an ISI < h) is reported once.
// Accuracy, measured against a fine-step reference (tests/unit/test_adex_neuron.cpp, h = 0.1 ms):
// with 1 substep V is within 3e-6 mV below V_T and w within 5e-6 pA over 1 s of input spikes, and
// every spike of the Naud et al. (2008) firing patterns falls in the reference's grid step.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <balnet/spiking/exp_synapse_neuron.hpp>

namespace balnet {

class rng_stream;

/// Conductance (g in nS, reversal potentials) or current (g in pA) synapses.
enum class adex_synapse : std::uint8_t { conductance, current };

std::string to_string(adex_synapse s);

/// The parameters of one AdEx population. Neuron defaults: Brette & Gerstner (2005), Table 1;
/// V_peak = 0 mV (NEST's aeif default); synapses: the COBA benchmark's tau and reversals (§2.3).
struct adex_params {
    double c_m = 281.0;      // [pF] membrane capacitance C
    double g_l = 30.0;       // [nS] leak conductance g_L
    double e_l = -70.6;      // [mV] leak reversal E_L
    double v_t = -50.4;      // [mV] threshold of the exponential V_T
    double delta_t = 2.0;    // [mV] slope factor Delta_T
    double a = 4.0;          // [nS] subthreshold adaptation
    double tau_w = 144.0;    // [ms] adaptation time constant
    double b = 80.5;         // [pA] spike-triggered adaptation
    double v_r = -70.6;      // [mV] reset V_r
    double v_peak = 0.0;     // [mV] spike detection V_peak
    double t_ref = 0.0;      // [ms] V held at V_r after a spike
    double i_e = 0.0;        // [pA] constant input current
    adex_synapse synapse = adex_synapse::conductance;
    double tau_e = 5.0;      // [ms] decay of g_e
    double tau_i = 10.0;     // [ms] decay of g_i
    double e_e = 0.0;        // [mV] excitatory reversal (conductance)
    double e_i = -80.0;      // [mV] inhibitory reversal (conductance)
    std::int32_t substeps = 1;   ///< RK4 substeps per grid step (the upstroke refines itself)
    normal_init v_init{-70.6, 0.0};  ///< V(0) [mV]
    normal_init w_init{};            ///< w(0) [pA]
    normal_init g_e_init{};          ///< g_e(0) [nS or pA]
    normal_init g_i_init{};          ///< g_i(0)
};

/// Checks the parameters of population `prefix` ("populations[0]."); throws config_error naming
/// the field: positive C, g_L, Delta_T, tau's; V_r < V_peak, V_T < V_peak with
/// (V_peak - V_T) / Delta_T <= 500 (the capped exponential stays finite); t_ref >= 0;
/// 1 <= substeps <= 1000; finite a, b, I_e, initial values, sd >= 0; for conductance synapses
/// E_i < V_T < E_e.
void validate_adex(const adex_params& p, const std::string& prefix);

/// Per-population constants of one grid step h.
struct adex_constants {
    /// On the upstroke (h_s g_L e^x / C > upstroke_step, x = (V - V_T) / Delta_T) a substep is
    /// split into RK4 steps over which x grows by about upstroke_step.
    static constexpr double upstroke_step = 0.1;
    adex_synapse synapse = adex_synapse::conductance;
    std::int32_t substeps = 1;
    std::int32_t n_ref = 0;     ///< refractory substeps: round(t_ref / h_s)
    double h_s = 0.0;           ///< substep [ms]
    double inv_c = 0.0;         ///< 1 / C
    double g_l = 0.0, e_l = 0.0, v_t = 0.0, delta_t = 0.0, inv_delta_t = 0.0;
    double x_cap = 0.0;         ///< (V_peak - V_T) / Delta_T: the exponential's largest argument
    double x_upstroke = 0.0;    ///< x above which a substep is on the upstroke
    double a = 0.0, inv_tau_w = 0.0, b = 0.0, v_r = 0.0, v_peak = 0.0, i_e = 0.0;
    double e_e = 0.0, e_i = 0.0;
    double inv_tau_e = 0.0, inv_tau_i = 0.0;
    double half_e = 0.0, half_i = 0.0;    ///< e^{-h_s / (2 tau)}: g at a substep's midpoint
    double decay_e = 0.0, decay_i = 0.0;  ///< e^{-h / tau}: g over the whole step
    double w_ref_decay = 0.0;   ///< e^{-h_s / tau_w}: w over a refractory substep
    double w_ref_target = 0.0;  ///< a (V_r - E_L): where w relaxes while V is held

    static adex_constants make(const adex_params& p, double h);
};

/// The state of the neurons one step updates (local index order, equal lengths); r counts the
/// refractory substeps left.
struct adex_state {
    std::span<double> v, w, g_e, g_i;
    std::span<std::int32_t> r;
};

/// One step of neurons [begin, end) whose increments are already in g_e, g_i; appends the local
/// indices of the neurons that spiked, in ascending order, to `spiked`. Allocates nothing but
/// what `spiked` grows by.
void adex_step(const adex_constants& c, adex_state s, std::size_t begin, std::size_t end,
               std::vector<std::size_t>& spiked);

/// V(0), w(0), g_e(0), g_i(0) of one neuron from its initial-state stream, in that order.
void draw_adex_initial_state(const adex_params& p, rng_stream& rng, double& v, double& w, double& g_e,
                             double& g_i);

/// The AdEx model as the engine's policy: its types, the names of its state vectors (the
/// checkpoint's, in adex_state's order) and the bytes of state per neuron.
struct adex_neuron {
    using params = adex_params;
    using constants = adex_constants;
    using state = adex_state;
    static constexpr std::array<std::string_view, 5> state_names{"v", "w", "g_e", "g_i", "r"};
    static constexpr std::size_t bytes_per_neuron = 4 * sizeof(double) + sizeof(std::int32_t);

    static void validate(const params& p, const std::string& prefix) { validate_adex(p, prefix); }
    static constants make(const params& p, double h) { return adex_constants::make(p, h); }
    static void step(const constants& c, state s, std::size_t begin, std::size_t end,
                     std::vector<std::size_t>& spiked) {
        adex_step(c, s, begin, end, spiked);
    }
    static void draw_initial(const params& p, rng_stream& rng, double& v, double& w, double& g_e, double& g_i) {
        draw_adex_initial_state(p, rng, v, w, g_e, g_i);
    }
};

}  // namespace balnet
