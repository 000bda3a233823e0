// SPDX-License-Identifier: BSD-3-Clause
// The LIF engine: current-based LIF neurons with delta synapses (docs/models.md §2.2) over the
// neurons one rank owns, integrated exactly on the grid (NEST iaf_psc_delta):
//     x = B[k] + J_ext n_ext(gid, k) + mu_dc (1 - P33)
//     r == 0 ? V = P33 V + x : r -= 1          (input during refractoriness is discarded)
//     V >= theta -> spike stamped (k+1) h, V = V_r, r = n_ref, targets get J in step k + d
//
// Neuron models (lif_population_params::model, one per population) are policies
// (neuron_models.hpp): the engine keeps one neuron_constants per population and calls its model's
// step for the owned neurons of that population; the models' named state (cuba/coba: g_e, g_i;
// the union over the populations' models) lives here as vectors of all owned neurons, and a
// network with a two-channel model gets a second delay ring (the first then holds the input from
// excitatory sources, the second that from inhibitory ones; a delta population of such a network
// reads the sum of both, docs/models.md §2.3.4). Synapses, exchange, delivery order and views
// are the same for every model.
//
// Time loop: advance(n) runs intervals of at most min-delay steps; after each interval the
// spikes of every rank are exchanged (spike_exchange) and delivered in (step, gid) order into
// the delay ring through the source-indexed synapse_index. Because every random number is keyed
// by ids and the delivery order is canonical, the spike trains, and every membrane potential,
// are bitwise the same for any rank count and any split of advance() calls.
// advance() is collective when the exchange is distributed: every rank calls it with the same n.
//
// Checkpoints: between advance() calls every spike has been exchanged and delivered, so V, the
// refractory counters, the delay ring(s) and the step counter are the whole dynamical state
// (the Poisson drive is keyed by (seed, gid, step): no RNG state). state() exports it for the
// owned neurons, restore() puts it into an engine built from the same parameters and partition;
// the continuation is then bitwise the uninterrupted one. checkpoint_state() exports the same by
// gid (the rings as one item of n_slots values per neuron) and the event count as its sum over
// ranks, so that an engine of any partition restores from it.
//
// Observers that need more than V and the spikes (the E/I input of analysis/lif_input_split.hpp)
// recompute it from read-only views — the interval hook, synapses(), external_inputs() — so the
// engine's step and delivery loops and its checkpoint carry nothing of theirs.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include <balnet/core/named_state.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/spiking/delay_ring.hpp>
#include <balnet/spiking/lif_params.hpp>
#include <balnet/spiking/neuron_models.hpp>
#include <balnet/spiking/poisson_drive.hpp>
#include <balnet/spiking/spike.hpp>
#include <balnet/spiking/spike_exchange.hpp>
#include <balnet/spiking/synapse_index.hpp>

namespace balnet {

/// The dynamical state of one rank's engine between advance() calls (see the header comment).
/// Ring rows are in step order from `steps` on (row k holds the input of step steps + k), so the
/// layout does not depend on where the ring's slot index stood.
struct lif_engine_state {
    step_type steps = 0;
    std::uint64_t events = 0;        ///< n_events_delivered()
    std::vector<double> v;           ///< owned neurons, local order
    std::vector<std::int32_t> refractory;
    std::vector<double> ring;        ///< [row][neuron]
    std::vector<std::vector<double>> named;  ///< the model's state (state_names()); delta: none
    std::vector<double> ring_i;      ///< two-channel models: the second ring, rows as `ring`
};

class lif_engine {
public:
    /// Validates `net` (config_error), draws the local synapses and the initial state.
    /// `part` must be a partition of net.size(); a single-process exchange needs a 1-rank one.
    lif_engine(lif_network_params net, const partition& part, spike_exchange exchange = {});

    /// Advances by n_steps (collective when distributed).
    void advance(step_type n_steps);
    /// Starts trial `trial` (run.trials) of the same network at step 0: the state of a new
    /// engine whose params have that trial, without drawing the synapses again. Hooks and
    /// probes are kept. internal_error while spikes are not yet taken.
    void restart(std::uint64_t trial);

    step_type now() const noexcept { return now_; }  ///< steps done so far
    double dt() const noexcept { return net_.dt; }
    const lif_network_params& params() const noexcept { return net_; }
    const partition& part() const noexcept { return part_; }
    const synapse_index& synapses() const noexcept { return syn_; }
    step_type interval() const noexcept { return interval_; }  ///< steps between exchanges

    /// Membrane potentials and refractory counters of the owned neurons (local index order).
    std::span<const double> v() const noexcept { return v_; }
    std::span<const std::int32_t> refractory() const noexcept { return r_; }
    /// The model's named state of the owned neurons (cuba/coba: g_e, g_i), and a view by name
    /// (empty when the model has no such vector).
    const std::vector<std::string_view>& state_names() const noexcept { return state_names_; }
    std::span<const double> state(std::string_view name) const noexcept;
    /// cuba/coba: the synaptic variables of the owned neurons (empty for delta).
    std::span<const double> g_e() const noexcept { return state("g_e"); }
    std::span<const double> g_i() const noexcept { return state("g_i"); }

    /// The owned neurons' spikes since the last take_spikes(), in (step, gid) order.
    const std::vector<spike>& spikes() const noexcept { return recorded_; }
    std::vector<spike> take_spikes();

