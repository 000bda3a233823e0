// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/command_line.hpp>

#include <algorithm>
#include <array>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

constexpr std::array commands = {"run", "describe", "mft", "help", "scan", "aggregate"};
// Flags of `scan` (and `describe --ranks`) that take a value, and those that do not.
constexpr std::array valued_flags = {"--out", "--local", "--ranks"};
constexpr std::array plain_flags = {"--submit"};

bool contains(const auto& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

command_line command_line::parse(int argc, const char* const* argv) {
    command_line cl;
    std::vector<std::string> args(argv + 1, argv + argc);
    for (int i = 0; i < argc; ++i) cl.joined += (i ? " " : "") + std::string(argv[i]);
    std::size_t i = 0;
    if (!args.empty() && args[0].rfind("-", 0) != 0) {
        cl.command = args[0];
        if (!contains(commands, cl.command))
            throw config_error("command", cl.command, "run, describe, mft, help, scan, aggregate");
        ++i;
    }
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--petsc") {
            for (++i; i < args.size(); ++i) cl.petsc_options += (cl.petsc_options.empty() ? "" : " ") + args[i];
            break;
        }
        if (a == "--help" || a == "-h") { cl.help = true; continue; }
        if (a == "--progress") { cl.progress = true; continue; }
        if (a == "--resume") { cl.resume = true; continue; }
        if (a == "--overwrite") { cl.overwrite = true; continue; }
        if (a == "--profile") { cl.profile = true; continue; }
        if (contains(plain_flags, a)) { cl.extra.push_back(a); continue; }
        if (contains(valued_flags, a)) {
            if (i + 1 >= args.size()) throw config_error(a, "", "a value after " + a);
            cl.extra.push_back(a);
            cl.extra.push_back(args[++i]);
            continue;
        }
        if (a.rfind("--", 0) == 0) {
            std::string kv = a.substr(2);
            const auto eq = kv.find('=');
            const std::string key = kv.substr(0, eq);
            if (key.find('.') == std::string::npos)
                throw config_error(a, "", "--section.key=value overrides, --progress, --resume, "
                                          "--overwrite, --profile, --help or --petsc <options>");
            if (eq == std::string::npos) {
                if (i + 1 >= args.size()) throw config_error(key, "", "a value (--" + key + "=value)");
                kv += "=" + args[++i];
            }
            cl.overrides.push_back(kv);
            continue;
        }
        // `balnet scan status DIR` (a scan file named "status" is ./status).
        if (cl.command == "scan" && a == "status" && cl.file.empty() && cl.subcommand.empty()) {
            cl.subcommand = a;
            continue;
        }
        if (!cl.file.empty())
            throw config_error("argument", a, "one file; overrides are written --section.key=value");
        cl.file = a;
    }
    if (cl.command.empty()) cl.command = "help";
    return cl;
}

}  // namespace balnet
