// SPDX-License-Identifier: BSD-3-Clause
// Peak memory of a run, estimated before anything is allocated, and the check that refuses a run
// that will not fit. A run has two candidate peaks: the network build, where the drawn rows and
// the product's copy coexist (rate) or the synapse index is filled with its cursors beside it
// (LIF), and the simulation with its output, where the connectivity is held beside the analysis
// accumulators and the recorded spikes. The estimate is the larger one plus what is always there;
// the constants are the code's own storage sizes, the fixed part was measured (see the .cpp).
// Spikes are the one term that depends on the dynamics: LIF sizes it from the Siegert rate (delta
// neurons) or an assumed rate (cuba/coba), SCN from the greedy rule's bound of S_max spikes per
// step; describe prints the rate it assumed. `balnet describe` prints the estimate per rank;
// tests/regression/check_memory_estimate.py holds it within 10 % of the measured peak (VmHWM)
// on several sizes of each model.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/io/config.hpp>
#include <balnet/rate/rate_model.hpp>
#include <balnet/spiking/lif_params.hpp>
#include <balnet/spiking/scn_params.hpp>

namespace balnet {

/// Terms of one rank's peak, in bytes.
struct memory_estimate {
    double synapses = 0;  ///< expected synapses in this rank's rows (SCN: decoder entries)
    double build = 0;     ///< coupling storage while the network is built (rows + copy)
    double held = 0;      ///< coupling storage held while simulating
    double analysis = 0;  ///< ACF accumulators of the recorded units
    double state = 0;     ///< per-unit vectors, ghosts
    double fixed = 0;     ///< libraries (MPI, PETSc, HDF5) and the process itself
    double spikes = 0;    ///< LIF, SCN: one flush interval of spikes, gathered and sorted for output
    double total() const noexcept { return fixed + state + std::max(build, held + analysis + spikes); }
};

/// Estimate for this rank of a rate run. Pure (no collective).
memory_estimate rate_memory_estimate(const rate_model& m, const partition& part, int rank);
inline double rate_peak_bytes(const rate_model& m, const partition& part, int rank) {
    return rate_memory_estimate(m, part, rank).total();
}

/// What a LIF run holds besides its network: the run's length, the observers' settings (the
/// [lif_analysis] and [lif_output] keys) and the rate its spike record is sized for.
struct lif_run_shape {
    step_type steps = 0;    ///< lif.T
    step_type window = 0;   ///< analysed steps, lif.T - lif.warmup
    step_type fano_bin = 1, rate_bin = 1, trace_every = 1;  // [steps]
    std::uint64_t n_record = 0, n_pairs = 0, v_traces = 0;
    step_type held_steps = 1;  ///< steps of spikes held between flushes (output.flush_interval, whole chunks)
    double generic_bytes = 0;  ///< the observers of every spiking run (analysis/observer_set)
    double trial_bytes_per_neuron = 0;  ///< run.trials > 1: the counts across trials (trial_counts)
    double trial_bytes = 0;             ///< run.trials > 1: their gathered per-neuron results
    double perturbation_spikes = 0;     ///< [perturbation]: whole-run spike lists held per neuron per Hz
    double perturbation_bytes = 0;      ///< [perturbation]: the divergence sums of every bin
    bool current_traces = false;  ///< lif_output.current_traces: E and I input next to each V sample
    double rate_hz = 0;     ///< expected mean rate of all neurons
    std::string rate_source;  ///< where rate_hz comes from (printed by describe)
};

/// The shape of the configured LIF run. Delta neurons: the rate is the Siegert prediction the run
/// itself writes (model A's lowest stable fixed point, the transfer function at the
/// feed-forward input rate, or the general network's nu_E, nu_I weighted by N_E, N_I);
/// cuba/coba: an assumed 20 Hz (Brette's benchmarks run at 6 and 19 Hz, reference case A7). Pure.
lif_run_shape lif_run_shape_from_config(const config& cfg, const lif_network_params& net);

/// Estimate for this rank of a LIF run (delta, cuba or coba): expected synapses of the owned
/// targets (fixed in-degree K or Bernoulli p (N_source - self)), synapse_index's 4 B per target
/// (+ 8 B per drawn weight) and 8 B per (group, source) offset (twice while building: the
/// cursors), the delay ring(s), per-neuron state and observers, the spikes. Pure.
memory_estimate lif_memory_estimate(const lif_network_params& net, const lif_run_shape& shape,
                                    const partition& part, int rank);

/// What an SCN run holds besides the engine's decoder: run length, sampling, observers, spikes.
struct scn_run_shape {
    step_type steps = 0;         ///< scn.T
    step_type sample_every = 1;  ///< scn_output.signal_dt
    bool currents = false;       ///< scn_analysis.currents
    std::uint64_t current_traces = 0;
    step_type held_steps = 1;    ///< steps of spikes held between flushes (output.flush_interval, whole chunks)
    double generic_bytes = 0;    ///< the observers of every spiking run (analysis/observer_set)
    double trial_bytes_per_neuron = 0;  ///< run.trials > 1: the counts across trials (trial_counts)
    double trial_bytes = 0;      ///< run.trials > 1: gathered results, x^ sums over trials (scn_trial_readout)
    double spikes_per_step = 1;  ///< over the whole network (S_max for greedy; assumed 1 otherwise)
    std::string spikes_source;
};

/// The shape of the configured SCN run. Pure.
scn_run_shape scn_run_shape_from_config(const config& cfg, const scn_params& p);

/// Estimate for this rank of an SCN run: the J x N decoder on every rank (three copies when it is
/// given: the run's parameters, the engine's, its decoder), rank 0's row-major copy for the
/// output, per-neuron state and statistics, the sampled signal, the spikes. Pure.
memory_estimate scn_memory_estimate(const scn_params& p, const scn_run_shape& shape,
                                    const partition& part, int rank);

/// Refuses (config_error, exit 2, on every rank) when the ranks of some node together need more
/// than the node's available memory. Does nothing where the available memory is unknown.
/// `remedy` says what to reduce ("reduce lif.n_e or lif.c_e"). Collective.
void require_memory(const context& ctx, double bytes_this_rank,
                    const std::string& remedy = "reduce network.N or network.K, set "
                                                "network.coupling = float or procedural");

/// `balnet run`'s check of each model (model_recipe::require_memory): this rank's estimate of the
/// configured run, refused by require_memory (with the keys to reduce); `balnet run` calls it
/// only when run.memory_check is true. Called while the run is still being validated, so that the refusal, which every rank
/// reaches alike, is reported once with exit 2. Collective.
void require_lif_memory(const config& cfg, const context& ctx);
void require_scn_memory(const config& cfg, const context& ctx);
void require_rate_memory(const config& cfg, const context& ctx);

}  // namespace balnet
