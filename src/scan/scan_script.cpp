// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_script.hpp>

#include <cctype>

#include <balnet/core/error.hpp>

namespace balnet {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool sbatch_safe(const std::string& s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!(std::isalnum(c) || std::string("_./+,=:@-").find(static_cast<char>(c)) != std::string::npos))
            return false;
    return true;
}

std::string render_template(const std::string& text, const std::map<std::string, std::string>& values) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '@') {
            out += text[i++];
            continue;
        }
        std::size_t j = i + 1;
        while (j < text.size() && (std::isupper(static_cast<unsigned char>(text[j])) ||
                                   std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '_'))
            ++j;
        if (j == i + 1 || j >= text.size() || text[j] != '@') {  // a lone '@'
            out += text[i++];
            continue;
        }
        const std::string name = text.substr(i + 1, j - i - 1);
        const auto it = values.find(name);
        if (it == values.end()) throw internal_error("job template has no value for @" + name + "@");
        out += it->second;
        i = j + 1;
    }
    return out;
}

std::string slurm_array_list(const std::vector<std::size_t>& ids, int max_parallel) {
    std::string out;
    for (std::size_t i = 0; i < ids.size();) {
        std::size_t j = i;
        while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(ids[i]);
        if (j > i) out += "-" + std::to_string(ids[j]);
        i = j + 1;
    }
    if (max_parallel > 0) out += "%" + std::to_string(max_parallel);
    return out;
}

namespace {

std::string sbatch_line(const std::string& option, const std::string& value, const std::string& unset) {
    return value.empty() ? "# --" + option + ": " + unset : "#SBATCH --" + option + "=" + value;
}

std::map<std::string, std::string> common_values(const scan_spec& spec, const std::string& scan_dir,
                                                 const std::string& balnet_path) {
    const auto& r = spec.resources;
    return {
        {"JOB_NAME", spec.name},
        {"PARTITION_LINE", sbatch_line("partition", r.partition, "the default partition")},
        {"ACCOUNT_LINE", sbatch_line("account", r.account, "the default account")},
        {"CHDIR_LINE", sbatch_safe(scan_dir)
                           ? "#SBATCH --chdir=" + scan_dir
                           : "# --chdir: the scan directory's name needs quoting; balnet scan --submit "
                             "passes it to sbatch"},
        {"SCAN_DIR", shell_quote(scan_dir)},
        {"BALNET", shell_quote(balnet_path)},
        {"ENV_LINE", r.env_script.empty() ? "# (no [resources] env script)"
                                          : "source " + shell_quote(r.env_script)},
    };
}

}  // namespace

scan_scripts render_scan_scripts(const scan_spec& spec, const std::string& scan_dir,
                                 const std::string& balnet_path, std::size_t n_tasks) {
    if (n_tasks == 0) throw config_error("scan", "0 tasks", "at least one task");
    const auto& r = spec.resources;
    auto v = common_values(spec, scan_dir, balnet_path);
    std::vector<std::size_t> all(n_tasks);
    for (std::size_t i = 0; i < n_tasks; ++i) all[i] = i;
    v["ARRAY"] = slurm_array_list(all, r.max_parallel);
    v["RANKS"] = std::to_string(r.ranks);
    const std::string nodes = r.nodes > 0 ? std::to_string(r.nodes) : "";
    const std::string per_node = r.tasks_per_node > 0 ? std::to_string(r.tasks_per_node) : "";
    v["NODES_LINE"] = sbatch_line("nodes", nodes, "as SLURM places the ranks ([resources] nodes unset)");
    v["TASKS_PER_NODE_LINE"] = sbatch_line("ntasks-per-node", per_node, "any ([resources] tasks_per_node unset)");
    // srun and mpirun are told the same layout, so the step matches the allocation exactly.
    v["SRUN_LAYOUT"] = "--ntasks=" + v["RANKS"] + (nodes.empty() ? "" : " --nodes=" + nodes) +
                       (per_node.empty() ? "" : " --ntasks-per-node=" + per_node);
    v["MPIRUN_LAYOUT"] = "-n " + v["RANKS"] + (per_node.empty() ? "" : " --map-by ppr:" + per_node + ":node");
    v["TIME"] = r.time;
    v["MEMORY_LINE"] = sbatch_line("mem", r.memory, "the site default");
    v["SIGNAL_LINE"] = r.signal_lead > 0 ? "#SBATCH --signal=B:USR1@" + std::to_string(r.signal_lead)
                                         : std::string("# --signal: none ([resources] signal_lead = 0)");
    v["LAUNCHER"] = r.launcher == launcher_kind::srun ? "srun" : "mpirun";
    scan_scripts s;
    s.array = render_template(array_template(), v);
    v["AGGREGATE_TIME"] = r.aggregate_time;
    s.aggregate = render_template(aggregate_template(), v);
    return s;
}

}  // namespace balnet
