// SPDX-License-Identifier: BSD-3-Clause
#include "io/detail/value_parse.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include <balnet/core/error.hpp>

namespace balnet::detail {
namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool inside(long double v, const key_spec& spec) {
    if (spec.lower) {
        const long double b = spec.lower->value;
        if (spec.lower->inclusive ? v < b : v <= b) return false;
    }
    if (spec.upper) {
        const long double b = spec.upper->value;
        if (spec.upper->inclusive ? v > b : v >= b) return false;
    }
    return true;
}

std::string unquote(const std::string& s) {
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
    return s;
}

}  // namespace

std::optional<std::int64_t> parse_integer(const std::string& s) {
    std::int64_t v = 0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (first != last && *first == '+') ++first;  // from_chars rejects a leading '+'
    const auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last || first == last) return std::nullopt;
    return v;
}

std::optional<double> parse_real(const std::string& s) {
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return std::nullopt;
    // strtod, not from_chars: it accepts a leading '+', and this runs once per key.
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> parse_boolean(const std::string& s) {
    const std::string l = lower(s);
    if (l == "true" || l == "yes" || l == "on" || l == "1") return true;
    if (l == "false" || l == "no" || l == "off" || l == "0") return false;
    return std::nullopt;
}

std::string check_value(const key_spec& spec, const std::string& raw) {
    switch (spec.kind) {
    case value_kind::integer: {
        const auto v = parse_integer(raw);
        if (!v || !inside(static_cast<long double>(*v), spec))
            throw config_error(spec.key, raw, "an integer in " + spec.allowed());
        return std::to_string(*v);
    }
    case value_kind::real: {
        const auto v = parse_real(raw);
        if (!v || !inside(static_cast<long double>(*v), spec))
            throw config_error(spec.key, raw, "a real number in " + spec.allowed());
        return raw;  // keep the user's spelling: it parses back to the same double
    }
    case value_kind::boolean: {
        const auto v = parse_boolean(raw);
        if (!v) throw config_error(spec.key, raw, spec.allowed());
        return *v ? "true" : "false";
    }
    case value_kind::choice:
        if (std::find(spec.choices.begin(), spec.choices.end(), raw) == spec.choices.end())
            throw config_error(spec.key, raw, spec.allowed());
        return raw;
    case value_kind::output_path:
    case value_kind::input_path:
    case value_kind::string:
        return unquote(raw);
    }
    throw internal_error("check_value: unknown value_kind");
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    const std::string x = lower(a);
    const std::string y = lower(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0u : 1u)});
            diag = up;
        }
    }
    return row[y.size()];
}

}  // namespace balnet::detail
