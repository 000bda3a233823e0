// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/lif_engine.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>
#include <balnet/core/rng_stream.hpp>


namespace balnet {
namespace {

// Checks run before anything is built (the member initialisers draw the synapses).
const lif_network_params& validated(const lif_network_params& net, const partition& part) {
    net.validate();
    if (part.global_size() != net.size())
        throw config_error("partition size " + std::to_string(part.global_size()) +
                           " differs from the network size " + std::to_string(net.size()));
    return net;
}

}  // namespace

lif_engine::lif_engine(lif_network_params net, const partition& part, spike_exchange exchange)
    : net_(std::move(net)),
      part_(part),
      exchange_(std::move(exchange)),
      syn_(synapse_index::build(validated(net_, part_), part_)),
      ring_(static_cast<std::size_t>(net_.max_delay_steps()) + 1, part_.local_size()) {
    if (exchange_.n_ranks() != part_.n_ranks() || exchange_.rank() != part_.rank())
        throw internal_error("lif_engine: the exchange and the partition disagree on the ranks");
    // Exchange every min delay (the latest a spike can be delivered in time); without
    // recurrent projections there is nothing to exchange.
    interval_ = net_.projections.empty() ? 0 : net_.min_delay_steps();
    initialise();
}

void lif_engine::initialise() {
    for (std::size_t p = 0; p < net_.populations.size(); ++p) {
        const auto& pp = net_.populations[p];
        c_.push_back(make_lif_constants(pp, net_.dt));
        model_c_.push_back(make_neuron_constants(pp.model, pp, net_.dt));
        drive_.emplace_back(pp.ext_rate * net_.dt * 1e-3);  // lambda = rate [Hz] * h [ms]
        auto& jump = ext_jump_.emplace_back(drive_.back().max_count() + 1);
        for (std::size_t n = 0; n < jump.size(); ++n) jump[n] = pp.ext_weight * static_cast<double>(n);
        drive2_.emplace_back(pp.ext2_rate * net_.dt * 1e-3);
        auto& jump2 = ext2_jump_.emplace_back(drive2_.back().max_count() + 1);
        for (std::size_t n = 0; n < jump2.size(); ++n) jump2[n] = pp.ext2_weight * static_cast<double>(n);
        const gid_type first = net_.offset(p);
        const gid_type b = std::max(part_.begin(), first);
        const gid_type e = std::min(part_.end(), first + pp.size);
        if (b < e) local_pops_.push_back({p, b - part_.begin(), e - part_.begin()});
    }
    channels_ = network_channels(net_);
    state_names_ = network_state_names(net_);
    draw_initial_state();
}

// V(0) (and r = 0) from the (noise seed, initial_state, gid) streams: a function of the trial's
// key and the gid alone, so restart() puts the engine where a new one of that trial starts.
// cuba/coba draw v(0), g_e(0), g_i(0) afresh from the same stream (so v(0) does not depend on
// what the delta initialisation drew), each population by its own model; a population whose
// model lacks a named vector of the network keeps it at 0.
void lif_engine::draw_initial_state() {
    v_.resize(part_.local_size());
    r_.assign(part_.local_size(), 0);
    named_.assign(state_names_.size(), std::vector<double>(part_.local_size(), 0.0));
    if (two_channels()) ring_i_ = delay_ring(ring_.n_slots(), part_.local_size());
    for (const auto& lp : local_pops_) {
        const auto& pp = net_.populations[lp.index];
        for (auto i = lp.lid_begin; i < lp.lid_end; ++i) {
            rng_stream rng(net_.noise_seed(), rng_purpose::initial_state, part_.begin() + i);
            v_[i] = pp.v_init_max > pp.v_init_min
                        ? pp.v_init_min + (pp.v_init_max - pp.v_init_min) * rng.uniform()
                        : pp.v_init_min;
            if (pp.model == neuron_model::delta) continue;
            rng_stream fresh(net_.noise_seed(), rng_purpose::initial_state, part_.begin() + i);
            if (pp.model == neuron_model::adex)  // named: g_e, g_i, w (adex_model::state_names)
                draw_adex_initial_state(pp.adex, fresh, v_[i], named_[2][i], named_[0][i], named_[1][i]);
            else
                draw_exp_initial_state(pp.synapse, pp.v_init_min, pp.v_init_max, fresh, v_[i], named_[0][i], named_[1][i]);
        }
    }
}

std::span<const double> lif_engine::state(std::string_view name) const noexcept {
    for (std::size_t k = 0; k < state_names_.size(); ++k)
        if (state_names_[k] == name) return named_[k];
    return {};
}

void lif_engine::restart(std::uint64_t trial) {
    if (!recorded_.empty() || !pending_.empty())
        throw internal_error("lif_engine::restart: spikes not yet taken");
    net_.trial = trial;
    now_ = 0;
    events_ = 0;
    ring_ = delay_ring(ring_.n_slots(), part_.local_size());
    draw_initial_state();
}

void lif_engine::advance(step_type n_steps) {
    while (n_steps > 0) {
        const step_type first = now_;
        const step_type len = interval_ > 0 ? std::min(n_steps, interval_) : n_steps;
        for (step_type s = 0; s < len; ++s) step();
        n_steps -= len;
        recorded_.insert(recorded_.end(), pending_.begin(), pending_.end());
        std::vector<spike> arrived;
        if (interval_ > 0) {
            const auto t0 = std::chrono::steady_clock::now();
            arrived = exchange_.exchange(pending_);
            exchange_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (arrival_filter_) arrival_filter_(now_, arrived);
            deliver(arrived);
        }
        if (interval_hook_) interval_hook_(first, now_, arrived);
        pending_.clear();
    }
}

void lif_engine::kick(gid_type gid, double dv) {
    if (gid >= part_.begin() && gid < part_.end()) v_[gid - part_.begin()] += dv;
}

std::array<lif_external_input, 2> lif_engine::external_inputs(std::size_t population) const {
    return {lif_external_input{&drive_[population], ext_jump_[population], 0},
            lif_external_input{&drive2_[population], ext2_jump_[population], ext2_gid_offset}};
}

// One grid step k = now_ of every owned neuron (docs/models.md §2.2.3, §2.3): each local population
// by its model's step (one dispatch per population, none per neuron); spikes in local index order.
void lif_engine::step() {
    neuron_input in;
    in.row_e = ring_.row(now_);
    if (two_channels()) in.row_i = ring_i_.row(now_);
    in.noise_seed = net_.noise_seed();
    in.first_gid = part_.begin();
    in.step = now_;
    const neuron_state st{v_, r_, named_};
    for (const auto& lp : local_pops_) {
        in.external = external_inputs(lp.index);
        spiked_.clear();
        std::visit([&](const auto& c) {
            neuron_policy_of<std::decay_t<decltype(c)>>::type::step(c, st, in, lp.lid_begin, lp.lid_end, spiked_);
        }, model_c_[lp.index]);
        for (const auto i : spiked_) pending_.push_back({part_.begin() + i, now_ + 1});
    }
    ++now_;
    if (probe_) probe_(now_ - 1, v_);
}

namespace {

// Entries [b, e) of a group whose synapses carry their delays: entry j adds its weight to its
// target's input of step `first` + delay_of(j). The slots are walked without a division: the first
// one's slot plus the delay offset, which stays below twice the ring's length.
template <typename Offset>
void add_with_delays(delay_ring& ring, const synapse_group& g, const std::vector<Offset>& off, step_type first,
                     std::uint64_t b, std::uint64_t e) {
    const std::size_t n_slots = ring.n_slots();
    const std::size_t s0 = ring.slot(first + g.delay);
    const std::uint32_t* tgt = g.targets.data();
    for (auto j = b; j < e; ++j) {
        std::size_t s = s0 + off[j];
        if (s >= n_slots) s -= n_slots;
        ring.slot_row(s)[tgt[j]] += g.drawn ? g.weights[j] : g.weight;
    }
}

void deliver_delays(delay_ring& ring, const synapse_group& g, step_type first, std::uint64_t b, std::uint64_t e) {
    if (!g.delays8.empty()) add_with_delays(ring, g, g.delays8, first, b, e);
    else add_with_delays(ring, g, g.delays16, first, b, e);
}

}  // namespace

// A spike stamped (k+1) h from source s reaches target t in step k + d of its group: rows of the
// ring are filled in (step, gid, group, entry) order, the same for every partition.
void lif_engine::deliver(const std::vector<spike>& spikes) {
    const auto& groups = syn_.groups();
    for (const auto& s : spikes) {
        const auto pop = net_.population_of(s.gid);
        delay_ring& ring = two_channels() && !net_.populations[pop].excitatory ? ring_i_ : ring_;
        for (const auto gi : syn_.groups_from(pop)) {
            const auto& g = groups[gi];
            const auto b = g.begin(s.gid);
            const auto e = g.end(s.gid);
            if (b == e) continue;
            if (g.varying_delays()) {
                deliver_delays(ring, g, s.step - 1, b, e);
                events_ += e - b;
                continue;
            }
            double* row = ring.row(s.step - 1 + g.delay).data();
            const std::uint32_t* tgt = g.targets.data();
            if (g.drawn) {
                for (auto j = b; j < e; ++j) row[tgt[j]] += g.weights[j];
            } else {
                const double w = g.weight;
                for (auto j = b; j < e; ++j) row[tgt[j]] += w;
            }
            events_ += e - b;
        }
    }
}

std::vector<spike> lif_engine::take_spikes() {
    std::vector<spike> out;
    out.swap(recorded_);
    return out;
}

std::uint64_t lif_engine::state_bytes() const noexcept {
    return v_.size() * sizeof(double) + r_.size() * sizeof(std::int32_t) + ring_.bytes() +
           named_.size() * v_.size() * sizeof(double) + (two_channels() ? ring_i_.bytes() : 0);
}

namespace {

// Rows of `ring` for steps [from, from + n_slots), concatenated.
std::vector<double> ring_rows(const delay_ring& ring, step_type from) {
    std::vector<double> out;
    out.reserve(ring.n_slots() * ring.n_neurons());
    for (std::size_t k = 0; k < ring.n_slots(); ++k) {
        const auto row = ring.row(from + static_cast<step_type>(k));
        out.insert(out.end(), row.begin(), row.end());
    }
    return out;
}

void set_ring_rows(delay_ring& ring, step_type from, std::span<const double> rows) {
    if (rows.size() != ring.n_slots() * ring.n_neurons())
        throw internal_error("lif_engine::restore: delay ring of another shape");
    for (std::size_t k = 0; k < ring.n_slots(); ++k) {
        const auto src = rows.subspan(k * ring.n_neurons(), ring.n_neurons());
        const auto dst = ring.row(from + static_cast<step_type>(k));
        std::copy(src.begin(), src.end(), dst.begin());
    }
}

}  // namespace

lif_engine_state lif_engine::state() const {
    if (!recorded_.empty() || !pending_.empty())
        throw internal_error("lif_engine::state: take_spikes() first");
    lif_engine_state s{now_, events_, v_, r_, ring_rows(ring_, now_), named_, {}};
    if (two_channels()) s.ring_i = ring_rows(ring_i_, now_);
    return s;
}

void lif_engine::restore(const lif_engine_state& s) {
    if (s.v.size() != v_.size() || s.refractory.size() != r_.size() || s.steps < 0)
        throw internal_error("lif_engine::restore: state of another partition");
    set_ring_rows(ring_, s.steps, s.ring);
    if (s.named.size() != named_.size())
        throw internal_error("lif_engine::restore: state without the named state of the network's models");
    for (std::size_t k = 0; k < named_.size(); ++k) {
        if (s.named[k].size() != v_.size())
            throw internal_error("lif_engine::restore: " + std::string(state_names_[k]) + " of another partition");
        named_[k] = s.named[k];
    }
    if (two_channels()) set_ring_rows(ring_i_, s.steps, s.ring_i);
    v_ = s.v;
    r_ = s.refractory;
    now_ = s.steps;
    events_ = s.events;
    recorded_.clear();
    pending_.clear();
}

// Every per-neuron vector by gid (items of the global list of neurons: the delay rings with one
// item of n_slots values per neuron), so that any partition reads back its slice; the synaptic
// event count as its sum over ranks (only that sum is ever reported). Refractory counters are
// whole numbers below 2^31 (they were int32 in the engine).
named_state lif_engine::checkpoint_state() const {
    const lif_engine_state s = state();
    const std::uint64_t first = part_.begin(), n = part_.global_size(), slots = ring_.n_slots();
    named_state st;
    st.add_item_reals("v", s.v, first, n);
    const std::vector<std::uint64_t> refractory(s.refractory.begin(), s.refractory.end());
    st.add_item_counts("refractory", refractory, static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max()),
                       first, n);
    st.add_item_reals("ring", transposed(s.ring, slots, v_.size(), "lif_engine delay ring"), first, n, slots);
    for (std::size_t k = 0; k < state_names_.size(); ++k) st.add_item_reals(std::string(state_names_[k]), s.named[k], first, n);
    if (two_channels())
        st.add_item_reals("ring_i", transposed(s.ring_i, slots, v_.size(), "lif_engine delay ring"), first, n, slots);
    st.add_counts("events", std::span<const std::uint64_t>(&s.events, 1), std::numeric_limits<std::uint64_t>::max(),
                  state_field::scope::summed);
    return st;
}

void lif_engine::restore(const named_state& n, step_type steps) {
    const std::size_t slots = ring_.n_slots(), local = v_.size();
    lif_engine_state s;
    s.steps = steps;
    s.v = n.reals("v");
    for (const auto r : n.counts("refractory")) s.refractory.push_back(static_cast<std::int32_t>(r));
    s.ring = transposed(n.reals("ring"), local, slots, "lif_engine delay ring");
    for (const auto name : state_names_) s.named.push_back(n.reals(std::string(name)));
    if (two_channels()) s.ring_i = transposed(n.reals("ring_i"), local, slots, "lif_engine delay ring");
    const auto& events = n.counts("events");  // the sum on rank 0, nothing on the others
    if (events.size() > 1) throw internal_error("lif_engine::restore: events of another shape");
    s.events = events.empty() ? 0 : events.front();
    restore(s);
}

}  // namespace balnet
