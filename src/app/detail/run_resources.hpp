// SPDX-License-Identifier: BSD-3-Clause
// What a run cost in memory, measured: peak resident set per rank (min and max over ranks) and
// the bytes of connectivity storage per synapse. Written by every run (rate and LIF) to
// /timing/peak_memory_{min,max} (MiB) and /network/bytes_per_synapse (B), and printed.
#pragma once
#include <string>

#include <balnet/comm/context.hpp>

namespace balnet {
class h5_file;
}

namespace balnet::detail {

struct run_resources {
    double peak_min_mib = 0, peak_max_mib = 0;  ///< VmHWM over ranks; 0 where /proc is missing
    double bytes_per_synapse = 0;               ///< stored connectivity / synapses, all ranks
};

/// Measures and writes the figures; total_synapses over all ranks. Collective.
run_resources write_run_resources(h5_file& file, const context& ctx, double local_synapse_bytes,
                                  double total_synapses);

/// "peak memory 143.2–151.0 MiB per rank, 12.00 B/synapse" for the summary.
std::string resources_text(const run_resources& r);

}  // namespace balnet::detail
