// SPDX-License-Identifier: BSD-3-Clause
// The LIF run: build the engine, advance in chunks feeding the observers, write the run's
// HDF5 file collectively (spikes, traces, analysis, Siegert prediction), print a summary.
#include <balnet/app/lif_run.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <balnet/app/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/spiking/lif_engine.hpp>

#include "detail/lif_observers.hpp"
#include "detail/lif_output.hpp"

namespace balnet {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The Siegert prediction for this config: model A's lowest stable fixed point, or (feed-forward)
// the transfer function at the configured input rate.
std::pair<siegert_fixed_point, std::size_t> lif_prediction(const config& cfg, double& input_rate) {
    const brunel_model_a m = lif_model_a_from_config(cfg);
    auto net = lif_siegert_network(m);
    if (cfg.string("lif.mode") == "feedforward") {
        input_rate = lif_feedforward_rate(cfg);
        net.projections.clear();
        const double ce = static_cast<double>(m.c_e), ci = static_cast<double>(m.c_i);
        net.inputs.push_back({0, ce * input_rate, m.j});
        net.inputs.push_back({0, ci * input_rate, -m.g * m.j});
        return {siegert_scan_fixed_points(net, 1).front(), 1};  // no recurrence: phi(0) is the answer
    }
    auto roots = siegert_scan_fixed_points(net);
    input_rate = 0.0;
    const auto n = roots.size();
    for (auto& r : roots)
        if (r.stable) return {std::move(r), n};
    return {std::move(roots.front()), n};
}

}  // namespace

std::string run_lif(const config& cfg, const context& ctx, const std::string& command_line,
                    bool force_progress) {
    const auto t_start = std::chrono::steady_clock::now();
    const lif_network_params net = lif_params_from_config(cfg);
    const partition part(net.size(), ctx.size(), ctx.rank());
    lif_engine eng(net, part, spike_exchange(ctx));
    detail::lif_observers obs(cfg, eng);
    const step_type total = net.steps(cfg.real("lif.T"));
    progress prog(total, ctx.rank() == 0, force_progress);
    std::vector<spike> all_local;
    const step_type chunk = 100;
    for (step_type done = 0; done < total;) {
        const step_type n = std::min(chunk, total - done);
        eng.advance(n);
        done += n;
        auto s = eng.take_spikes();
        obs.add_spikes(s);
        all_local.insert(all_local.end(), s.begin(), s.end());
        prog.update(done & ~step_type{255});
    }
    prog.finish(total);
    const auto result = obs.finish(ctx);

    const std::string path = cfg.string("output.file");
    auto file = h5_file::create(path, ctx);
    detail::write_lif_provenance(file, cfg, net, ctx, command_line);
    detail::write_lif_spikes(file, net, all_local, ctx);
    obs.write_traces(file, ctx);
    detail::write_lif_analysis(file, net, result);
    if (cfg.boolean("meanfield.enabled")) {
        double input_rate = 0.0;
        const auto [fp, n] = lif_prediction(cfg, input_rate);
        detail::write_lif_meanfield(file, fp, n, input_rate);
    }
    const double wall = ctx.max(seconds_since(t_start));
    file.write_scalar("/timing/wall", wall, "s");
    file.finish();
    if (ctx.rank() == 0)
        std::fputs(detail::lif_summary_text(path, result, net.dt, ctx.size(), wall).c_str(), stdout);
    return path;
}

int mft_lif(const config& cfg, const context& ctx) {
    double input_rate = 0.0;
    const auto [fp, n] = lif_prediction(cfg, input_rate);
    if (ctx.rank() != 0) return 0;
    std::printf("balnet mft (lif, Siegert / diffusion approximation, MODELS 2.2.6)\n");
    if (cfg.string("lif.mode") == "feedforward")
        std::printf("  feed-forward input rate nu_in = %.10g Hz\n", input_rate);
    const auto m = lif_model_a_from_config(cfg);
    auto roots = cfg.string("lif.mode") == "feedforward"
                     ? std::vector<siegert_fixed_point>{fp}
                     : siegert_scan_fixed_points(lif_siegert_network(m));
    std::printf("  %zu fixed point(s) in [0, 1/t_ref)\n", roots.size());
    for (const auto& r : roots)
        std::printf("  nu = %.10g Hz  mu = %.6g mV  sigma = %.6g mV  CV = %.6g  residual = %.3g Hz  %s\n",
                    r.rate_hz[0], r.mu[0], r.sigma[0], r.cv[0], r.residual, r.stable ? "stable" : "unstable");
    std::printf("  method: %s\n  assumptions: %s\n", fp.method.c_str(), fp.assumptions.c_str());
    (void)n;
    return 0;
}

}  // namespace balnet
