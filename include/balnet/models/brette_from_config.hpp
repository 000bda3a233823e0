// SPDX-License-Identifier: BSD-3-Clause
// The [lif] keys of lif.neuron = cuba | coba mapped onto the Brette et al. 2007 benchmark
// (docs/models.md §2.3; spiking/brette_benchmark.hpp). Pure and identical on every rank; ranges and
// cross-key rules were checked by config::load (run_schema.cpp), the rest by network().
#pragma once
#include <balnet/io/config.hpp>
#include <balnet/spiking/brette_benchmark.hpp>

namespace balnet {

/// The benchmark of a config with run.model = lif and lif.neuron = cuba or coba (seed from
/// run.seed); config_error for lif.neuron = delta.
brette_benchmark brette_from_config(const config& cfg);

}  // namespace balnet
