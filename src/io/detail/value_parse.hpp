// SPDX-License-Identifier: BSD-3-Clause
// Parsing and checking of one configuration value against its key_spec, on the value alone (no
// file system, no other key). Used by config::load for given values and by config_schema::add
// to check that every default is itself valid. Strict: the whole string must be consumed, NaN
// and infinities are rejected, integers are decimal without exponent.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <balnet/io/config_schema.hpp>

namespace balnet::detail {

std::optional<std::int64_t> parse_integer(const std::string& s);
std::optional<double> parse_real(const std::string& s);
/// true/false, yes/no, on/off, 1/0 (case-insensitive).
std::optional<bool> parse_boolean(const std::string& s);

/// The value in canonical form ("true"/"false" for booleans, surrounding double quotes removed
/// from strings and paths), or config_error naming the key, the value and what is allowed.
std::string check_value(const key_spec& spec, const std::string& raw);

/// Levenshtein distance, ASCII case-insensitive (typo suggestions).
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace balnet::detail
