// SPDX-License-Identifier: BSD-3-Clause
// Checkpoints of a rate run: the dynamical state (x of every unit and the step count), the
// analysis accumulators of every rank and how many trace samples the output file holds. The
// rate engine draws no random numbers after the initial state, so there are no RNG counters to
// keep. Written atomically and checked on reading by checkpoint_file (the common part of every
// engine's checkpoint): it resumes only at the rank count and configuration that wrote it, and
// then bitwise.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/network/partition.hpp>

#include "checkpoint_file.hpp"

namespace balnet::detail {

struct rate_checkpoint {
    step_type steps = 0;
    std::uint64_t traces_written = 0;
    std::vector<double> x;             ///< owned units
    std::vector<double> observables;   ///< this rank's rate_observables::serialise()
};

/// Collective. Throws io_error naming the path if it cannot be written (the old one stays).
void write_rate_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                           const rate_checkpoint& c);

/// Rank-local read of this rank's part (no collective: call it inside restore_collectively).
/// Throws config_error when the checkpoint was written with another rank count or configuration,
/// checkpoint_damage (or h5_error) when it is damaged: a checksum, a length or a value out of range.
rate_checkpoint read_rate_checkpoint(const std::string& path, const context& ctx,
                                     const partition& part, const std::string& config_ini);

}  // namespace balnet::detail
