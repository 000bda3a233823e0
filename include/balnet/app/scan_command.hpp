// SPDX-License-Identifier: BSD-3-Clause
// The `scan` and `aggregate` subcommands.
//
//   balnet scan <scan.ini> --out DIR [--section.key=value ...] [--local N | --submit]
// expands the scan (scan_spec, scan_table) into DIR (scan_layout): the task table, one argument
// file per task and the two sbatch scripts; checks every task's configuration as `balnet run`
// would and names the tasks that will fail. Then, with --local N, runs the tasks that are not
// complete on this machine, N at a time (each under `mpiexec -n <ranks>` when ranks > 1), and
// aggregates; with --submit, submits the tasks that are not complete as one job array plus an
// aggregation job that depends on it (afterany). Running the same command again is how a scan
// is resumed: complete tasks are skipped; DIR must hold this same scan (same tasks.csv) or none.
//
//   balnet aggregate DIR     see scan_aggregate.hpp
//
// Both run on a single rank (no collective) and return the exit code: 0 when every task is
// complete, 3 when some task failed or is missing (the table is still written); 2 for bad input.
#pragma once
#include <balnet/app/command_line.hpp>
#include <balnet/comm/context.hpp>

namespace balnet {

/// Options of `balnet scan`, from command_line::extra.
struct scan_options {
    std::string out;        ///< --out DIR
    int local_jobs = 0;     ///< --local N; 0 = not local
    bool submit = false;    ///< --submit
    static scan_options parse(const command_line& cl);
};

int scan_command(const command_line& cl, const context& ctx);
int aggregate_command(const command_line& cl, const context& ctx);
/// `balnet scan status DIR`: one line per task (scan_status.hpp's states, exit code, detail),
/// from the task files, squeue and this machine's processes. 0 when every task is complete, 3
/// otherwise; 2 when DIR holds no scan.
int scan_status_command(const command_line& cl, const context& ctx);

}  // namespace balnet
