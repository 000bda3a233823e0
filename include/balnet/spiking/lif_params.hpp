// SPDX-License-Identifier: BSD-3-Clause
// User parameters of a current-based LIF network with delta synapses (docs/models.md §2.2): Brunel's
// model A, model B and any E/I network with per-population neuron parameters and per-projection
// weights, in-degrees and delays. A value type, the same on every rank; global ids are assigned
// population by population in order. `validate()` checks every field before anything is built
// (no collective happens before it), and `brunel_model_a` fills in the reference model.
// Each population has its neuron model (`lif_population_params::model`): delta synapses,
// exponential current (cuba) or conductance (coba) synapses, docs/models.md §2.3
// (exp_synapse_neuron.hpp; brette_benchmark.hpp builds those networks), or AdEx (§2.8); any mix
// in one network (§2.3.4: the delay rings and the units of a weight in a mixed network).
// Units: time ms, voltage mV (relative to rest), rates Hz.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <balnet/core/trial_seed.hpp>
#include <balnet/core/types.hpp>
#include <balnet/network/weight_distribution.hpp>
#include <balnet/spiking/adex_neuron.hpp>
#include <balnet/spiking/exp_synapse_neuron.hpp>

namespace balnet {

enum class lif_connectivity_kind {
    fixed_indegree,  ///< exactly K sources per target (with replacement unless multapses = false)
    bernoulli,       ///< each (source, target) pair independently with probability p
    /// exactly `number` synapses in the projection: the per-target counts are multinomial (with
    /// multapses) or multivariate hypergeometric (without), drawn by a keyed binary splitting of
    /// the target range, so any rank draws the counts of its targets alone (docs/models.md §2.2.2)
    fixed_total_number,
    all_to_all,  ///< every candidate source onto every target (autapses as the flag says)
};

std::string to_string(lif_connectivity_kind k);

/// How the delays of a projection are drawn (per synapse, keyed by the target, docs/models.md §2.2.1).
enum class delay_law {
    constant,  ///< D (or, with delay_max > delay, uniform on the grid steps as `uniform`)
    normal,    ///< N(D, delay_sd^2) clipped at dt below, at D + 8 delay_sd above, rounded to the grid
    uniform,   ///< uniform on the grid steps [round(D / dt), round(delay_max / dt)]
    /// N(D, delay_sd^2) redrawn while below dt (NEST's microcircuit example: nest.math.redraw),
    /// clipped at D + 8 delay_sd above, rounded to the grid
    truncated_normal,
};

/// normal or truncated_normal: the laws with delay_sd.
constexpr bool normal_delays(delay_law l) noexcept { return l == delay_law::normal || l == delay_law::truncated_normal; }

std::string to_string(delay_law l);

struct lif_population_params {
    std::string name;
    std::uint64_t size = 0;
    bool excitatory = true;
    /// The population's neuron model: the units of its parameters and of the weights of every
    /// projection onto it (delta: mV jumps; cuba: mV; coba: g_L; adex: nS or pA).
    neuron_model model = neuron_model::delta;
    double tau_m = 20.0;       // [ms] membrane time constant
    double theta = 20.0;       // [mV] threshold (test is V >= theta)
    double v_reset = 10.0;     // [mV] reset, held during the refractory period
    double t_ref = 2.0;        // [ms] absolute refractory period, n_ref = round(t_ref / dt) steps
    double v_init_min = 0.0;   // [mV] V(0) ~ U(v_init_min, v_init_max) (equal bounds: fixed V(0))
    double v_init_max = 20.0;  // [mV]
    double ext_rate = 0.0;     // [Hz] total external Poisson rate C_ext * nu_ext
    double ext_weight = 0.0;   // [mV] voltage jump J_ext per external spike
    double mu_dc = 0.0;        // [mV] constant drive R I_e; adds mu_dc (1 - P33) per step
    /// A second, independent Poisson input (the inhibitory one of the feed-forward mode,
    /// docs/models.md §2.2.7), keyed by (seed, external_noise, gid + 2^48, step).
    double ext2_rate = 0.0;    // [Hz]
    double ext2_weight = 0.0;  // [mV]
    /// Synapses and reversals of the cuba and coba models (docs/models.md §2.3); unused for delta.
    /// There theta, v_reset and V are absolute potentials, and no external drive is allowed.
    exp_synapse_params synapse{};
    /// The neuron of the adex model (its own threshold, reset, refractory period and DC: theta,
    /// v_reset, t_ref, tau_m, mu_dc and the v_init range above do not apply to it).
    adex_params adex{};

