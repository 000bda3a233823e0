// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/mft_rate_command.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <balnet/models/mft_rate.hpp>
#include <balnet/models/rate_run.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {
namespace {

// beta stored by an earlier `balnet run`; every rank reads the same file (serially).
double beta_of_run_file(const std::string& path) {
    const std::string key = "meanfield.beta_from";
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw config_error(key, path, "a readable balnet run file (HDF5 with /analysis/beta)");
    double beta = 0.0;
    try {
        const auto f = h5_file::open_read(path);
        if (!f.exists("/analysis/beta"))
            throw config_error(key, path, "a run file with /analysis/beta (this one has none)");
        beta = f.read_1d<double>("/analysis/beta").at(0);
    } catch (const h5_error& e) {
        throw config_error(key, path, std::string("a readable HDF5 run file: ") + e.what());
    }
    if (!(beta > 0.0))
        throw config_error(key, path, "a run whose measured beta is > 0 (stored: " +
                                          std::to_string(beta) + ")");
    return beta;
}

}  // namespace

void check_output_path(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (fs::is_directory(p, ec) || !fs::is_directory(dir, ec))
        throw config_error("meanfield.file", path, "a file path in an existing directory");
}

mft_beta beta_from_config(const config& cfg) {
    const bool given = cfg.is_set("meanfield.beta");
    const std::string from = cfg.string("meanfield.beta_from");
    if (given && !from.empty())
        throw config_error("meanfield.beta_from", from,
                           "empty when meanfield.beta is given (one source of beta)");
    mft_beta b;
    if (!from.empty()) {
        b.value = beta_of_run_file(from);
        b.source = from + ":/analysis/beta";
    } else if (cfg.real("meanfield.beta") > 0.0) {
        b.value = cfg.real("meanfield.beta");
        b.source = "--meanfield.beta";
    }
    return b;
}

int mft_rate_command(const config& cfg, const context& ctx, const std::string& command_line,
                     run_phase& phase) {
    const mft_beta beta = beta_from_config(cfg);
    const std::string out = cfg.string("meanfield.file");
    if (!out.empty()) check_output_path(out);
    const rate_params params = rate_params_from_config(cfg);
    const rate_population_model model = rate_population_model_from(params);
    const auto outcomes = solve_rate_closures(model, beta.value, dmft_options_from(params));
    if (ctx.rank() == 0) {
        std::cout << "balnet mft: mean-field predictions (docs/models.md 1.7) for the " << describe_model(model)
                  << "\nbeta = " << beta.value << " /tau (" << beta.source << ")\n\n"
                  << outcomes_text(outcomes);
        if (beta.value <= 0.0)
            std::cout << "\nnote: telegraph and moment_gamma skipped: no beta given "
                         "(--meanfield.beta=<value> or --meanfield.beta_from=<run.h5>)\n";
        std::cout.flush();
    }
    if (!any_applied(outcomes)) {
        std::string why;
        for (const auto& o : outcomes) why += "\n  " + o.name + ": " + o.reason;
        throw meanfield_error("no mean-field closure applies to this configuration:" + why);
    }
    if (out.empty()) return 0;
    phase = run_phase::running;
    auto file = h5_file::create(out, ctx);
    file.write_attribute("/", "command_line", command_line);
    file.write_attribute("/", "model", std::string("rate"));
    file.write_attribute("/config", "ini", cfg.resolved_ini());
    write_meanfield(file, outcomes, beta.value, beta.source);
    file.finish();
    if (ctx.rank() == 0) std::cout << "written: " << out << "\n";
    return 0;
}

}  // namespace balnet
