// SPDX-License-Identifier: BSD-3-Clause
// The sbatch scripts of a scan, rendered from the templates in jobs/ (compiled into balnet).
//
// Safety invariant: job scripts hold no physics and no user string a shell would read as code.
// Parameter values never enter a script at all: each task reads its arguments from
// tasks/<id>.args into a bash array (mapfile) and passes them quoted ("${args[@]}"). The only
// user strings rendered are paths, and each is single-quoted by shell_quote(); #SBATCH lines
// receive only values checked against SLURM's own syntax (scan_spec) or fixed words, and
// --chdir is written only for a directory name made of safe characters (otherwise
// `balnet scan --submit` passes it on sbatch's command line, which no shell reads).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <balnet/scan/scan_spec.hpp>

namespace balnet {

/// `s` as one word for a POSIX shell: single quotes, each ' written as '\''.
std::string shell_quote(const std::string& s);

/// True if `s` may appear unquoted in an #SBATCH line (letters, digits and _ . / + , = : @ -).
bool sbatch_safe(const std::string& s);

/// Replaces every @NAME@ (NAME of A-Z, 0-9, _) in `text` by values.at(NAME), in one pass
/// (inserted text is not scanned again); a lone '@' stays. internal_error for an unknown NAME.
std::string render_template(const std::string& text, const std::map<std::string, std::string>& values);

/// A SLURM --array list of the sorted, distinct `ids`: runs collapsed ("0-3,7,9-10"), plus
/// "%N" when max_parallel > 0.
std::string slurm_array_list(const std::vector<std::size_t>& ids, int max_parallel);

/// The embedded templates (jobs/array.sbatch.in, jobs/aggregate.sbatch.in).
const std::string& array_template();
const std::string& aggregate_template();

/// Both scripts of a scan whose directory is `scan_dir` (absolute), run by `balnet_path`, with
/// an initial --array over every one of `n_tasks` tasks.
struct scan_scripts {
    std::string array;
    std::string aggregate;
};
scan_scripts render_scan_scripts(const scan_spec& spec, const std::string& scan_dir,
                                 const std::string& balnet_path, std::size_t n_tasks);

}  // namespace balnet
