// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/network_spec.hpp>

#include <algorithm>

#include <balnet/core/error.hpp>

namespace balnet {

connectivity_rule parse_connectivity_rule(const std::string& name) {
    if (name == "full") return connectivity_rule::full;
    if (name == "bernoulli") return connectivity_rule::bernoulli;
    if (name == "fixed_indegree") return connectivity_rule::fixed_indegree;
    throw config_error("network.connectivity", name, "full, bernoulli, fixed_indegree");
}

std::string to_string(connectivity_rule r) {
    switch (r) {
    case connectivity_rule::full: return "full";
    case connectivity_rule::bernoulli: return "bernoulli";
    case connectivity_rule::fixed_indegree: return "fixed_indegree";
    }
    return "?";
}

std::uint64_t network_spec::size() const noexcept {
    std::uint64_t n = 0;
    for (const auto& p : populations) n += p.size;
    return n;
}

gid_type network_spec::offset(std::size_t population) const noexcept {
    gid_type o = 0;
    for (std::size_t p = 0; p < population; ++p) o += populations[p].size;
    return o;
}

std::size_t network_spec::population_of(gid_type gid) const noexcept {
    gid_type o = 0;
    for (std::size_t p = 0; p < populations.size(); ++p) {
        o += populations[p].size;
        if (gid < o) return p;
    }
    return populations.size();
}

std::uint64_t network_spec::expected_synapses(gid_type first, std::uint64_t count) const noexcept {
    std::uint64_t s = 0;
    for (const auto& pr : projections) {
        const gid_type a0 = offset(pr.target), a1 = a0 + populations[pr.target].size;
        const gid_type lo = std::max(first, a0), hi = std::min(first + count, a1);
        if (hi > lo) s += (hi - lo) * pr.indegree;
    }
    return s;
}

}  // namespace balnet
