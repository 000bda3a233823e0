// SPDX-License-Identifier: BSD-3-Clause
// The perturbed copies of a LIF run (docs/models.md §2.5.13, docs/output-layout.md /perturbation):
// after the run (the unperturbed copy, its spikes kept by a spike_keeper on the run's tap), each
// copy repeats the run's trial with its perturbation, then trial run.trial + 1 runs unperturbed
// (two independent trials: the level the divergence saturates at); each is compared with the run.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/phase_profile.hpp>
#include <balnet/run/run_loop.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/spiking/spike.hpp>

#include "perturbation_plan.hpp"

namespace balnet::detail {

/// Keeps a trial's spikes (the Counts of run_trial; on the run's tap for the run itself).
struct spike_keeper {
    std::vector<spike> spikes;
    void add_spikes(std::span<const spike> s) { spikes.insert(spikes.end(), s.begin(), s.end()); }
    void end_trial() noexcept {}
};

/// The run's spikes to the across-trial counts (run.trials > 1) and to the keeper (a
/// perturbation), either of which may be absent.
template <typename Counts>
struct spike_taps {
    Counts* counts = nullptr;
    spike_keeper* keeper = nullptr;
    void add_spikes(std::span<const spike> s) {
        if (counts) counts->add_spikes(s);
        if (keeper) keeper->add_spikes(s);
    }
};

/// Collective: the copies and the independent trial, /perturbation in `file`; the summary lines.
/// The engine's probes and hooks must be unset.
std::string run_lif_perturbation(const context& ctx, lif_engine& eng, const perturbation_plan& plan,
                                 std::span<const spike> reference, h5_file& file,
                                 const std::vector<report_population>& pops, const run_schedule& sched,
                                 double sync_seconds, phase_profile& prof);

}  // namespace balnet::detail
