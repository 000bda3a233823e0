// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/scan_command.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <balnet/app/commands.hpp>
#include <balnet/models/rate_run.hpp>
#include <balnet/scan/scan_activity.hpp>
#include <balnet/scan/scan_aggregate.hpp>
#include <balnet/scan/scan_layout.hpp>
#include <balnet/scan/scan_process.hpp>
#include <balnet/scan/scan_script.hpp>
#include <balnet/scan/scan_spec.hpp>
#include <balnet/scan/scan_status.hpp>
#include <balnet/scan/scan_table.hpp>
#include <balnet/core/error.hpp>
#include <balnet/io/config.hpp>

namespace balnet {
namespace {

namespace fs = std::filesystem;

void require_single_rank(const context& ctx, const std::string& command) {
    if (ctx.size() != 1)
        throw config_error("ranks", std::to_string(ctx.size()),
                           "1: run balnet " + command + " without mpirun (it starts the runs itself)");
}

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const std::string& path, const std::string& text, bool executable = false) {
    {
        std::ofstream out(path, std::ios::trunc);
        out << text;
        if (!out.flush()) throw io_error("cannot write '" + path + "'");
    }
    if (executable) ::chmod(path.c_str(), 0755);
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
}

// Creates the directories and writes the table, the argument files and the scripts. A directory
// that already holds a different scan is refused, so that complete tasks are never mixed with
// tasks of other parameters.
void write_scan(const scan_spec& spec, const scan_table& table, const scan_layout& L) {
    std::error_code ec;
    for (const auto& d : {L.dir, L.tasks_dir(), L.logs_dir()})
        if (!fs::create_directories(d, ec) && !fs::is_directory(d, ec))
            throw config_error("--out", L.dir, "a directory that can be created (" + d + ")");
    const std::string csv = table.to_csv();
    const auto old_csv = read_text(L.table());
    const auto refuse = [&](const std::string& what) {
        throw config_error("--out", L.dir, "an empty directory or one holding this same scan (" + what +
                                               " differs: another scan file, base config or override)");
    };
    if (old_csv && *old_csv != csv) refuse(L.table());
    for (std::size_t id = 0; id < table.size(); ++id) {
        const std::string args = join_lines(scan_run_arguments(spec, table, id, L.output(id)));
        const auto old = read_text(L.args(id));
        if (old && *old != args) refuse(L.args(id));
        if (!old) write_text(L.args(id), args);
    }
    if (!spec.source.empty() && spec.source != L.scan_copy()) write_text(L.scan_copy(), read_text(spec.source).value_or(""));
    write_text(L.table(), csv);
    const scan_scripts s = render_scan_scripts(spec, L.dir, self_executable(), table.size());
    write_text(L.array_script(), s.array, true);
    write_text(L.aggregate_script(), s.aggregate, true);
}

std::vector<std::string> read_args(const scan_layout& L, std::size_t id) {
    std::vector<std::string> args;
    std::istringstream in(read_text(L.args(id)).value_or(""));
    for (std::string line; std::getline(in, line);) args.push_back(line);
    if (args.empty()) throw io_error("missing or empty " + L.args(id));
    return args;
}

// Checks every task's configuration exactly as `balnet run` will, and names those that will
// fail: they are kept (the run reports them with exit code 2) so that the table stays the scan.
std::size_t check_tasks(const scan_layout& L, std::size_t n) {
    std::size_t bad = 0;
    for (std::size_t id = 0; id < n; ++id) {
        const auto args = read_args(L, id);
        try {
            (void)load_run_config(args.front(), {args.begin() + 1, args.end()});
        } catch (const error& e) {
            if (bad++ < 20) std::fprintf(stderr, "balnet scan: warning: task %zu will fail: %s\n", id, e.what());
        }
    }
    if (bad > 20) std::fprintf(stderr, "balnet scan: warning: ... %zu tasks will fail in all\n", bad);
    return bad;
}

// The tasks to run: neither complete nor running nor queued (a task that SLURM or a process here
// still runs is never started twice on the same files).
struct task_selection {
    std::vector<std::size_t> to_run;
    std::size_t complete = 0, active = 0;
};

task_selection tasks_to_run(const scan_layout& L, std::size_t n) {
    const scan_activity activity = scan_activity::probe(L);
    task_selection s;
    for (std::size_t id = 0; id < n; ++id) {
        const task_state st = inspect_task(L, id, &activity).state;
        if (st == task_state::complete) ++s.complete;
        else if (st == task_state::running || st == task_state::pending) ++s.active;
        else s.to_run.push_back(id);
    }
    return s;
}

// Runs `ids` on this machine, `jobs` at a time, with the files the job script would write.
void run_local(const scan_layout& L, const std::vector<std::size_t>& ids, int jobs, int ranks) {
    const std::string balnet = self_executable();
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0, done = 0;
    const auto start = [&](std::size_t id) {
        std::error_code ec;
        fs::remove(L.exit_code(id), ec);
        std::vector<std::string> argv;
        if (ranks > 1) argv = {"mpiexec", "-n", std::to_string(ranks)};
        argv.push_back(balnet);
        argv.push_back("run");
        for (auto& a : read_args(L, id)) argv.push_back(std::move(a));
        argv.push_back("--resume");  // a task interrupted earlier continues from its checkpoint
        running[spawn_logged(argv, L.log(id))] = id;
    };
    try {
        while (next < ids.size() || !running.empty()) {
            while (running.size() < static_cast<std::size_t>(jobs) && next < ids.size()) start(ids[next++]);
            const finished_child f = wait_any_child();
            const auto it = running.find(f.pid);
            if (it == running.end()) continue;
            write_text(L.exit_code(it->second), std::to_string(f.exit_code) + "\n");
            std::printf("balnet scan: task %zu %s (exit %d) [%zu/%zu]\n", it->second,
                        f.exit_code == 0 ? "done" : f.exit_code == 75 ? "stopped (checkpoint written)" : "FAILED",
                        f.exit_code, ++done, ids.size());
            std::fflush(stdout);
            running.erase(it);
        }
    } catch (...) {
        for (const auto& [pid, id] : running) (void)wait_child(pid);  // leave no orphan behind
        throw;
    }
}

std::string job_id(const captured_run& r, const std::string& what) {
    if (r.exit_code != 0)
        throw io_error("sbatch failed for " + what + " (exit " + std::to_string(r.exit_code) + "): " + r.output);
    std::string id = r.output.substr(0, r.output.find_first_of(";\n"));
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
        throw io_error("sbatch gave no job id for " + what + ": '" + r.output + "'");
    return id;
}

void submit(const scan_layout& L, const std::vector<std::size_t>& ids, int max_parallel) {
    // Paths go to sbatch as arguments (no shell); --chdir makes the scripts' relative log paths
    // land in the scan directory whatever its name.
    const std::vector<std::string> sbatch{"sbatch", "--parsable", "--chdir=" + L.dir};
    std::vector<std::string> aggregate = sbatch;
    if (!ids.empty()) {
        auto array = sbatch;
        array.push_back("--array=" + slurm_array_list(ids, max_parallel));
        array.push_back(L.array_script());
        const std::string array_id = job_id(run_captured(array), L.array_script());
        std::printf("balnet scan: submitted job array %s (%zu tasks)\n", array_id.c_str(), ids.size());
        aggregate.push_back("--dependency=afterany:" + array_id);
    }
    aggregate.push_back(L.aggregate_script());
    const std::string agg_id = job_id(run_captured(aggregate), L.aggregate_script());
    std::printf("balnet scan: submitted aggregation job %s%s\n", agg_id.c_str(),
                ids.empty() ? "" : " (runs after the array, however its tasks end)");
}

}  // namespace

