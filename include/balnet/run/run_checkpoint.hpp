// SPDX-License-Identifier: BSD-3-Clause
// The one checkpoint of every model: the step, the engine's state and the observers' state as
// named vectors (core/named_state.hpp), and how far the run's output file had got (the report
// lengths: spikes per population, or trace samples). Never the output itself: that is in the
// output file, pushed to disk right before. The file format is checkpoint_file's (atomic
// replace, two generations, a checksum on every value, the configuration it resumes under);
// the fields are written as `/engine/<name>` and `/observers/<name>`, in the layout their scope
// says (items by neuron id or unit, shared, summed, rank blocks), so that a checkpoint without
// rank blocks resumes at any rank count. Reading takes the layout (names, kinds, scopes) from a fresh
// engine and fresh observers, so a missing field, a wrong kind, a value that is not finite or a
// whole number above its bound is refused here; lengths are checked by the owners' restore().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
#include <balnet/core/types.hpp>

namespace balnet {

struct run_checkpoint {
    step_type steps = 0;
    named_state engine;
    named_state observers;
    std::vector<std::uint64_t> written;  ///< report lengths (the same on every rank)
};

/// What a model's checkpoints are called inside: run.model, and the name of the report-length
/// attribute (spikes_written, traces_written) with its number of entries.
struct checkpoint_kind {
    std::string model;
    std::string report;
    std::size_t report_entries = 0;
};

/// Collective and atomic. Throws io_error naming `path` if it cannot be written (the old
/// checkpoint stays).
void write_run_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                          const checkpoint_kind& kind, const run_checkpoint& c);

/// Rank-local read of this rank's part, fields as in `engine_layout` and `observer_layout` (no
/// collective: call it inside restore_collectively). Throws config_error when the checkpoint was
/// written under another configuration, or at another rank count and holds a rank-scope field, checkpoint_damage (or h5_error) when it is
/// damaged: a checksum, a missing field, a value out of range.
run_checkpoint read_run_checkpoint(const std::string& path, const context& ctx, const std::string& config_ini,
                                   const checkpoint_kind& kind, const named_state& engine_layout,
                                   const named_state& observer_layout);

}  // namespace balnet
