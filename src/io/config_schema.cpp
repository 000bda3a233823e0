// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/io/config_schema.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <balnet/core/error.hpp>

#include "io/detail/value_parse.hpp"

namespace balnet {
namespace {

std::string format_number(double v) {
    if (v == std::ldexp(1.0, 63)) return "2^63";
    if (v == std::ldexp(1.0, 32) - 1) return "2^32-1";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

std::string section_of(const std::string& key) { return key.substr(0, key.find('.')); }

}  // namespace

std::string to_string(value_kind k) {
    switch (k) {
    case value_kind::integer: return "integer";
    case value_kind::real: return "real";
    case value_kind::boolean: return "boolean";
    case value_kind::string: return "string";
    case value_kind::choice: return "choice";
    case value_kind::output_path: return "output path";
    case value_kind::input_path: return "input path";
    }
    return "?";
}

std::string key_spec::allowed() const {
    switch (kind) {
    case value_kind::integer:
    case value_kind::real: {
        // Built by appending: GCC 12 gives a false -Wrestrict on string + const char*.
        std::string text;
        if (lower) text.append(lower->inclusive ? "[" : "(").append(format_number(lower->value));
        else text.append("(-inf");
        text.append(", ");
        if (upper) text.append(format_number(upper->value)).append(upper->inclusive ? "]" : ")");
        else text.append("inf)");
        return text;
    }
    case value_kind::boolean: return "true or false (also yes/no, on/off, 1/0)";
    case value_kind::choice: return "one of " + join(choices, ", ");
    case value_kind::string: return "any string";
    case value_kind::output_path: return "a file path in an existing, writable directory";
    case value_kind::input_path: return "an existing, readable file";
    }
    return "?";
}

std::string key_spec::condition_text() const {
    std::vector<std::string> parts;
    for (const auto& c : applies_if) parts.push_back(c.key + " = " + join(c.values, " or "));
    return join(parts, " and ");
}

void config_schema::add(key_spec spec) {
    const auto dot = spec.key.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == spec.key.size())
        throw internal_error("config_schema: key '" + spec.key + "' is not 'section.key'");
    if (find(spec.key)) throw internal_error("config_schema: duplicate key '" + spec.key + "'");
    if (spec.kind == value_kind::choice && spec.choices.empty())
        throw internal_error("config_schema: choice key '" + spec.key + "' has no choices");
    for (const auto& c : spec.applies_if) {
        const key_spec* on = find(c.key);
        if (!on || (on->kind != value_kind::choice && on->kind != value_kind::boolean))
            throw internal_error("config_schema: '" + spec.key + "' depends on '" + c.key +
                                 "', which is not an earlier choice or boolean key");
    }
    // A default that fails its own check is a schema bug; surface it at start-up, not on use.
    if (spec.default_value && !spec.derive_default) {
        try {
            detail::check_value(spec, *spec.default_value);
        } catch (const config_error& e) {
            throw internal_error(std::string("config_schema: bad default: ") + e.what());
        }
    }
    keys_.push_back(std::move(spec));
}

const key_spec* config_schema::find(const std::string& key) const noexcept {
    for (const auto& k : keys_)
        if (k.key == key) return &k;
    return nullptr;
}

std::string config_schema::closest(const std::string& key) const {
    // No key is near this long (the edit distances would cost seconds for a key of megabytes).
    if (key.size() > 100) return "";
    std::string best;
    std::size_t best_d = 0;
    for (const auto& k : keys_) {
        const std::size_t d = detail::edit_distance(key, k.key);
        if (best.empty() || d < best_d) {
            best = k.key;
            best_d = d;
        }
    }
    // Close enough to be a typo: a few edits, or a wrong section with the right key name.
    const std::size_t limit = std::max<std::size_t>(2, key.size() / 4);
    if (!best.empty() && best_d <= limit) return best;
    const std::string name = key.substr(key.find('.') + 1);
    for (const auto& k : keys_)
        if (detail::edit_distance(name, k.key.substr(k.key.find('.') + 1)) == 0) return k.key;
    return "";
}

std::string config_schema::help_text() const {
    std::ostringstream out;
    std::string section;
    for (const auto& k : keys_) {
        if (section_of(k.key) != section) {
            section = section_of(k.key);
            out << (out.tellp() > 0 ? "\n" : "") << "[" << section << "]\n";
        }
        out << "  " << k.key << "  (" << to_string(k.kind);
        if (!k.unit.empty()) out << ", unit " << k.unit;
        out << ")\n      " << k.help << "\n      default: ";
        if (!k.default_value) out << "(required)";
        else out << (k.default_value->empty() ? "\"\"" : *k.default_value);
        out << "; allowed: " << k.allowed();
        if (!k.applies_if.empty()) out << "; only when " << k.condition_text();
        out << "\n";
    }
    return out.str();
}

}  // namespace balnet
