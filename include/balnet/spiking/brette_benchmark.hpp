// SPDX-License-Identifier: BSD-3-Clause
// The Vogels–Abbott / Brette et al. (2007) benchmark networks (docs/models.md §2.3): CUBA (benchmark
// 2, exponential currents) and COBA (benchmark 1, exponential conductances). N_E excitatory and
// N_I inhibitory LIF neurons with identical parameters, every ordered pair connected
// independently with probability p (autapses allowed as in Brian), one-step transmission (a
// spike detected in step k acts from step k + 1), no external input: the activity is
// self-sustained from the random initial state. A value type: cuba() and coba() hold the
// published parameters; network() maps them onto lif_network_params for the LIF engine.
// Units: ms, mV; CUBA weights in mV, COBA weights and conductances in units of g_L = 10 nS.
#pragma once
#include <cstdint>

#include <balnet/spiking/lif_params.hpp>

namespace balnet {

struct brette_benchmark {
    neuron_model model = neuron_model::cuba;  ///< cuba or coba
    std::uint64_t n_e = 3200;
    std::uint64_t n_i = 800;
    double p = 0.02;          ///< connection probability of every ordered pair
    bool autapses = true;
    double dt = 0.1;          // [ms]
    double tau_m = 20.0;      // [ms]
    double tau_e = 5.0;       // [ms]
    double tau_i = 10.0;      // [ms]
    double theta = -50.0;     // [mV]
    double v_reset = -60.0;   // [mV]
    double t_ref = 5.0;       // [ms] V clamped, g's keep evolving
    double e_l = -49.0;       // [mV] CUBA -49 (above threshold: spontaneous firing), COBA -60
    double e_e = 0.0;         // [mV] COBA
    double e_i = -80.0;       // [mV] COBA
    double w_e = 1.62;        // CUBA +1.62 mV = 60 * 0.27 / 10; COBA 0.6 (6 nS)
    double w_i = -9.0;        // CUBA -9 mV = -20 * 4.5 / 10; COBA 6.7 (67 nS)
    /// COBA: v(0) ~ N(-65, 5^2), g_e(0) ~ N(4, 1.5^2), g_i(0) ~ N(20, 12^2) (Brette's script);
    /// CUBA: v(0) ~ U(V_r, theta), g(0) = 0.
    normal_init v_init{-65.0, 5.0};
    normal_init g_e_init{4.0, 1.5};
    normal_init g_i_init{20.0, 12.0};
    seed_type seed = 1;

    static brette_benchmark cuba();
    static brette_benchmark coba();
    lif_network_params network() const;  ///< validated; throws config_error
};

}  // namespace balnet
