// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/rate_network_file.hpp>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <balnet/core/error.hpp>

#include "detail/network_ini.hpp"

namespace balnet {
namespace {

using detail::section_reader;

const std::vector<std::string> population_keys{"size", "excitatory", "input"};

// The LIF files' projection keys: the delay keys are known, to be refused with their reason.
const std::vector<std::string> projection_keys{
    "rule", "indegree", "probability", "number", "multapses", "autapses", "weight", "weight_law",
    "weight_sd", "delay", "delay_law", "delay_sd", "delay_max"};

// The rule and K_b (the in-degree: exact, or the mean p N_b of a Bernoulli projection).
void read_rule(section_reader& r, projection_spec& pr, std::uint64_t n_src) {
    const std::string rule = r.choice("rule", "", {"fixed_indegree", "bernoulli", "all_to_all"});
    pr.autapses = r.flag("autapses", true);
    const std::uint64_t candidates = n_src - (!pr.autapses && pr.source == pr.target ? 1 : 0);
    r.forbid("number", "rule = fixed_total_number (LIF networks only)");
    if (rule == "fixed_indegree") {
        pr.rule = connectivity_rule::fixed_indegree;
        pr.indegree = r.count("indegree", std::nullopt, 1,
                              "an integer in [1, " + std::to_string(candidates) + "] (the candidate sources)");
        if (pr.indegree > candidates)
            r.fail("indegree", std::to_string(pr.indegree), "<= " + std::to_string(candidates) + " candidate sources");
        if (r.flag("multapses", false))
            r.fail("multapses", "true", "false: a rate network draws distinct sources (docs/models.md 1.2.1)");
    } else {
        r.forbid("indegree", "rule = fixed_indegree");
        r.forbid("multapses", "rule = fixed_indegree");
    }
    if (rule == "bernoulli") {
        pr.rule = connectivity_rule::bernoulli;
        // The draw takes p = K_b / N_b (docs/models.md 1.2.1): K_b must be whole.
        const double p = r.real("probability", std::nullopt, [](double x) { return x > 0 && x <= 1; }, "in (0, 1]");
        const double k = p * static_cast<double>(n_src);
        if (std::abs(k - std::round(k)) > 1e-9 * k)
            r.fail("probability", *r.raw("probability"),
                   "p with p * size(source) = p * " + std::to_string(n_src) + " a whole number (the mean in-degree)");
        pr.indegree = static_cast<std::uint64_t>(std::llround(k));
    } else {
        r.forbid("probability", "rule = bernoulli");
    }
    if (rule == "all_to_all") {
        pr.rule = connectivity_rule::full;
        pr.indegree = n_src;
    }
}

// The law of the magnitudes, their mean `weight` and sd `weight_sd`; the sign is the source's.
void read_weights(section_reader& r, projection_spec& pr, bool excitatory) {
    const std::string law =
        r.choice("weight_law", "constant", {"constant", "normal", "normal_unclipped", "gamma", "lognormal", "bernoulli"});
    const bool bern = law == "bernoulli";
    const double mean = r.real("weight", std::nullopt, [&](double w) { return w > 0 && (!bern || w <= 1); },
                               bern ? "in (0, 1] (the probability of a unit weight)"
                                    : "> 0 (the mean magnitude; the sign is the source population's)");
    double sd = 0.0;
    if (law == "constant" || bern) {
        r.forbid("weight_sd", "weight_law = normal, normal_unclipped, gamma or lognormal");
    } else {
        const bool normal = law == "normal" || law == "normal_unclipped";
        sd = r.real("weight_sd", std::nullopt, [&](double s) { return normal ? s >= 0 : s > 0; }, normal ? ">= 0" : "> 0");
    }
    const weight_kind kind = law == "normal"             ? weight_kind::normal_clipped
                             : law == "normal_unclipped" ? weight_kind::normal
                                                         : parse_weight_kind(law);
    pr.weights = weight_distribution(kind, mean, sd, excitatory ? 1.0 : -1.0);
}

void refuse_delays(section_reader& r) {
    for (const char* k : {"delay", "delay_law", "delay_sd", "delay_max"}) {
        if (r.has(k)) r.fail(k, *r.raw(k), "no value: rate units couple without delay (docs/models.md 1.2.4)");
        r.forbid(k, "a LIF network");  // absent: marks the key read
    }
}

}  // namespace

rate_file_network parse_rate_network_text(const std::string& text, const std::string& origin) {
    const auto sections = detail::parse_ini(text, origin);
    rate_file_network out;
    std::map<std::string, std::size_t> index;
    for (const auto& s : sections) {  // populations first: projections may name later ones
        const auto pop = detail::population_name(origin, s);
        if (!pop) continue;
        const std::string& name = *pop;
        section_reader r(origin, s, population_keys);
        population_spec p;
        p.name = name;
        p.size = r.count("size", std::nullopt, 1, "an integer in [1, 2^32 - 1]");
        p.excitatory = r.flag("excitatory", std::nullopt);
        out.bias.push_back(r.real("input", 0.0));
        r.finish();
        index[name] = out.net.populations.size();
        out.net.populations.push_back(p);
    }
    if (out.net.populations.empty()) throw config_error(origin, "(no population)", "at least one [population.<name>] section");
    if (out.net.size() >= (std::uint64_t{1} << 32))
        throw config_error(origin, std::to_string(out.net.size()) + " units", "fewer than 2^32 units in all");
    for (const auto& s : sections) {
        if (s.title.rfind("projection.", 0) != 0) continue;
        section_reader r(origin, s, projection_keys);
        projection_spec pr;
        std::tie(pr.source, pr.target) = detail::endpoints(origin, s.title, index);
        refuse_delays(r);
        read_rule(r, pr, out.net.populations[pr.source].size);
        read_weights(r, pr, out.net.populations[pr.source].excitatory);
        r.finish();
        out.net.projections.push_back(std::move(pr));
    }
    return out;
}

rate_file_network read_rate_network_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw config_error("network.file", path, "a readable network file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_rate_network_text(text.str(), path);
}

}  // namespace balnet
