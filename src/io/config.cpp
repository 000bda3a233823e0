// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/io/config.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <boost/program_options.hpp>

#include <balnet/core/error.hpp>
#include <balnet/io/text_file.hpp>

#include "io/detail/value_parse.hpp"

namespace po = boost::program_options;

namespace balnet {

/// The steps of config::parse, in order; each throws config_error on the first problem.
class config_loader {
public:
    struct raw_value {
        std::string value;
        std::string origin;  // file name or "command line"
    };
    using raw_map = std::map<std::string, raw_value>;
    static constexpr const char* command_line = "the command line";  // the origin of overrides

    static po::options_description describe(const config_schema& schema) {
        po::options_description desc;
        for (const auto& k : schema.keys()) {
            auto* sem = po::value<std::string>();
            if (k.kind == value_kind::boolean) sem->implicit_value("true");  // "--x.flag" = true
            desc.add_options()(k.key.c_str(), sem);
        }
        return desc;
    }

    static void unknown_key(const config_schema& schema, const std::string& key,
                            const std::string& value, const std::string& origin) {
        const std::string near = schema.closest(key);
        throw config_error("unknown key '" + abbreviated(key) + "' (value '" + abbreviated(value) + "') in " + origin +
                           (near.empty() ? std::string("; see --help for every key")
                                         : "; did you mean '" + near + "'?"));
    }

    static void insert(raw_map& raw, const std::string& key, raw_value v) {
        const auto it = raw.find(key);
        if (it != raw.end() && it->second.origin == v.origin)
            throw config_error(key, v.value, "one value (given twice in " + v.origin + ")");
        raw[key] = std::move(v);  // an override beats the file
    }

    static void read_ini(raw_map& raw, const std::string& text, const std::string& origin,
                         const config_schema& schema) {
        std::istringstream in(text);
        po::parsed_options parsed(nullptr);
        try {
            parsed = po::parse_config_file(in, describe(schema), true);
        } catch (const po::error& e) {
            throw config_error("config file '" + origin + "': " + abbreviated(e.what(), 300) +
                               "; allowed: '[section]', 'key = value', '# comment' lines");
        }
        for (const auto& o : parsed.options) {
            const std::string value = o.value.empty() ? "" : o.value.front();
            if (o.unregistered) unknown_key(schema, o.string_key, value, origin);
            insert(raw, o.string_key, {value, origin});
        }
    }

    static void read_overrides(raw_map& raw, const std::vector<std::string>& args,
                               const config_schema& schema) {
        namespace cls = po::command_line_style;
        po::parsed_options parsed(nullptr);
        try {
            parsed = po::command_line_parser(args)
                         .options(describe(schema))
                         .style(cls::allow_long | cls::long_allow_adjacent | cls::long_allow_next)
                         .allow_unregistered()
                         .run();
        } catch (const po::error& e) {
            throw config_error("malformed override: " + abbreviated(e.what(), 300) +
                               "; allowed: --section.key=value");
        }
        for (const auto& o : parsed.options) {
            const std::string value = o.value.empty() ? "" : o.value.front();
            if (o.position_key >= 0 || o.string_key.empty())
                throw config_error("override", value, "--section.key=value");
            if (o.unregistered) unknown_key(schema, o.string_key, value, "the command line");
            const bool flag = o.value.empty();  // only booleans (implicit value) get here empty
            insert(raw, o.string_key, {flag ? "true" : value, command_line});
        }
    }

    static bool condition_holds(const config& cfg, const key_condition& c) {
        if (!cfg.applies(c.key)) return false;
        const std::string& v = cfg.string(c.key);
        return std::find(c.values.begin(), c.values.end(), v) != c.values.end();
    }

    static void resolve(config& cfg, const raw_map& raw) {
        for (const auto& spec : cfg.schema_.keys()) {
            config::entry e;
            e.applies = std::all_of(spec.applies_if.begin(), spec.applies_if.end(),
                                    [&](const key_condition& c) { return condition_holds(cfg, c); });
            auto it = raw.find(spec.key);
            if (it != raw.end() && !e.applies && switched_off(cfg, spec, raw, it->second)) it = raw.end();
            if (it != raw.end()) {
                if (!e.applies) not_applicable(cfg, spec, it->second.value);
                e.given = true;
                e.value = detail::check_value(spec, it->second.value);
            } else if (e.applies) {
                if (spec.derive_default) e.value = spec.derive_default(cfg);
                else if (spec.default_value) e.value = detail::check_value(spec, *spec.default_value);
                else throw config_error(spec.key, "", "a value is required: " + spec.allowed());
            }
            cfg.entries_.push_back(std::move(e));
        }
    }

    // A key from a config file that a command-line override switched off (--scn.decoder=file
    // on a file that sets scn.gamma for its random decoder): the override wins and the key is
    // dropped, as if the file had not given it. Within one source a key that does not apply
    // stays an error.
    static bool switched_off(const config& cfg, const key_spec& spec, const raw_map& raw, const raw_value& given) {
        if (given.origin == command_line) return false;
        return std::any_of(spec.applies_if.begin(), spec.applies_if.end(), [&](const key_condition& c) {
            const auto by = raw.find(c.key);
            return !condition_holds(cfg, c) && by != raw.end() && by->second.origin == command_line;
        });
    }

