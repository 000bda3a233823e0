// SPDX-License-Identifier: BSD-3-Clause
// The checks the spiking layer's parameter types share (lif_params, exp_synapse_neuron,
// adex_neuron): one config_error naming the field, its value and what is allowed.
#pragma once
#include <cmath>
#include <string>

#include <balnet/core/error.hpp>
#include <balnet/spiking/exp_synapse_neuron.hpp>

namespace balnet::detail {

inline std::string num(double v) { return std::to_string(v); }

inline void require(bool ok, const std::string& key, double value, const std::string& allowed) {
    if (!ok) throw config_error(key, num(value), allowed);
}

/// A normal_init's mean is finite and its sd finite and >= 0 (fields key.mean, key.sd).
inline void require_init(const normal_init& n, const std::string& key) {
    require(std::isfinite(n.mean), key + ".mean", n.mean, "finite");
    require(n.sd >= 0 && std::isfinite(n.sd), key + ".sd", n.sd, ">= 0");
}

}  // namespace balnet::detail
