// SPDX-License-Identifier: BSD-3-Clause
#include "lif_output.hpp"
#include <balnet/run/provenance.hpp>
#include "rate_output.hpp"
#include "summary_words.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <balnet/meanfield/closure_result.hpp>

namespace balnet::detail {

void write_lif_provenance(h5_file& f, const config& cfg, const lif_network_params& net,
                          const context& ctx, const std::string& cl) {
    write_provenance(f, ctx, "lif", cl);
    f.write_attribute("/", "mode", cfg.string("lif.mode"));
    f.write_attribute("/", "dt", net.dt);
    f.write_attribute("/", "time_units", std::string("ms"));
    f.write_attribute("/", "seed", cfg.integer("run.seed"));
    f.write_attribute("/config", "ini", cfg.resolved_ini());
    for (const auto& [k, v] : cfg.items()) f.write_attribute("/config", k, v);
    std::vector<std::string> names;
    std::vector<double> sizes, offsets, ext, ext2;
    for (std::size_t p = 0; p < net.populations.size(); ++p) {
        names.push_back(net.populations[p].name);
        sizes.push_back(static_cast<double>(net.populations[p].size));
        offsets.push_back(static_cast<double>(net.offset(p)));
        ext.push_back(net.populations[p].ext_rate);
        ext2.push_back(net.populations[p].ext2_rate);
    }
    f.write_attribute("/network", "population_names", names);
    f.write_attribute("/network", "population_sizes", std::span<const double>(sizes));
    f.write_attribute("/network", "population_offsets", std::span<const double>(offsets));
    f.write_attribute("/network", "external_rate_hz", std::span<const double>(ext));
    f.write_attribute("/network", "external2_rate_hz", std::span<const double>(ext2));
    // The first projection's rule (the keyed networks have one); every projection's in projection_rules.
    std::vector<std::string> rules;
    for (const auto& pr : net.projections)
        rules.push_back(net.populations[pr.source].name + "->" + net.populations[pr.target].name + ": " + to_string(pr.rule));
    f.write_attribute("/network", "connectivity",
                      net.projections.empty() ? std::string("fixed_indegree") : to_string(net.projections.front().rule));
    if (!rules.empty()) f.write_attribute("/network", "projection_rules", rules);
    // One model: its name; a mix: "mixed", each population's in population_neurons.
    const auto common = net.common_model();
    f.write_attribute("/network", "neuron", common ? to_string(*common) : std::string("mixed"));
    std::vector<std::string> models;
    for (const auto& p : net.populations) models.push_back(to_string(p.model));
    f.write_attribute("/network", "population_neurons", models);
    f.write_attribute("/network", "n_projections", static_cast<std::int64_t>(net.projections.size()));
}

void write_lif_checksum(h5_file& f, std::uint64_t checksum, std::uint64_t n_synapses) {
    f.write_attribute("/network", "n_synapses", n_synapses);
    f.write_attribute("/network", "checksum", checksum);
    f.write_attribute("/network", "checksum_hex", hex(checksum));
    f.write_attribute("/network", "checksum_definition",
                      std::string("sum mod 2^64 over synapses of H(H(target, source, weight), projection * 2^32 + "
                                  "delay steps, 0), H(r, c, w) = splitmix64(splitmix64(splitmix64(r) ^ c) ^ bits(w)); "
                                  "independent of the rank count"));
}

std::vector<report_population> lif_report_populations(const lif_network_params& net) {
    std::vector<report_population> pops;
    for (std::size_t p = 0; p < net.populations.size(); ++p)
        pops.push_back({net.populations[p].name, net.offset(p), net.populations[p].size});
    return pops;
}

namespace {

void scalar(h5_file& f, const std::string& path, double v, const std::string& units) {
    f.write_scalar(path, v, units);
}

// docs/models.md §2.5.7: the peak and its ratio (NaN without a whole 200 ms segment) and, when there
// is one, the averaged periodogram itself (entry k at k * frequency_step_hz).
void write_spectrum(h5_file& f, const std::string& g, const lif_population_result& p) {
    scalar(f, g + "spectrum_peak_hz", p.spectrum.frequency_hz, "Hz");
    scalar(f, g + "spectrum_peak_ratio", p.spectrum.ratio, "1");
    f.write_attribute(g + "spectrum_peak_hz", "n_segments", static_cast<std::uint64_t>(p.spectrum.n_segments));
    if (p.spectrum_power.empty()) return;
    const std::string path = g + "population_spectrum";
    f.write_array(path, std::span<const double>(p.spectrum_power), "spikes^2");
    f.write_attribute(path, "frequency_step_hz", p.spectrum_df_hz);
    f.write_attribute(path, "bin_width_ms", p.spectrum_bin_ms);
    f.write_attribute(path, "n_segments", static_cast<std::uint64_t>(p.spectrum.n_segments));
}

}  // namespace

void write_lif_analysis(h5_file& f, const lif_network_params& net, const lif_run_result& r) {
    const double dt = net.dt;
    const double t0 = static_cast<double>(r.window.t0) * dt, t1 = static_cast<double>(r.window.t1) * dt;
    f.write_attribute("/analysis", "window_ms", std::span<const double>(std::vector<double>{t0, t1}));
    f.write_attribute("/analysis", "fano_bin_ms", static_cast<double>(r.window.fano_bin) * dt);
    for (const auto& p : r.populations) {
        const std::string g = "/analysis/populations/" + p.name + "/";
        const auto& s = p.summary;
        scalar(f, g + "rate", s.rate_hz(r.window, dt), "Hz");
        scalar(f, g + "rate_sd", s.rate_sd_hz(r.window, dt), "Hz");
        scalar(f, g + "silent_fraction", static_cast<double>(s.n_silent) / static_cast<double>(s.n_neurons), "1");
        scalar(f, g + "cv", s.mean_cv(), "1");
        f.write_scalar(g + "n_cv", static_cast<std::uint64_t>(s.n_cv), "1");
        scalar(f, g + "fano_time", s.mean_fano(), "1");  // across the time bins of one trial (5.3)
        f.write_scalar(g + "n_fano_time", static_cast<std::uint64_t>(s.n_fano), "1");
        scalar(f, g + "population_fano", p.population_fano, "1");
        f.write_attribute(g + "rate_histogram", "bin_width_ms", static_cast<double>(r.rate_bin) * dt);
        f.write_attribute(g + "rate_histogram", "t0_ms", t0);
        f.write_distributed(g + "neuron_rates", std::span<const double>(p.local_rates), p.local_offset,
                            p.size, "Hz");
        write_spectrum(f, g, p);
    }
    const std::string e = "/analysis/populations/" + r.populations.front().name + "/";
    scalar(f, e + "pair_correlation", r.pairs.mean, "1");
    f.write_scalar(e + "n_pairs", static_cast<std::uint64_t>(r.pairs.n_pairs), "1");
    scalar(f, "/analysis/chi", r.chi, "1");
    f.write_scalar("/analysis/n_recorded", static_cast<std::uint64_t>(r.n_recorded), "1");
    scalar(f, "/analysis/rho_ei", r.ei.rho, "1");
    scalar(f, "/analysis/rho_ei_pop", r.ei.rho_pop, "1");
    // What the E/I input split sums depends on the neuron model (lif_input_quantity).
    const std::string q = lif_input_quantity(net) + ", mean over the recorded E neurons and the window";
    scalar(f, "/analysis/mean_e_input", r.ei.mean_e, lif_input_units(net));
    f.write_attribute("/analysis/mean_e_input", "quantity", "the E part of the " + q);
    scalar(f, "/analysis/mean_i_input", r.ei.mean_i, lif_input_units(net));
    f.write_attribute("/analysis/mean_i_input", "quantity", "the magnitude of the I part of the " + q);
    scalar(f, "/analysis/balance_index", r.ei.balance, "1");
}

// The recorded neurons are the first population's: its model says what the split sums.
std::string lif_input_units(const lif_network_params& net) {
    const auto& p = net.populations.front();
    if (p.model == neuron_model::adex) return p.conductance_synapses() ? "nS/ms" : "pA/ms";
    return p.model == neuron_model::coba ? "g_L/ms" : "mV/ms";
}

std::string lif_input_quantity(const lif_network_params& net) {
    const auto& p = net.populations.front();
    switch (p.model) {
    case neuron_model::delta:
        return "voltage jumps arriving per ms: E = the positive ones (recurrent excitatory and external "
               "Poisson), I = the negative ones (recurrent inhibitory; the feed-forward check's inhibitory "
               "Poisson input) (mV/ms; the mean of R I / tau_m)";
    case neuron_model::cuba:
        return "increments of the synaptic current variables g_e (E) and g_i (I) arriving per ms "
               "(g in mV, the current term R I; the mean of g_e is tau_e times this rate)";
    case neuron_model::coba:
        return "increments of the synaptic conductances g_e (E) and g_i (I) arriving per ms, in units "
               "of the leak conductance g_L (g_L/ms; the mean of g_e is tau_e times this rate)";
    case neuron_model::adex:
        return std::string("increments of the AdEx neurons' synaptic ") +
               (p.conductance_synapses() ? "conductances g_e (E) and g_i (I) arriving per ms (nS/ms" :
                                             "currents g_e (E) and g_i (I) arriving per ms (pA/ms") +
               "; the mean of g_e is tau_e times this rate)";
    }
    return "";
}

void write_lif_meanfield(h5_file& f, const lif_network_params& net, const siegert_fixed_point& fp,
                         std::size_t n_fp, double input_rate) {
    const std::string g = "/meanfield/siegert/";
    f.write_scalar(g + "rate", fp.rate_hz.front(), "Hz");
    f.write_scalar(g + "mu", fp.mu.front(), "mV");
    f.write_scalar(g + "sigma", fp.sigma.front(), "mV");
    f.write_scalar(g + "cv", fp.cv.front(), "1");
    for (std::size_t a = 0; a < net.populations.size(); ++a) {
        const std::size_t u = std::min(a, fp.rate_hz.size() - 1);  // model A: one unknown for all
        const std::string pg = g + net.populations[a].name + "/";
        f.write_scalar(pg + "rate", fp.rate_hz[u], "Hz");
        f.write_scalar(pg + "mu", fp.mu[u], "mV");
        f.write_scalar(pg + "sigma", fp.sigma[u], "mV");
        f.write_scalar(pg + "cv", fp.cv[u], "1");
    }
    f.write_scalar(g + "residual", fp.residual, "Hz");
    f.write_scalar(g + "input_rate", input_rate, "Hz");
    f.write_scalar(g + "n_fixed_points", static_cast<std::uint64_t>(n_fp), "1");
    f.write_attribute("/meanfield/siegert", "method", fp.method);
    f.write_attribute("/meanfield/siegert", "assumptions", fp.assumptions);
    f.write_attribute("/meanfield/siegert", "stable", std::string(fp.stable ? "true" : "false"));
}

std::string lif_summary_text(const std::string& path, const lif_run_result& r, double dt, int ranks,
                             double wall_s) {
    std::ostringstream o;
    o.precision(4);
    o << "balnet run (lif): " << path << " (" << ranks_text(ranks) << ", " << wall_s << " s wall)\n";
    for (const auto& p : r.populations)
        o << "  " << p.name << ": rate " << p.summary.rate_hz(r.window, dt) << " Hz, CV "
          << cv_text(p.summary.mean_cv(), r.window.min_isis) << ", Fano (time bins) " << p.summary.mean_fano() << ", population Fano "
          << p.population_fano << ", spectrum peak " << p.spectrum.frequency_hz << " Hz (x"
          << p.spectrum.ratio << ")\n";
    o << "  chi " << r.chi << ", rho_EI " << r.ei.rho << ", pair correlation " << r.pairs.mean << "\n";
    return o.str();
}

// The simulated rate and CV of each population next to Siegert's, as the rate runs print theirs.
std::string lif_meanfield_text(const lif_network_params& net, const lif_run_result& r, const siegert_fixed_point& fp,
                               double dt) {
    std::ostringstream o;
    o << "  mean field (Siegert" << (fp.stable ? "" : ", unstable fixed point") << "), simulation vs theory:\n";
    for (std::size_t a = 0; a < r.populations.size() && a < net.populations.size(); ++a) {
        const std::size_t u = std::min(a, fp.rate_hz.size() - 1);  // model A: one unknown for all
        const auto& p = r.populations[a];
        const double sim[2] = {p.summary.rate_hz(r.window, dt), p.summary.mean_cv()};
        const double pred[2] = {fp.rate_hz[u], fp.cv[u]};
        const char* what[2] = {"rate", "CV"};
        for (int k = 0; k < 2; ++k)
            o << comparison_line(p.name + "." + what[k], sim[k], pred[k], (pred[k] - sim[k]) / std::fabs(sim[k]));
    }
    o << assumptions_warning_line(fp.assumptions);  // outside the diffusion limit, as in balnet mft
    return o.str();
}

}  // namespace balnet::detail
