// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/mft_rate.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <sstream>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/meanfield/gaussian_dmft.hpp>
#include <balnet/meanfield/heaviside_gamma_closure.hpp>
#include <balnet/meanfield/moment_gamma_closure.hpp>
#include <balnet/meanfield/static_gaussian_closure.hpp>
#include <balnet/meanfield/telegraph_closure.hpp>

namespace balnet {
namespace {

// Runs one solver; a meanfield_error becomes "not applicable" with the solver's own reason.
mft_outcome attempt(const std::string& name, bool uses_beta,
                    const std::function<closure_result()>& solve) {
    mft_outcome o;
    o.name = name;
    o.uses_beta = uses_beta;
    try {
        o.result = solve();
        o.status = mft_outcome::state::ok;
    } catch (const meanfield_error& e) {
        o.status = mft_outcome::state::not_applicable;
        o.reason = e.what();
    }
    return o;
}

// The DMFT keeps its whole answer (curves, tvx, beta) next to the closure_result.
mft_outcome attempt_dmft(const rate_population_model& model, const dmft_options& curves) {
    mft_outcome o;
    o.name = "gaussian_dmft";
    try {
        auto r = std::make_shared<const dmft_result>(solve_gaussian_dmft(model, curves));
        o.result = r->closure;
        o.dmft = std::move(r);
        o.status = mft_outcome::state::ok;
    } catch (const meanfield_error& e) {
        o.status = mft_outcome::state::not_applicable;
        o.reason = e.what();
    }
    return o;
}

mft_outcome skipped_for_beta(const std::string& name) {
    mft_outcome o;
    o.name = name;
    o.uses_beta = true;
    o.status = mft_outcome::state::skipped;
    o.reason = "needs the decorrelation rate beta: give --meanfield.beta=<value> or "
               "--meanfield.beta_from=<run.h5> (balnet run measures it)";
    return o;
}

std::string number(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

void write_population(h5_file& f, const std::string& g, const population_prediction& p) {
    const std::pair<const char*, double> values[] = {{"m", p.m}, {"q", p.q}, {"f", p.f},
        {"mu", p.mu}, {"xbar", p.xbar}, {"var_x", p.var_x}};
    for (const auto& [name, v] : values) f.write_scalar(g + "/" + name, v, "1");
}

void write_dmft(h5_file& f, const std::string& g, const dmft_result& r) {
    const bool chaotic = r.regime == dmft_regime::chaotic;
    f.write_attribute(g, "regime", std::string(chaotic ? "chaotic" : "fixed_point"));
    f.write_attribute(g, "curve_residual", r.curve_residual);
    const std::pair<const char*, double> values[] = {{"tvx", r.tvx}, {"qvx", r.qvx},
        {"tveta", r.tveta}, {"qveta", r.qveta}, {"delta0", r.delta0}, {"delta_inf", r.delta_inf},
        {"static_gain", r.static_gain}};
    for (const auto& [name, v] : values) f.write_scalar(g + "/" + name, v, "1");
    f.write_scalar(g + "/beta", r.beta, "1/tau");
    f.write_scalar(g + "/decay_rate", r.decay_rate, "1/tau");
    std::vector<double> lag(r.r_x.size());
    for (std::size_t k = 0; k < lag.size(); ++k) lag[k] = static_cast<double>(k) * r.dtau;
    f.write_array(g + "/lag", std::span<const double>(lag), "tau");
    f.write_array(g + "/R_x", std::span<const double>(r.r_x), "1");
    f.write_array(g + "/R_eta", std::span<const double>(r.r_eta), "1");
}

std::string dmft_text(const dmft_result& r) {
    std::ostringstream o;
    if (r.regime == dmft_regime::fixed_point) {
        o << "  regime: fixed point (static gain g^2 E[phi'^2] = " << number(r.static_gain)
          << " < 1): tvx = 0, qvx = " << number(r.qvx) << ", beta undefined\n";
        return o.str();
    }
    o << "  regime: chaotic (static gain " << number(r.static_gain) << " > 1)\n"
      << "  tvx = " << number(r.tvx) << "  qvx = " << number(r.qvx) << "  tveta = "
      << number(r.tveta) << "  beta = " << number(r.beta) << " /tau (T -> inf)  decay rate = "
      << number(r.decay_rate) << " /tau\n  R_x(tau)/R_x(0):";
    for (double lag : {1.0, 2.0, 5.0, 10.0, 20.0}) {
        const auto k = static_cast<std::size_t>(std::llround(lag / r.dtau));
        if (k < r.r_x.size()) o << "  " << number(lag) << ": " << number(r.r_x[k] / r.r_x[0]);
    }
    o << "\n  residuals: mean " << number(r.mean_residual) << ", plateau " << number(r.plateau_residual)
      << ", energy " << number(r.energy_residual) << ", curve " << number(r.curve_residual) << "\n";
    return o.str();
}

void write_outcome(h5_file& f, const std::string& g, const mft_outcome& o, double beta) {
    f.write_attribute(g, "state", to_string(o.status));
    f.write_attribute(g, "reason", o.reason);
    if (o.uses_beta) f.write_attribute(g, "beta", beta);
    if (!o.result) return;
    const closure_result& r = *o.result;
    f.write_attribute(g, "method", r.method);
    f.write_attribute(g, "assumptions", r.assumptions);
    f.write_attribute(g, "residual", r.residual);
    f.write_attribute(g, "iterations", static_cast<std::int64_t>(r.iterations));
    if (r.populations.size() == 1) write_population(f, g, r.populations.front());
    else
        for (const auto& p : r.populations) write_population(f, g + "/populations/" + p.name, p);
    if (std::isfinite(r.alpha)) f.write_scalar(g + "/alpha", r.alpha, "1");
    if (o.dmft) write_dmft(f, g, *o.dmft);
}

}  // namespace

rate_population_model rate_population_model_from(const rate_params& p) {
    if (p.file)  // the theory is written in the paper's parametrisation (docs/models.md 1.7)
        throw config_error("network.type", "file",
                           "inhibitory or ei for the mean-field theory (it reads network.N, network.K and the weights keys)");
    rate_population_model m;
    m.type = p.ei ? mf_network_type::ei : mf_network_type::inhibitory;
    m.nu = p.nu;
    m.scale_bias = p.scale_bias;
    m.response = p.response;
    m.power = p.power;
    m.weights = to_string(p.distribution);
    m.N = static_cast<double>(p.N);
    if (!p.ei) {
        m.K = static_cast<double>(p.K);
        m.J0 = p.J0;
        m.g = p.g;
        m.I0 = p.I0;
        return m;
    }
    // The in-degrees of the engine's own E–I split (round half to even, docs/models.md §1.4).
    for (const auto& pr : rate_model::build(p).net.projections)
        (pr.source == 0 ? m.K_E : m.K_I) = static_cast<double>(pr.indegree);
    m.J_EE = p.J_ee; m.J_EI = p.J_ei; m.J_IE = p.J_ie; m.J_II = p.J_ii;
    m.g_EE = p.g_ee; m.g_EI = p.g_ei; m.g_IE = p.g_ie; m.g_II = p.g_ii;
    m.I_E = p.I_E;
    m.I_I = p.I_I;
    return m;
}

std::string to_string(mft_outcome::state s) {
    switch (s) {
    case mft_outcome::state::ok: return "ok";
    case mft_outcome::state::not_applicable: return "not applicable";
    case mft_outcome::state::skipped: return "skipped";
    }
    return "?";
}

dmft_options dmft_options_from(const rate_params& p) {
    const rate_model m = rate_model::build(p);
    dmft_options o;
    o.dtau = static_cast<double>(m.record_every) * m.dt;
    o.lags = static_cast<std::size_t>(m.acf_lags);
    return o;
}

std::vector<mft_outcome> solve_rate_closures(const rate_population_model& model, double beta,
                                             const dmft_options& curves) {
    std::vector<mft_outcome> out;
    out.push_back(attempt("static_gaussian", false, [&] { return solve_static_gaussian(model); }));
    out.push_back(attempt_dmft(model, curves));
    out.push_back(attempt("heaviside_gamma", false,
                          [&] { return solve_heaviside_gamma(model, active_count::mean_field); }));
    out.push_back(attempt("heaviside_gamma_binomial", false,
                          [&] { return solve_heaviside_gamma(model, active_count::binomial); }));
    if (!(beta > 0.0)) {
        out.push_back(skipped_for_beta("telegraph"));
        out.push_back(skipped_for_beta("moment_gamma"));
        return out;
    }
    out.push_back(attempt("telegraph", true, [&] { return solve_telegraph(model, beta); }));
    out.push_back(attempt("moment_gamma", true, [&] { return solve_moment_gamma(model, beta); }));
    return out;
}

bool any_applied(const std::vector<mft_outcome>& outcomes) {
    for (const auto& o : outcomes)
        if (o.status == mft_outcome::state::ok) return true;
    return false;
}

std::string describe_model(const rate_population_model& m) {
    std::ostringstream o;
    if (m.type == mf_network_type::inhibitory)
        o << "inhibitory network, K = " << number(m.K) << ", J0 = " << number(m.J0)
          << ", g = " << number(m.g) << ", I0 = " << number(m.I0);
    else
        o << "E-I network, K_E = " << number(m.K_E) << ", K_I = " << number(m.K_I)
          << ", J_EE/EI/IE/II = " << number(m.J_EE) << "/" << number(m.J_EI) << "/"
          << number(m.J_IE) << "/" << number(m.J_II) << ", g_EE/EI/IE/II = " << number(m.g_EE)
          << "/" << number(m.g_EI) << "/" << number(m.g_IE) << "/" << number(m.g_II)
          << ", I_E = " << number(m.I_E) << ", I_I = " << number(m.I_I);
    o << ", nu = " << number(m.nu) << ", scale_bias = " << number(m.scale_bias)
      << ", phi = " << to_string(m.response);
    if (m.response == response_kind::rect_power) o << " (power " << number(m.power) << ")";
    o << ", weights " << m.weights;
    return o.str();
}

std::string outcomes_text(const std::vector<mft_outcome>& outcomes) {
    std::ostringstream o;
    for (const auto& oc : outcomes) {
        o << oc.name << "\n";
        if (!oc.result) {
            o << "  " << to_string(oc.status) << ": " << oc.reason << "\n";
            continue;
        }
        const closure_result& r = *oc.result;
        for (const auto& p : r.populations)
            o << "  " << p.name << ": m = " << number(p.m) << "  q = " << number(p.q)
              << "  f = " << number(p.f) << "  mu = " << number(p.mu) << "  xbar = "
              << number(p.xbar) << "  var_x = " << number(p.var_x) << "\n";
        if (std::isfinite(r.alpha)) o << "  alpha = " << number(r.alpha) << "\n";
        if (oc.dmft) o << dmft_text(*oc.dmft);
        o << "  residual = " << number(r.residual) << ", iterations = " << r.iterations << "\n"
          << "  assumptions: " << r.assumptions << "\n";
    }
    return o.str();
}

void write_meanfield(h5_file& f, const std::vector<mft_outcome>& outcomes, double beta,
                     const std::string& beta_source, const std::string& root) {
    f.write_attribute(root, "model", std::string("rate"));
    f.write_attribute(root, "beta", std::isfinite(beta) && beta > 0.0 ? beta : 0.0);
    f.write_attribute(root, "beta_units", std::string("1/tau"));
    f.write_attribute(root, "beta_source", beta_source);
    for (const auto& o : outcomes) write_outcome(f, root + "/" + o.name, o, beta);
}

}  // namespace balnet
