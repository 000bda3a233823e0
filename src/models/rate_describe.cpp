// SPDX-License-Identifier: BSD-3-Clause
// `balnet describe`: what a run would do, without doing it: the resolved configuration, the
// partition over the ranks it was started with (or --ranks), and estimates of the peak memory per rank and of the run time.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include <balnet/models/memory_estimate.hpp>
#include <balnet/models/run_time_estimate.hpp>
#include <balnet/network/partition.hpp>

#include <balnet/models/rate_run.hpp>

namespace balnet {

void describe_rate(const config& cfg, int ranks) {
    const rate_model m = rate_model::build(rate_params_from_config(cfg));
    std::ostringstream o;
    o << "# resolved configuration\n" << cfg.resolved_ini() << "\n# network\n";
    for (const auto& p : m.net.populations)
        o << "population " << p.name << ": " << p.size << " units\n";
    o << "steps: " << m.warmup_steps << " warm-up + " << m.run_steps << " recorded-phase steps, "
      << m.recorded_steps() << " recorded, ACF over " << m.recorded.size() << " units and "
      << m.acf_lags << " lags\n\n# partition over " << ranks << " rank(s)\n";
    const partition part(m.net.size(), ranks, 0);
    double busiest = 0.0;
    const auto steps = static_cast<double>(m.warmup_steps + m.run_steps);
    for (int r = 0; r < ranks; ++r) {
        const memory_estimate e = rate_memory_estimate(m, part, r);
        busiest = std::max(busiest, rate_run_time(steps, e.synapses, static_cast<double>(part.count(r))).seconds);
        char line[200];
        std::snprintf(line, sizeof line,
                      "rank %d: gids [%llu, %llu), %.4g synapses, peak memory estimate %.1f MiB\n", r,
                      static_cast<unsigned long long>(part.first(r)),
                      static_cast<unsigned long long>(part.first(r) + part.count(r)), e.synapses,
                      e.total() / 1048576.0);
        o << line;
    }
    o << "run time estimate: " << duration_text(busiest) << " of simulation on the busiest rank (cost model: "
      << rate_run_time(0, 0, 0).model << ", measured on a 2-core VM; +-50 %, more on a busy or slower core; "
         "building and output not included; procedural coupling and run.integrator = ts cost more)\n";
    std::fputs(o.str().c_str(), stdout);
}

}  // namespace balnet
