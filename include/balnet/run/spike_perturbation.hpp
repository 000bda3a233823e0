// SPDX-License-Identifier: BSD-3-Clause
// One perturbation of a spiking run (docs/models.md §2.5.13): the perturbed copy is the run's own
// trial again (the same network and noise stream) with one change at t0 = k0 h:
//  - add_spike:   a spike of `gid` stamped k0 reaches the neuron's targets as if it had fired
//                 then (the neuron itself is not reset; the spike is not in the copy's report);
//  - shift_spike: the first spike of `gid` stamped after k0 reaches its targets `delta` steps
//                 later (its delays lengthened by delta once; the neuron's own reset and the
//                 report keep the time it fired);
//  - kick:        `kick` mV is added to the potential of `gid` between steps k0 - 1 and k0.
// The spike kinds act through the engine's arrival filter (lif_engine::set_arrival_filter):
// every rank sees the same exchanged spikes, so every rank makes the same change and the copy
// stays bitwise independent of the rank count. A spike stamped s is handed over at the first
// exchange at or after step s, which always delivers it in time (the exchange interval is the
// minimum delay).
#pragma once
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

enum class perturbation_kind { none, add_spike, shift_spike, kick };
perturbation_kind parse_perturbation_kind(const std::string& s);  ///< internal_error if unknown
std::string to_string(perturbation_kind k);

class spike_perturbation {
public:
    spike_perturbation(perturbation_kind kind, gid_type gid, step_type k0, step_type delta, double kick)
        : kind_(kind), gid_(gid), k0_(k0), delta_(delta), kick_(kick) {}

    /// The arrival filter (add_spike, shift_spike): changes `arrived` (in (step, gid) order) at
    /// the exchange that reached step `now`.
    void filter(step_type now, std::vector<spike>& arrived);
    /// After the engine reached step `done` (a chunk end; the run splits a chunk at k0): the kick.
    template <typename Engine>
    void at_step(Engine& eng, step_type done) {
        if (kind_ == perturbation_kind::kick && done == k0_) eng.kick(gid_, kick_);
    }
    step_type split() const noexcept { return k0_; }
    gid_type gid() const noexcept { return gid_; }
    /// The step the shifted spike was stamped (shift_spike; -1 while none was found).
    step_type shifted_from() const noexcept { return held_from_; }

private:
    perturbation_kind kind_;
    gid_type gid_;
    step_type k0_, delta_;
    double kick_;
    bool added_ = false;
    step_type held_from_ = -1;  // shift_spike: the stamp of the spike held back
    bool released_ = false;
};

}  // namespace balnet
