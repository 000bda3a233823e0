// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/observer_set.hpp>

#include <cmath>

#include <balnet/analysis/count_correlation.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

// The registry: one entry per generic observable.
observer_set observer_set::from_config(const config& cfg, const run_view& view) {
    observer_set s;
    const auto steps = [&](const char* key) {
        return std::max<step_type>(1, std::llround(cfg.real(key) / view.dt_ms));
    };
    if (cfg.integer("count_correlation.pairs") > 0 && !view.populations.empty() &&
        view.populations.front().size >= 2)
        s.add(std::make_unique<count_correlation>(view, static_cast<std::uint64_t>(cfg.integer("count_correlation.pairs")),
                                                  steps("count_correlation.window"),
                                                  static_cast<std::uint64_t>(cfg.integer("count_correlation.bins"))));
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

std::string observer_set::finish(const context& ctx, output_sink& out) {
    std::string lines;
    for (auto& o : all_) lines += o->finish(ctx, out);
    return lines;
}

}  // namespace balnet
