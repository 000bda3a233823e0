// SPDX-License-Identifier: BSD-3-Clause
// What a rate run writes into its HDF5 file (docs/output-layout.md) and prints on rank 0. Every writer is
// collective: all ranks call it with the same global values.
#pragma once
#include <string>

#include <balnet/analysis/rate_observables.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/rate/rate_engine.hpp>

namespace balnet::detail {

/// Root attributes (version, git sha, command line, ranks, dt, seeds) and /config.
void write_provenance(h5_file& f, const config& cfg, const context& ctx, const std::string& command_line);
/// /network: populations, connectivity rule, in-degree statistics, coupling checksum.
void write_network(h5_file& f, const rate_model& m, const coupling_summary& c);
/// /analysis: every observable with its units; the per-unit ON-time fraction distributed.
void write_analysis(h5_file& f, const rate_model& m, const partition& part, const rate_summary& s,
                    const context& ctx);
/// /timing: build and simulation wall time, steps per second.
void write_timing(h5_file& f, double build_s, double sim_s, double steps_per_s);
/// The summary printed after a run.
std::string summary_text(const std::string& path, const rate_model& m, const rate_summary& s,
                         const coupling_summary& c, int ranks, double wall_s, double sim_s);
/// The checksum as 16 hex digits (what the file and the summary show).
std::string hex(std::uint64_t v);

}  // namespace balnet::detail
