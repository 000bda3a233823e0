// SPDX-License-Identifier: BSD-3-Clause
// The task table of a scan: one row per task, with the value of every varied key and the seed.
// Task ids are 0, 1, ... in table order and equal the SLURM array index.
//
// Order. combine = product: the first axis varies slowest, the last fastest (like nested loops
// in file order); combine = zip: the i-th value of every axis together. Seeds are the innermost
// loop in both cases, so the repetitions of one parameter point are consecutive tasks.
//
// The table is also a file, tasks.csv (RFC 4180: fields holding ',', '"' or spaces are quoted,
// '"' doubled): header "id,<key>...,run.seed", one line per task, an empty field where a key keeps
// its base value ("" is an empty value). read_csv(to_csv(t)) == t. The table is a pure function of the scan_spec.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <balnet/scan/scan_spec.hpp>

namespace balnet {

struct scan_task {
    std::size_t id = 0;
    std::vector<std::optional<std::string>> values;  ///< one per column; nullopt = base value
    std::int64_t seed = 0;
    bool operator==(const scan_task&) const = default;
};

class scan_table {
public:
    scan_table() = default;
    scan_table(std::vector<std::string> columns, std::vector<scan_task> tasks);

    /// Every task of the scan, in the order of the file comment.
    static scan_table expand(const scan_spec& spec);

    const std::vector<std::string>& columns() const noexcept { return columns_; }  ///< varied keys
    const std::vector<scan_task>& tasks() const noexcept { return tasks_; }
    std::size_t size() const noexcept { return tasks_.size(); }

    /// The table as CSV text (see the file comment).
    std::string to_csv() const;
    /// Parses to_csv's format; io_error naming `origin` on malformed text.
    static scan_table read_csv(const std::string& text, const std::string& origin);

    bool operator==(const scan_table&) const = default;

private:
    std::vector<std::string> columns_;
    std::vector<scan_task> tasks_;
};

/// The arguments of `balnet run` for task `id` (without "balnet run"): the base config, then
/// every fixed override, the varied values, the seed and the output file, each "--key=value".
std::vector<std::string> scan_run_arguments(const scan_spec& spec, const scan_table& table,
                                            std::size_t id, const std::string& output_file);

/// One CSV field: quoted when it is empty or holds ',', '"', a blank or a tab ('"' doubled);
/// std::nullopt is the empty unquoted field.
std::string csv_field(const std::optional<std::string>& s);
/// Splits one CSV line into fields (RFC 4180 quoting, no embedded newlines): an empty unquoted
/// field is std::nullopt, "" is the empty string. io_error naming `origin` on bad quotes.
std::vector<std::optional<std::string>> csv_split(const std::string& line, const std::string& origin);

}  // namespace balnet