scan_options scan_options::parse(const command_line& cl) {
    scan_options o;
    for (std::size_t i = 0; i < cl.extra.size(); ++i) {
        const std::string& f = cl.extra[i];
        if (f == "--submit") o.submit = true;
        else if (f == "--out" && i + 1 < cl.extra.size()) o.out = cl.extra[++i];
        else if (f == "--local" && i + 1 < cl.extra.size()) {
            const std::string& v = cl.extra[++i];
            if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos ||
                std::stoi(v) < 1)
                throw config_error("--local", v, "a number of tasks run at a time, 1 to 9999");
            o.local_jobs = std::stoi(v);
        }
    }
    if (o.out.empty()) throw config_error("--out", "", "a directory: balnet scan <scan.ini> --out DIR");
    if (o.submit && o.local_jobs > 0) throw config_error("--submit", "--local", "one of --local N and --submit");
    return o;
}

int scan_command(const command_line& cl, const context& ctx) {
    require_single_rank(ctx, "scan");
    if (cl.file.empty()) throw config_error("scan file", "", "a path: balnet scan <scan.ini> --out DIR");
    const scan_options opts = scan_options::parse(cl);
    const scan_spec spec = scan_spec::load(cl.file, cl.overrides, command_schema());
    const scan_table table = scan_table::expand(spec);
    const scan_layout L(opts.out);
    write_scan(spec, table, L);
    const std::size_t bad = check_tasks(L, table.size());
    const task_selection sel = tasks_to_run(L, table.size());
    const auto& pending = sel.to_run;
    std::string notes = sel.active ? ", " + std::to_string(sel.active) + " running or queued (left alone)" : "";
    if (bad) notes += ", " + std::to_string(bad) + " will fail";
    std::printf("balnet scan %s: %zu tasks in %s (%zu complete, %zu to run%s)\n", spec.name.c_str(),
                table.size(), L.table().c_str(), sel.complete, pending.size(), notes.c_str());
    std::fflush(stdout);
    if (opts.submit) {
        submit(L, pending, spec.resources.max_parallel);
        return 0;
    }
    if (opts.local_jobs > 0) {
        run_local(L, pending, opts.local_jobs, spec.resources.ranks);
        const aggregate_counts n = aggregate_scan(L.dir, ctx);
        return n.complete() == n.tasks ? 0 : 3;
    }
    std::printf("  run: balnet scan %s --out %s --local N   or   --submit   (or: sbatch %s)\n",
                cl.file.c_str(), L.dir.c_str(), L.array_script().c_str());
    return 0;
}

