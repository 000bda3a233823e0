// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/observer_set.hpp>

#include <balnet/analysis/count_correlation.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

// The registry: one line per generic observable.
std::vector<observer_kind> observer_set::kinds() { return {count_correlation::kind()}; }

void observer_set::add_keys(config_schema& schema) {
    for (const auto& k : kinds()) k.add_keys(schema);
}

double observer_set::bytes(const config& cfg, double dt_ms, step_type held_steps) {
    double b = 0.0;
    for (const auto& k : kinds()) b += k.bytes(cfg, dt_ms, held_steps);
    return b;
}

observer_set observer_set::from_config(const config& cfg, const run_view& view) {
    observer_set s;
    for (const auto& k : kinds())
        if (auto o = k.make(cfg, view)) s.add(std::move(o), k.name);
    return s;
}

void observer_set::add_spikes(std::span<const spike> spikes) {
    for (auto& o : all_) o->add_spikes(spikes);
}

void observer_set::sync(const context& ctx, step_type now) {
    for (auto& o : all_) o->sync(ctx, now);
}

std::vector<double> observer_set::serialise() const {
    std::vector<double> out{static_cast<double>(all_.size())};
    for (const auto& o : all_) put_block(out, o->serialise());
    return out;
}

void observer_set::restore(std::span<const double> state) {
    if (state.empty() || state[0] != static_cast<double>(all_.size()))
        throw internal_error("observer_set::restore: state of another set of observers");
    std::size_t pos = 1;
    for (auto& o : all_) o->restore(take_block(state, pos, "observer_set::restore"));
    if (pos != state.size()) throw internal_error("observer_set::restore: state of another shape");
}

void observer_set::checkpoint_state(named_state& out) const {
    for (std::size_t k = 0; k < all_.size(); ++k) out.append(all_[k]->checkpoint_state(), names_[k] + ".");
}

void observer_set::restore(const named_state& s) {
    for (std::size_t k = 0; k < all_.size(); ++k) all_[k]->restore(s.part(all_[k]->checkpoint_state(), names_[k] + "."));
}

std::string observer_set::finish(const context& ctx, output_sink& out) {
    std::string lines;
    for (auto& o : all_) lines += o->finish(ctx, out);
    return lines;
}

}  // namespace balnet
