// SPDX-License-Identifier: BSD-3-Clause
// The rank-agnostic description of a network: populations and the projections between them, as
// rules, never as edge lists. Every rank holds the same network_spec and builds from it only the
// part it owns (local_network). Global ids are assigned population by population in order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/network/weight_distribution.hpp>

namespace balnet {

enum class connectivity_rule {
    full,            ///< every entry, self-coupling included (N_b = K_b)
    bernoulli,       ///< each entry present with p = K_b / N_b (in-degree Binomial)
    fixed_indegree,  ///< exactly K_b distinct partners in the source population
};

connectivity_rule parse_connectivity_rule(const std::string& name);  ///< throws config_error
std::string to_string(connectivity_rule r);

struct population_spec {
    std::string name;
    std::uint64_t size = 0;
    bool excitatory = false;
};

/// Synapses from population `source` onto population `target`.
struct projection_spec {
    std::size_t source = 0;
    std::size_t target = 0;
    connectivity_rule rule = connectivity_rule::fixed_indegree;
    std::uint64_t indegree = 0;  ///< K_b (the mean in-degree for bernoulli)
    weight_distribution weights;
    bool autapses = true;        ///< self-connections allowed (fixed_indegree, bernoulli)
};

struct network_spec {
    std::vector<population_spec> populations;
    std::vector<projection_spec> projections;
    seed_type seed = 0;  ///< keys the connectivity and weight streams

    std::uint64_t size() const noexcept;
    gid_type offset(std::size_t population) const noexcept;  ///< first gid of a population
    std::size_t population_of(gid_type gid) const noexcept;
    /// Synapses the rows [first, first + count) are expected to hold: K_b per row of each
    /// projection (exact for fixed in-degree and full, the mean for Bernoulli).
    std::uint64_t expected_synapses(gid_type first, std::uint64_t count) const noexcept;
};

}  // namespace balnet
