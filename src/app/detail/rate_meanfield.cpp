// SPDX-License-Identifier: BSD-3-Clause
#include "rate_meanfield.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <balnet/app/mft_rate.hpp>
#include <balnet/app/rate_run.hpp>

namespace balnet::detail {
namespace {

struct comparison_row {
    std::string observable;
    double simulated = 0.0;
    double predicted = 0.0;
    double relative() const {
        return simulated != 0.0 ? (predicted - simulated) / std::fabs(simulated)
                                : std::numeric_limits<double>::quiet_NaN();
    }
};

std::vector<comparison_row> rows_of(const closure_result& r, const rate_model& m,
                                    const rate_summary& s) {
    std::vector<comparison_row> rows;
    if (r.populations.size() == 1) {
        const population_prediction& p = r.populations.front();
        rows = {{"m", s.m, p.m}, {"f", s.f, p.f}, {"mu", s.mu, p.mu}, {"xbar", s.xbar, p.xbar},
                {"var_x", s.tvx + s.qvx, p.var_x}};
        if (std::isfinite(r.alpha)) rows.push_back({"alpha", s.m * m.alpha_factor, r.alpha});
        return rows;
    }
    for (const auto& p : r.populations)
        for (const auto& sp : s.populations)
            if (sp.name == p.name) {
                const std::string n = p.name + ".";
                rows.push_back({n + "m", sp.m, p.m});
                rows.push_back({n + "f", sp.f, p.f});
                rows.push_back({n + "mu", sp.mu, p.mu});
                rows.push_back({n + "xbar", sp.xbar, p.xbar});
            }
    return rows;
}

void write_rows(h5_file& f, const std::string& g, const std::vector<comparison_row>& rows) {
    std::vector<std::string> names;
    std::vector<double> sim, pred, rel;
    for (const auto& r : rows) {
        names.push_back(r.observable);
        sim.push_back(r.simulated);
        pred.push_back(r.predicted);
        rel.push_back(r.relative());
    }
    f.write_attribute(g, "observables", names);
    f.write_array(g + "/simulated", std::span<const double>(sim), "1");
    f.write_array(g + "/predicted", std::span<const double>(pred), "1");
    f.write_array(g + "/relative_difference", std::span<const double>(rel), "1");
}

void append_table(std::ostringstream& o, const std::string& closure,
                  const std::vector<comparison_row>& rows) {
    char line[160];
    o << "  " << closure << ":\n";
    for (const auto& r : rows) {
        std::snprintf(line, sizeof line, "    %-8s simulated %-12.5g predicted %-12.5g rel. diff %+.3f\n",
                      r.observable.c_str(), r.simulated, r.predicted, r.relative());
        o << line;
    }
}

}  // namespace

std::string rate_meanfield(h5_file& f, const config& cfg, const rate_model& m,
                           const rate_summary& s) {
    if (!cfg.boolean("meanfield.enabled")) return "";
    const auto model = rate_population_model_from(rate_params_from_config(cfg));
    const auto outcomes = solve_rate_closures(model, s.beta);
    write_meanfield(f, outcomes, s.beta, "measured in this run (/analysis/beta)");
    std::ostringstream o;
    o << "  mean field (beta = " << s.beta << " /tau, measured), simulation vs theory:\n";
    f.write_attribute("/meanfield/comparison", "definition",
                      std::string("relative_difference = (predicted - simulated) / |simulated|; "
                                  "var_x = tvx + qvx"));
    for (const auto& oc : outcomes) {
        if (!oc.result) {
            o << "  " << oc.name << ": " << to_string(oc.status) << "\n";
            continue;
        }
        const auto rows = rows_of(*oc.result, m, s);
        write_rows(f, "/meanfield/comparison/" + oc.name, rows);
        append_table(o, oc.name, rows);
    }
    if (!any_applied(outcomes)) o << "  (no mean-field closure applies to this configuration)\n";
    return o.str();
}

}  // namespace balnet::detail
