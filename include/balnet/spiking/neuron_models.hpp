// SPDX-License-Identifier: BSD-3-Clause
// The neuron models of the LIF engine as policies (docs/models.md §2.3.4). The engine owns the
// topology (synapses, delay rings, exchange, delivery order); a model owns what happens inside a
// neuron in one grid step. A model M is one small unit:
//   M::constants                  per-population constants derived from the parameters and dt
//   M::make(params, model, dt)    -> constants
//   M::channels                   delay rings its synaptic input needs: 1 (the row is added to
//                                 v, delta) or 2 (excitatory sources -> the first, inhibitory
//                                 -> the second: increments of g_e and g_i)
//   M::state_names                the per-neuron real state beside v and r, checkpointed by name
//   M::bytes_per_neuron           that state's bytes (memory estimate)
//   M::step(constants, neuron_state, neuron_input, begin, end, spiked)
//                                 one step of local neurons [begin, end) of one population:
//                                 consumes (and zeroes) its ring rows, draws the keyed external
//                                 Poisson input, appends the local indices that spiked, ascending.
// The engine keeps one neuron_constants (a variant over the models) per population and visits
// it once per population and step, so the dispatch costs nothing per neuron. Populations of one
// network may have different models (docs/models.md §2.3.4): the engine then keeps as many rings
// as the model with the most channels needs (network_channels), a one-channel model reads the
// sum row_e[i] + row_i[i] of both (in that order), and the named state is the union of the
// models' names (network_state_names; every model's names are a prefix of it, so a model reads
// its vectors by position), zero and untouched in the populations whose model lacks a name. A new model is its
// unit (a header and a source file), a neuron_model value, one alternative in neuron_constants, a
// neuron_policy_of specialisation and one case in each of make_neuron_constants, neuron_channels,
// neuron_state_names and neuron_bytes_per_neuron; state, checkpoint and delivery follow from its
// names and channels (a model with g_e, g_i first gets the exp initial state draw).
//
// External drive: delta adds J_ext n_ext to v (docs/models.md §2.2.3); cuba and coba add
// ext_weight n_ext to g_e (ext2_weight n_ext2 to g_i): a Poisson spike acts like a recurrent
// spike of an excitatory (inhibitory) source. Constant drive mu_dc: delta and cuba add
// mu_dc (1 - e^{-h/tau_m}) per integrating step (the exact response to R I_e = mu_dc), coba adds
// h mu_dc / tau_m (its forward Euler step).
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/spiking/exp_synapse_neuron.hpp>
#include <balnet/spiking/lif_params.hpp>
#include <balnet/spiking/poisson_drive.hpp>

namespace balnet {

/// Per-population propagators and constants of the delta model, derived from the parameters and dt.
struct lif_constants {
    double p33 = 0.0;      ///< exp(-h / tau_m)
    double dc_step = 0.0;  // [mV] mu_dc (1 - P33), added every integrating step
    double theta = 0.0;    // [mV]
    double v_reset = 0.0;  // [mV]
    std::int32_t n_ref = 0;  ///< round(t_ref / h)
    double ext_weight = 0.0;  // [mV]
};

lif_constants make_lif_constants(const lif_population_params& p, double dt);

/// A population's external Poisson input as a step draws it: in step k neuron gid gets
/// jump[drive.count(seed, gid + key_offset, k)] when drive.lambda() > 0, else nothing;
/// jump[n] = J n. Keyed by ids only, so an observer can redraw it bitwise.
struct lif_external_input {
    const poisson_drive* drive = nullptr;
    std::span<const double> jump;
    gid_type key_offset = 0;
};

/// What one step of one population reads: this step's ring rows (local index order; the step
/// zeroes the entries it consumes) and the two keyed external drives.
struct neuron_input {
    std::span<double> row_e;  ///< channel 0: delta's voltage jumps, or the g_e increments
    /// channel 1: the g_i increments (empty when the network has one channel; a one-channel
    /// model of a two-channel network adds it to row_e: inhibitory sources deliver here)
    std::span<double> row_i;
    std::array<lif_external_input, 2> external{};
    seed_type noise_seed = 0;
    gid_type first_gid = 0;  ///< gid of local index 0
    step_type step = 0;
};

/// The owned neurons' state (local index order): v, r and the model's named vectors.
struct neuron_state {
    std::span<double> v;
    std::span<std::int32_t> r;
    std::span<std::vector<double>> named;  ///< in the order of M::state_names
};

/// Current-based LIF with delta synapses (NEST iaf_psc_delta, docs/models.md §2.2.3).
struct delta_neuron {
    using constants = lif_constants;
    static constexpr std::size_t channels = 1;
    static constexpr std::array<std::string_view, 0> state_names{};
    static constexpr double bytes_per_neuron = 0.0;
    static constants make(const lif_population_params& p, neuron_model, double dt) { return make_lif_constants(p, dt); }
    static void step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                     std::size_t end, std::vector<std::size_t>& spiked);
};

