// SPDX-License-Identifier: BSD-3-Clause
// What every engine's checkpoint shares: the file is written collectively to `<path>.tmp`,
// closed, then renamed over `<path>` by rank 0, so a crash mid-write leaves the previous
// checkpoint valid, and the one it replaces is kept as `<path>.prev` (two generations); its root
// carries the common header (model, steps, n_ranks: the rank count that wrote it, the resolved
// configuration). Values are stored in one of three rank-count-free layouts: "items" (a global
// list, neurons in gid order say, of a fixed number of values per item: each rank writes its
// slice, any partition reads back its own), shared arrays (the same on every rank: rank 0
// writes) and summed arrays (the sum over ranks, restored onto rank 0); or, for state that has no
// such form, "rank blocks" (the ranks' values concatenated in rank order, plus `<name>_count`
// with one length per rank), which tie the checkpoint to its rank count. Every value carries a
// checksum (`<name>_checksum`: a 63-bit FNV-1a of the bytes of each shared array, of each rank's
// block, and for items the sum over items of the FNV-1a of the item's index and values, so that
// it is the same whoever wrote which slice; root attributes header_checksum and
// <attribute>_checksum), verified on reading.
// Reading is rank-local; restore_collectively() runs the reading, validation and restoring on
// every rank and turns a failure on any rank into the same collective_error (exit 2) on all of
// them, naming the file and what is wrong. A checkpoint resumes at any rank count (without rank
// blocks) but only under the configuration that wrote it, and then bitwise (the results do not
// depend on the rank count). What goes into it, for every model, is run_checkpoint's (named
// state of the engine and of the observers, the output's report lengths).
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/types.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {

/// A checkpoint whose content is damaged or out of range (what(): what is wrong, without the
/// path: restore_collectively() adds it).
class checkpoint_damage : public io_error {
public:
    using io_error::io_error;
};

/// 64-bit FNV-1a of `bytes`, top bit cleared (stored as int64 attributes as well).
std::uint64_t checkpoint_checksum(std::span<const std::byte> bytes);

/// The root attributes every checkpoint has.
struct checkpoint_header {
    std::string model;  ///< run.model, for a reader of the file (the config check covers it)
    step_type steps = 0;
};

/// Collective and atomic: writes the header, then `body` fills the file, then rank 0 moves the
/// old checkpoint (if any) to `<path>.prev` and renames the new one over `path`. Throws io_error
/// naming `path` if it cannot be written (the old checkpoint stays).
void write_checkpoint_file(const std::string& path, const context& ctx, const std::string& config_ini,
                           const checkpoint_header& header, const std::function<void(h5_file&)>& body);

/// Opens a checkpoint for reading (rank-local) after checking that it was written by this
/// configuration (and so model), at any rank count: config_error ("--resume", path, ...)
/// otherwise. `steps` gets the header's step count (checksummed; checkpoint_damage when it was
/// altered).
h5_file open_checkpoint_file(const std::string& path, const std::string& config_ini, step_type& steps);

/// Whether `path` exists (a regular file), the same answer on every rank (rank 0 decides). When
/// it does not but `<path>.prev` does, every rank throws collective_error (exit 2) saying so: a
/// resumed run never starts over while a checkpoint is at hand.
bool checkpoint_exists(const std::string& path, const context& ctx);

/// Collective: `/name` holds every rank's `local` in rank order, `/name_count` the lengths.
/// T: double, uint64, int64.
template <typename T>
void write_rank_blocks(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx);

/// This rank's block of `/name` (written by write_rank_blocks at the same rank count): the
/// counts must add up to the dataset's length and the block's checksum must match
/// (checkpoint_damage otherwise). With expected != npos, the block must hold that many values.
template <typename T>
std::vector<T> read_rank_blocks(const h5_file& f, const std::string& name, const context& ctx,
                                std::size_t expected = static_cast<std::size_t>(-1));

/// The same values on every rank: rank 0 writes `/name` and its checksum. T: double, uint64.
template <typename T>
void write_shared_array(h5_file& f, const std::string& name, std::span<const T> values);

/// `/name` written by write_shared_array, its checksum verified (checkpoint_damage otherwise).
template <typename T>
std::vector<T> read_shared_array(const h5_file& f, const std::string& name);

/// Items [first, first + count) of a list of n_items items of `stride` values each.
struct item_slice {
    std::uint64_t first = 0, n_items = 0, stride = 1;
};

/// Collective: `/name` holds n_items * stride values, this rank's `local` at first * stride;
/// `/name_checksum` the order-free checksum of the whole (header comment). T: double, uint64.
template <typename T>
void write_items(h5_file& f, const std::string& name, std::span<const T> local, const item_slice& items,
                 const context& ctx);

/// Items [first, first + count) of `/name` (written by write_items at any rank count); the
/// dataset must hold n_items * stride values matching its checksum (checkpoint_damage otherwise).
/// With any_stride, the stride is the stored one (values / n_items, at least 1).
template <typename T>
std::vector<T> read_items(const h5_file& f, const std::string& name, item_slice items, std::uint64_t count,
                          bool any_stride = false);

/// Collective: `/name` as write_shared_array, holding the element-wise sum over ranks of `local`
/// (blocks of different lengths: the shorter zero-padded). For whole numbers (exact in any
/// order). T: double, uint64.
template <typename T>
void write_summed(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx);

/// checkpoint_damage ("dataset <name> of rank <r>: k values are not finite") unless every value
/// is finite: for the dynamical state (V, x, r, rings, ...).
void require_finite(std::span<const double> values, const std::string& name, const context& ctx);

/// checkpoint_damage unless 1 <= steps <= total and (chunk > 0) steps is a multiple of chunk.
void require_steps(step_type steps, step_type total, step_type chunk);

/// Collective: runs `restore` (reading, validating and restoring a checkpoint: rank-local work,
/// no collectives inside) on every rank. When it throws on any rank, every rank throws the same
/// collective_error (exit 2): the first failing rank's message, naming `path` (and, for a
/// damaged checkpoint, `<path>.prev` when that exists). A config_error (another configuration,
/// or another rank count for a checkpoint with rank blocks) keeps its own message.
void restore_collectively(const std::string& path, const context& ctx, const std::function<void()>& restore);

/// Collective: the length of each dataset the run streams into its output file when the
/// checkpoint was taken (root attribute `name`, e.g. spikes_written: one count per population),
/// so that a resumed run cuts its output back to it.
void write_report_length(h5_file& f, const std::string& name, std::span<const std::uint64_t> written);

/// The counts written by write_report_length; checkpoint_damage unless there are `entries`
/// whole numbers and the checksum matches.
std::vector<std::uint64_t> read_report_length(const h5_file& f, const std::string& name, std::size_t entries);

}  // namespace balnet
