// SPDX-License-Identifier: BSD-3-Clause
// The INI reading shared by the network files of LIF and rate networks (docs/models.md §2.6,
// §1.2.4): "[title]" sections of "key = value" lines, and a reader of one section's keys through
// typed getters that reject unknown, malformed, out-of-range and unread keys with one config_error
// naming the file, the section and the key.
#pragma once
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <balnet/core/error.hpp>

namespace balnet::detail {

struct ini_entry {
    std::string key, value;
};

struct ini_section {
    std::string title;  // "population.E"
    std::vector<ini_entry> entries;
};

inline std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// INI: "[title]" and "key = value" lines; '#' or ';' starts a comment.
inline std::vector<ini_section> parse_ini(const std::string& text, const std::string& origin) {
    std::vector<ini_section> out;
    std::istringstream in(text);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        line = trim(line.substr(0, line.find_first_of("#;")));
        if (line.empty()) continue;
        const std::string where = origin + " line " + std::to_string(n);
        if (line.front() == '[') {
            if (line.back() != ']') throw config_error(where, line, "a section header [name]");
            const std::string title = trim(line.substr(1, line.size() - 2));
            for (const auto& s : out)
                if (s.title == title) throw config_error(where, line, "each section once");
            out.push_back({title, {}});
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos || out.empty())
            throw config_error(where, line, "key = value inside a [population.<name>] or [projection.<source>.<target>] section");
        ini_entry e{trim(line.substr(0, eq)), trim(line.substr(eq + 1))};
        for (const auto& o : out.back().entries)
            if (o.key == e.key) throw config_error(where, line, "each key once in a section");
        out.back().entries.push_back(std::move(e));
    }
    return out;
}

// One section's keys, read through typed getters; finish() rejects the keys nobody read.
class section_reader {
public:
    /// Rejects an unknown key at once (before a missing one is reported).
    section_reader(const std::string& origin, const ini_section& s, std::vector<std::string> known)
        : origin_(origin), s_(s), known_(std::move(known)) {
        for (const auto& e : s_.entries) {
            if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
            std::string all;
            for (const auto& k : known_) all += (all.empty() ? "one of " : ", ") + k;
            fail(e.key, e.value, "a known key: " + all);
        }
    }

    const std::string* raw(const std::string& key) {
        used_.insert(key);
        for (const auto& e : s_.entries)
            if (e.key == key) return &e.value;
        return nullptr;
    }
    bool has(const std::string& key) const {
        return std::any_of(s_.entries.begin(), s_.entries.end(), [&](const ini_entry& e) { return e.key == key; });
    }
    [[noreturn]] void fail(const std::string& key, const std::string& value, const std::string& allowed) const {
        throw config_error(origin_ + " [" + s_.title + "] " + key, value, allowed);
    }

    /// A real in the range `ok` says (allowed: its text); `def` when absent (required without).
    template <typename Ok>
    double real(const std::string& key, std::optional<double> def, Ok ok, const std::string& allowed) {
        const std::string* v = raw(key);
        if (!v) {
            if (!def) fail(key, "(missing)", allowed);
            return *def;
        }
        double x = 0;
        const auto r = std::from_chars(v->data(), v->data() + v->size(), x);
        if (r.ec != std::errc() || r.ptr != v->data() + v->size() || !std::isfinite(x) || !ok(x)) fail(key, *v, allowed);
        return x;
    }
    double real(const std::string& key, std::optional<double> def) {
        return real(key, def, [](double) { return true; }, "a finite number");
    }
    std::uint64_t count(const std::string& key, std::optional<std::uint64_t> def, std::uint64_t lo, const std::string& allowed) {
        const std::string* v = raw(key);
        if (!v) {
            if (!def) fail(key, "(missing)", allowed);
            return *def;
        }
        std::uint64_t x = 0;
        const auto r = std::from_chars(v->data(), v->data() + v->size(), x);
        if (r.ec != std::errc() || r.ptr != v->data() + v->size() || x < lo || x > (std::uint64_t{1} << 53))
            fail(key, *v, allowed);
        return x;
    }
    bool flag(const std::string& key, std::optional<bool> def) {
        const std::string* v = raw(key);
        if (!v) {
            if (!def) fail(key, "(missing)", "true or false");
            return *def;
        }
        if (*v != "true" && *v != "false") fail(key, *v, "true or false");
        return *v == "true";
    }
    std::string choice(const std::string& key, const std::string& def, const std::vector<std::string>& allowed) {
        const std::string* v = raw(key);
        std::string all;
        for (const auto& a : allowed) all += (all.empty() ? "one of " : ", ") + a;
        if (!v) {
            if (def.empty()) fail(key, "(missing)", all);
            return def;
        }
        if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) fail(key, *v, all);
        return *v;
    }
    /// A key that must not be given here (it belongs to another rule or law).
    void forbid(const std::string& key, const std::string& when) {
        if (has(key)) fail(key, *raw(key), "no value here: the key applies only when " + when);
        used_.insert(key);
    }
    /// Every key was read (a known key no rule reads would be a bug of this file).
    void finish() const {
        for (const auto& e : s_.entries)
            if (!used_.count(e.key)) throw internal_error("network file: key " + e.key + " was never read");
    }

private:
    const std::string& origin_;
    const ini_section& s_;
    std::vector<std::string> known_;
    std::set<std::string> used_;
};

// "projection.<source>.<target>" -> the two indices.
inline std::pair<std::size_t, std::size_t> endpoints(const std::string& origin, const std::string& title,
                                                     const std::map<std::string, std::size_t>& index) {
    const auto rest = title.substr(std::string("projection.").size());
    const auto dot = rest.find('.');
    const auto s = index.find(rest.substr(0, dot));
    const auto t = dot == std::string::npos ? index.end() : index.find(rest.substr(dot + 1));
    if (s == index.end() || t == index.end())
        throw config_error(origin + " [" + title + "]", title,
                           "[projection.<source>.<target>] with two population names defined in the file");
    return {s->second, t->second};
}

inline bool valid_name(const std::string& n) {
    return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

/// The population name of a [population.<name>] section; nullopt for a [projection.<s>.<t>] one;
/// any other section is refused.
inline std::optional<std::string> population_name(const std::string& origin, const ini_section& s) {
    const bool pop = s.title.rfind("population.", 0) == 0, proj = s.title.rfind("projection.", 0) == 0;
    if (!pop && !proj)
        throw config_error(origin + " [" + s.title + "]", s.title, "[population.<name>] or [projection.<source>.<target>]");
    if (!pop) return std::nullopt;
    std::string name = s.title.substr(std::string("population.").size());
    if (!valid_name(name)) throw config_error(origin + " [" + s.title + "]", name, "a name of letters, digits and _");
    return name;
}

}  // namespace balnet::detail
