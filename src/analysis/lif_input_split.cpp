// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/lif_input_split.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

constexpr std::size_t not_selected = static_cast<std::size_t>(-1);

// g with only the entries onto selected targets, renumbered by `slot` (local index -> position in
// the selection); per source the entries keep their order, which fixes each target's sum order.
synapse_group restricted(const synapse_group& g, const std::vector<std::size_t>& slot) {
    synapse_group r{g.projection, g.delay, g.weight, g.drawn, g.source_first, {0}, {}, {}, {}, {}};
    r.offsets.reserve(g.offsets.size());
    for (std::size_t s = 0; s + 1 < g.offsets.size(); ++s) {
        for (auto j = g.offsets[s]; j < g.offsets[s + 1]; ++j) {
            const std::size_t k = slot[g.targets[j]];
            if (k == not_selected) continue;
            r.targets.push_back(static_cast<std::uint32_t>(k));
            if (g.drawn) r.weights.push_back(g.weights[j]);
            if (!g.delays8.empty()) r.delays8.push_back(g.delays8[j]);
            if (!g.delays16.empty()) r.delays16.push_back(g.delays16[j]);
        }
        r.offsets.push_back(r.targets.size());
    }
    return r;
}

}  // namespace

lif_input_split::lif_input_split(lif_engine& eng, std::vector<std::size_t> selected, sink out)
    : eng_(eng),
      selected_(std::move(selected)),
      pos_(static_cast<std::size_t>(eng.params().max_delay_steps()) + 1, selected_.size()),
      neg_(pos_.n_slots(), selected_.size()),
      e_(selected_.size(), 0.0),
      i_(selected_.size(), 0.0),
      out_(std::move(out)),
      next_(eng.now()) {
    if (eng.now() != 0) throw internal_error("lif_input_split: build it before the first advance()");
    const auto& net = eng.params();
    std::vector<std::size_t> slot(eng.part().local_size(), not_selected);
    for (std::size_t n = 0; n < selected_.size(); ++n) {
        if (selected_[n] >= slot.size()) throw internal_error("lif_input_split: selected neuron not owned");
        slot[selected_[n]] = n;
        population_.push_back(net.population_of(eng.part().begin() + selected_[n]));
        by_sign_.push_back(net.populations[population_.back()].model == neuron_model::delta);
    }
    for (std::size_t p = 0; p < net.populations.size(); ++p) external_.push_back(eng.external_inputs(p));
    if (!selected_.empty())
        for (const auto& g : eng.synapses().groups()) groups_.push_back(restricted(g, slot));
    eng.set_interval_hook([this](step_type first, step_type last, std::span<const spike> arrived) {
        on_interval(first, last, arrived);
    });
}

// The steps just done read rows that every earlier interval has delivered to; this interval's
// spikes arrive min-delay steps later at the earliest, so they go in after (as in the engine).
void lif_input_split::on_interval(step_type first, step_type last, std::span<const spike> arrived) {
    if (first != next_)
        throw internal_error("lif_input_split: the engine is at step " + std::to_string(first) +
                             ", the input split at " + std::to_string(next_));
    for (step_type k = first; k < last; ++k) emit(k);
    next_ = last;
    if (!selected_.empty()) deliver(arrived);
}

// Rows read once and zeroed (delay_ring's invariant). cuba/coba: neg holds -(the g_i
// increments), which negation makes exactly the engine's sum up to its sign.
void lif_input_split::emit(step_type k) {
    const auto pos = pos_.row(k);
    const auto neg = neg_.row(k);
    for (std::size_t n = 0; n < selected_.size(); ++n) {
        e_[n] = pos[n];
        i_[n] = by_sign_[n] ? neg[n] : std::fabs(neg[n]);
        pos[n] = 0.0;
        neg[n] = 0.0;
    }
    add_external(k);
    out_(k, e_, i_);
}

