// SPDX-License-Identifier: BSD-3-Clause
// What every engine's checkpoint shares: the file is written collectively to `<path>.tmp`,
// closed, then renamed over `<path>` by rank 0, so a crash mid-write leaves the previous
// checkpoint valid; its root carries the common header (model, steps, n_ranks, the resolved
// configuration); per-rank state of any length goes into "rank blocks" (the ranks' values
// concatenated in rank order, plus `<name>_count` with one length per rank). A checkpoint
// resumes only at the rank count and configuration that wrote it (per-rank accumulators and
// reduction orders are part of the state), and then bitwise. The engine-specific layouts are in
// rate_checkpoint and lif_checkpoint.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

/// The root attributes every checkpoint has.
struct checkpoint_header {
    std::string model;  ///< run.model, for a reader of the file (the config check covers it)
    step_type steps = 0;
};

/// Collective and atomic: writes the header, then `body` fills the file, then the rename.
/// Throws io_error naming `path` if it cannot be written (the old checkpoint stays).
void write_checkpoint_file(const std::string& path, const context& ctx, const std::string& config_ini,
                           const checkpoint_header& header, const std::function<void(h5_file&)>& body);

/// Opens a checkpoint for reading (rank-local) after checking that it was written by this
/// configuration at this rank count: config_error ("--resume", path, ...) otherwise. `steps`
/// gets the header's step count.
h5_file open_checkpoint_file(const std::string& path, const context& ctx, const std::string& config_ini,
                             step_type& steps);

/// Whether `path` exists (a regular file), the same answer on every rank (rank 0 decides).
bool checkpoint_exists(const std::string& path, const context& ctx);

/// Collective: `/name` holds every rank's `local` in rank order, `/name_count` the lengths.
/// T: double, uint64, int64.
template <typename T>
void write_rank_blocks(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx);

/// This rank's block of `/name` (written by write_rank_blocks at the same rank count).
template <typename T>
std::vector<T> read_rank_blocks(const h5_file& f, const std::string& name, const context& ctx);

/// Collective: the length of the output file's spike report per population when the checkpoint
/// was taken (root attribute spikes_written): a resumed run cuts the report back to it.
void write_report_length(h5_file& f, std::span<const std::uint64_t> written);

/// The counts written by write_report_length; io_error naming `path` unless there are
/// `populations` whole numbers.
std::vector<std::uint64_t> read_report_length(const h5_file& f, const std::string& path, std::size_t populations);

}  // namespace balnet::detail
