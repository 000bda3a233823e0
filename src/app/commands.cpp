// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/commands.hpp>

#include <cstdio>
#include <iostream>

#include <balnet/app/command_line.hpp>
#include <balnet/app/describe.hpp>
#include <balnet/app/lif_run.hpp>
#include <balnet/app/memory_estimate.hpp>
#include <balnet/app/mft_rate_command.hpp>
#include <balnet/app/output_paths.hpp>
#include <balnet/app/rate_run.hpp>
#include <balnet/app/scan_command.hpp>
#include <balnet/app/scn_run.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/config.hpp>

namespace balnet {
namespace {

std::vector<std::string> dashed(const std::vector<std::string>& overrides) {
    std::vector<std::string> out;
    for (const auto& o : overrides) out.push_back("--" + o);
    return out;
}

config load_validated(const command_line& cl) {
    if (cl.file.empty())
        throw config_error("config file", "", "a path: balnet " + cl.command + " <config.ini>");
    return load_run_config(cl.file, dashed(cl.overrides));
}

}  // namespace

config load_run_config(const std::string& file, const std::vector<std::string>& args) {
    auto cfg = config::load(file, args, run_schema());
    if (cfg.string("run.model") == "scn") (void)scn_params_from_config(cfg);
    else if (cfg.string("run.model") == "lif") (void)lif_params_from_config(cfg);
    else (void)rate_model::build(rate_params_from_config(cfg));
    return cfg;
}

std::string usage_text() {
    return "balnet: excitatory-inhibitory network simulator\n\n"
           "usage:\n"
           "  balnet run <config.ini> [--section.key=value ...] [--progress] [--resume] [--overwrite]\n"
           "             [--profile] [--petsc <PETSc options>]\n"
           "  balnet describe <config.ini> [--section.key=value ...]\n"
           "  balnet mft <config.ini> [--section.key=value ...] [--meanfield.beta=B | "
           "--meanfield.beta_from=RUN.h5] [--meanfield.file=OUT.h5]\n"
           "  balnet scan <scan.ini> --out DIR [--section.key=value ...] [--local N | --submit]\n"
           "  balnet aggregate DIR\n"
           "  balnet --help | balnet run --help\n\n"
           "Run with MPI: mpirun -n <ranks> balnet run <config.ini>. Results do not depend on the\n"
           "number of ranks (same seed -> same network, same statistics).\n\n"
           "Configuration keys (INI: [section] key = value; override: --section.key=value):\n\n" +
           run_schema().help_text();
}

int dispatch(int argc, char** argv, const context& ctx, run_phase& phase) {
    const auto cl = command_line::parse(argc, argv);
    if (cl.help || cl.command == "help") {
        if (ctx.rank() == 0) std::cout << usage_text();
        return 0;
    }
    // Scan files and scan directories are not run configs; both commands stay on one rank.
    if (cl.command == "scan") return scan_command(cl, ctx);
    if (cl.command == "aggregate") return aggregate_command(cl, ctx);
    const auto cfg = load_validated(cl);
    // mft solves on every rank alike (pure); it marks the phase itself before writing a file.
    if (cl.command == "mft") {
        if (cfg.string("run.model") == "rate") return mft_rate_command(cfg, ctx, cl.joined, phase);
        if (cfg.string("run.model") == "lif" && cfg.string("lif.neuron") != "delta")
            throw config_error("lif.neuron", cfg.string("lif.neuron"), "delta (for balnet mft: Siegert theory)");
        if (cfg.string("run.model") == "lif") return mft_lif(cfg, ctx);
        throw config_error("run.model", cfg.string("run.model"), "rate (for balnet mft)");
    }
    // describe is pure (no collective): its config errors are reported like validation errors.
    if (cl.command == "describe") {
        if (cfg.string("run.model") == "scn") describe_scn(cfg, ctx);
        else if (cfg.string("run.model") == "lif") describe_lif(cfg, ctx);
        else describe_rate(cfg, ctx);
        return 0;
    }
    // What the run's files would destroy, for every model, before anything is written.
    require_safe_outputs(cfg, cl.file, {cl.overwrite, cl.resume}, ctx);
    require_run_memory(cfg, ctx);  // refused here, every rank alike, before anything is allocated
    phase = run_phase::running;
    const bool lif = cfg.string("run.model") == "lif";
    run_options opts{cl.joined, cl.petsc_options, cl.progress, cl.resume, cl.profile};
    try {
        if (cfg.string("run.model") == "scn") run_scn(cfg, ctx, opts);
        else if (lif) run_lif(cfg, ctx, opts);
        else run_rate(cfg, ctx, opts);
    } catch (const run_interrupted& e) {
        // Every rank agreed to stop (a collective decision): a notice, not an abort.
        if (ctx.rank() == 0) std::fprintf(stderr, "balnet: %s\n", e.what());
        return e.exit_code();
    }
    return 0;
}

int report_error(const context& ctx, run_phase phase, const std::string& what, int code) {
    if (phase == run_phase::validating) {
        if (ctx.rank() == 0) std::fprintf(stderr, "balnet: error: %s\n", what.c_str());
        return code;
    }
    std::fprintf(stderr, "balnet: error on rank %d: %s\n", ctx.rank(), what.c_str());
    std::fflush(stderr);
    if (ctx.size() > 1) ctx.abort(code);
    return code;
}

}  // namespace balnet
