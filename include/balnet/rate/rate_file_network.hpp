// SPDX-License-Identifier: BSD-3-Clause
// A rate network given whole, by a network file (network.type = file, docs/models.md §1.2.4),
// instead of the paper's keys: the populations and projections (rules, in-degrees, weight laws
// with their own mean and sd, signs from the source populations) and each population's bias.
#pragma once
#include <vector>

#include <balnet/network/network_spec.hpp>

namespace balnet {

struct rate_file_network {
    network_spec net;          ///< the seed is the run's (rate_model::build sets it)
    std::vector<double> bias;  ///< per population: the constant input b of every unit
};

}  // namespace balnet