// The jumps of both drives as step k drew them, each to its side: delta by sign (0.0 when
// undriven, as there); cuba/coba the first drive's g_e increments to e, the second's |g_i|
// increments to i, added after the recurrent ones as the engine adds them.
void lif_input_split::add_external(step_type k) {
    const seed_type seed = eng_.params().noise_seed();  // the drive of this trial
    for (std::size_t n = 0; n < selected_.size(); ++n) {
        const gid_type gid = eng_.part().begin() + selected_[n];
        const auto& drives = external_[population_[n]];
        if (!by_sign_[n]) {
            for (std::size_t d = 0; d < drives.size(); ++d) {
                const auto& x = drives[d];
                if (x.drive->lambda() <= 0.0) continue;
                const double jump = x.jump[x.drive->count(seed, gid + x.key_offset, k)];
                (d == 0 ? e_[n] : i_[n]) += d == 0 ? jump : std::fabs(jump);
            }
            continue;
        }
        for (const auto& x : drives) {
            const double jump = x.drive->lambda() > 0.0 ? x.jump[x.drive->count(seed, gid + x.key_offset, k)] : 0.0;
            e_[n] += jump > 0.0 ? jump : 0.0;
            i_[n] -= jump < 0.0 ? jump : 0.0;
        }
    }
}

// lif_engine::deliver's loop over (spike, group, entry), on the restricted groups.
void lif_input_split::deliver(std::span<const spike> arrived) {
    const auto& net = eng_.params();
    for (const auto& s : arrived) {
        const auto pop = net.population_of(s.gid);
        const bool excitatory = net.populations[pop].excitatory;
        for (const auto gi : eng_.synapses().groups_from(pop)) {
            const auto& g = groups_[gi];
            const auto b = g.begin(s.gid);
            const auto e = g.end(s.gid);
            if (b == e) continue;
            if (g.varying_delays()) {  // a ring slot per entry (per-synapse delays)
                for (auto j = b; j < e; ++j) {
                    const step_type k = s.step - 1 + g.delay_of(j);
                    const double w = g.drawn ? g.weights[j] : g.weight;
                    if (by_sign_[g.targets[j]] ? w > 0.0 : excitatory) pos_.add(k, g.targets[j], w);
                    else neg_.add(k, g.targets[j], -w);
                }
                continue;
            }
            double* pos = pos_.row(s.step - 1 + g.delay).data();
            double* neg = neg_.row(s.step - 1 + g.delay).data();
            for (auto j = b; j < e; ++j) {
                const double w = g.drawn ? g.weights[j] : g.weight;
                if (by_sign_[g.targets[j]] ? w > 0.0 : excitatory) pos[g.targets[j]] += w;
                else neg[g.targets[j]] -= w;
            }
        }
    }
}

std::vector<double> lif_input_split::serialise() const {
    std::vector<double> v{static_cast<double>(next_), static_cast<double>(selected_.size()),
                          static_cast<double>(pos_.n_slots())};
    for (const delay_ring* ring : {&pos_, &neg_})
        for (std::size_t k = 0; k < ring->n_slots(); ++k) {
            const auto row = ring->row(next_ + static_cast<step_type>(k));
            v.insert(v.end(), row.begin(), row.end());
        }
    return v;
}

void lif_input_split::restore(std::span<const double> state) {
    const std::size_t n = selected_.size(), slots = pos_.n_slots();
    if (state.size() != 3 + 2 * slots * n || state[1] != static_cast<double>(n) ||
        state[2] != static_cast<double>(slots) || !(state[0] >= 0.0 && state[0] < 9.0e15))
        throw internal_error("lif_input_split::restore: state of another shape");
    next_ = static_cast<step_type>(state[0]);
    auto src = state.subspan(3);
    for (delay_ring* ring : {&pos_, &neg_})
        for (std::size_t k = 0; k < slots; ++k) {
            const auto row = ring->row(next_ + static_cast<step_type>(k));
            std::copy(src.begin(), src.begin() + static_cast<std::ptrdiff_t>(n), row.begin());
            src = src.subspan(n);
        }
}

}  // namespace balnet
