// SPDX-License-Identifier: BSD-3-Clause
// The command line of `balnet`, split into its parts before anything else runs:
//   balnet <command> [<file>] [--section.key=value | --section.key value]... [--progress]
//          [--resume] [--overwrite] [--profile] [--help] [--petsc <PETSc options...>]
// Everything after `--petsc` goes to PETSc untouched. Parsing is a pure function of argv (the same
// on every rank); errors are config_errors naming the offending argument.
#pragma once
#include <string>
#include <vector>

namespace balnet {

struct command_line {
    std::string command;                 ///< run, describe, mft, scan, aggregate, help
    std::string subcommand;              ///< "status" for `balnet scan status DIR`, else empty
    std::string file;                    ///< config (or scan) file, or scan directory
    std::vector<std::string> overrides;  ///< "section.key=value"
    std::string petsc_options;           ///< after --petsc, joined with spaces
    bool help = false;                   ///< --help given
    bool progress = false;               ///< --progress: report even when stderr is no terminal
    bool resume = false;                 ///< --resume: continue from the checkpoint
    bool overwrite = false;              ///< --overwrite: a complete output file may be replaced
    bool profile = false;                ///< --profile: print per-phase times over ranks
    std::vector<std::string> extra;      ///< command-specific flags: --out DIR, --local N, --submit, --ranks N
    std::string joined;                  ///< the whole command line, for provenance

    static command_line parse(int argc, const char* const* argv);
};

}  // namespace balnet
