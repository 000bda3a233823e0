// SPDX-License-Identifier: BSD-3-Clause
// Where everything of one scan lives, below its directory (`balnet scan --out DIR`):
//   DIR/scan.ini           copy of the scan file (provenance)
//   DIR/tasks.csv          the task table (scan_table)
//   DIR/array.sbatch       job array, one task per row;  DIR/aggregate.sbatch  the aggregation
//   DIR/tasks/<id>.args    the arguments of `balnet run` of task <id>, one per line
//   DIR/tasks/<id>.h5      its output (root attribute status = "complete" once finished)
//   DIR/tasks/<id>.rc      its exit code, written when the run ends
//   DIR/logs/<id>.log      its stdout and stderr;  DIR/logs/slurm-*.out  SLURM's job logs
//   DIR/aggregate.csv, DIR/aggregate.h5, DIR/failed.csv   written by `balnet aggregate`
// <id> is the task's row index in decimal, which is also its SLURM array index.
#pragma once
#include <cstddef>
#include <string>

namespace balnet {

struct scan_layout {
    std::string dir;  ///< absolute

    explicit scan_layout(const std::string& directory);

    std::string scan_copy() const { return dir + "/scan.ini"; }
    std::string table() const { return dir + "/tasks.csv"; }
    std::string array_script() const { return dir + "/array.sbatch"; }
    std::string aggregate_script() const { return dir + "/aggregate.sbatch"; }
    std::string tasks_dir() const { return dir + "/tasks"; }
    std::string logs_dir() const { return dir + "/logs"; }
    std::string args(std::size_t id) const { return task_path(id, ".args"); }
    std::string output(std::size_t id) const { return task_path(id, ".h5"); }
    std::string exit_code(std::size_t id) const { return task_path(id, ".rc"); }
    std::string log(std::size_t id) const { return logs_dir() + "/" + std::to_string(id) + ".log"; }
    std::string aggregate_csv() const { return dir + "/aggregate.csv"; }
    std::string aggregate_h5() const { return dir + "/aggregate.h5"; }
    std::string failed_csv() const { return dir + "/failed.csv"; }

private:
    std::string task_path(std::size_t id, const char* ext) const {
        return tasks_dir() + "/" + std::to_string(id) + ext;
    }
};

}  // namespace balnet
