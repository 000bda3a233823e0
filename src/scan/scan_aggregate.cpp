// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_aggregate.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {
namespace {

bool is_numeric_type(const std::string& t) {
    return t.rfind("float", 0) == 0 || t.rfind("int", 0) == 0 || t.rfind("uint", 0) == 0;
}

// How far collect_scalars looks into a task file: run files nest a few groups and hold a few
// hundred objects; a file far beyond that is not a run file (and walking a hostile one, groups
// nested thousands deep, took longer than any scan).
constexpr int max_group_depth = 16;
constexpr std::size_t max_objects = 100000;

// Every numeric scalar dataset below `group` (recursively), as (path without the leading '/');
// `seen` counts the objects visited. h5_error when the file exceeds the limits above.
void collect_scalars(const h5_file& f, const std::string& group, task_scalars& out, int depth, std::size_t& seen) {
    if (depth > max_group_depth)
        throw h5_error("groups nested deeper than " + std::to_string(max_group_depth) + " at " + abbreviated(group));
    for (const auto& name : f.list(group)) {
        if (++seen > max_objects)
            throw h5_error("more than " + std::to_string(max_objects) + " objects below /analysis, /meanfield, /timing");
        const std::string path = group + "/" + name;
        std::vector<std::uint64_t> dims;
        try {
            dims = f.shape(path);
        } catch (const h5_error&) {  // not a dataset: a group
            collect_scalars(f, path, out, depth + 1, seen);
            continue;
        }
        const bool scalar = dims.empty() || (dims.size() == 1 && dims[0] == 1);
        if (!scalar || !is_numeric_type(f.dataset_type(path))) continue;
        const std::string units = f.has_attribute(path, "units") ? f.read_string_attribute(path, "units") : "";
        out.values.push_back({path.substr(1), f.read_1d<double>(path).at(0), units});
    }
}

int group_rank(const std::string& column) {
    if (column == "n_ranks") return 0;
    if (column.rfind("analysis/", 0) == 0) return 1;
    if (column.rfind("meanfield/", 0) == 0) return 2;
    return 3;  // timing/
}

std::string format_number(double v) {
    if (std::isnan(v)) return "";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

void write_text(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text;
        if (!out.flush()) throw io_error("cannot write '" + tmp + "'");
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw io_error("cannot write '" + path + "': " + ec.message());
}

std::optional<double> as_number(const std::optional<std::string>& s) {
    if (!s) return std::numeric_limits<double>::quiet_NaN();
    char* end = nullptr;
    const double v = std::strtod(s->c_str(), &end);
    if (s->empty() || *end != '\0') return std::nullopt;
    return v;
}

}  // namespace

task_scalars read_task_scalars(const std::string& path, std::size_t id) {
    const h5_file f = h5_file::open_read(path);
    task_scalars t;
    t.id = id;
    if (f.has_attribute("/", "n_ranks"))
        t.values.push_back({"n_ranks", static_cast<double>(f.read_int_attribute("/", "n_ranks")), ""});
    std::size_t seen = 0;
    for (const char* g : {"/analysis", "/meanfield", "/timing"})
        if (f.exists(g)) collect_scalars(f, g, t, 1, seen);
    return t;
}

scan_aggregate scan_aggregate::build(const scan_table& table, std::vector<task_scalars> complete) {
    std::sort(complete.begin(), complete.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    scan_aggregate g;
    g.params_ = table.columns();
    std::map<std::string, std::string> units;  // every column seen, with the first units given
    for (const auto& t : complete)
        for (const auto& v : t.values) units.emplace(v.column, v.units);
    for (const auto& [column, u] : units) g.numbers_.push_back(column);
    std::stable_sort(g.numbers_.begin(), g.numbers_.end(),
                     [](const auto& a, const auto& b) { return group_rank(a) < group_rank(b); });
    std::map<std::string, std::size_t> index;
    for (std::size_t c = 0; c < g.numbers_.size(); ++c) {
        index[g.numbers_[c]] = c;
        g.units_.push_back(units[g.numbers_[c]]);
    }
    for (const auto& t : complete) {
        const scan_task& row = table.tasks().at(t.id);
        g.ids_.push_back(t.id);
        g.seeds_.push_back(row.seed);
        g.param_cells_.insert(g.param_cells_.end(), row.values.begin(), row.values.end());
        std::vector<double> cells(g.numbers_.size(), std::numeric_limits<double>::quiet_NaN());
        for (const auto& v : t.values) cells[index[v.column]] = v.number;
        g.number_cells_.insert(g.number_cells_.end(), cells.begin(), cells.end());
    }
    return g;
}

std::string scan_aggregate::to_csv() const {
    std::ostringstream out;
    out << "id";
    for (const auto& p : params_) out << ',' << csv_field(p);
    out << ",run.seed";
    for (const auto& n : numbers_) out << ',' << csv_field(n);
    out << '\n';
    for (std::size_t r = 0; r < rows(); ++r) {
        out << ids_[r];
        for (std::size_t c = 0; c < params_.size(); ++c) out << ',' << csv_field(parameter(r, c));
        out << ',' << seeds_[r];
        for (std::size_t c = 0; c < numbers_.size(); ++c) out << ',' << format_number(number(r, c));
        out << '\n';
    }
    return out.str();
}

std::string failed_csv(const std::vector<task_status>& not_complete) {
    std::ostringstream out;
    out << "id,state,exit_code,error\n";
    for (const auto& t : not_complete)
        out << t.id << ',' << to_string(t.state) << ',' << (t.exit_code >= 0 ? std::to_string(t.exit_code) : "")
            << ',' << csv_field(t.error) << '\n';
    return out.str();
}

}  // namespace balnet

// ---- aggregate.h5 and the command ---------------------------------------------------------------
namespace balnet {
namespace {

template <typename T>
std::vector<std::int64_t> to_i64(const std::vector<T>& v) {
    return {v.begin(), v.end()};
}

void write_parameters(h5_file& f, const scan_aggregate& g) {
    for (std::size_t c = 0; c < g.parameter_columns().size(); ++c) {
        std::vector<double> numbers;
        std::vector<std::string> texts;
        bool numeric = true;
        for (std::size_t r = 0; r < g.rows(); ++r) {
            const auto& cell = g.parameter(r, c);
            const auto x = as_number(cell);
            numeric = numeric && x.has_value();
            numbers.push_back(x.value_or(0.0));
            texts.push_back(cell.value_or(""));
        }
        const std::string& key = g.parameter_columns()[c];
        if (numeric) f.write_array("/table/" + key, std::span<const double>(numbers), "");
        else f.write_strings("/table/" + key, texts);
    }
}

void write_aggregate_h5(const std::string& path, const scan_aggregate& g, const std::vector<task_status>& bad,
                        const aggregate_counts& n, const context& ctx) {
    h5_file f = h5_file::create(path, ctx);
    const auto u = [](std::size_t x) { return static_cast<std::uint64_t>(x); };
    f.write_attribute("/", "n_tasks", u(n.tasks));
    for (const task_state st : all_task_states) f.write_attribute("/", "n_" + to_string(st), u(n.count(st)));
    std::vector<std::string> columns{"id"};
    columns.insert(columns.end(), g.parameter_columns().begin(), g.parameter_columns().end());
    columns.push_back("run.seed");
    columns.insert(columns.end(), g.number_columns().begin(), g.number_columns().end());
    f.write_attribute("/table", "columns", columns);
    f.write_array("/table/id", std::span<const std::int64_t>(to_i64(g.ids())), "");
    f.write_array("/table/run.seed", std::span<const std::int64_t>(g.seeds()), "");
    write_parameters(f, g);
    for (std::size_t c = 0; c < g.number_columns().size(); ++c) {
        std::vector<double> col(g.rows());
        for (std::size_t r = 0; r < g.rows(); ++r) col[r] = g.number(r, c);
        if (g.number_columns()[c] == "n_ranks") {
            std::vector<std::int64_t> ranks;
            for (double x : col) ranks.push_back(std::isnan(x) ? -1 : static_cast<std::int64_t>(x));
            f.write_array("/table/n_ranks", std::span<const std::int64_t>(ranks), "");
        } else {
            f.write_array("/table/" + g.number_columns()[c], std::span<const double>(col), g.units()[c]);
        }
    }
    std::vector<std::int64_t> ids, codes;
    std::vector<std::string> states, errors;
    for (const auto& t : bad) {
        ids.push_back(static_cast<std::int64_t>(t.id));
        codes.push_back(t.exit_code);
        states.push_back(to_string(t.state));
        errors.push_back(t.error);
    }
    f.write_array("/failed/id", std::span<const std::int64_t>(ids), "");
    f.write_array("/failed/exit_code", std::span<const std::int64_t>(codes), "");
    f.write_strings("/failed/state", states);
    f.write_strings("/failed/error", errors);
    f.finish();
}

void print_summary(const scan_layout& layout, const aggregate_counts& n, const std::vector<task_status>& bad) {
    std::printf("balnet aggregate: %zu of %zu tasks complete -> %s, %s\n", n.complete(), n.tasks,
                layout.aggregate_csv().c_str(), layout.aggregate_h5().c_str());
    if (bad.empty()) return;
    std::printf("  %s (all listed in %s):\n", state_summary(n, false).c_str(), layout.failed_csv().c_str());
    const std::size_t shown = std::min<std::size_t>(bad.size(), 50);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& t = bad[i];
        std::printf("  task %zu %s%s: %s\n", t.id, to_string(t.state).c_str(),
                    t.exit_code >= 0 ? (" (exit " + std::to_string(t.exit_code) + ")").c_str() : "",
                    t.error.c_str());
    }
    if (bad.size() > shown) std::printf("  ... and %zu more\n", bad.size() - shown);
}

}  // namespace

std::string state_summary(const aggregate_counts& n, bool with_complete) {
    std::string out;
    for (const task_state st : all_task_states)
        if ((with_complete || st != task_state::complete) && n.count(st) > 0)
            out += (out.empty() ? "" : ", ") + std::to_string(n.count(st)) + " " + to_string(st);
    return out;
}

aggregate_counts count_states(const std::vector<task_status>& statuses) {
    aggregate_counts n;
    n.tasks = statuses.size();
    for (const task_state st : all_task_states) n.by_state[st] = 0;
    for (const auto& t : statuses) ++n.by_state[t.state];
    return n;
}

scan_table read_scan_table(const scan_layout& layout) {
    std::ifstream in(layout.table());
    if (!in) throw io_error("'" + layout.dir + "' is not a scan directory: no " + layout.table());
    std::stringstream text;
    text << in.rdbuf();
    return scan_table::read_csv(text.str(), layout.table());
}

aggregate_counts aggregate_scan(const std::string& dir, const context& ctx) {
    const scan_layout layout(dir);
    const scan_table table = read_scan_table(layout);
    const scan_activity activity = scan_activity::probe(layout);
    std::vector<task_scalars> complete;
    std::vector<task_status> all, bad;
    for (std::size_t id = 0; id < table.size(); ++id) {
        task_status s = inspect_task(layout, id, &activity);
        if (s.state == task_state::complete) {
            try {
                complete.push_back(read_task_scalars(layout.output(id), id));
                all.push_back(s);
                continue;
            } catch (const error& e) {
                s = {id, task_state::failed, -1, std::string("complete but unreadable: ") + e.what()};
            }
        }
        all.push_back(s);
        bad.push_back(s);
    }
    const aggregate_counts n = count_states(all);
    const scan_aggregate g = scan_aggregate::build(table, std::move(complete));
    write_text(layout.aggregate_csv(), g.to_csv());
    write_text(layout.failed_csv(), failed_csv(bad));
    write_aggregate_h5(layout.aggregate_h5(), g, bad, n, ctx);
    print_summary(layout, n, bad);
    return n;
}

}  // namespace balnet
