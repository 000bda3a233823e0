// SPDX-License-Identifier: BSD-3-Clause
// lif.network = microcircuit (Potjans & Diesmann 2014, network/microcircuit.hpp): the table the
// [lif] keys select (lif.scale, lif.k_scale), its diffusion approximation (one Siegert
// population per population, exponential-current synapses with the Fourcaud-Brunel shift,
// docs/models.md 2.7), and `balnet mft`, which prints and writes the
// 8-population fixed point.
//
// HDF5 layout (meanfield.file): /meanfield attrs model = "lif_microcircuit", method,
// assumptions, residual (Hz), stable, neuron_scale, indegree_scale;
// /meanfield/populations (strings), rate (Hz), mu (mV), sigma (mV), cv (1), dc (pA),
// indegree (1: recurrent in-degree summed over the sources).
#pragma once
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/meanfield/siegert.hpp>
#include <balnet/models/run_phase.hpp>
#include <balnet/network/microcircuit.hpp>

namespace balnet {

/// True for lif.network = microcircuit.
bool lif_microcircuit_network(const config& cfg);

/// The full-scale table scaled by lif.scale and lif.k_scale (config_error for bad factors).
microcircuit microcircuit_from_config(const config& cfg);

/// The diffusion approximation of the microcircuit: v relative to E_L (theta = V_th - E_L,
/// v_reset = V_reset - E_L), in-degrees synapses/N, each PSC as its delta-equivalent jump
/// J tau_syn / C_m, the background as K_ext nu_ext spikes/s of jump J_ext tau_syn / C_m, the DC
/// as R I_dc, and tau_s = tau_syn for the colored-noise shift. Delays and the weight spread do
/// not enter (the spread would add (0.1 J)^2 to each J^2: 1 % of sigma^2, neglected as NNMT does).
siegert_network microcircuit_siegert_network(const microcircuit& m);

/// `balnet mft` for lif.network = microcircuit: the fixed point (relaxation + Newton), printed on
/// rank 0 and written to meanfield.file when given (collective from there; sets `phase`).
int mft_microcircuit_command(const config& cfg, const context& ctx, const std::string& command_line,
                             run_phase& phase);

}  // namespace balnet
