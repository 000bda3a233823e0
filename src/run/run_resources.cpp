// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/run_resources.hpp>

#include <cstdio>

#include <balnet/core/process_memory.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {

run_resources write_run_resources(h5_file& file, const context& ctx, double local_synapse_bytes,
                                  double total_synapses) {
    const double peak = static_cast<double>(peak_rss_bytes()) / 1048576.0;
    run_resources r;
    r.peak_min_mib = ctx.min(peak);
    r.peak_max_mib = ctx.max(peak);
    const double bytes = ctx.sum(local_synapse_bytes);
    r.bytes_per_synapse = total_synapses > 0 ? bytes / total_synapses : 0.0;
    file.write_scalar("/timing/peak_memory_min", r.peak_min_mib, "MiB");
    file.write_scalar("/timing/peak_memory_max", r.peak_max_mib, "MiB");
    file.write_scalar("/network/bytes_per_synapse", r.bytes_per_synapse, "B");
    return r;
}

std::string resources_text(const run_resources& r) {
    char line[160];
    if (r.bytes_per_synapse > 0)
        std::snprintf(line, sizeof line,
                      "  peak memory %.1f-%.1f MiB per rank, %.2f B of connectivity per synapse\n",
                      r.peak_min_mib, r.peak_max_mib, r.bytes_per_synapse);
    else
        std::snprintf(line, sizeof line, "  peak memory %.1f-%.1f MiB per rank\n", r.peak_min_mib,
                      r.peak_max_mib);
    return line;
}

void finish_and_report(h5_file& file, const context& ctx, const phase_profile& prof,
                       std::chrono::steady_clock::time_point t_start, const run_resources& res,
                       bool print_profile, const std::function<std::string(double)>& summary) {
    const auto rows = prof.reduce(ctx);
    phase_profile::write(file, rows);
    const double wall = ctx.max(seconds_since(t_start));
    file.write_scalar("/timing/wall", wall, "s");
    file.finish();
    if (ctx.rank() != 0) return;
    std::fputs((summary(wall) + resources_text(res)).c_str(), stdout);
    if (print_profile) std::fputs(phase_profile::table(rows, wall, ctx.size()).c_str(), stdout);
}

}  // namespace balnet
