// SPDX-License-Identifier: BSD-3-Clause
// `balnet describe`: what a run would do, without doing it: the resolved configuration, the
// partition over the current ranks, and an estimate of the peak memory per rank.
#include <cstdio>
#include <algorithm>
#include <sstream>

#include <balnet/network/partition.hpp>

#include <balnet/app/rate_run.hpp>

namespace balnet {
namespace {

// Expected synapses in the rows of [first, first + count).
double expected_synapses(const rate_model& m, gid_type first, std::uint64_t count) {
    double s = 0;
    for (const auto& pr : m.net.projections) {
        const gid_type a0 = m.net.offset(pr.target), a1 = a0 + m.net.populations[pr.target].size;
        const gid_type lo = std::max(first, a0), hi = std::min(first + count, a1);
        if (hi > lo) s += static_cast<double>(hi - lo) * static_cast<double>(pr.indegree);
    }
    return s;
}

}  // namespace

void describe_rate(const config& cfg, const context& ctx) {
    const rate_model m = rate_model::build(rate_params_from_config(cfg));
    if (ctx.rank() != 0) return;
    std::ostringstream o;
    o << "# resolved configuration\n" << cfg.resolved_ini() << "\n# network\n";
    for (const auto& p : m.net.populations)
        o << "population " << p.name << ": " << p.size << " units\n";
    o << "steps: " << m.warmup_steps << " warm-up + " << m.run_steps << " recorded-phase steps, "
      << m.recorded_steps() << " recorded, ACF over " << m.recorded.size() << " units and "
      << m.acf_lags << " lags\n\n# partition over " << ctx.size() << " rank(s)\n";
    const partition part(m.net.size(), ctx.size(), 0);
    for (int r = 0; r < ctx.size(); ++r) {
        const double syn = expected_synapses(m, part.first(r), part.count(r));
        // Peak: the drawn rows (12 B/synapse) and PETSc's copy (12 B/synapse) coexist while the
        // matrix is filled; per neuron ~12 doubles of state and accumulators; per recorded unit
        // three ACF accumulators of ~4 L doubles; ~60 MiB of libraries (MPI, PETSc, HDF5).
        std::uint64_t rec = 0;
        for (auto g : m.recorded) rec += (part.owner(g) == r);
        const double bytes = 24.0 * syn + 96.0 * static_cast<double>(part.count(r)) +
                             3.0 * 4.0 * 8.0 * static_cast<double>(m.acf_lags) * static_cast<double>(rec) +
                             60.0 * 1048576.0;
        char line[200];
        std::snprintf(line, sizeof line,
                      "rank %d: gids [%llu, %llu), %.4g synapses, peak memory estimate %.1f MiB\n", r,
                      static_cast<unsigned long long>(part.first(r)),
                      static_cast<unsigned long long>(part.first(r) + part.count(r)), syn, bytes / 1048576.0);
        o << line;
    }
    std::fputs(o.str().c_str(), stdout);
}

}  // namespace balnet
