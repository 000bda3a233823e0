// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/network_file.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include <balnet/core/error.hpp>

#include "detail/network_ini.hpp"

namespace balnet {
namespace {

using detail::ini_section;
using detail::parse_ini;
using detail::section_reader;
using detail::endpoints;
using detail::population_name;


const std::vector<std::string> population_keys{
    "size", "excitatory", "neuron", "tau_m", "theta", "v_reset", "t_ref", "v_init_min", "v_init_max",
    "ext_rate", "ext_weight", "dc", "ext2_rate", "ext2_weight", "tau_e", "tau_i", "E_L", "E_e", "E_i",
    "v_init_mean", "v_init_sd", "g_e_init_mean", "g_e_init_sd", "g_i_init_mean", "g_i_init_sd",
    // neuron = adex (docs/models.md §2.8)
    "C_m", "g_L", "V_T", "Delta_T", "a", "tau_w", "b", "V_r", "V_peak", "I_e", "synapse", "substeps",
    "w_init_mean", "w_init_sd"};

// The keys of the adex neuron alone, and those of the LIF neurons (delta, cuba, coba) alone.
const std::vector<std::string> adex_only_keys{"C_m", "g_L", "V_T", "Delta_T", "a", "tau_w", "b", "V_r", "V_peak",
                                              "I_e", "synapse", "substeps", "w_init_mean", "w_init_sd"};
const std::vector<std::string> lif_only_keys{"tau_m", "theta", "v_reset", "v_init_min", "v_init_max", "dc"};

const std::vector<std::string> projection_keys{
    "rule", "indegree", "probability", "number", "multapses", "autapses", "weight", "weight_law",
    "weight_sd", "delay", "delay_law", "delay_sd", "delay_max"};

neuron_model parse_model(const std::string& s) {
    if (s == "cuba") return neuron_model::cuba;
    if (s == "coba") return neuron_model::coba;
    if (s == "adex") return neuron_model::adex;
    return neuron_model::delta;
}

const auto positive = [](double x) { return x > 0; };
const auto non_negative = [](double x) { return x >= 0; };

normal_init read_init(section_reader& r, const std::string& key) {
    return {r.real(key + "_mean", 0.0), r.real(key + "_sd", 0.0, non_negative, ">= 0")};
}

// neuron = adex: the AdEx neuron's keys (defaults: adex_params, Brette & Gerstner 2005), with the
// synapse keys of the exp models where they mean the same (tau_e, tau_i, E_e, E_i, E_L, t_ref,
// v_init_*, g_*_init_*); g and weights in nS (conductance) or pA (current).
void read_adex(section_reader& r, adex_params& a) {
    const adex_params d;
    a.c_m = r.real("C_m", d.c_m, positive, "> 0 pF");
    a.g_l = r.real("g_L", d.g_l, positive, "> 0 nS");
    a.e_l = r.real("E_L", d.e_l);
    a.v_t = r.real("V_T", d.v_t);
    a.delta_t = r.real("Delta_T", d.delta_t, positive, "> 0 mV");
    a.a = r.real("a", d.a);
    a.tau_w = r.real("tau_w", d.tau_w, positive, "> 0 ms");
    a.b = r.real("b", d.b);
    a.v_r = r.real("V_r", d.v_r);
    a.v_peak = r.real("V_peak", d.v_peak);
    a.t_ref = r.real("t_ref", d.t_ref, non_negative, ">= 0 ms");
    a.i_e = r.real("I_e", d.i_e);
    a.synapse = r.choice("synapse", "conductance", {"conductance", "current"}) == "current" ? adex_synapse::current
                                                                                           : adex_synapse::conductance;
    a.tau_e = r.real("tau_e", d.tau_e, positive, "> 0 ms");
    a.tau_i = r.real("tau_i", d.tau_i, positive, "> 0 ms");
    if (a.synapse == adex_synapse::conductance) {
        a.e_e = r.real("E_e", d.e_e);
        a.e_i = r.real("E_i", d.e_i);
    } else {
        r.forbid("E_e", "synapse = conductance");
        r.forbid("E_i", "synapse = conductance");
    }
    a.substeps = static_cast<std::int32_t>(r.count("substeps", 1, 1, "an integer in [1, 1000]"));
    a.v_init = {r.real("v_init_mean", d.v_init.mean), r.real("v_init_sd", 0.0, non_negative, ">= 0")};
    a.w_init = read_init(r, "w_init");
    a.g_e_init = read_init(r, "g_e_init");
    a.g_i_init = read_init(r, "g_i_init");
}

// A population of its own model (`neuron`, default: the defaults' model); populations of one file
// may have different models (docs/models.md §2.6).
lif_population_params read_population(section_reader& r, const std::string& name, neuron_model default_model) {
    lif_population_params p;
    p.name = name;
    p.size = r.count("size", std::nullopt, 1, "an integer in [1, 2^53]");
    p.excitatory = r.flag("excitatory", std::nullopt);
    const neuron_model model = parse_model(r.choice("neuron", to_string(default_model), {"delta", "cuba", "coba", "adex"}));
    p.model = model;
    if (model == neuron_model::adex) {
        p.ext_rate = r.real("ext_rate", 0.0, non_negative, ">= 0 Hz");
        p.ext_weight = r.real("ext_weight", 0.0);
        p.ext2_rate = r.real("ext2_rate", 0.0, non_negative, ">= 0 Hz");
        p.ext2_weight = r.real("ext2_weight", 0.0);
        for (const auto& k : lif_only_keys) r.forbid(k, "neuron = delta, cuba or coba");
        read_adex(r, p.adex);
        return p;
    }
    for (const auto& k : adex_only_keys) r.forbid(k, "neuron = adex");
    p.tau_m = r.real("tau_m", 20.0, positive, "> 0 ms");
    p.theta = r.real("theta", 20.0);
    p.v_reset = r.real("v_reset", 10.0, [&](double v) { return v < p.theta; }, "< theta = " + std::to_string(p.theta) + " mV");
    p.t_ref = r.real("t_ref", 2.0, non_negative, ">= 0 ms");
    p.v_init_min = r.real("v_init_min", 0.0);
    p.v_init_max = r.real("v_init_max", p.theta, [&](double v) { return v >= p.v_init_min; }, ">= v_init_min");
    p.ext_rate = r.real("ext_rate", 0.0, non_negative, ">= 0 Hz");
    p.ext_weight = r.real("ext_weight", 0.0);
    p.mu_dc = r.real("dc", 0.0);
    p.ext2_rate = r.real("ext2_rate", 0.0, non_negative, ">= 0 Hz");
    p.ext2_weight = r.real("ext2_weight", 0.0);
    const std::string exp_only = "neuron = cuba or coba";
    if (model == neuron_model::delta) {
        for (const auto& k : {"tau_e", "tau_i", "E_L", "E_e", "E_i", "v_init_mean", "v_init_sd", "g_e_init_mean",
                              "g_e_init_sd", "g_i_init_mean", "g_i_init_sd"})
            r.forbid(k, exp_only);
        return p;
    }
    auto& s = p.synapse;
    s.tau_e = r.real("tau_e", 5.0, positive, "> 0 ms");
    s.tau_i = r.real("tau_i", 10.0, positive, "> 0 ms");
    s.e_l = r.real("E_L", 0.0);
    if (model == neuron_model::coba) {
        s.e_e = r.real("E_e", std::nullopt, [&](double v) { return v > p.theta; }, "> theta (mV)");
        s.e_i = r.real("E_i", std::nullopt, [&](double v) { return v < p.theta; }, "< theta (mV)");
    } else {
        r.forbid("E_e", "neuron = coba");
        r.forbid("E_i", "neuron = coba");
    }
    if (r.has("v_init_mean") || r.has("v_init_sd")) s.v_init = read_init(r, "v_init");
    s.g_e_init = read_init(r, "g_e_init");
    s.g_i_init = read_init(r, "g_i_init");
    return p;
}

lif_connectivity_kind read_rule(section_reader& r, lif_projection_params& pr, std::uint64_t n_src, std::uint64_t n_tgt) {
    const std::string rule = r.choice("rule", "", {"fixed_indegree", "bernoulli", "fixed_total_number", "all_to_all"});
    const std::string in = "rule = fixed_indegree", bern = "rule = bernoulli", total = "rule = fixed_total_number";
    if (rule == "fixed_indegree") pr.indegree = r.count("indegree", std::nullopt, 0, "an integer in [0, 2^53]");
    else r.forbid("indegree", in);
    if (rule == "bernoulli") pr.probability = r.real("probability", std::nullopt, [](double p) { return p >= 0 && p <= 1; }, "in [0, 1]");
    else r.forbid("probability", bern);
    if (rule == "fixed_total_number")
        pr.number = r.count("number", std::nullopt, 0,
                            "an integer in [0, 2^53] (at most " + std::to_string(n_src * n_tgt) + " pairs without multapses)");
    else r.forbid("number", total);
    if (rule == "fixed_indegree" || rule == "fixed_total_number") pr.multapses = r.flag("multapses", true);
    else r.forbid("multapses", "rule = fixed_indegree or fixed_total_number");
    pr.autapses = r.flag("autapses", true);
    if (rule == "bernoulli") return lif_connectivity_kind::bernoulli;
    if (rule == "fixed_total_number") return lif_connectivity_kind::fixed_total_number;
    if (rule == "all_to_all") return lif_connectivity_kind::all_to_all;
    return lif_connectivity_kind::fixed_indegree;
}

void read_weights(section_reader& r, lif_projection_params& pr) {
    const std::string law = r.choice("weight_law", "constant", {"constant", "normal", "gamma", "lognormal"});
    if (law == "constant") {
        pr.weight = r.real("weight", std::nullopt);
        r.forbid("weight_sd", "weight_law = normal, gamma or lognormal");
        return;
    }
    // Drawn: |weight| is the mean magnitude, the sign that of weight (normal: clipped at 0).
    pr.weight = r.real("weight", std::nullopt, [](double w) { return w != 0; }, "a non-zero number (its sign is kept)");
    const bool normal = law == "normal";
    const double sd = r.real("weight_sd", std::nullopt, normal ? +[](double s) { return s >= 0; } : +[](double s) { return s > 0; },
                             normal ? ">= 0" : "> 0");
    const weight_kind kind = normal ? weight_kind::normal_clipped : law == "gamma" ? weight_kind::gamma : weight_kind::lognormal;
    pr.drawn_weights = weight_distribution(kind, std::abs(pr.weight), sd, pr.weight > 0 ? 1.0 : -1.0);
}

void read_delays(section_reader& r, lif_projection_params& pr, double dt) {
    const std::string law = r.choice("delay_law", "constant", {"constant", "normal", "truncated_normal", "uniform"});
    pr.delays = law == "normal"             ? delay_law::normal
                : law == "truncated_normal" ? delay_law::truncated_normal
                : law == "uniform"          ? delay_law::uniform
                                            : delay_law::constant;
    const bool normal = normal_delays(pr.delays);
    pr.delay = r.real("delay", std::nullopt, [&](double d) { return normal ? d > 0 : d >= dt * (1 - 1e-12); },
                      normal ? "> 0 ms" : ">= dt = " + std::to_string(dt) + " ms");
    if (normal) pr.delay_sd = r.real("delay_sd", std::nullopt, non_negative, ">= 0 ms");
    else r.forbid("delay_sd", "delay_law = normal or truncated_normal");
    if (law == "uniform")
        pr.delay_max = r.real("delay_max", std::nullopt, [&](double d) { return d > pr.delay; }, "> delay (ms)");
    else r.forbid("delay_max", "delay_law = uniform");
}

}  // namespace

lif_network_params parse_network_text(const std::string& text, const std::string& origin,
                                      const network_file_defaults& defaults) {
    const auto sections = parse_ini(text, origin);
    lif_network_params net;
    net.dt = defaults.dt;
    net.seed = defaults.seed;
    std::map<std::string, std::size_t> index;
    for (const auto& s : sections) {  // populations first: projections may name later ones
        const auto pop = population_name(origin, s);
        if (!pop) continue;
        const std::string& name = *pop;
        section_reader r(origin, s, population_keys);
        net.populations.push_back(read_population(r, name, defaults.neuron));
        r.finish();
        index[name] = net.populations.size() - 1;
    }
    if (net.populations.empty()) throw config_error(origin, "(no population)", "at least one [population.<name>] section");
    for (const auto& s : sections) {
        if (s.title.rfind("projection.", 0) != 0) continue;
        section_reader r(origin, s, projection_keys);
        lif_projection_params pr;
        std::tie(pr.source, pr.target) = endpoints(origin, s.title, index);
        pr.rule = read_rule(r, pr, net.populations[pr.source].size, net.populations[pr.target].size);
        read_weights(r, pr);
        read_delays(r, pr, net.dt);
        r.finish();
        net.projections.push_back(std::move(pr));
    }
    try {
        net.validate();
    } catch (const config_error& e) {  // cross-field rules (in-degree <= candidates, weight signs onto coba, ...)
        throw config_error(origin + ": " + e.what() + " (populations and projections numbered in file order from 0)");
    }
    return net;
}

lif_network_params read_network_file(const std::string& path, const network_file_defaults& defaults) {
    std::ifstream in(path);
    if (!in) throw config_error("lif.network_file", path, "a readable network file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_network_text(text.str(), path, defaults);
}

}  // namespace balnet
