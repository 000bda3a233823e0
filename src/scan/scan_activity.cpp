// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_activity.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <balnet/core/error.hpp>
#include <balnet/scan/scan_process.hpp>

namespace balnet {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

bool all_digits(const std::string& s) {
    if (s.empty() || s.size() > 18) return false;
    for (unsigned char c : s)
        if (!std::isdigit(c)) return false;
    return true;
}

// SLURM's job states of a job that holds its nodes (the others wait in the queue).
bool holds_nodes(const std::string& state) {
    return state == "RUNNING" || state == "COMPLETING" || state == "CONFIGURING" || state == "SIGNALING" ||
           state == "STAGE_OUT" || state == "RESIZING";
}

}  // namespace

scan_activity scan_activity::from_squeue(const std::string& text, const std::string& dir) {
    scan_activity a;
    a.slurm_ = true;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto f = split(line, '|');
        if (f.size() != 5 || !all_digits(f[1])) continue;  // the aggregation job has no index
        std::string wd = f[4];
        while (wd.size() > 1 && wd.back() == '/') wd.pop_back();
        if (wd != dir) continue;
        task_activity t;
        t.running = holds_nodes(f[2]);
        // RUNNING says itself; COMPLETING (a requeued job whose step is being cancelled) and the
        // queued states are named.
        t.where = "slurm job " + f[0] + (f[2] == "RUNNING" ? "" : " " + f[2]) + (t.running ? " on " : " ") + f[3];
        a.tasks_[std::stoull(f[1])] = t;
    }
    return a;
}

std::optional<std::size_t> scan_activity::task_of_command(const std::vector<std::string>& args,
                                                          const scan_layout& layout) {
    const std::string prefix = "--output.file=" + layout.tasks_dir() + "/";
    for (const auto& a : args) {
        if (a.rfind(prefix, 0) != 0 || a.size() < prefix.size() + 4 || a.compare(a.size() - 3, 3, ".h5") != 0)
            continue;
        const std::string id = a.substr(prefix.size(), a.size() - prefix.size() - 3);
        if (all_digits(id)) return std::stoull(id);
    }
    return std::nullopt;
}

void scan_activity::add_process(std::size_t id, long pid) {
    tasks_.try_emplace(id, task_activity{true, "pid " + std::to_string(pid) + " on this machine"});
}

const task_activity* scan_activity::find(std::size_t id) const {
    const auto it = tasks_.find(id);
    return it == tasks_.end() ? nullptr : &it->second;
}

scan_activity scan_activity::probe(const scan_layout& layout) {
    scan_activity a;
    try {
        const captured_run r = run_captured({"squeue", "-h", "-r", "-o", "%i|%K|%T|%R|%Z"}, true);
        if (r.exit_code == 0) a = from_squeue(r.output, layout.dir);
    } catch (const error&) {
        // no squeue here: only the processes of this machine count
    }
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string pid = e.path().filename().string();
        if (!all_digits(pid)) continue;
        std::ifstream in(e.path() / "cmdline");
        std::stringstream s;
        s << in.rdbuf();
        if (const auto id = task_of_command(split(s.str(), '\0'), layout)) a.add_process(*id, std::stol(pid));
    }
    return a;
}

std::string last_progress(const std::string& log_text) {
    static const std::string prefix = "balnet progress: ";
    std::istringstream in(log_text);
    std::string last;
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) last = line.substr(prefix.size());
    const auto memory = last.find("  peak memory");
    if (memory != std::string::npos) last.erase(memory);
    const auto b = last.find_first_not_of(' ');
    return b == std::string::npos ? "" : last.substr(b);
}

}  // namespace balnet
