// SPDX-License-Identifier: BSD-3-Clause
// `balnet aggregate DIR`: every complete task of a scan in one table, one row per task:
//   id, every varied key, run.seed        from tasks.csv (strings as written in the scan)
//   n_ranks                               root attribute of the task's file
//   analysis/...   meanfield/...          every numeric scalar dataset below /analysis and
//                                         /meanfield (any depth), named by its path
//   timing/...                            every numeric scalar dataset below /timing
// Observable columns are the union over tasks, sorted by group (analysis, meanfield, timing)
// then path; a task without one has an empty cell (NaN in HDF5). Every task that is not complete
// (running, pending, stopped, failed, incomplete, missing: scan_status.hpp) is listed, with its
// state and why, in failed.csv and on stdout; a running task's file is not opened.
//
// Files (written whole, replacing earlier ones):
//   aggregate.csv   header = column names; numbers with 17 significant digits
//   failed.csv      id,state,exit_code,error
//   aggregate.h5    /table/<column>: int64 for id, run.seed and n_ranks; float64 for the
//                   observables and for varied keys whose every value is a number; a varied key
//                   with text values (response.function) is a dataset of fixed-length strings
//                   /table/<key>. /table@columns lists the columns in CSV order; observables keep
//                   their units attribute. /failed/{id,exit_code} int64 and /failed/{state,error}
//                   fixed-length strings (datasets, not attributes: thousands of rows would
//                   overflow an attribute). Root attributes n_tasks and n_<state> for every
//                   task state (n_complete, n_running, n_pending, n_stopped, n_failed,
//                   n_incomplete, n_missing).
// build() and the CSV writers are pure; only read_task_scalars and aggregate_scan touch files.
#pragma once
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <balnet/scan/scan_status.hpp>
#include <balnet/scan/scan_table.hpp>
#include <balnet/comm/context.hpp>

namespace balnet {

/// The scalars of one complete task file: (column name, value, units).
struct task_scalars {
    std::size_t id = 0;
    struct value {
        std::string column;
        double number = 0.0;
        std::string units;
    };
    std::vector<value> values;
};

/// Reads n_ranks and the scalar datasets below /analysis, /meanfield and /timing (h5_error on an
/// unreadable file, or one nesting groups deeper than 16 or holding more than 100 000 objects
/// there: no run file does).
task_scalars read_task_scalars(const std::string& path, std::size_t id);

class scan_aggregate {
public:
    /// One row per element of `complete` (in id order); `table` gives varied values and seeds.
    static scan_aggregate build(const scan_table& table, std::vector<task_scalars> complete);

    /// Varied keys in table order, after "id" and before "run.seed".
    const std::vector<std::string>& parameter_columns() const noexcept { return params_; }
    /// n_ranks, then the observables (see the file comment).
    const std::vector<std::string>& number_columns() const noexcept { return numbers_; }
    const std::vector<std::string>& units() const noexcept { return units_; }  ///< per number column
    std::size_t rows() const noexcept { return ids_.size(); }
    const std::vector<std::size_t>& ids() const noexcept { return ids_; }
    const std::vector<std::int64_t>& seeds() const noexcept { return seeds_; }
    /// parameter(r, c): row r's value of parameter column c (nullopt = base value).
    const std::optional<std::string>& parameter(std::size_t r, std::size_t c) const {
        return param_cells_[r * params_.size() + c];
    }
    /// number(r, c): row r's value of number column c; NaN when the task has none.
    double number(std::size_t r, std::size_t c) const { return number_cells_[r * numbers_.size() + c]; }

    std::string to_csv() const;

private:
    std::vector<std::string> params_, numbers_, units_;
    std::vector<std::size_t> ids_;
    std::vector<std::int64_t> seeds_;
    std::vector<std::optional<std::string>> param_cells_;
    std::vector<double> number_cells_;
};

/// failed.csv: one line per task that is not complete.
std::string failed_csv(const std::vector<task_status>& not_complete);

struct aggregate_counts {
    std::size_t tasks = 0;
    std::map<task_state, std::size_t> by_state;  ///< every state, 0 where none
    std::size_t count(task_state s) const { return by_state.count(s) ? by_state.at(s) : 0; }
    std::size_t complete() const { return count(task_state::complete); }
};
/// The tasks of `statuses` per state.
aggregate_counts count_states(const std::vector<task_status>& statuses);
/// "1 complete, 1 running, 2 failed": the states some task is in (complete only if asked).
std::string state_summary(const aggregate_counts& n, bool with_complete);

/// The task table of the scan in `dir`; io_error naming `dir` when it holds none.
scan_table read_scan_table(const scan_layout& layout);

/// Aggregates the scan in `dir` (see the file comment), prints a summary and every task that is
/// not complete, with its state (running tasks are named as such, their files left alone) on
/// stdout. io_error if `dir` holds no task table. Single rank.
aggregate_counts aggregate_scan(const std::string& dir, const context& ctx);

}  // namespace balnet
