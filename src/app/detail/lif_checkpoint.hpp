// SPDX-License-Identifier: BSD-3-Clause
// Checkpoints of a LIF run: the engine's dynamical state (lif_engine_state: V, refractory
// counters, delay rings, synaptic variables of cuba/coba neurons, step and event counters; the
// Poisson drive is keyed by (seed, gid, step), so the step is all the RNG state there is), the
// spikes each rank recorded so far (the run writes /spikes at the end from them, and the
// spike-fed observers are rebuilt from them) and the probe-fed observer state
// (lif_observers::serialise). Written atomically and checked
// on reading by checkpoint_file: it resumes only at the rank count and configuration that wrote
// it, and then bitwise.
#pragma once
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/spiking/spike.hpp>

#include "checkpoint_file.hpp"

namespace balnet::detail {

struct lif_checkpoint {
    lif_engine_state engine;
    std::vector<spike> spikes;        ///< this rank's spikes up to engine.steps, as recorded
    std::vector<double> observers;    ///< this rank's lif_observers::serialise()
};

/// Collective. Throws io_error naming the path if it cannot be written (the old one stays).
void write_lif_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                          const lif_checkpoint& c);

/// Collective read of this rank's part. Throws config_error when the checkpoint was written with
/// another rank count or configuration.
lif_checkpoint read_lif_checkpoint(const std::string& path, const context& ctx,
                                   const std::string& config_ini);

}  // namespace balnet::detail