int aggregate_command(const command_line& cl, const context& ctx) {
    require_single_rank(ctx, "aggregate");
    if (cl.file.empty()) throw config_error("scan directory", "", "a path: balnet aggregate DIR");
    const aggregate_counts n = aggregate_scan(cl.file, ctx);
    return n.complete() == n.tasks ? 0 : 3;
}

int scan_status_command(const command_line& cl, const context& ctx) {
    require_single_rank(ctx, "scan status");
    if (cl.file.empty()) throw config_error("scan directory", "", "a path: balnet scan status DIR");
    const scan_layout L(cl.file);
    const scan_table table = read_scan_table(L);
    const scan_activity activity = scan_activity::probe(L);
    std::vector<task_status> tasks;
    for (std::size_t id = 0; id < table.size(); ++id) tasks.push_back(inspect_task(L, id, &activity));
    const aggregate_counts n = count_states(tasks);
    std::printf("balnet scan status %s: %zu tasks: %s (SLURM: %s)\n%s", L.dir.c_str(), n.tasks,
                state_summary(n, true).c_str(),
                activity.slurm_answered() ? "squeue answered" : "no squeue answer; processes on this machine only",
                status_table(tasks).c_str());
    return n.complete() == n.tasks ? 0 : 3;
}

}  // namespace balnet
