// SPDX-License-Identifier: BSD-3-Clause
// `balnet run` and `balnet mft` for LIF configurations (run.model = lif): the mapping from the
// [lif] keys to Brunel's model A, to the general two-population E/I network (lif.network =
// general: Brunel's model B and any other, docs/models.md §2.2.4) or to the feed-forward check
// (§2.2.2, §2.2.7), its diffusion mean field (§2.2.6: one unknown for model A, the
// two-population Siegert fixed point for general networks), and the run driver that writes
// spikes, traces and the §2.5 observables into the run's HDF5 file. The mappings are pure and
// identical on every rank; run_lif and mft_lif are collective.
#pragma once
#include <string>

#include <balnet/models/rate_run.hpp>  // run_options, run_interrupted
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/meanfield/siegert.hpp>
#include <balnet/spiking/lif_params.hpp>

namespace balnet {

/// Steps per advance() of a LIF run: observers are fed, the stop flag is looked at and
/// checkpoints and flushes fall on chunk ends.
inline constexpr step_type lif_run_chunk = 100;

/// Model A with the [lif] keys (seed from run.seed).
brunel_model_a lif_model_a_from_config(const config& cfg);

/// True for lif.network = general or file: the P-population Siegert solve of the built network
/// (delta neurons, recurrent mode) rather than model A's one-unknown scan.
bool lif_general_network(const config& cfg);

/// Model A as one self-consistent unknown for siegert_scan_fixed_points (E and I identical).
siegert_network lif_siegert_network(const brunel_model_a& m);

/// Any delta-synapse network as the diffusion approximation sees it (docs/models.md §2.2.6): one
/// Siegert population per population (tau_m, t_ref, theta, v_reset), K_ab and J_ab per
/// projection, the external Poisson drives as inputs; delays do not enter. For siegert_solve.
/// meanfield_error for cuba/coba, Bernoulli or drawn-weight projections, or a constant drive.
siegert_network lif_siegert_network(const lif_network_params& net);

/// The feed-forward input rate nu_in [Hz]: lif.ff_rate, or the Siegert self-consistent rate of
/// model A (the lowest stable fixed point) when it is -1.
double lif_feedforward_rate(const config& cfg);

/// The network the engine runs: model A or the general network (lif.mode = network; both built
/// by one function, so that a general config with every key at its default is model A bit for
/// bit), or model A's neurons without recurrent synapses and with Poisson input
/// C_ext nu_ext + C_E nu_in (weight J) and C_I nu_in (weight -g J) (lif.mode = feedforward).
/// Throws config_error on invalid values.
lif_network_params lif_params_from_config(const config& cfg);

/// Runs the configured LIF network and writes output.file; returns its path. Collective.
/// Checkpoints to checkpoint.file every checkpoint.every ms (0: only on a stop signal);
/// opts.resume continues from it when it exists. Throws run_interrupted (exit 75) after the
/// checkpoint when SIGTERM or SIGUSR1 arrived.
std::string run_lif(const config& cfg, const context& ctx, const run_options& opts);

/// `balnet mft` for a LIF config: the Siegert fixed points printed on rank 0 (model A: every
/// root of the one-unknown scan; general: the two-population fixed point, nu_E and nu_I);
/// returns 0.
int mft_lif(const config& cfg, const context& ctx);

}  // namespace balnet
