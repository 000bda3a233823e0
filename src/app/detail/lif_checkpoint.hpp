// SPDX-License-Identifier: BSD-3-Clause
// Checkpoints of a LIF run: the engine's dynamical state (lif_engine_state: V, refractory
// counters, delay rings, synaptic variables of cuba/coba neurons, step and event counters; the
// Poisson drive is keyed by (seed, gid, step), so the step is all the RNG state there is), the
// observers' state (lif_observers::serialise) and the length of the output file's spike report
// at the checkpoint — never the spikes themselves, which are in the output file. Written atomically and checked
// on reading by checkpoint_file: it resumes only at the rank count and configuration that wrote
// it, and then bitwise.
#pragma once
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/lif_engine.hpp>

#include "checkpoint_file.hpp"

namespace balnet::detail {

struct lif_checkpoint {
    lif_engine_state engine;
    std::vector<std::uint64_t> spikes_written;  ///< report length per population (all ranks)
    std::vector<double> observers;    ///< this rank's lif_observers::serialise()
};

/// Collective. Throws io_error naming the path if it cannot be written (the old one stays).
void write_lif_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                          const lif_checkpoint& c);

/// Rank-local read of this rank's part (no collective: call it inside restore_collectively).
/// Throws config_error when the checkpoint was written with another rank count or configuration,
/// checkpoint_damage (or h5_error) when it is damaged: a checksum, a length or a value out of range.
lif_checkpoint read_lif_checkpoint(const std::string& path, const context& ctx,
                                   const std::string& config_ini, std::size_t populations);

}  // namespace balnet::detail
