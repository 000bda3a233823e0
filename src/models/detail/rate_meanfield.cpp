// SPDX-License-Identifier: BSD-3-Clause
#include "rate_meanfield.hpp"
#include "summary_words.hpp"

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <limits>
#include <sstream>

#include <balnet/meanfield/closure_result.hpp>
#include <balnet/models/mft_rate.hpp>
#include <balnet/models/rate_run.hpp>
#include <balnet/meanfield/gaussian_dmft.hpp>

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

// The DMFT's temporal predictions, taken through the run's own estimators: its tvx, qvx, R_x and
// beta at the recorded duration T (own-time-mean bias, docs/models.md 1.6), R_x at lags 1, 2, 5 tau.
void append_dmft_rows(std::vector<comparison_row>& rows, const dmft_result& r, const rate_model& m,
                      const rate_summary& s) {
    const double T = static_cast<double>(s.n_steps * static_cast<std::uint64_t>(m.record_every)) * m.dt;
    if (!(T > 0.0)) return;
    const dmft_finite_time e = finite_time_estimates(r, T);
    rows.push_back({"tvx", s.tvx, e.tvx});
    rows.push_back({"qvx", s.qvx, e.qvx});
    rows.push_back({"tveta", s.tveta, e.tveta});
    rows.push_back({"beta", s.beta, e.beta});
    for (double lag : {1.0, 2.0, 5.0}) {
        const auto k = static_cast<std::size_t>(std::llround(lag / r.dtau));
        if (k >= e.r_x.size() || k >= s.r_x.size()) continue;
        char name[32];
        std::snprintf(name, sizeof name, "R_x(%g)", lag);
        rows.push_back({name, s.r_x[k], e.r_x[k]});
    }
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
    o << "  " << closure << ":\n";
    for (const auto& r : rows) o << comparison_line(r.observable, r.simulated, r.predicted, r.relative());
}

}  // namespace

std::string rate_meanfield(h5_file& f, const config& cfg, const rate_model& m,
                           const rate_summary& s) {
    if (!cfg.boolean("meanfield.enabled")) return "";
    const rate_params params = rate_params_from_config(cfg);
    const auto model = rate_population_model_from(params);
    const auto outcomes = solve_rate_closures(model, s.beta, dmft_options_from(params));
    write_meanfield(f, outcomes, s.beta, "measured in this run (/analysis/beta)");
    std::ostringstream o;
    o << "  mean field (beta = " << s.beta << " /tau, measured), simulation vs theory:\n";
    f.write_attribute("/meanfield/comparison", "definition",
                      std::string("relative_difference = (predicted - simulated) / |simulated|; "
                                  "var_x = tvx + qvx"));
    for (const auto& oc : outcomes) {
        if (!oc.result) {  // with the closure's reason: a refusal reads as in `balnet mft`
            o << "  " << oc.name << ": " << to_string(oc.status) << ": " << oc.reason << "\n";
            continue;
        }
        auto rows = rows_of(*oc.result, m, s);
        if (oc.dmft) append_dmft_rows(rows, *oc.dmft, m, s);
        write_rows(f, "/meanfield/comparison/" + oc.name, rows);
        append_table(o, oc.name, rows);
        o << assumptions_warning_line(oc.result->assumptions);
    }
    if (!any_applied(outcomes)) o << "  (no mean-field closure applies to this configuration)\n";
    return o.str();
}

}  // namespace balnet::detail
