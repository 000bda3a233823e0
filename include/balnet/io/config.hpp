// SPDX-License-Identifier: BSD-3-Clause
// A validated configuration: the resolved value of every key of a config_schema, read from an
// INI file (Boost.Program_options config-file syntax, "[section]" + "key = value") and
// command-line overrides ("--section.key=value", which beat the file).
//
// Invariants. A config exists only fully validated: config::load performs every check
// (file, syntax, unknown keys, malformed or out-of-range values, keys that do not apply to this
// configuration, paths, cross-key rules) on values alone, with no MPI and no collective, so
// every rank that loads the same input fails identically, with a config_error naming the key,
// the value given and what is allowed, before any collective is issued. A key that does not
// apply (weights.J_ee in an inhibitory network) has no value: giving one is an error, reading
// one is a bug (internal_error). Values are kept in canonical string form; getters convert.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <balnet/io/config_schema.hpp>

namespace balnet {

class config {
public:
    /// Reads, parses and validates `path` with `overrides` (each "--section.key=value", or
    /// "--section.key" "value"; a lone boolean flag "--section.key" means true).
    static config load(const std::string& path, const std::vector<std::string>& overrides,
                       const config_schema& schema);
    /// As load, from INI text already in memory (e.g. the resolved config stored in a run's
    /// HDF5 file); `origin` names the text in error messages.
    static config parse(const std::string& ini_text, const std::string& origin,
                        const std::vector<std::string>& overrides, const config_schema& schema);

    double real(const std::string& key) const;           ///< real or integer keys
    std::int64_t integer(const std::string& key) const;  ///< integer keys
    bool boolean(const std::string& key) const;          ///< boolean keys
    const std::string& string(const std::string& key) const;  ///< any key, canonical form

    bool applies(const std::string& key) const;  ///< key known and applicable here
    bool is_set(const std::string& key) const;   ///< given explicitly (file or override)

    /// Every applicable key with its resolved value, in schema order.
    std::vector<std::pair<std::string, std::string>> items() const;
    /// INI text of every applicable key, grouped by section; config::parse reads it back to an
    /// equal configuration. (Values cannot contain '#': the INI syntax starts a comment there.)
    std::string resolved_ini() const;

    const config_schema& schema() const noexcept { return schema_; }

private:
    struct entry {  // one per schema key, same order
        bool applies = false;
        bool given = false;
        std::string value;  // canonical; empty when !applies
    };
    explicit config(const config_schema& schema) : schema_(schema) {}
    const entry& lookup(const std::string& key, const char* getter) const;
    const key_spec& spec_of(const std::string& key) const;

    config_schema schema_;
    std::vector<entry> entries_;  // parallel to schema_.keys()

    friend class config_loader;
};

}  // namespace balnet
