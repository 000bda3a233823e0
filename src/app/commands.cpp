// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/commands.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <balnet/analysis/observer_set.hpp>
#include <balnet/app/command_line.hpp>
#include <balnet/models/model_recipe.hpp>
#include <balnet/app/output_paths.hpp>
#include <balnet/app/scan_command.hpp>
#include <balnet/comm/launch_environment.hpp>
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

config_schema command_schema() {
    config_schema s = run_schema();
    observer_set::add_keys(s);
    return s;
}

config load_run_config(const std::string& file, const std::vector<std::string>& args) {
    auto cfg = config::load(file, args, command_schema());
    model_recipe_for(cfg).validate(cfg);
    return cfg;
}

namespace {

constexpr const char* commands_text =
           "usage:\n"
           "  balnet run <config.ini> [--section.key=value ...] [--progress] [--resume] [--overwrite]\n"
           "             [--profile] [--petsc <PETSc options>]\n"
           "  balnet describe <config.ini> [--section.key=value ...] [--ranks N]\n"
           "  balnet mft <config.ini> [--section.key=value ...] [--meanfield.beta=B | "
           "--meanfield.beta_from=RUN.h5] [--meanfield.file=OUT.h5]\n"
           "  balnet scan <scan.ini> --out DIR [--section.key=value ...] [--local N | --submit]\n"
           "  balnet scan status DIR\n"
           "  balnet aggregate DIR\n"
           "  balnet --help | balnet run --help | balnet scan --help\n\n"
           "Run with MPI: mpirun -n <ranks> balnet run <config.ini>. Results do not depend on the\n"
           "number of ranks (same seed -> same network, same statistics).\n";

constexpr const char* scan_text =
    "usage: balnet scan <scan.ini> --out DIR [--section.key=value ...] [--local N | --submit]\n"
    "       balnet scan status DIR\n"
    "       balnet aggregate DIR\n\n"
    "  <scan.ini>   [scan] name, base (the run configuration), combine = product | zip,\n"
    "               repetitions, seed_start or seeds; [set] keys fixed in every task;\n"
    "               [vary] or [vary.<group>] section.key = a, b, c | linrange(a, b, n) |\n"
    "               logrange(a, b, n); [resources] ranks, time, partition, ... (docs/scan-files.md)\n"
    "  --out DIR    the scan folder: one config and one output file per task, the job scripts,\n"
    "               aggregate.csv and failed.csv; an existing folder is continued (complete tasks kept)\n"
    "  --local N    run the tasks here, N at a time, then aggregate\n"
    "  --submit     submit a SLURM job array and an aggregation job that depends on it\n"
    "  (neither)    write the folder and print how to run it\n"
    "  --section.key=value   overrides every task's configuration\n"
    "  status DIR   one line per task: complete, running (where, how far), pending, stopped\n"
    "               (checkpoint), failed (exit code, error), incomplete, missing\n";

}  // namespace

std::string usage_text() {
    return std::string("balnet: excitatory-inhibitory network simulator\n\n") + commands_text +
           "\nConfiguration keys (INI: [section] key = value; override: --section.key=value):\n\n" +
           command_schema().help_text();
}

std::string short_usage_text() {
    return std::string("balnet: excitatory-inhibitory network simulator\n\n") + commands_text +
           "\nbalnet --help lists every configuration key; docs/configuration.md has them too.\n";
}

namespace {

// --ranks N of describe: the rank count to describe the partition for.
std::optional<int> ranks_flag(const command_line& cl) {
    std::optional<int> ranks;
    for (std::size_t i = 0; i < cl.extra.size(); ++i) {
        const bool for_describe = cl.extra[i] == "--ranks" && cl.command == "describe";
        const bool for_scan = cl.command == "scan";
        if (!for_describe && !for_scan)
            throw config_error(cl.extra[i], cl.extra[i] == "--ranks" ? cl.extra[i + 1] : "",
                               cl.extra[i] == "--ranks" ? "--ranks only with balnet describe"
                                                        : "--out, --local and --submit only with balnet scan");
        if (!for_describe) continue;
        const std::string& v = cl.extra[++i];
        char* end = nullptr;
        const long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end != '\0' || n < 1 || n > 1 << 24)
            throw config_error("--ranks", v, "a whole number of ranks from 1 to 16777216");
        ranks = static_cast<int>(n);
    }
    return ranks;
}

}  // namespace

std::optional<int> dispatch_without_mpi(int argc, char** argv) {
    const launch_environment launch = launch_environment::detect();
    const bool printer = launch.rank == 0;  // the one process of a launch that answers
    try {
        const auto cl = command_line::parse(argc, argv);
        const auto ranks = ranks_flag(cl);
        if (argc <= 1) {  // nothing asked: how to ask, on stderr, and the exit code of a usage error
            if (printer) std::cerr << short_usage_text();
            return 2;
        }
        if (cl.help && (cl.command == "scan" || cl.command == "aggregate")) {
            if (printer) std::cout << scan_text;
            return 0;
        }
        if (cl.help || cl.command == "help") {
            if (printer) std::cout << usage_text();
            return 0;
        }
        if (cl.command != "describe") return std::nullopt;
        const auto cfg = load_validated(cl);
        if (printer) model_recipe_for(cfg).describe(cfg, ranks.value_or(launch.size));
        return 0;
    } catch (const error& e) {  // before any run: the same error in every process; one prints it
        if (printer) std::fprintf(stderr, "balnet: error: %s\n", e.what());
        return e.exit_code();
    }
}

int dispatch(int argc, char** argv, const context& ctx, run_phase& phase) {
    const auto cl = command_line::parse(argc, argv);
    // Scan files and scan directories are not run configs; both commands stay on one rank.
    if (cl.command == "scan" && cl.subcommand == "status") return scan_status_command(cl, ctx);
    if (cl.command == "scan") return scan_command(cl, ctx);
    if (cl.command == "aggregate") return aggregate_command(cl, ctx);
    const auto cfg = load_validated(cl);
    // mft solves on every rank alike (pure); it marks the phase itself before writing a file.
    const model_recipe& model = model_recipe_for(cfg);
    if (cl.command == "mft") {
        if (model.mft) return model.mft(cfg, ctx, cl.joined, phase);
        throw config_error("run.model", cfg.string("run.model"), "rate or lif (for balnet mft)");
    }
    // Later trials are not checkpointed: refused with the other input errors, every rank alike.
    if (cl.resume && cfg.applies("run.trials") && cfg.integer("run.trials") > 1)
        throw config_error("run.trials", cfg.string("run.trials"), "1 with --resume (trials are not checkpointed)");
    if (cl.resume && cfg.applies("perturbation.kind") && cfg.string("perturbation.kind") != "none")
        throw config_error("perturbation.kind", cfg.string("perturbation.kind"), "none with --resume (the perturbed copies are not checkpointed)");
    // What the run's files would destroy, for every model, before anything is written.
    require_safe_outputs(cfg, cl.file, {cl.overwrite, cl.resume}, ctx);
    // Refused here, every rank alike, before anything is allocated (run.memory_check = false skips it).
    if (cfg.boolean("run.memory_check")) model.require_memory(cfg, ctx);
    phase = run_phase::running;
    run_options opts{cl.joined, cl.petsc_options, cl.progress, cl.resume, cl.profile};
    try {
        (void)model.run(cfg, ctx, opts);
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
