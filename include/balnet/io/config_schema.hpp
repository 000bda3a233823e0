// SPDX-License-Identifier: BSD-3-Clause
// The schema of a configuration: an ordered list of key_specs, one per "section.key", each with
// its type, default, unit, allowed range or choices, help line and applicability condition.
// The schema is the single documented list of every key (help_text() is what `--help` prints);
// config::load validates values against it. Invariants, checked by add(): keys are unique and
// have the form "section.key"; a condition refers to an earlier choice (or boolean) key, so
// applicability can be decided in one pass in schema order; a default, when present, is itself
// valid for the key.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace balnet {

class config;

enum class value_kind { integer, real, boolean, string, choice, output_path, input_path };

std::string to_string(value_kind k);

/// One end of a numeric range.
struct range_bound {
    double value = 0.0;
    bool inclusive = true;
};

/// "key's resolved value is one of values": a key applies only when all its conditions hold.
struct key_condition {
    std::string key;
    std::vector<std::string> values;
};

struct key_spec {
    std::string key;                            ///< "section.key"
    value_kind kind = value_kind::string;
    /// String form of the default. std::nullopt means required: the empty string is a valid
    /// default for strings (petsc.options = "").
    std::optional<std::string> default_value;
    std::string unit;                           ///< "tau", "ms", "1"; empty when unitless
    std::optional<range_bound> lower;           ///< integer and real only
    std::optional<range_bound> upper;
    std::vector<std::string> choices;           ///< choice only
    std::string help;                           ///< one line
    std::vector<key_condition> applies_if;      ///< all must hold; empty = always applies
    /// A default computed from earlier keys (checkpoint.file = <output.file>.ckpt.h5); then
    /// default_value is only the text help_text() shows.
    std::function<std::string(const config&)> derive_default;

    /// Human-readable rule for error messages: "(0, 1]", "one of euler, ts", "true or false".
    std::string allowed() const;
    /// Human-readable condition: "network.type = ei"; empty when always applicable.
    std::string condition_text() const;
};

class config_schema {
public:
    /// Appends a key. Throws internal_error on a malformed spec (schema bugs, not user errors).
    void add(key_spec spec);

    /// A cross-key rule, run by config::load after every key has been checked on its own.
    /// It throws config_error naming the keys involved.
    using rule = std::function<void(const config&)>;
    void add_rule(rule r) { rules_.push_back(std::move(r)); }

    const std::vector<key_spec>& keys() const noexcept { return keys_; }
    const std::vector<rule>& rules() const noexcept { return rules_; }
    /// The spec of `key`, or nullptr.
    const key_spec* find(const std::string& key) const noexcept;
    /// The known key closest to `key` (edit distance, case-insensitive), or "" if none is close.
    std::string closest(const std::string& key) const;

    /// Every key, grouped by section, with type, unit, default, allowed values and condition.
    std::string help_text() const;

private:
    std::vector<key_spec> keys_;
    std::vector<rule> rules_;
};

/// The schema of `balnet run` (built in run_schema.cpp, one function per section).
config_schema run_schema();

}  // namespace balnet
