// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_spec.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include <balnet/core/error.hpp>
#include <balnet/io/text_file.hpp>

namespace balnet {
namespace {

namespace fs = std::filesystem;

struct ini_entry {
    std::string section, key, value;
    int line = 0;
};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// A '#' that starts a comment: at the start of the text or after white space, outside quotes.
// (A '#' inside a value, e.g. "a#b", is kept.)
std::string strip_comment(const std::string& line) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        if (line[i] == '#' && !quoted && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
            return line.substr(0, i);
    }
    return line;
}

std::vector<ini_entry> read_ini(const std::string& text, const std::string& origin) {
    std::vector<ini_entry> out;
    std::istringstream in(text);
    std::string raw, section;
    int n = 0;
    const auto where = [&] { return origin + ":" + std::to_string(n); };
    while (std::getline(in, raw)) {
        ++n;
        const std::string t = trim(raw);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        const std::string line = trim(strip_comment(t));
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3)
                throw config_error(where() + ": malformed section header '" + abbreviated(line) + "'");
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos || trim(line.substr(0, eq)).empty())
            throw config_error(where() + ": expected 'key = value', got '" + abbreviated(line) + "'");
        if (section.empty())
            throw config_error(where() + ": key '" + abbreviated(trim(line.substr(0, eq))) + "' before any [section]");
        out.push_back({section, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), n});
    }
    return out;
}

// Splits at commas outside double quotes and parentheses; strips one pair of quotes per item.
std::vector<std::string> split_items(const std::string& key, const std::string& text) {
    std::vector<std::string> items;
    std::string cur;
    bool quoted = false, was_quoted = false;
    int depth = 0;
    const auto flush = [&] {
        const std::string t = was_quoted ? cur : trim(cur);
        if (!was_quoted && t.empty())
            throw config_error(key, text, "a comma-separated list without empty items");
        items.push_back(t);
        cur.clear();
        was_quoted = false;
    };
    for (char c : text) {
        if (c == '"') {
            if (!quoted && !trim(cur).empty())
                throw config_error(key, text, "quotes around a whole item only");
            if (!quoted) cur.clear();
            quoted = !quoted;
            was_quoted = true;
            continue;
        }
        if (!quoted && was_quoted && c != ',' && c != ' ' && c != '\t')
            throw config_error(key, text, "nothing after a closing quote but a comma");
        if (!quoted && c == '(') ++depth;
        if (!quoted && c == ')') --depth;
        if (!quoted && depth == 0 && c == ',') {
            flush();
            continue;
        }
        if (quoted || !was_quoted) cur += c;
    }
    if (quoted) throw config_error(key, text, "balanced double quotes");
    flush();
    return items;
}

double parse_number(const std::string& key, const std::string& whole, const std::string& s) {
    const std::string t = trim(s);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || *end != '\0' || !std::isfinite(v))
        throw config_error(key, whole, "numbers as range arguments (got '" + abbreviated(t) + "')");
    return v;
}

