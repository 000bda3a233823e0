// SPDX-License-Identifier: BSD-3-Clause
// The observers a spiking run carries beside its model's own (the registry of generic
// observables: kinds() lists them all, each defined in its own file), driven together by the run
// loop: spikes to all, a sync to all at every flush, one state for checkpoints (one block per
// observer, in order), one finish. Collective where observer's calls are.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <balnet/analysis/observer.hpp>
#include <balnet/io/config.hpp>

namespace balnet {

class observer_set {
public:
    /// Every kind of generic observer, in a fixed order (the order of their checkpoint blocks).
    static std::vector<observer_kind> kinds();
    /// The keys of every kind (appended to the run schema by the command line's schema).
    static void add_keys(config_schema& schema);
    /// What the observers `cfg` asks for hold on one rank (bytes).
    static double bytes(const config& cfg, double dt_ms, step_type held_steps);
    /// The observers `cfg` asks for, seeing the run as `view`.
    static observer_set from_config(const config& cfg, const run_view& view);

    /// `name`: the prefix of its checkpoint fields (its kind's name).
    void add(std::unique_ptr<observer> o, std::string name) {
        all_.push_back(std::move(o));
        names_.push_back(std::move(name));
    }
    std::size_t size() const noexcept { return all_.size(); }

    void add_spikes(std::span<const spike> spikes);
    void sync(const context& ctx, step_type now);
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);
    /// Every observer's checkpoint fields, named `<kind>.<field>`, appended to `out`; restore()
    /// takes each observer's back from such a state (fields of other names are left alone).
    void checkpoint_state(named_state& out) const;
    void restore(const named_state& s);
    /// The summary lines of all, concatenated.
    std::string finish(const context& ctx, output_sink& out);

private:
    std::vector<std::unique_ptr<observer>> all_;
    std::vector<std::string> names_;
};

}  // namespace balnet
