// SPDX-License-Identifier: BSD-3-Clause
#include "rate_output.hpp"
#include <balnet/run/provenance.hpp>
#include "summary_words.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>


namespace balnet::detail {

std::string hex(std::uint64_t v) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return b;
}

void write_provenance(h5_file& f, const config& cfg, const context& ctx, const std::string& cl) {
    balnet::write_provenance(f, ctx, "rate", cl);
    f.write_attribute("/", "dt", cfg.real("run.dt"));
    f.write_attribute("/", "time_units", std::string("tau"));
    f.write_attribute("/", "seed", cfg.integer("run.seed"));
    f.write_attribute("/", "init_seed", cfg.integer("run.init_seed") < 0 ? cfg.integer("run.seed")
                                                              : cfg.integer("run.init_seed"));
    f.write_attribute("/config", "ini", cfg.resolved_ini());
    for (const auto& [k, v] : cfg.items()) f.write_attribute("/config", k, v);
}

void write_network(h5_file& f, const rate_model& m, const coupling_summary& c) {
    std::vector<std::string> names;
    std::vector<double> sizes, offsets;
    for (std::size_t p = 0; p < m.net.populations.size(); ++p) {
        names.push_back(m.net.populations[p].name);
        sizes.push_back(static_cast<double>(m.net.populations[p].size));
        offsets.push_back(static_cast<double>(m.net.offset(p)));
    }
    f.write_attribute("/network", "population_names", names);
    f.write_attribute("/network", "population_sizes", std::span<const double>(sizes));
    f.write_attribute("/network", "population_offsets", std::span<const double>(offsets));
    f.write_attribute("/network", "connectivity", to_string(m.net.projections.front().rule));
    f.write_attribute("/network", "weight_distribution", to_string(m.net.projections.front().weights.kind()));
    f.write_attribute("/network", "n_synapses", c.n_synapses);
    f.write_attribute("/network", "checksum", c.hash);
    f.write_attribute("/network", "checksum_hex", hex(c.hash));
    f.write_attribute("/network", "checksum_definition",
           std::string("sum mod 2^64 over synapses of splitmix64(splitmix64(splitmix64(row) ^ col) ^ "
                       "bits(weight)); independent of the rank count"));
    const double n = static_cast<double>(c.n_synapses);
    f.write_scalar("/network/weight_abs_mean", c.weight_sum / n, "1");
    f.write_scalar("/network/weight_abs_std",
                   std::sqrt(std::max(0.0, c.weight_sq_sum / n - (c.weight_sum / n) * (c.weight_sum / n))), "1");
    for (std::size_t p = 0; p < m.net.projections.size(); ++p) {
        const auto& pr = m.net.projections[p];
        const auto& d = c.indegree[p];
        const std::string g = "/network/projections/" + m.net.populations[pr.source].name + "_to_" +
                              m.net.populations[pr.target].name;
        f.write_attribute(g, "rule", to_string(pr.rule));
        f.write_attribute(g, "K", static_cast<std::uint64_t>(pr.indegree));
        f.write_attribute(g, "weight_mean", pr.weights.sign() * pr.weights.mean());
        f.write_attribute(g, "weight_std", pr.weights.std());
        f.write_attribute(g, "indegree_min", d.min);
        f.write_attribute(g, "indegree_max", d.max);
        f.write_attribute(g, "indegree_mean", d.rows ? static_cast<double>(d.total) / static_cast<double>(d.rows) : 0.0);
    }
}

