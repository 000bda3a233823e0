// SPDX-License-Identifier: BSD-3-Clause
// The trials of a spiking run (run.trials, run/trial_loop.hpp) in its HDF5 file
// (docs/output-layout.md): the settings read from the configuration, the across-trial counts
// and their results under /analysis/trials, and a summary line.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <balnet/analysis/scn_trial_readout.hpp>
#include <balnet/analysis/trial_counts.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/spike_stream.hpp>

namespace balnet::detail {

/// run.trial, run.trials and the count bins of trials.bin over the analysis window [t0, t1).
struct trial_plan {
    std::uint64_t first = 0, count = 1;
    step_type t0 = 0, t1 = 0, bin = 1;
    double dt = 0.1;
    bool enabled() const noexcept { return count > 1; }
};
trial_plan trial_plan_from_config(const config& cfg, double dt, step_type t0, step_type t1);

/// The counts of the owned neurons [first, first + n) when the plan has trials, else none.
std::optional<trial_counts> make_trial_counts(const trial_plan& plan, gid_type first, std::uint64_t n);

/// Collective: /trials/<first>/spikes as a link to /spikes, /analysis/trials/ (attributes and
/// per population count_mean, count_var, neuron_fano, fano, ...; with `readout`, the SCN's
/// read-out variances and reliability gain). Returns the summary lines.
std::string write_trial_analysis(h5_file& f, const context& ctx, const trial_plan& plan, const trial_counts& counts,
                                 const std::vector<report_population>& pops,
                                 const scn_trial_readout* readout = nullptr);

}  // namespace balnet::detail