    [[noreturn]] static void not_applicable(const config& cfg, const key_spec& spec,
                                            const std::string& value) {
        std::string here;
        for (const auto& c : spec.applies_if)
            here += (here.empty() ? "" : ", ") + c.key + " = " +
                    (cfg.applies(c.key) ? cfg.string(c.key) : std::string("(not applicable)"));
        throw config_error(spec.key, value,
                           "no value here: the key applies only when " + spec.condition_text() +
                               " (here " + here + ")");
    }

    static void check_paths(const config& cfg) {
        namespace fs = std::filesystem;
        for (const auto& [key, value] : cfg.items()) {
            const key_spec& spec = cfg.spec_of(key);
            std::error_code ec;
            if (spec.kind == value_kind::input_path) {
                if (value.empty() || !fs::is_regular_file(value, ec) || ::access(value.c_str(), R_OK) != 0)
                    throw config_error(key, value, spec.allowed());
            } else if (spec.kind == value_kind::output_path) {
                const fs::path p(value);
                const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
                const bool ok = !value.empty() && !fs::is_directory(p, ec) &&
                                fs::is_directory(dir, ec) &&
                                ::access(dir.c_str(), W_OK | X_OK) == 0 &&
                                (!fs::exists(p, ec) || ::access(p.c_str(), W_OK) == 0);
                if (!ok) throw config_error(key, value, spec.allowed() + " (directory '" +
                                                            dir.string() + "')");
            }
        }
    }
};

config config::load(const std::string& path, const std::vector<std::string>& overrides,
                    const config_schema& schema) {
    return parse(read_text_input(path, "config file"), path, overrides, schema);
}

config config::parse(const std::string& ini_text, const std::string& origin,
                     const std::vector<std::string>& overrides, const config_schema& schema) {
    config_loader::raw_map raw;
    config_loader::read_ini(raw, ini_text, origin, schema);
    config_loader::read_overrides(raw, overrides, schema);
    config cfg(schema);
    config_loader::resolve(cfg, raw);
    config_loader::check_paths(cfg);
    for (const auto& rule : cfg.schema_.rules()) rule(cfg);
    return cfg;
}

const key_spec& config::spec_of(const std::string& key) const {
    const key_spec* s = schema_.find(key);
    if (!s) throw internal_error("config: unknown key '" + key + "'");
    return *s;
}

const config::entry& config::lookup(const std::string& key, const char* getter) const {
    const auto& keys = schema_.keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].key != key) continue;
        // During loading, derived defaults and rules may read only keys resolved already.
        if (i >= entries_.size() || !entries_[i].applies)
            throw internal_error(std::string("config::") + getter + "('" + key +
                                 "'): the key does not apply to this configuration");
        return entries_[i];
    }
    throw internal_error(std::string("config::") + getter + "('" + key + "'): unknown key");
}

double config::real(const std::string& key) const {
    const entry& e = lookup(key, "real");
    const value_kind k = spec_of(key).kind;
    if (k != value_kind::real && k != value_kind::integer)
        throw internal_error("config::real('" + key + "'): the key is a " + to_string(k));
    return *detail::parse_real(e.value);
}

std::int64_t config::integer(const std::string& key) const {
    const entry& e = lookup(key, "integer");
    if (spec_of(key).kind != value_kind::integer)
        throw internal_error("config::integer('" + key + "'): the key is not an integer");
    return *detail::parse_integer(e.value);
}

bool config::boolean(const std::string& key) const {
    const entry& e = lookup(key, "boolean");
    if (spec_of(key).kind != value_kind::boolean)
        throw internal_error("config::boolean('" + key + "'): the key is not a boolean");
    return e.value == "true";
}

const std::string& config::string(const std::string& key) const {
    return lookup(key, "string").value;
}

bool config::applies(const std::string& key) const {
    const auto& keys = schema_.keys();
    for (std::size_t i = 0; i < keys.size() && i < entries_.size(); ++i)
        if (keys[i].key == key) return entries_[i].applies;
    return false;
}

bool config::is_set(const std::string& key) const {
    const auto& keys = schema_.keys();
    for (std::size_t i = 0; i < keys.size() && i < entries_.size(); ++i)
        if (keys[i].key == key) return entries_[i].given;
    return false;
}

std::vector<std::pair<std::string, std::string>> config::items() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].applies) out.emplace_back(schema_.keys()[i].key, entries_[i].value);
    return out;
}

std::string config::resolved_ini() const {
    std::ostringstream out;
    out << "# resolved configuration: every applicable key with its value\n";
    std::string section;
    for (const auto& [key, value] : items()) {
        const std::string sec = key.substr(0, key.find('.'));
        if (sec != section) out << "\n[" << (section = sec) << "]\n";
        const value_kind k = spec_of(key).kind;
        const bool quoted = k == value_kind::string || k == value_kind::input_path ||
                            k == value_kind::output_path;  // check_value strips one pair
        out << key.substr(key.find('.') + 1) << " = "
            << (quoted ? "\"" + value + "\"" : value) << "\n";
    }
    return out.str();
}

}  // namespace balnet
