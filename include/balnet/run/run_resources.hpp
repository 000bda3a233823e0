// SPDX-License-Identifier: BSD-3-Clause
// What a run cost in memory, measured: peak resident set per rank (min and max over ranks) and
// the bytes of connectivity storage per synapse. Written by every run (rate and LIF) to
// /timing/peak_memory_{min,max} (MiB) and /network/bytes_per_synapse (B), and printed.
#pragma once
#include <chrono>
#include <functional>
#include <string>

#include <balnet/run/phase_profile.hpp>

#include <balnet/comm/context.hpp>

namespace balnet {
class h5_file;
}

namespace balnet {

struct run_resources {
    double peak_min_mib = 0, peak_max_mib = 0;  ///< VmHWM over ranks; 0 where /proc is missing
    double bytes_per_synapse = 0;               ///< stored connectivity / synapses, all ranks
};

/// Measures and writes the figures; total_synapses over all ranks. Collective.
run_resources write_run_resources(h5_file& file, const context& ctx, double local_synapse_bytes,
                                  double total_synapses);

/// "peak memory 143.2–151.0 MiB per rank, 12.00 B/synapse" for the summary.
std::string resources_text(const run_resources& r);

/// The end of a spiking run's output: /timing/profile and /timing/wall (since t_start) written,
/// the file finished (marked complete); rank 0 prints `summary(wall)`, the resources and, when
/// asked, the profile table. Collective.
void finish_and_report(h5_file& file, const context& ctx, const phase_profile& prof,
                       std::chrono::steady_clock::time_point t_start, const run_resources& res,
                       bool print_profile, const std::function<std::string(double)>& summary);

}  // namespace balnet
