// SPDX-License-Identifier: BSD-3-Clause
// The network description file of lif.network = file (docs/models.md §2.6): any number of
// populations and projections in INI form,
//     [population.<name>]            size, excitatory, neuron, the neuron's parameters, drive
//     [projection.<source>.<target>] rule, in-degree | probability | number, multapses, autapses,
//                                    weight law and its moments, delay law and its moments
// parsed into lif_network_params (global ids population by population in file order; the
// projection index, which keys the synapse streams, is the order of the projection sections).
// Every key is checked like a config key: an unknown section or key, a missing required key or a
// bad value is one config_error naming the file, the section, the key, the value and what is
// allowed (exit 2), before anything is built. Lives in the models layer because it produces the
// spiking layer's parameters (io sits below spiking).
#pragma once
#include <string>

#include <balnet/core/types.hpp>
#include <balnet/spiking/lif_params.hpp>

namespace balnet {

/// What the file does not say: the grid, the seed and the neuron model of populations without
/// a `neuron` key (lif.dt, run.seed, lif.neuron).
struct network_file_defaults {
    double dt = 0.1;
    seed_type seed = 1;
    neuron_model neuron = neuron_model::delta;
};

/// Parses INI text; `origin` names it in error messages. The result is validated.
lif_network_params parse_network_text(const std::string& text, const std::string& origin,
                                      const network_file_defaults& defaults);
/// Reads and parses the file at `path` (io_error when it cannot be read).
lif_network_params read_network_file(const std::string& path, const network_file_defaults& defaults);

}  // namespace balnet
