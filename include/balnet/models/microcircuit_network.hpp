// SPDX-License-Identifier: BSD-3-Clause
// The Potjans & Diesmann (2014) microcircuit table (network/microcircuit.hpp) as the LIF engine's
// network: 8 populations of exponential-current ("cuba") neurons, absolute potentials (E_L, V_th,
// V_reset of the table), V(0) ~ N(v0_mean, v0_sd^2) per population; the background as one Poisson
// input of rate K_ext nu_ext whose spikes raise g_e by J_ext tau_m / C_m, the DC compensation of a
// down-scaled table as mu_dc = R I_dc; one fixed_total_number projection per non-zero table entry
// (multapses, no autapses), weights J tau_m / C_m [mV] drawn from the normal law clipped at zero
// with the sign kept (relative sd 0.1; NEST redraws a weight of the wrong sign instead — with a
// relative sd of 0.1 that has probability ~1e-23 per synapse), delays normal (relative sd 0.5)
// redrawn below dt (delay_law::truncated_normal; NEST's example redraws below dt/2 and rounds,
// which also gives one step to the draws in [dt/2, dt): 0.2 % of the excitatory delays). The
// background's delay does not enter (a stationary Poisson train).
#pragma once
#include <balnet/core/types.hpp>
#include <balnet/network/microcircuit.hpp>
#include <balnet/spiking/lif_params.hpp>

namespace balnet {

/// The engine's network of table `m` on grid dt [ms], connectivity keyed by `seed`.
lif_network_params microcircuit_network(const microcircuit& m, double dt, seed_type seed);

}  // namespace balnet
