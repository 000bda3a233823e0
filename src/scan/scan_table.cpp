// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_table.hpp>

#include <sstream>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

std::vector<std::string> all_columns(const scan_spec& spec) {
    std::vector<std::string> cols;
    for (const auto& ax : spec.axes) cols.insert(cols.end(), ax.keys.begin(), ax.keys.end());
    return cols;
}

// The step of every axis for parameter point p: mixed-radix digits (last axis fastest) for
// product, p itself for zip.
std::vector<std::size_t> axis_steps(const scan_spec& spec, std::size_t p) {
    std::vector<std::size_t> steps(spec.axes.size(), p);
    if (spec.combine == combine_kind::zip) return steps;
    for (std::size_t a = spec.axes.size(); a-- > 0;) {
        steps[a] = p % spec.axes[a].size();
        p /= spec.axes[a].size();
    }
    return steps;
}

std::size_t point_count(const scan_spec& spec) {
    if (spec.axes.empty()) return 1;
    if (spec.combine == combine_kind::zip) return spec.axes.front().size();
    std::size_t n = 1;
    for (const auto& ax : spec.axes) {
        if (ax.size() != 0 && n > SIZE_MAX / ax.size()) throw config_error("scan too large");
        n *= ax.size();
    }
    return n;
}

}  // namespace

scan_table::scan_table(std::vector<std::string> columns, std::vector<scan_task> tasks)
    : columns_(std::move(columns)), tasks_(std::move(tasks)) {
    for (std::size_t i = 0; i < tasks_.size(); ++i)
        if (tasks_[i].id != i || tasks_[i].values.size() != columns_.size())
            throw internal_error("scan_table: task " + std::to_string(i) + " out of order or of wrong width");
}

scan_table scan_table::expand(const scan_spec& spec) {
    const std::size_t points = point_count(spec);
    if (points * spec.seeds.size() > 1000000)
        throw config_error("scan", std::to_string(points * spec.seeds.size()) + " tasks", "at most 1000000 tasks");
    std::vector<scan_task> tasks;
    tasks.reserve(points * spec.seeds.size());
    for (std::size_t p = 0; p < points; ++p) {
        const auto steps = axis_steps(spec, p);
        std::vector<std::optional<std::string>> values;
        for (std::size_t a = 0; a < spec.axes.size(); ++a)
            for (const auto& key_values : spec.axes[a].values) values.push_back(key_values[steps[a]]);
        for (const std::int64_t seed : spec.seeds) tasks.push_back({tasks.size(), values, seed});
    }
    return scan_table(all_columns(spec), std::move(tasks));
}

std::string csv_field(const std::optional<std::string>& s) {
    if (!s) return "";
    if (!s->empty() && s->find_first_of(",\" \t") == std::string::npos) return *s;
    std::string out = "\"";
    for (char c : *s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::vector<std::optional<std::string>> csv_split(const std::string& line, const std::string& origin) {
    std::vector<std::optional<std::string>> fields;
    std::size_t i = 0;
    while (true) {
        if (i < line.size() && line[i] == '"') {
            std::string f;
            for (++i;; ++i) {
                if (i >= line.size()) throw io_error(origin + ": unterminated quote in '" + line + "'");
                if (line[i] == '"' && i + 1 < line.size() && line[i + 1] == '"') { f += '"'; ++i; continue; }
                if (line[i] == '"') break;
                f += line[i];
            }
            ++i;
            if (i < line.size() && line[i] != ',')
                throw io_error(origin + ": text after a closing quote in '" + line + "'");
            fields.emplace_back(f);
        } else {
            const std::size_t end = std::min(line.find(',', i), line.size());
            const std::string f = line.substr(i, end - i);
            if (f.find('"') != std::string::npos) throw io_error(origin + ": stray quote in '" + line + "'");
            if (f.empty()) fields.emplace_back(std::nullopt);
            else fields.emplace_back(f);
            i = end;
        }
        if (i >= line.size()) return fields;
        ++i;  // the comma
        if (i == line.size()) {  // a trailing comma: one more empty field
            fields.emplace_back(std::nullopt);
            return fields;
        }
    }
}

std::string scan_table::to_csv() const {
    std::ostringstream out;
    out << "id";
    for (const auto& c : columns_) out << ',' << csv_field(c);
    out << ",run.seed\n";
    for (const auto& t : tasks_) {
        out << t.id;
        for (const auto& v : t.values) out << ',' << csv_field(v);
        out << ',' << t.seed << '\n';
    }
    return out.str();
}

scan_table scan_table::read_csv(const std::string& text, const std::string& origin) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line)) throw io_error(origin + ": empty task table");
    const auto head = csv_split(line, origin);
    if (head.size() < 2 || head.front() != "id" || head.back() != "run.seed")
        throw io_error(origin + ": header must be id,<keys...>,run.seed");
    std::vector<std::string> columns;
    for (std::size_t c = 1; c + 1 < head.size(); ++c) {
        if (!head[c]) throw io_error(origin + ": empty column name");
        columns.push_back(*head[c]);
    }
    std::vector<scan_task> tasks;
    while (std::getline(in, line)) {
        const auto f = csv_split(line, origin);
        const std::string where = origin + ": line " + std::to_string(tasks.size() + 2);
        if (f.size() != head.size() || !f.front() || !f.back()) throw io_error(where + ": wrong number of fields");
        try {
            const auto id = std::stoull(*f.front());
            if (id != tasks.size()) throw io_error(where + ": task ids must be 0, 1, 2, ...");
            tasks.push_back({id, {f.begin() + 1, f.end() - 1}, std::stoll(*f.back())});
        } catch (const std::logic_error&) {
            throw io_error(where + ": id and run.seed must be integers");
        }
    }
    return scan_table(std::move(columns), std::move(tasks));
}

std::vector<std::string> scan_run_arguments(const scan_spec& spec, const scan_table& table,
                                            std::size_t id, const std::string& output_file) {
    const scan_task& t = table.tasks().at(id);
    std::vector<std::string> args{spec.base_config};
    for (const auto& [k, v] : spec.fixed) args.push_back("--" + k + "=" + v);
    for (std::size_t c = 0; c < table.columns().size(); ++c)
        if (t.values[c]) args.push_back("--" + table.columns()[c] + "=" + *t.values[c]);
    args.push_back("--run.seed=" + std::to_string(t.seed));
    args.push_back("--output.file=" + output_file);
    return args;
}

}  // namespace balnet
