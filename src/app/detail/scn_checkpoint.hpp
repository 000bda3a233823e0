// SPDX-License-Identifier: BSD-3-Clause
// Checkpoints of an SCN run: the engine's state (scn_engine_state: V and r of the owned neurons,
// x^, the signal's step, x~, c and OU states, the knock-out set; the voltage noise is keyed by
// (seed, gid, step), so the step is all the RNG state there is), the observers' state
// (scn_observers::state) and the length of the output file's spike report — never the spikes,
// which the run streams into its output file. What is the same on every
// rank (x~, x^, c, the knock-out set, the read-out errors, the sampled signal rows) is stored
// once; per-rank state goes into rank blocks. Written atomically and checked on reading by
// checkpoint_file: it resumes only at the rank count and configuration that wrote it, and then
// bitwise.
#pragma once
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/scn_engine.hpp>
#include <balnet/spiking/spike.hpp>

#include "checkpoint_file.hpp"
#include "scn_output.hpp"

namespace balnet::detail {

struct scn_checkpoint {
    scn_engine_state engine;
    std::vector<std::uint64_t> spikes_written;  ///< length of the output file's spike report
    scn_observers_state observers;
};

/// Collective. Throws io_error naming the path if it cannot be written (the old one stays).
void write_scn_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                          const scn_checkpoint& c);

/// Rank-local read of this rank's part (no collective: call it inside restore_collectively).
/// Throws config_error when the checkpoint was written with another rank count or configuration,
/// checkpoint_damage (or h5_error) when it is damaged: a checksum, a length or a value out of range.
scn_checkpoint read_scn_checkpoint(const std::string& path, const context& ctx,
                                   const std::string& config_ini);

}  // namespace balnet::detail
