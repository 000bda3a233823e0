// SPDX-License-Identifier: BSD-3-Clause
// The excitatory and inhibitory input of selected LIF neurons, step by step (docs/models.md §2.5
// item 5.8), each selected neuron by its population's model: delta neurons: e(k) = the sum of the
// positive jumps arriving in step k (recurrent and both external drives), i(k) = the sum of the
// |negative| ones, counted whether or not the neuron is refractory; cuba/coba/adex: the g_e and
// |g_i| increments arriving in step k (recurrent, then the first external drive's into g_e and
// the second's into g_i).
//
// Why beside the engine, not in it: the split costs a second delivery and a second ring, which
// the engine's hot loops and checkpoint should not carry (issue 12). It is recomputed from
// lif_engine's read-only views instead: at construction the synapses onto the selected neurons
// are copied out of synapses() (same groups, same per-source order, targets renumbered to the
// selection); at each exchange interval (set_interval_hook) the steps just done are emitted from
// this object's own two delay rings plus the external jumps redrawn from the keyed drives
// (external_inputs(): poisson_drive::count(seed, gid, k) is what step k drew), then the exchanged
// spikes are delivered into the rings — by weight sign (delta) or by source population
// (cuba/coba) — in the engine's order. Every selected neuron's sums so add the same numbers in
// the same order as the engine's ring: e and i are bitwise those of a split inside the engine's
// loops, at a cost in proportion to the selected neurons' synapses only.
// Checkpoints: the rings (rows in step order from the next step to emit) are serialise()'s.
#pragma once
#include <array>
#include <functional>
#include <span>
#include <vector>

#include <balnet/spiking/delay_ring.hpp>
#include <balnet/spiking/lif_engine.hpp>

namespace balnet {

class lif_input_split {
public:
    /// e and i of the selected neurons (selection order) in step k; steps in order from 0.
    using sink = std::function<void(step_type k, std::span<const double> e, std::span<const double> i)>;

    /// `selected`: local indices into eng's owned neurons. Installs eng's interval hook (so build
    /// it before the first advance(); it must outlive eng's advance() calls) and calls `out`
    /// from there, for every step, on every rank, also with no neuron selected.
    lif_input_split(lif_engine& eng, std::vector<std::size_t> selected, sink out);
    lif_input_split(const lif_input_split&) = delete;  // the hook holds `this`
    lif_input_split& operator=(const lif_input_split&) = delete;

    /// Layout: next step, neurons, slots, then the rows of the positive and of the negative ring
    /// for steps next, next + 1, ... (slots rows each). restore() takes it back into an object
    /// built for the same engine and selection (internal_error on another shape), bitwise.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    void on_interval(step_type first, step_type last, std::span<const spike> arrived);
    void emit(step_type k);
    void add_external(step_type k);
    void deliver(std::span<const spike> arrived);

    const lif_engine& eng_;
    std::vector<std::size_t> selected_;
    std::vector<std::size_t> population_;  // of each selected neuron
    std::vector<std::array<lif_external_input, 2>> external_;  // per population
    std::vector<synapse_group> groups_;    // eng's groups restricted to the selection
    std::vector<char> by_sign_;            // per selected neuron: delta: by weight sign; others: by source
    delay_ring pos_, neg_;                 // [step][selected]: positive and -(negative) input
    std::vector<double> e_, i_;
    sink out_;
    step_type next_ = 0;                   // the next step to emit
};

}  // namespace balnet