    /// Whether the weights onto this population are conductance increments (>= 0): coba, and
    /// adex with conductance synapses.
    bool conductance_synapses() const noexcept;
};

struct lif_projection_params {
    std::size_t source = 0;  ///< source population index
    std::size_t target = 0;  ///< target population index
    lif_connectivity_kind rule = lif_connectivity_kind::fixed_indegree;
    std::uint64_t indegree = 0;  ///< K (fixed_indegree)
    double probability = 0.0;    ///< p (bernoulli)
    std::uint64_t number = 0;    ///< total synapses (fixed_total_number)
    bool multapses = true;       ///< fixed_indegree, fixed_total_number: sources drawn with replacement
    bool autapses = true;        ///< a neuron may be its own source
    double weight = 0.0;         // [mV] signed jump J (ignored when drawn_weights is set)
    /// Per-synapse weights drawn from this distribution (stored per synapse, 8 more bytes each).
    std::optional<weight_distribution> drawn_weights;
    double delay = 1.5;      // [ms] transmission delay D, d = round(D / dt) >= 1 steps
    double delay_max = 0.0;  // [ms] > delay: delays uniform on the grid steps [d, round(delay_max/dt)]
    delay_law delays = delay_law::constant;
    double delay_sd = 0.0;   // [ms] delay_law::normal, truncated_normal
};

/// The normal delay law is truncated at D +- this many delay_sd (the delay ring needs a largest
/// delay; the mass beyond is ~1e-15).
inline constexpr double normal_delay_span = 8.0;

struct lif_network_params {
    std::vector<lif_population_params> populations;
    std::vector<lif_projection_params> projections;
    double dt = 0.1;     // [ms] grid h
    seed_type seed = 0;  ///< keys connectivity, weights and delays (and, trial 0, the noise)
    /// run.trial: the initial state and the external drive are keyed by noise_seed()
    /// (core/trial_seed.hpp), the network by `seed` alone.
    std::uint64_t trial = 0;

    /// Throws config_error naming the first offending field. A projection's weight is in the
    /// units of its target's model: delta a voltage jump [mV]; cuba, coba, adex an increment of
    /// g_e (excitatory source) or g_i (inhibitory source) [mV, g_L, nS or pA], >= 0 where the
    /// target's synapses are conductances. Every adex population has the same synapse kind.
    void validate() const;
    /// Sets the model of every population (the single-model networks: model A, Brette, ...).
    void set_model(neuron_model m) noexcept;
    /// The model of every population when they agree (std::nullopt for a mixed network).
    std::optional<neuron_model> common_model() const noexcept;

    seed_type noise_seed() const noexcept { return trial_seed(seed, trial); }
    std::uint64_t size() const noexcept;                      ///< total neurons
    gid_type offset(std::size_t population) const noexcept;   ///< first gid of a population
    std::size_t population_of(gid_type gid) const noexcept;   ///< gid < size()
    step_type steps(double ms) const noexcept;                ///< round(ms / dt)
    /// The smallest delay step of a projection: d (normal law: max(1, round((D - 8 sd) / dt))).
    step_type delay_steps(const lif_projection_params& p) const noexcept;
    step_type delay_max_steps(const lif_projection_params& p) const noexcept;  ///< the largest, >= d
    /// Candidate sources of a target of projection p (the target itself excluded without
    /// autapses when source and target populations are one).
    std::uint64_t candidates(const lif_projection_params& p) const noexcept;
    step_type min_delay_steps() const noexcept;  ///< over projections; 0 without projections
    step_type max_delay_steps() const noexcept;  ///< over projections; 0 without projections
};

/// The two-population skeleton of an E/I network: populations "E" (excitatory, the first gids)
/// and "I", each a copy of `neuron` with its name, size and sign set, and the four projections
/// in (target, source) order E<-E, E<-I, I<-E, I<-I, each a copy of `from_e` (source E) or
/// `from_i` (source I) with its source and target set (the model is `neuron`'s). dt and seed stay
/// at their defaults for the caller to set; nothing is validated.
lif_network_params ei_network(const lif_population_params& neuron, std::uint64_t n_e, std::uint64_t n_i,
                              const lif_projection_params& from_e, const lif_projection_params& from_i);

/// Brunel (2000) model A: identical E and I neurons, J_E = J, J_I = -g J, fixed in-degrees
/// C_E and C_I, one delay D, external Poisson drive C_ext = C_E trains at nu_ext = eta nu_thr,
/// nu_thr = theta / (J C_E tau_m).
struct brunel_model_a {
    std::uint64_t n_e = 10000;
    std::uint64_t n_i = 2500;
    std::uint64_t c_e = 1000;
    std::uint64_t c_i = 250;
    double j = 0.1;      // [mV]
    double g = 5.0;
    double eta = 2.0;
    double delay = 1.5;  // [ms]
    double dt = 0.1;     // [ms]
    double tau_m = 20.0; // [ms]
    double theta = 20.0; // [mV]
    double v_reset = 10.0;  // [mV]
    double t_ref = 2.0;  // [ms]
    seed_type seed = 1;

    double nu_thr_hz() const noexcept;  ///< theta / (J C_E tau_m), in Hz
    lif_network_params network() const;
};

}  // namespace balnet
