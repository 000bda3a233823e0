// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/lif_params.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <balnet/core/error.hpp>

#include "detail/param_checks.hpp"

namespace balnet {
namespace {

// The Poisson inversion table (poisson_drive) is built up to lambda ~ 700 (exp(-lambda) > 0).
constexpr double max_lambda = 700.0;

using detail::num;
using detail::require;

void validate_population(const lif_population_params& p, std::size_t i, double dt) {
    const std::string k = "populations[" + std::to_string(i) + "].";
    require(p.size > 0, k + "size", static_cast<double>(p.size), "> 0");
    require(p.tau_m > 0 && std::isfinite(p.tau_m), k + "tau_m", p.tau_m, "> 0 ms");
    require(std::isfinite(p.theta), k + "theta", p.theta, "finite");
    require(std::isfinite(p.v_reset), k + "v_reset", p.v_reset, "finite");
    require(p.t_ref >= 0 && std::isfinite(p.t_ref), k + "t_ref", p.t_ref, ">= 0 ms");
    require(std::isfinite(p.v_init_min), k + "v_init_min", p.v_init_min, "finite");
    require(p.v_init_max >= p.v_init_min && std::isfinite(p.v_init_max), k + "v_init_max",
            p.v_init_max, ">= v_init_min");
    require(p.ext_rate >= 0 && p.ext_rate * dt * 1e-3 <= max_lambda, k + "ext_rate", p.ext_rate,
            ">= 0 Hz with ext_rate * dt <= 700 spikes per step");
    require(std::isfinite(p.ext_weight), k + "ext_weight", p.ext_weight, "finite");
    require(std::isfinite(p.mu_dc), k + "mu_dc", p.mu_dc, "finite");
    require(p.ext2_rate >= 0 && p.ext2_rate * dt * 1e-3 <= max_lambda, k + "ext2_rate", p.ext2_rate,
            ">= 0 Hz with ext2_rate * dt <= 700 spikes per step");
    require(std::isfinite(p.ext2_weight), k + "ext2_weight", p.ext2_weight, "finite");
}

void validate_rule(const lif_network_params& net, const lif_projection_params& p, const std::string& k) {
    const std::uint64_t candidates = net.candidates(p);
    const std::uint64_t n_tgt = net.populations[p.target].size;
    // Distinct sources are drawn as 32-bit candidate indices (network/source_sampler.hpp).
    if (!p.multapses && p.rule != lif_connectivity_kind::bernoulli && p.rule != lif_connectivity_kind::all_to_all)
        require(candidates < (std::uint64_t{1} << 32), k + "multapses", 0.0,
                "true for a source population of 2^32 neurons or more");
    switch (p.rule) {
    case lif_connectivity_kind::fixed_indegree:
        require(p.multapses ? (p.indegree == 0 || candidates > 0) : p.indegree <= candidates, k + "indegree",
                static_cast<double>(p.indegree), "<= number of candidate sources (" + std::to_string(candidates) + ")");
        break;
    case lif_connectivity_kind::bernoulli:
        require(p.probability >= 0 && p.probability <= 1, k + "probability", p.probability, "in [0, 1]");
        break;
    case lif_connectivity_kind::fixed_total_number: {
        // Without multapses at most every (candidate, target) pair once.
        const double pairs = static_cast<double>(candidates) * static_cast<double>(n_tgt);
        require(p.multapses ? (p.number == 0 || candidates > 0) : static_cast<double>(p.number) <= pairs,
                k + "number", static_cast<double>(p.number),
                p.multapses ? "0 without candidate sources" : "<= candidate pairs (" + num(pairs) + ")");
        require(p.number < (std::uint64_t{1} << 53), k + "number", static_cast<double>(p.number), "< 2^53");
        break;
    }
    case lif_connectivity_kind::all_to_all: break;
    }
}

void validate_delays(const lif_network_params& net, const lif_projection_params& p, const std::string& k) {
    if (normal_delays(p.delays)) {
        require(p.delay > 0 && std::isfinite(p.delay), k + "delay", p.delay, "> 0 ms");
        require(p.delay_sd >= 0 && std::isfinite(p.delay_sd), k + "delay_sd", p.delay_sd, ">= 0 ms");
        // Redrawing needs mass above dt: D >= dt, or a spread that reaches it within 8 sd.
        if (p.delays == delay_law::truncated_normal)
            require(p.delay + normal_delay_span * p.delay_sd >= net.dt, k + "delay", p.delay,
                    ">= dt - 8 delay_sd for the truncated normal law (values below dt are redrawn)");
    } else {
        require(net.delay_steps(p) >= 1 && std::isfinite(p.delay), k + "delay", p.delay,
                ">= dt / 2 (at least one step)");
    }
    if (p.delays == delay_law::uniform)
        require(p.delay_max > p.delay && std::isfinite(p.delay_max), k + "delay_max", p.delay_max,
                "> delay (the uniform law's upper end)");
    require(net.delay_max_steps(p) < (1 << 20), normal_delays(p.delays) ? k + "delay_sd" : k + "delay_max",
            normal_delays(p.delays) ? p.delay_sd : p.delay_max, "delays below 2^20 steps");
}

void validate_projection(const lif_network_params& net, std::size_t i) {
    const auto& p = net.projections[i];
    const std::string k = "projections[" + std::to_string(i) + "].";
    const auto npop = net.populations.size();
    require(p.source < npop, k + "source", static_cast<double>(p.source), "a population index");
    require(p.target < npop, k + "target", static_cast<double>(p.target), "a population index");
    validate_rule(net, p, k);
    require(std::isfinite(p.weight), k + "weight", p.weight, "finite");
    validate_delays(net, p, k);
}

// cuba/coba (docs/models.md §2.3) and adex (§2.8): a population's synaptic parameters; where its
// increments are conductances, external weights >= 0 (the drive feeds g_e, the second drive g_i).
// Every adex population has the synapse kind of the first one.
void validate_model(const lif_network_params& net, std::size_t i) {
    const auto& p = net.populations[i];
    const std::string k = "populations[" + std::to_string(i) + "].";
    if (p.model == neuron_model::delta) return;
    if (p.model == neuron_model::adex) {
        validate_adex(p.adex, k + "adex.");
        const auto first = std::find_if(net.populations.begin(), net.populations.end(),
                                        [](const lif_population_params& q) { return q.model == neuron_model::adex; });
        if (p.adex.synapse != first->adex.synapse)
            throw config_error(k + "adex.synapse", to_string(p.adex.synapse),
                               to_string(first->adex.synapse) + ", the kind of the first adex population " + first->name +
                                   " (one kind for every adex population)");
        require(p.mu_dc == 0.0, k + "mu_dc", p.mu_dc, "0 for neuron model adex (its DC is adex.i_e)");
    } else {
        validate_exp_synapse(p.synapse, p.model, p.theta, k + "synapse.");
    }
    if (!p.conductance_synapses()) return;
    for (const auto& [key, v] : {std::pair{"ext_weight", p.ext_weight}, std::pair{"ext2_weight", p.ext2_weight}})
        require(v >= 0.0, k + key, v, ">= 0 for conductance synapses (a conductance increment)");
}

// A weight is in the units of its target's model; onto conductance synapses it must keep its sign
// >= 0 (drawn: gamma, lognormal or clipped normal).
void validate_weight_sign(const lif_network_params& net, std::size_t i) {
    const auto& pr = net.projections[i];
    const auto& tgt = net.populations[pr.target];
    if (!tgt.conductance_synapses()) return;
    const auto& w = pr.drawn_weights;
    const bool ok = w ? w->sign() > 0 && w->kind() != weight_kind::normal : pr.weight >= 0;
    require(ok, "projections[" + std::to_string(i) + "].weight", w ? w->sign() * w->mean() : pr.weight,
            ">= 0 (a conductance increment; drawn: gamma, lognormal or clipped normal) for conductance synapses (the "
            "target population " + tgt.name + " has neuron model " + to_string(tgt.model) + ")");
}

}  // namespace

void lif_network_params::validate() const {
    require(dt > 0 && std::isfinite(dt), "dt", dt, "> 0 ms");
    if (populations.empty()) throw config_error("populations", "(none)", "at least one");
    for (std::size_t i = 0; i < populations.size(); ++i) validate_population(populations[i], i, dt);
    for (std::size_t i = 0; i < projections.size(); ++i) validate_projection(*this, i);
    for (std::size_t i = 0; i < populations.size(); ++i) validate_model(*this, i);
    for (std::size_t i = 0; i < projections.size(); ++i) validate_weight_sign(*this, i);
}

bool lif_population_params::conductance_synapses() const noexcept {
    return model == neuron_model::coba || (model == neuron_model::adex && adex.synapse == adex_synapse::conductance);
}

void lif_network_params::set_model(neuron_model m) noexcept {
    for (auto& p : populations) p.model = m;
}

std::optional<neuron_model> lif_network_params::common_model() const noexcept {
    if (populations.empty()) return std::nullopt;
    for (const auto& p : populations)
        if (p.model != populations.front().model) return std::nullopt;
    return populations.front().model;
}

std::uint64_t lif_network_params::size() const noexcept {
    std::uint64_t n = 0;
    for (const auto& p : populations) n += p.size;
    return n;
}

gid_type lif_network_params::offset(std::size_t population) const noexcept {
    gid_type o = 0;
    for (std::size_t i = 0; i < population && i < populations.size(); ++i) o += populations[i].size;
    return o;
}

std::size_t lif_network_params::population_of(gid_type gid) const noexcept {
    std::size_t i = 0;
    while (i + 1 < populations.size() && gid >= populations[i].size) gid -= populations[i++].size;
    return i;
}

step_type lif_network_params::steps(double ms) const noexcept {
    return static_cast<step_type>(std::llround(ms / dt));
}

step_type lif_network_params::delay_steps(const lif_projection_params& p) const noexcept {
    if (normal_delays(p.delays)) return std::max<step_type>(1, steps(p.delay - normal_delay_span * p.delay_sd));
    return steps(p.delay);
}

step_type lif_network_params::delay_max_steps(const lif_projection_params& p) const noexcept {
    if (normal_delays(p.delays))
        return std::max(delay_steps(p), steps(p.delay + normal_delay_span * p.delay_sd));
    return std::max(delay_steps(p), p.delay_max > p.delay ? steps(p.delay_max) : step_type{0});
}

std::uint64_t lif_network_params::candidates(const lif_projection_params& p) const noexcept {
    return populations[p.source].size - ((!p.autapses && p.source == p.target) ? 1 : 0);
}

std::string to_string(lif_connectivity_kind k) {
    switch (k) {
    case lif_connectivity_kind::fixed_indegree: return "fixed_indegree";
    case lif_connectivity_kind::bernoulli: return "bernoulli";
    case lif_connectivity_kind::fixed_total_number: return "fixed_total_number";
    case lif_connectivity_kind::all_to_all: return "all_to_all";
    }
    return "?";
}

std::string to_string(delay_law l) {
    switch (l) {
    case delay_law::constant: return "constant";
    case delay_law::normal: return "normal";
    case delay_law::uniform: return "uniform";
    case delay_law::truncated_normal: return "truncated_normal";
    }
    return "?";
}

step_type lif_network_params::min_delay_steps() const noexcept {
    step_type d = 0;
    for (const auto& p : projections) d = d == 0 ? delay_steps(p) : std::min(d, delay_steps(p));
    return d;
}

step_type lif_network_params::max_delay_steps() const noexcept {
    step_type d = 0;
    for (const auto& p : projections) d = std::max(d, delay_max_steps(p));
    return d;
}

lif_network_params ei_network(const lif_population_params& neuron, std::uint64_t n_e, std::uint64_t n_i,
                              const lif_projection_params& from_e, const lif_projection_params& from_i) {
    lif_network_params net;
    for (const bool e : {true, false}) {
        lif_population_params p = neuron;
        p.name = e ? "E" : "I";
        p.size = e ? n_e : n_i;
        p.excitatory = e;
        net.populations.push_back(std::move(p));
    }
    for (std::size_t tgt = 0; tgt < 2; ++tgt) {
        for (std::size_t src = 0; src < 2; ++src) {
            lif_projection_params pr = src == 0 ? from_e : from_i;
            pr.source = src;
            pr.target = tgt;
            net.projections.push_back(std::move(pr));
        }
    }
    return net;
}

double brunel_model_a::nu_thr_hz() const noexcept {
    return 1000.0 * theta / (j * static_cast<double>(c_e) * tau_m);
}

lif_network_params brunel_model_a::network() const {
    lif_population_params neuron;
    neuron.tau_m = tau_m;
    neuron.theta = theta;
    neuron.v_reset = v_reset;
    neuron.t_ref = t_ref;
    neuron.v_init_min = 0.0;
    neuron.v_init_max = theta;
    neuron.ext_rate = static_cast<double>(c_e) * eta * nu_thr_hz();  // C_ext nu_ext
    neuron.ext_weight = j;
    lif_projection_params from_e, from_i;
    from_e.indegree = c_e;
    from_e.weight = j;
    from_i.indegree = c_i;
    from_i.weight = -g * j;
    from_e.delay = from_i.delay = delay;
    auto net = ei_network(neuron, n_e, n_i, from_e, from_i);
    net.dt = dt;
    net.seed = seed;
    return net;
}

}  // namespace balnet
