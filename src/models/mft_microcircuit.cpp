// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/mft_microcircuit.hpp>

#include <cstdio>
#include <span>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/models/mft_rate_command.hpp>

namespace balnet {

bool lif_microcircuit_network(const config& cfg) {
    return cfg.applies("lif.network") && cfg.string("lif.network") == "microcircuit";
}

microcircuit microcircuit_from_config(const config& cfg) {
    return potjans_diesmann_2014().scaled(cfg.real("lif.scale"), cfg.real("lif.k_scale"));
}

siegert_network microcircuit_siegert_network(const microcircuit& m) {
    siegert_network net;
    const siegert_neuron neuron{m.tau_m, m.t_ref, m.v_th - m.e_l, m.v_reset - m.e_l, m.tau_syn};
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a) {
        net.names.push_back(m.names[a]);
        net.neurons.push_back(neuron);
        net.inputs.push_back({a, m.k_ext[a] * m.nu_ext, m.delta_equivalent_mv(m.psc_ext)});
        net.mu_dc.push_back(m.dc_mv(a));
        for (std::size_t b = 0; b < microcircuit::n_pop; ++b)
            if (m.synapses[a][b] > 0.0)
                net.projections.push_back({a, b, m.indegree(a, b), m.delta_equivalent_mv(m.psc_mean[a][b])});
    }
    return net;
}

namespace {

double recurrent_indegree(const microcircuit& m, std::size_t a) {
    double k = 0.0;
    for (std::size_t b = 0; b < microcircuit::n_pop; ++b) k += m.indegree(a, b);
    return k;
}

void print_fixed_point(const microcircuit& m, const siegert_fixed_point& fp) {
    std::printf("balnet mft (lif, microcircuit of Potjans & Diesmann 2014: Siegert with the Fourcaud-Brunel "
                "shift for exponential synapses, docs/models.md 2.7)\n");
    std::printf("  scale: neurons %.6g, in-degrees %.6g  (%llu neurons, %.6g synapses)\n", m.neuron_scale,
                m.indegree_scale, static_cast<unsigned long long>(m.total_neurons()), m.total_synapses());
    std::printf("  %-5s %8s %9s %10s %13s %10s %11s %8s\n", "pop", "N", "K_rec", "I_dc [pA]", "nu [Hz]", "mu [mV]",
                "sigma [mV]", "CV");
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a)
        std::printf("  %-5s %8llu %9.2f %10.4g %13.10g %10.6g %11.6g %8.4g\n", m.names[a].c_str(),
                    static_cast<unsigned long long>(m.size[a]), recurrent_indegree(m, a), m.dc[a], fp.rate_hz[a],
                    fp.mu[a], fp.sigma[a], fp.cv[a]);
    std::printf("  residual = %.3g Hz  %s\n  method: %s\n  assumptions: %s\n", fp.residual,
                fp.stable ? "stable" : "unstable", fp.method.c_str(), fp.assumptions.c_str());
}

void write_fixed_point(h5_file& f, const microcircuit& m, const siegert_fixed_point& fp) {
    const std::string root = "/meanfield";
    f.write_attribute(root, "model", std::string("lif_microcircuit"));
    f.write_attribute(root, "method", fp.method);
    f.write_attribute(root, "assumptions", fp.assumptions);
    f.write_attribute(root, "residual", fp.residual);
    f.write_attribute(root, "stable", std::string(fp.stable ? "true" : "false"));
    f.write_attribute(root, "neuron_scale", m.neuron_scale);
    f.write_attribute(root, "indegree_scale", m.indegree_scale);
    f.write_strings(root + "/populations", std::vector<std::string>(m.names.begin(), m.names.end()));
    std::vector<double> k, dc;
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a) {
        k.push_back(recurrent_indegree(m, a));
        dc.push_back(m.dc[a]);
    }
    f.write_array(root + "/rate", std::span<const double>(fp.rate_hz), "Hz");
    f.write_array(root + "/mu", std::span<const double>(fp.mu), "mV");
    f.write_array(root + "/sigma", std::span<const double>(fp.sigma), "mV");
    f.write_array(root + "/cv", std::span<const double>(fp.cv), "1");
    f.write_array(root + "/dc", std::span<const double>(dc), "pA");
    f.write_array(root + "/indegree", std::span<const double>(k), "1");
}

}  // namespace

int mft_microcircuit_command(const config& cfg, const context& ctx, const std::string& command_line,
                             run_phase& phase) {
    const std::string out = cfg.string("meanfield.file");
    if (!out.empty()) check_output_path(out);
    const microcircuit m = microcircuit_from_config(cfg);
    const siegert_fixed_point fp = siegert_solve(microcircuit_siegert_network(m));
    if (ctx.rank() == 0) {
        print_fixed_point(m, fp);
        std::fflush(stdout);
    }
    if (out.empty()) return 0;
    phase = run_phase::running;
    auto file = h5_file::create(out, ctx);
    file.write_attribute("/", "command_line", command_line);
    file.write_attribute("/", "model", std::string("lif"));
    file.write_attribute("/config", "ini", cfg.resolved_ini());
    write_fixed_point(file, m, fp);
    file.finish();
    if (ctx.rank() == 0) std::printf("written: %s\n", out.c_str());
    return 0;
}

}  // namespace balnet
