// SPDX-License-Identifier: BSD-3-Clause
// The SCN run: build the engine over the MPI partition, advance in chunks with the observers on
// the step probe, write the run's HDF5 file collectively, print a summary on rank 0.
#include <balnet/app/scn_run.hpp>

#include <chrono>
#include <cstdio>

#include <balnet/app/progress.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/spiking/scn_engine.hpp>

#include "detail/scn_output.hpp"

namespace balnet {

std::string run_scn(const config& cfg, const context& ctx, const std::string& command_line,
                    bool force_progress) {
    const auto t_start = std::chrono::steady_clock::now();
    const scn_params p = scn_params_from_config(cfg);
    scn_engine eng(p, partition(p.n, ctx.size(), ctx.rank()), ctx);
    detail::scn_observers obs(cfg, eng);
    eng.set_step_probe([&obs](const scn_engine& e) { obs.add_step(e); });
    const step_type total = p.steps(cfg.real("scn.T"));
    progress prog(total, ctx.rank() == 0, force_progress);
    std::vector<spike> all_local;
    const auto t_loop = std::chrono::steady_clock::now();
    for (step_type done = 0; done < total;) {
        const step_type n = std::min<step_type>(256, total - done);
        eng.advance(n);
        done += n;
        auto s = eng.take_spikes();
        obs.add_spikes(s);
        all_local.insert(all_local.end(), s.begin(), s.end());
        prog.update(done & ~step_type{255});
    }
    prog.finish(total);
    const double loop_s = ctx.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t_loop).count());
    const auto result = obs.finish(eng, ctx);

    const std::string path = cfg.string("output.file");
    auto file = h5_file::create(path, ctx);
    detail::write_scn_provenance(file, cfg, eng, ctx, command_line);
    detail::write_scn_signal(file, eng, obs);
    detail::write_scn_spikes(file, eng, all_local, ctx);
    detail::write_scn_analysis(file, eng, obs, result);
    file.write_scalar("/timing/loop", loop_s, "s");
    file.write_scalar("/timing/steps_per_second", static_cast<double>(total) / loop_s, "1/s");
    file.write_scalar("/timing/collective", ctx.max(eng.collective_seconds()), "s");
    const double wall = ctx.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count());
    file.write_scalar("/timing/wall", wall, "s");
    file.finish();
    if (ctx.rank() == 0)
        std::fputs(detail::scn_summary_text(path, eng, obs, result, ctx.size(), wall).c_str(), stdout);
    return path;
}

}  // namespace balnet