std::string format_real(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

// linrange(a, b, n) / logrange(a, b, n): n values, ends included; integer keys round.
std::vector<std::string> expand_range(const std::string& key, value_kind kind, const std::string& item,
                                      bool log) {
    const auto open = item.find('(');
    if (item.back() != ')')
        throw config_error(key, item, "linrange(start, stop, n) or logrange(start, stop, n)");
    if (kind != value_kind::integer && kind != value_kind::real)
        throw config_error(key, item, "a list of values: ranges apply to numeric keys only");
    std::vector<std::string> args;
    std::stringstream in(item.substr(open + 1, item.size() - open - 2));
    for (std::string a; std::getline(in, a, ',');) args.push_back(a);
    if (args.size() != 3) throw config_error(key, item, "three arguments: (start, stop, n)");
    const double a = parse_number(key, item, args[0]), b = parse_number(key, item, args[1]);
    const double nd = parse_number(key, item, args[2]);
    if (nd < 1 || nd != std::floor(nd) || nd > 1e6)
        throw config_error(key, item, "a whole number of values n >= 1 as third argument");
    if (log && !(a > 0 && b > 0)) throw config_error(key, item, "start > 0 and stop > 0 for logrange");
    const auto n = static_cast<std::size_t>(nd);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
        double v = log ? std::exp(std::log(a) + t * (std::log(b) - std::log(a))) : a + t * (b - a);
        if (i == 0) v = a;  // the ends exactly, whatever the rounding of the steps
        if (i + 1 == n && n > 1) v = b;
        out.push_back(kind == value_kind::integer ? std::to_string(std::llround(v)) : format_real(v));
    }
    if (std::set<std::string>(out.begin(), out.end()).size() != out.size())
        throw config_error(key, item, "a range whose values stay distinct after rounding to " +
                                          std::string(kind == value_kind::integer ? "integers" : "12 digits"));
    return out;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// ---- the shapes of [scan] and [resources] values (plain character checks: std::regex recurses
// once per character and overflows the stack on a value of ~50 000 characters) ----------------

// Longest name, time, size or partition accepted: far beyond any real one.
constexpr std::size_t max_word = 128;

bool digits(std::string_view s, std::size_t min = 1, std::size_t max = max_word) {
    return s.size() >= min && s.size() <= max &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Letters, digits and the characters of `extra`, 1 to max_word of them.
bool word(std::string_view s, std::string_view extra) {
    return !s.empty() && s.size() <= max_word && std::all_of(s.begin(), s.end(), [extra](unsigned char c) {
        return std::isalnum(c) != 0 || extra.find(static_cast<char>(c)) != std::string_view::npos;
    });
}

// A SLURM time: [D-]H[:MM[:SS]] or MM[:SS], i.e. ([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}.
bool slurm_time(std::string_view s) {
    if (s.size() > max_word) return false;
    const auto dash = s.find('-');
    if (dash != std::string_view::npos) {
        if (!digits(s.substr(0, dash))) return false;
        s.remove_prefix(dash + 1);
    }
    std::size_t fields = 0;
    for (std::size_t start = 0;; ++fields) {
        const auto colon = s.find(':', start);
        const auto part = s.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
        if (fields > 2 || !(fields == 0 ? digits(part) : digits(part, 1, 2))) return false;
        if (colon == std::string_view::npos) return true;
        start = colon + 1;
    }
}

// A SLURM size: [0-9]+[KMGT]?
bool slurm_size(std::string_view s) {
    if (!s.empty() && std::string_view("KMGT").find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return digits(s);
}

}  // namespace

std::vector<std::optional<std::string>> expand_scan_values(const std::string& key, value_kind kind,
                                                           const std::string& text) {
    if (text.find('\n') != std::string::npos) throw config_error(key, text, "values without newlines");
    std::vector<std::optional<std::string>> out;
    for (const auto& item : split_items(key, text)) {
        if (item == "(default)") {
            out.emplace_back(std::nullopt);
        } else if (starts_with(item, "linrange(") || starts_with(item, "logrange(")) {
            for (auto& v : expand_range(key, kind, item, starts_with(item, "log"))) out.emplace_back(v);
        } else {
            out.emplace_back(item);
        }
    }
    return out;
}

}  // namespace balnet

// ---- the scan file, section by section -------------------------------------------------------
namespace balnet {
namespace {

struct scan_parser {
    std::string origin, dir;
    scan_spec spec;
    std::set<std::string> used_keys;
    const config_schema& schema;

    const key_spec& run_key(const std::string& key) const {
        const key_spec* k = schema.find(key);
        if (!k) {
            const std::string near = schema.closest(key);
            throw config_error("unknown key '" + abbreviated(key) + "' in " + origin +
                               (near.empty() ? "; see balnet --help" : "; did you mean '" + near + "'?"));
        }
        if (key == "run.seed" || key == "output.file")
            throw config_error(key, "", "no value in a scan: the scan sets " + key +
                                            " for every task (use [scan] repetitions or seeds)");
        return *k;
    }

    [[noreturn]] void fail(const ini_entry& e, const std::string& allowed) const {
        throw config_error(origin + ":" + std::to_string(e.line) + ": invalid value for '" + e.section +
                           "." + abbreviated(e.key) + "': '" + abbreviated(e.value) + "'; allowed: " + allowed);
    }

    std::int64_t integer(const ini_entry& e, std::int64_t lo, std::int64_t hi) const {
        char* end = nullptr;
        const long long v = std::strtoll(e.value.c_str(), &end, 10);
        if (e.value.empty() || *end != '\0' || v < lo || v > hi)
            fail(e, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return v;
    }

    std::string matching(const ini_entry& e, bool ok, const std::string& allowed) const {
        if (!ok) fail(e, allowed);
        return e.value;
    }

    std::string path(const ini_entry& e) const {
        if (e.value.empty()) fail(e, "a path");
        const fs::path p = fs::path(e.value).is_absolute() ? fs::path(e.value) : fs::path(dir) / e.value;
        std::error_code ec;
        if (!fs::is_regular_file(p, ec)) fail(e, "an existing file (looked for " + p.string() + ")");
        return fs::weakly_canonical(p, ec).string();
    }

    void claim(const std::string& key) {
        if (!used_keys.insert(key).second)
            throw config_error(key, "", "one appearance across [set] and [vary] in " + origin);
    }

    void scan_key(const ini_entry& e, std::optional<std::int64_t>& reps, std::optional<std::int64_t>& start) {
        if (e.key == "name") spec.name = matching(e, word(e.value, "_.-"), "1 to 128 letters, digits, '-', '_', '.'");
        else if (e.key == "base") spec.base_config = path(e);
        else if (e.key == "combine" && (e.value == "product" || e.value == "zip"))
            spec.combine = e.value == "zip" ? combine_kind::zip : combine_kind::product;
        else if (e.key == "combine") fail(e, "product or zip");
        else if (e.key == "repetitions") reps = integer(e, 1, 1000000);
        else if (e.key == "seed_start") start = integer(e, 0, INT64_MAX / 2);
        else if (e.key == "seeds") {
            std::stringstream in(e.value);
            for (std::string s; std::getline(in, s, ',');)
                spec.seeds.push_back(integer({e.section, e.key, trim(s), e.line}, 0, INT64_MAX / 2));
            if (std::set<std::int64_t>(spec.seeds.begin(), spec.seeds.end()).size() != spec.seeds.size())
                fail(e, "distinct seeds");
        } else
            throw config_error("unknown key '" + abbreviated(e.key) + "' in [scan] of " + origin +
                               "; allowed: name, base, combine, repetitions, seed_start, seeds");
    }

    void resource_key(const ini_entry& e) {
        auto& r = spec.resources;
        const std::string time_shape = "a SLURM time: MM, HH:MM:SS or D-HH:MM:SS";
        if (e.key == "ranks") r.ranks = static_cast<int>(integer(e, 1, 1000000));
        else if (e.key == "nodes") r.nodes = static_cast<int>(integer(e, 1, 100000));
        else if (e.key == "tasks_per_node") r.tasks_per_node = static_cast<int>(integer(e, 1, 100000));
        else if (e.key == "time") r.time = matching(e, slurm_time(e.value), time_shape);
        else if (e.key == "aggregate_time") r.aggregate_time = matching(e, slurm_time(e.value), time_shape);
        else if (e.key == "memory") r.memory = matching(e, slurm_size(e.value), "a SLURM size: 4000, 500M, 4G");
        else if (e.key == "partition")
            r.partition = matching(e, word(e.value, "_.,-"), "a partition name (1 to 128 letters, digits, '_.,-')");
        else if (e.key == "account")
            r.account = matching(e, word(e.value, "_.-"), "an account name (1 to 128 letters, digits, '_.-')");
        else if (e.key == "launcher" && (e.value == "srun" || e.value == "mpirun"))
            r.launcher = e.value == "srun" ? launcher_kind::srun : launcher_kind::mpirun;
        else if (e.key == "launcher") fail(e, "srun or mpirun");
        else if (e.key == "max_parallel") r.max_parallel = static_cast<int>(integer(e, 0, 1000000));
        else if (e.key == "signal_lead") r.signal_lead = static_cast<int>(integer(e, 0, 65535));
        else if (e.key == "env") r.env_script = path(e);
        else
            throw config_error("unknown key '" + abbreviated(e.key) + "' in [resources] of " + origin +
                               "; allowed: ranks, nodes, tasks_per_node, time, memory, partition, account, launcher, "
                               "max_parallel, signal_lead, aggregate_time, env");
    }

    void set_key(const std::string& key, const std::string& value) {
        run_key(key);
        if (value.find('\n') != std::string::npos) throw config_error(key, value, "a value without newlines");
        claim(key);
        spec.fixed.emplace_back(key, value);
    }

    void vary_key(const ini_entry& e, std::map<std::string, std::size_t>& groups) {
        const std::string key = e.key;
        const key_spec& k = run_key(key);
        claim(key);
        auto values = expand_scan_values(key, k.kind, e.value);
        const bool grouped = e.section != "vary";
        const std::string group = grouped ? e.section.substr(5) : key;
        if (grouped && groups.count(group)) {
            scan_axis& ax = spec.axes[groups[group]];
            if (values.size() != ax.size())
                fail(e, std::to_string(ax.size()) + " values, as '" + ax.keys.front() + "' in [" +
                            e.section + "] (keys of a group vary together)");
            ax.keys.push_back(key);
            ax.values.push_back(std::move(values));
            return;
        }
        if (grouped) groups[group] = spec.axes.size();
        spec.axes.push_back({group, {key}, {std::move(values)}});
    }

    void add_overrides(const std::vector<std::string>& overrides) {
        for (const auto& o : overrides) {
            const auto eq = o.find('=');
            const std::string key = o.substr(0, eq), value = eq == std::string::npos ? "true" : o.substr(eq + 1);
            const auto it = std::find_if(spec.fixed.begin(), spec.fixed.end(),
                                         [&](const auto& kv) { return kv.first == key; });
            if (it != spec.fixed.end()) {
                it->second = value;  // the command line beats [set]
                continue;
            }
            set_key(key, value);
        }
    }

    // ranks, nodes and tasks_per_node describe one layout: ranks = nodes x tasks_per_node when
    // both are given (ranks may then be left out), and at least one rank per node.
    void finish_layout(bool ranks_given) {
        auto& r = spec.resources;
        const std::string where = " (in " + origin + ")";
        if (r.tasks_per_node > 0 && r.nodes == 0)
            throw config_error("resources.tasks_per_node", std::to_string(r.tasks_per_node),
                               "a value only together with [resources] nodes" + where);
        if (r.tasks_per_node > 0) {
            const long long product = static_cast<long long>(r.nodes) * r.tasks_per_node;
            if (product > 1000000)
                throw config_error("resources.nodes x resources.tasks_per_node", std::to_string(product),
                                   "at most 1000000 ranks per task" + where);
            if (ranks_given && r.ranks != product)
                throw config_error("resources.ranks", std::to_string(r.ranks),
                                   "nodes x tasks_per_node = " + std::to_string(product) +
                                       ", or no ranks key" + where);
            r.ranks = static_cast<int>(product);
        }
        if (r.nodes > r.ranks)
            throw config_error("resources.nodes", std::to_string(r.nodes),
                               "at most ranks = " + std::to_string(r.ranks) + " (one rank per node at least)" + where);
    }

    void finish(std::optional<std::int64_t> reps, std::optional<std::int64_t> start) {
        if (spec.base_config.empty())
            throw config_error("[scan] base", "", "the path of the base run config (in " + origin + ")");
        if (!spec.seeds.empty() && (reps || start))
            throw config_error("[scan] seeds", "", "either seeds or repetitions/seed_start (in " + origin + ")");
        if (spec.seeds.empty())
            for (std::int64_t i = 0; i < reps.value_or(1); ++i) spec.seeds.push_back(start.value_or(1) + i);
        if (spec.combine == combine_kind::zip)
            for (const auto& ax : spec.axes)
                if (ax.size() != spec.axes.front().size())
                    throw config_error("[scan] combine", "zip",
                                       "axes of equal length for zip ('" + spec.axes.front().name + "' has " +
                                           std::to_string(spec.axes.front().size()) + ", '" + ax.name +
                                           "' has " + std::to_string(ax.size()) + ")");
    }
};

std::string default_name(const std::string& origin) {
    std::string stem = fs::path(origin).stem().string();
    for (char& c : stem)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '-';
    return stem.empty() ? "scan" : stem;
}

}  // namespace

scan_spec scan_spec::parse(const std::string& text, const std::string& origin, const std::string& dir,
                           const std::vector<std::string>& overrides, const config_schema& schema) {
    scan_parser p{origin, dir, {}, {}, schema};
    p.spec.name = default_name(origin);
    std::optional<std::int64_t> reps, start;
    std::map<std::string, std::size_t> groups;
    std::set<std::string> seen;
    bool ranks_given = false;
    for (const auto& e : read_ini(text, origin)) {
        ranks_given = ranks_given || (e.section == "resources" && e.key == "ranks");
        if (!seen.insert(e.section + "." + e.key).second)
            p.fail(e, "one value (the key is given twice)");
        if (e.section == "scan") p.scan_key(e, reps, start);
        else if (e.section == "set") p.set_key(e.key, e.value);
        else if (e.section == "vary" || (starts_with(e.section, "vary.") && e.section.size() > 5))
            p.vary_key(e, groups);
        else if (e.section == "resources") p.resource_key(e);
        else
            throw config_error("unknown section [" + abbreviated(e.section) + "] in " + origin +
                               "; allowed: [scan], [set], [vary], [vary.<group>], [resources]");
    }
    p.add_overrides(overrides);
    p.finish(reps, start);
    p.finish_layout(ranks_given);
    return std::move(p.spec);
}

scan_spec scan_spec::load(const std::string& path, const std::vector<std::string>& overrides,
                          const config_schema& schema) {
    const std::string text = read_text_input(path, "scan file");
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(path), ec);
    scan_spec s = parse(text, path, abs.parent_path().string(), overrides, schema);
    s.source = abs.string();
    return s;
}

}  // namespace balnet
