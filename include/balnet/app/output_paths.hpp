// SPDX-License-Identifier: BSD-3-Clause
// The files a run writes (output.file, checkpoint.file and the checkpoint's ".tmp"), checked
// once, before any run starts, for what they would destroy:
// - two of them, or one of them and the config file, are the same file (compared by identity:
//   std::filesystem::equivalent where both exist, weakly_canonical paths otherwise, so that
//   "./x.h5", "x.h5", a symbolic or a hard link are one file);
// - a path that holds something other than a regular file (a device, a FIFO: an HDF5 file
//   cannot be written there) or a non-empty file that is not HDF5 (somebody's data);
// - an output.file that holds the complete results of an earlier run, or a checkpoint.file that
//   holds complete results rather than a checkpoint: refused unless --overwrite is given
//   (--resume continues the run in that file, as it always did). A file that an interrupted or
//   killed run left (status "running" or "stopped", or unreadable HDF5) is replaced.
// Every problem is a config_error (exit 2) naming the key, the path and what is allowed.
#pragma once
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>

namespace balnet {

/// What the command line allows to be replaced.
struct output_policy {
    bool overwrite = false;  ///< --overwrite: a complete run file may be replaced
    bool resume = false;     ///< --resume: the run continues in its own output file
};

/// The paths of one run (checkpoint empty when the model has none).
struct run_paths {
    std::string config_file, output, checkpoint;
};

/// Whether a and b name the same file (see the file comment); false when either is empty.
bool same_file(const std::string& a, const std::string& b);

/// Throws config_error for the first problem of `paths` (see the file comment). Reads the file
/// system (and the root attributes of existing HDF5 files) on this rank only.
void check_output_paths(const run_paths& paths, output_policy policy);

/// check_output_paths for a run config on rank 0, its verdict broadcast, so that every rank
/// throws the same error or none does. Collective.
void require_safe_outputs(const config& cfg, const std::string& config_file, output_policy policy,
                          const context& ctx);

}  // namespace balnet