    /// Called after every step with (the step just completed, V of all owned neurons).
    void set_voltage_probe(std::function<void(step_type, std::span<const double>)> probe) {
        probe_ = std::move(probe);
    }

    /// Called once per exchange interval of advance(), after its delivery, with the steps just
    /// done [first, last) and the spikes of every rank exchanged at its end in delivery order
    /// (without projections: once per advance(), no spikes). Why this and not a per-step probe: an observer that needs
    /// the synaptic input (the E/I split of analysis/lif_input_split.hpp) replays the delivery
    /// from these spikes and synapses() and redraws the keyed external input
    /// (external_inputs()), so the engine's loops pay one call per interval and nothing per
    /// step or synapse, and the observer's buffers are its own (and its checkpoint's).
    using interval_hook = std::function<void(step_type first, step_type last, std::span<const spike> arrived)>;
    void set_interval_hook(interval_hook hook) { interval_hook_ = std::move(hook); }
    /// The two external inputs of `population` (ext_* then ext2_*); delta neurons only use them.
    /// Views of the drives and jump tables rather than draws: an observer redraws the neurons it
    /// follows, not all the owned ones.
    std::array<lif_external_input, 2> external_inputs(std::size_t population) const;

    /// Perturbations (docs/models.md §2.5.13): adds dv [mV] to the potential of `gid` if this rank
    /// owns it; between advance() calls, so the kick falls between two steps.
    void kick(gid_type gid, double dv);
    /// Called on every rank after each exchange, before the delivery, with the step reached and
    /// the exchanged spikes of every rank in (step, gid) order, which it may change (add a spike,
    /// hold one back for a later exchange); it must keep that order, change every rank's list
    /// alike, and add only spikes stamped in (now - interval(), now] (deliverable in time). The
    /// run's report keeps the spikes as the neurons fired them. Unset: nothing is called.
    using arrival_filter = std::function<void(step_type now, std::vector<spike>& arrived)>;
    void set_arrival_filter(arrival_filter filter) { arrival_filter_ = std::move(filter); }

    std::uint64_t n_events_delivered() const noexcept { return events_; }  ///< local synaptic events
    const lif_constants& constants(std::size_t population) const { return c_[population]; }
    /// Bytes of synapse storage per local synapse (synapse_index::bytes_per_synapse).
    double bytes_per_synapse() const noexcept { return syn_.bytes_per_synapse(); }
    std::uint64_t n_local_synapses() const noexcept { return syn_.n_synapses(); }
    std::uint64_t synapse_bytes() const noexcept { return syn_.bytes(); }
    /// Seconds spent in the spike exchange so far (part of advance(); for --profile).
    double exchange_seconds() const noexcept { return exchange_seconds_; }
    std::uint64_t state_bytes() const noexcept;  ///< V, r and the delay ring

    /// The state to checkpoint. Throws internal_error while spikes are not yet taken
    /// (take_spikes()): they belong to the caller's record, not to the engine's state.
    lif_engine_state state() const;
    /// Continues from `s` (exported by an engine of the same parameters and partition;
    /// internal_error otherwise).
    void restore(const lif_engine_state& s);
    /// The same state as named vectors for the generic checkpoint (v, refractory, ring, g_e, g_i,
    /// ring_i, events), and back; the step count travels beside it.
    named_state checkpoint_state() const;
    void restore(const named_state& s, step_type steps);

private:
    void initialise();
    void draw_initial_state();
    void step();
    bool two_channels() const noexcept { return channels_ == 2; }
    void deliver(const std::vector<spike>& spikes);

    static constexpr gid_type ext2_gid_offset = gid_type{1} << 48;  // key of the second drive

    struct local_population {
        std::size_t index = 0;
        std::size_t lid_begin = 0;
        std::size_t lid_end = 0;
    };

    lif_network_params net_;
    partition part_;
    spike_exchange exchange_;
    double exchange_seconds_ = 0.0;
    synapse_index syn_;
    std::vector<lif_constants> c_;
    std::vector<poisson_drive> drive_;
    std::vector<std::vector<double>> ext_jump_;  // [population][n] = J_ext * n (no int->double)
    std::vector<poisson_drive> drive2_;           // the second external input (ext2_*)
    std::vector<std::vector<double>> ext2_jump_;
    std::vector<local_population> local_pops_;
    delay_ring ring_;
    std::vector<double> v_;
    std::vector<std::int32_t> r_;
    std::vector<neuron_constants> model_c_;   // per population: the model's constants
    std::size_t channels_ = 1;                // delay rings the model reads
    std::vector<std::string_view> state_names_;
    std::vector<std::vector<double>> named_;  // the model's state, in state_names_ order
    delay_ring ring_i_{1, 0};                 // two channels: g_i increments (ring_ holds g_e's)
    std::vector<std::size_t> spiked_;         // scratch of step()
    std::vector<spike> pending_;   // this interval's local spikes
    std::vector<spike> recorded_;  // since the last take_spikes()
    std::function<void(step_type, std::span<const double>)> probe_;
    interval_hook interval_hook_;
    arrival_filter arrival_filter_;
    step_type interval_ = 1;
    step_type now_ = 0;
    std::uint64_t events_ = 0;
};

}  // namespace balnet