/// LIF with exponential current (cuba) or conductance (coba) synapses (exp_synapse_neuron.hpp).
struct exp_neuron {
    using constants = exp_synapse_constants;  // dc_step: see the header comment
    static constexpr std::size_t channels = 2;
    static constexpr std::array<std::string_view, 2> state_names{"g_e", "g_i"};
    static constexpr double bytes_per_neuron = 16.0;
    static constants make(const lif_population_params& p, neuron_model m, double dt);
    static void step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                     std::size_t end, std::vector<std::size_t>& spiked);
};

/// The synaptic part shared by two-channel models: this step's ring rows (consumed, zeroed) and
/// the two external drives join g_e and g_i of neurons [begin, end) (exp_neuron::step's first
/// half; a new conductance- or current-synapse model, e.g. AdEx, starts its step with it).
void join_synaptic_input(std::span<double> g_e, std::span<double> g_i, const neuron_input& in, std::size_t begin,
                         std::size_t end);

/// The adaptive exponential integrate-and-fire neuron (spiking/adex_neuron.hpp) with conductance
/// or current synapses: the synaptic input joins g_e, g_i as for exp_neuron, then adex_step.
/// Its r counts refractory substeps.
struct adex_model {
    using constants = adex_constants;
    static constexpr std::size_t channels = 2;
    static constexpr std::array<std::string_view, 3> state_names{"g_e", "g_i", "w"};
    static constexpr double bytes_per_neuron = 24.0;
    static constants make(const lif_population_params& p, neuron_model, double dt) { return adex_neuron::make(p.adex, dt); }
    static void step(const constants& c, const neuron_state& s, const neuron_input& in, std::size_t begin,
                     std::size_t end, std::vector<std::size_t>& spiked);
};

/// One population's constants, whichever its model (one alternative per model; distinct types).
using neuron_constants = std::variant<delta_neuron::constants, exp_neuron::constants, adex_model::constants>;

/// The policy whose constants are C (the engine's dispatch: one specialisation per model).
template <typename C>
struct neuron_policy_of;
template <>
struct neuron_policy_of<delta_neuron::constants> {
    using type = delta_neuron;
};
template <>
struct neuron_policy_of<exp_neuron::constants> {
    using type = exp_neuron;
};
template <>
struct neuron_policy_of<adex_model::constants> {
    using type = adex_model;
};

neuron_constants make_neuron_constants(neuron_model m, const lif_population_params& p, double dt);
/// The channels and the named state of model m (as its policy says).
std::size_t neuron_channels(neuron_model m);
std::vector<std::string_view> neuron_state_names(neuron_model m);
double neuron_bytes_per_neuron(neuron_model m);
/// The delay rings of a network: the most any of its populations' models needs.
std::size_t network_channels(const lif_network_params& net);
/// The named state of a network's engine: the union of its models' names, the longest model's
/// list (internal_error unless every other model's list is a prefix of it).
std::vector<std::string_view> network_state_names(const lif_network_params& net);

}  // namespace balnet