void write_analysis(h5_file& f, const rate_model& m, const partition& part, const rate_summary& s,
                    const context& ctx) {
    const std::pair<const char*, double> scalars[] = {
        {"m", s.m}, {"f", s.f}, {"var_f", s.var_f}, {"mu", s.mu}, {"var_mu", s.var_mu},
        {"xbar", s.xbar}, {"etabar", s.etabar}, {"tvx", s.tvx}, {"qvx", s.qvx},
        {"tveta", s.tveta}, {"qveta", s.qveta}, {"alpha", s.m * m.alpha_factor}};
    for (const auto& [name, v] : scalars) f.write_scalar(std::string("/analysis/") + name, v, "1");
    f.write_scalar("/analysis/beta", s.beta, "1/tau");
    f.write_scalar("/analysis/n_recorded_steps", static_cast<std::uint64_t>(s.n_steps), "1");
    f.write_scalar("/analysis/n_acf_units", static_cast<std::uint64_t>(s.n_acf_units), "1");
    const double rc_dt = m.dt * static_cast<double>(m.record_every);
    std::vector<double> lag(s.r_eta.size());
    for (std::size_t k = 0; k < lag.size(); ++k) lag[k] = static_cast<double>(k) * rc_dt;
    f.write_array("/analysis/lag", std::span<const double>(lag), "tau");
    f.write_array("/analysis/R_eta", std::span<const double>(s.r_eta), "1");
    f.write_array("/analysis/R_x", std::span<const double>(s.r_x), "1");
    f.write_array("/analysis/R_phi", std::span<const double>(s.r_phi), "1");
    for (const auto& p : s.populations) {
        const std::string g = "/analysis/populations/" + p.name + "/";
        const std::pair<const char*, double> ps[] = {{"m", p.m}, {"f", p.f}, {"var_f", p.var_f},
            {"mu", p.mu}, {"var_mu", p.var_mu}, {"xbar", p.xbar}, {"etabar", p.etabar}};
        for (const auto& [name, v] : ps) f.write_scalar(g + name, v, "1");
    }
    const std::uint64_t offset = ctx.exclusive_scan(s.on_fraction.size());
    f.write_distributed("/analysis/on_fraction", std::span<const double>(s.on_fraction), offset,
                        part.global_size(), "1");
}

void write_timing(h5_file& f, double build_s, double sim_s, double steps_per_s) {
    f.write_scalar("/timing/build", build_s, "s");
    f.write_scalar("/timing/simulate", sim_s, "s");
    f.write_scalar("/timing/steps_per_second", steps_per_s, "1/s");
}

std::string summary_text(const std::string& path, const rate_model& m, const rate_summary& s,
                         const coupling_summary& c, int ranks, double wall_s, double sim_s) {
    std::ostringstream o;
    char line[200];
    o << "balnet run complete: " << path << "\n";
    std::snprintf(line, sizeof line, "  N = %llu, %llu synapses (checksum %s), %s, %lld steps in %.2f s (%.4g steps/s), wall %.2f s\n",
                  static_cast<unsigned long long>(m.net.size()), static_cast<unsigned long long>(c.n_synapses),
                  hex(c.hash).c_str(), ranks_text(ranks).c_str(), static_cast<long long>(m.warmup_steps + m.run_steps), sim_s,
                  static_cast<double>(m.warmup_steps + m.run_steps) / sim_s, wall_s);
    o << line;
    std::snprintf(line, sizeof line, "  m = %.5g  f = %.5g  mu = %.5g  xbar = %.5g  etabar = %.5g  alpha = %.4g\n",
                  s.m, s.f, s.mu, s.xbar, s.etabar, s.m * m.alpha_factor);
    o << line;
    std::snprintf(line, sizeof line, "  tvx = %.5g  qvx = %.5g  tveta = %.5g  qveta = %.5g  beta = %.4g /tau\n",
                  s.tvx, s.qvx, s.tveta, s.qveta, s.beta);
    o << line;
    if (s.populations.size() > 1)
        for (const auto& p : s.populations) {
            std::snprintf(line, sizeof line, "  population %s: m = %.5g  f = %.5g  mu = %.5g\n",
                          p.name.c_str(), p.m, p.f, p.mu);
            o << line;
        }
    return o.str();
}

}  // namespace balnet::detail
