// SPDX-License-Identifier: BSD-3-Clause
// A parameter scan as written in a scan file (inputs/scans/*.ini): the base run config, fixed
// overrides, the parameters to vary (lists, linear and log ranges), how they combine (product or
// zip), the repetitions over seeds, and the SLURM resources of one task.
//
//   [scan]       name, base (path relative to the scan file), combine = product | zip,
//                repetitions = R and seed_start = S (seeds S .. S+R-1), or seeds = a, b, c
//   [set]        section.key = value            fixed for every task
//   [vary]       section.key = values           one axis per key
//   [vary.<g>]   section.key = values           one axis for the whole group: its keys take
//                                               their i-th values together (same length)
//   [resources]  ranks, nodes, tasks_per_node, time, memory, partition, account,
//                launcher = srun | mpirun, max_parallel, signal_lead, aggregate_time, env
// Values: a comma-separated list of items; an item is a literal (double quotes keep commas and
// spaces), "(default)" (the key keeps its base value in that task), or
// linrange(start, stop, n) / logrange(start, stop, n): n values, both ends included, evenly spaced
// in value or in log(value). Integer keys round range values to the nearest integer.
//
// Invariants of a loaded scan_spec: every key is a key of `balnet run` and appears once across
// [set] and all axes; run.seed and output.file are never set or varied (the scan owns them);
// every axis is non-empty and its keys have equal lengths; under zip all axes have equal length;
// no value contains a newline (task arguments are stored one per line); resources are valid
// SLURM values. Loading is pure (no MPI, no file written); errors are config_errors naming the
// scan file, the key and what is allowed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <balnet/io/config_schema.hpp>

namespace balnet {

enum class combine_kind { product, zip };
enum class launcher_kind { srun, mpirun };

/// Keys varied together: values[k][i] is key k's value in the axis' i-th step; std::nullopt
/// leaves the key at its base value.
struct scan_axis {
    std::string name;  ///< the key for a [vary] axis, the group name for [vary.<g>]
    std::vector<std::string> keys;
    std::vector<std::vector<std::optional<std::string>>> values;
    std::size_t size() const noexcept { return values.empty() ? 0 : values.front().size(); }
};

/// What one task asks of SLURM, and how it launches its ranks.
struct scan_resources {
    int ranks = 1;                        ///< MPI ranks per task (--ntasks)
    int nodes = 0;                        ///< nodes per task (--nodes); 0 = as SLURM places them
    int tasks_per_node = 0;               ///< ranks per node (--ntasks-per-node); 0 = unset
    std::string time = "01:00:00";        ///< time limit per task (--time)
    std::string memory;                   ///< memory per node (--mem), e.g. "4G"; empty = site default
    std::string partition;                ///< empty = default partition
    std::string account;                  ///< empty = default account
    launcher_kind launcher = launcher_kind::srun;
    int max_parallel = 0;                 ///< array throttle (%N); 0 = no limit
    int signal_lead = 120;                ///< [s] SIGUSR1 this long before the time limit
    std::string aggregate_time = "00:30:00";  ///< time limit of the aggregation job
    std::string env_script;               ///< absolute path sourced before the run; empty = none
};

struct scan_spec {
    std::string name;         ///< job name: letters, digits, '-', '_', '.'
    std::string source;       ///< absolute path of the scan file ("" when parsed from text)
    std::string base_config;  ///< absolute path of the base run config
    std::vector<std::pair<std::string, std::string>> fixed;  ///< [set], then command-line overrides
    std::vector<scan_axis> axes;
    combine_kind combine = combine_kind::product;
    std::vector<std::int64_t> seeds;  ///< run.seed of the repetitions, innermost loop
    scan_resources resources;

    /// Reads and checks a scan file; `overrides` ("section.key=value") are added to [set]. Every
    /// key must be a key of `schema` (balnet run's: command_schema(), given by the caller so that
    /// the scan library does not depend on the command line).
    static scan_spec load(const std::string& path, const std::vector<std::string>& overrides,
                          const config_schema& schema);
    /// As load, from text; relative paths are resolved against `dir`; `origin` names the text
    /// in error messages.
    static scan_spec parse(const std::string& text, const std::string& origin, const std::string& dir,
                           const std::vector<std::string>& overrides, const config_schema& schema);
};

/// The values a [vary] entry denotes for `key` of kind `kind` (see the file comment);
/// std::nullopt for "(default)". Throws config_error naming `key` on a malformed entry.
std::vector<std::optional<std::string>> expand_scan_values(const std::string& key, value_kind kind,
                                                           const std::string& text);

}  // namespace balnet
