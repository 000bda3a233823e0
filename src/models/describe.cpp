// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/describe.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <balnet/models/lif_run.hpp>
#include <balnet/models/memory_estimate.hpp>
#include <balnet/models/run_time_estimate.hpp>
#include <balnet/models/scn_run.hpp>
#include <balnet/network/partition.hpp>

namespace balnet {
namespace {

constexpr double mib = 1048576.0;

std::string format(const char* fmt, auto... args) {
    char line[256];
    std::snprintf(line, sizeof line, fmt, args...);
    return line;
}

// One line per rank: its gids, synapses (or decoder) and the estimate with its spike term.
template <typename Estimate>
std::string partition_text(std::uint64_t n, int ranks, const char* what, Estimate&& estimate) {
    std::string out = format("\n# partition over %d rank(s)\n", ranks);
    const partition part(n, ranks, 0);
    for (int r = 0; r < ranks; ++r) {
        const memory_estimate e = estimate(part, r);
        out += format("rank %d: gids [%llu, %llu), %.4g %s (%.1f MiB), spikes %.1f MiB, "
                      "peak memory estimate %.1f MiB\n",
                      r, static_cast<unsigned long long>(part.first(r)),
                      static_cast<unsigned long long>(part.first(r) + part.count(r)), e.synapses, what,
                      e.held / mib, e.spikes / mib, e.total() / mib);
    }
    return out;
}

std::string rule_text(const lif_network_params& net, const lif_projection_params& pr) {
    const std::string delay = net.delay_max_steps(pr) > net.delay_steps(pr)
                                  ? format("delays %lld..%lld steps", static_cast<long long>(net.delay_steps(pr)),
                                           static_cast<long long>(net.delay_max_steps(pr)))
                                  : format("delay %lld steps", static_cast<long long>(net.delay_steps(pr)));
    std::string rule;
    switch (pr.rule) {
    case lif_connectivity_kind::fixed_indegree:
        rule = format("fixed in-degree %llu", static_cast<unsigned long long>(pr.indegree));
        break;
    case lif_connectivity_kind::bernoulli: rule = format("Bernoulli p = %g", pr.probability); break;
    case lif_connectivity_kind::fixed_total_number:
        rule = format("fixed total number %llu", static_cast<unsigned long long>(pr.number));
        break;
    case lif_connectivity_kind::all_to_all: rule = "all to all"; break;
    }
    return "projection " + net.populations[pr.source].name + " -> " + net.populations[pr.target].name +
           ": " + rule + ", " + delay + (pr.drawn_weights ? ", drawn weights" : "") + "\n";
}

std::string time_text(const run_time_estimate& t) {
    return format("run time estimate: %s of simulation on the busiest rank (cost model: %s, measured on a "
                  "2-core VM; +-50 %%, more on a busy or slower core; building and output not included)\n",
                  duration_text(t.seconds).c_str(), t.model.c_str());
}

}  // namespace

void describe_lif(const config& cfg, int ranks) {
    const lif_network_params net = lif_params_from_config(cfg);
    const lif_run_shape shape = lif_run_shape_from_config(cfg, net);
    std::ostringstream o;
    o << "# resolved configuration\n" << cfg.resolved_ini() << "\n# network\n";
    const auto common = net.common_model();
    o << "neuron model: " << (common ? to_string(*common) : std::string("mixed (one per population)")) << "\n";
    for (const auto& p : net.populations)
        o << "population " << p.name << ": " << p.size << " neurons, " << to_string(p.model) << "\n";
    for (const auto& pr : net.projections) o << rule_text(net, pr);
    o << format("steps: %lld (%lld analysed), exchange every %lld steps\n", static_cast<long long>(shape.steps),
                static_cast<long long>(shape.window), static_cast<long long>(std::max<step_type>(1, net.min_delay_steps())));
    o << format("spikes sized for %.4g Hz per neuron (%s), %.4g ms held between flushes to the file\n",
                shape.rate_hz, shape.rate_source.c_str(), static_cast<double>(shape.held_steps) * net.dt);
    double busiest = 0.0;
    o << partition_text(net.size(), ranks, "synapses", [&](const partition& part, int r) {
        const memory_estimate e = lif_memory_estimate(net, shape, part, r);
        const double steps = static_cast<double>(shape.steps), t_s = steps * net.dt * 1e-3;
        busiest = std::max(busiest, lif_run_time(steps, static_cast<double>(part.count(r)),
                                                 e.synapses * shape.rate_hz * t_s).seconds);
        return e;
    });
    o << time_text({busiest, lif_run_time(0, 0, 0).model});
    std::fputs(o.str().c_str(), stdout);
}

void describe_scn(const config& cfg, int ranks) {
    const scn_params p = scn_params_from_config(cfg);
    const scn_run_shape shape = scn_run_shape_from_config(cfg, p);
    std::ostringstream o;
    o << "# resolved configuration\n" << cfg.resolved_ini() << "\n# network\n";
    o << format("neurons: %llu, signal dimension J = %u, decoder %s (J x N = %.1f MiB on every rank)\n",
                static_cast<unsigned long long>(p.n), p.dim,
                p.decoder == scn_decoder_kind::given ? "from scn.decoder_file" : "drawn",
                8.0 * p.dim * static_cast<double>(p.n) / mib);
    o << format("steps: %lld, signal sampled every %lld steps\n", static_cast<long long>(shape.steps),
                static_cast<long long>(shape.sample_every));
    o << format("spikes sized for %.4g per step (%s)\n", shape.spikes_per_step, shape.spikes_source.c_str());
    double busiest = 0.0;
    o << partition_text(p.n, ranks, "decoder entries", [&](const partition& part, int r) {
        busiest = std::max(busiest, scn_run_time(static_cast<double>(shape.steps), static_cast<double>(part.count(r))).seconds);
        return scn_memory_estimate(p, shape, part, r);
    });
    o << time_text({busiest, scn_run_time(0, 0).model});
    std::fputs(o.str().c_str(), stdout);
}

}  // namespace balnet
