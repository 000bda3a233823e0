// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_status.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {
namespace {

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The root attribute status, or why it cannot be read.
struct file_state {
    bool exists = false;
    bool complete = false;
    bool stopped = false;
    std::string detail;
};

file_state output_state(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return {};
    try {
        const h5_file f = h5_file::open_read(path);
        const std::string status = f.has_attribute("/", "status") ? f.read_string_attribute("/", "status")
                                                                  : std::string("(none)");
        std::string detail = "output status is '" + status + "'";
        // Spiking runs stream their spikes: how far the file got tells where a killed run stopped.
        if (status != "complete" && f.has_attribute("/", "steps_flushed") && f.has_attribute("/", "dt"))
            detail += ", spikes written up to t = " +
                      std::to_string(static_cast<double>(f.read_int_attribute("/", "steps_flushed")) *
                                     f.read_double_attribute("/", "dt")) + " ms";
        return {true, status == "complete", status == "stopped", detail};
    } catch (const error&) {
        // HDF5's own message (a stack of "H5F..." lines) says nothing more to a user than this.
        return {true, false, false, "output unreadable as HDF5 (its run did not close it)"};
    }
}

// The checkpoint of task `id`: checkpoint.file from its arguments, else <output>.ckpt.h5.
std::string checkpoint_path(const scan_layout& layout, std::size_t id) {
    std::istringstream args(read_text(layout.args(id)).value_or(""));
    std::string path = layout.output(id) + ".ckpt.h5";
    for (std::string line; std::getline(args, line);)
        if (line.rfind("--checkpoint.file=", 0) == 0) path = line.substr(18);
    return path;
}

// "checkpoint at step N", "" without a checkpoint; never throws.
std::string checkpoint_note(const scan_layout& layout, std::size_t id) {
    const std::string path = checkpoint_path(layout, id);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return "";
    try {
        const h5_file f = h5_file::open_read(path);
        return "checkpoint at step " + std::to_string(f.read_int_attribute("/", "steps"));
    } catch (const error&) {
        return "checkpoint " + path + " unreadable";
    }
}

std::string joined(const std::string& a, const std::string& b) {
    return a.empty() ? b : b.empty() ? a : a + "; " + b;
}

std::string log_text(const scan_layout& layout, std::size_t id) { return read_text(layout.log(id)).value_or(""); }

}  // namespace

std::string to_string(task_state s) {
    switch (s) {
    case task_state::complete: return "complete";
    case task_state::running: return "running";
    case task_state::pending: return "pending";
    case task_state::stopped: return "stopped";
    case task_state::failed: return "failed";
    case task_state::incomplete: return "incomplete";
    case task_state::missing: return "missing";
    }
    return "?";
}

std::string last_error_line(const std::string& log_text) {
    std::istringstream in(log_text);
    std::string line, last, last_error, last_balnet;
    while (std::getline(in, line)) {
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        if (line.empty()) continue;
        last = line;
        std::string lower = line;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower.find("error") != std::string::npos) last_error = line;
        if (line.find("balnet: error") != std::string::npos) last_balnet = line;  // not the launcher's
    }
    std::string out = !last_balnet.empty() ? last_balnet : !last_error.empty() ? last_error : last;
    if (out.size() > 300) out = out.substr(0, 297) + "...";
    return out;
}

std::string status_table(const std::vector<task_status>& tasks) {
    std::string out = "  task  state       exit  detail\n";
    char buf[64];
    for (const auto& t : tasks) {
        const std::string code = t.exit_code >= 0 ? std::to_string(t.exit_code) : "";
        std::snprintf(buf, sizeof buf, "%6zu  %-10s  %4s", t.id, to_string(t.state).c_str(), code.c_str());
        out += buf;
        out += t.error.empty() ? "\n" : "  " + t.error + "\n";
    }
    return out;
}

task_status inspect_task(const scan_layout& layout, std::size_t id, const scan_activity* activity) {
    task_status t;
    t.id = id;
    // A running task's file is being written: it is not opened (a half-written HDF5 file reads
    // as an error); the log tells how far the run got.
    const task_activity* now = activity ? activity->find(id) : nullptr;
    if (now && now->running) {
        t.state = task_state::running;
        t.error = joined(now->where, last_progress(log_text(layout, id)));
        return t;
    }
    const file_state out = output_state(layout.output(id));
    if (out.complete) {
        t.state = task_state::complete;
        return t;
    }
    const std::string checkpoint = checkpoint_note(layout, id);
    if (now) {  // queued: not run yet, or requeued (a node failure) after an attempt
        t.state = task_state::pending;
        t.error = joined(now->where, checkpoint);
        return t;
    }
    const auto rc = read_text(layout.exit_code(id));
    if (rc) {
        try {
            t.exit_code = std::stoi(*rc);
        } catch (const std::logic_error&) {
            t.exit_code = -1;
        }
    }
    // Exit 75, or a file closed as "stopped" (also when the exit code was never recorded).
    if ((t.exit_code == 75 || out.stopped) && !checkpoint.empty()) {
        t.state = task_state::stopped;
        t.error = "stopped by a signal after a checkpoint (" + checkpoint + "): resubmit to resume";
        return t;
    }
    if (rc) {
        t.state = task_state::failed;
        const std::string why = last_error_line(log_text(layout, id));
        t.error = !why.empty() ? why
                  : t.exit_code == 0 ? "exited 0 but " + (out.exists ? out.detail : "wrote no output")
                                     : "exit code " + std::to_string(t.exit_code) + ", empty log";
        return t;
    }
    t.state = out.exists ? task_state::incomplete : task_state::missing;
    t.error = out.exists ? joined(out.detail + " and no exit code, nothing running: killed (time limit, node failure?)",
                                  checkpoint.empty() ? "" : checkpoint + ": resubmit to resume")
                         : "no output, no exit code, nothing queued: not run yet";
    return t;
}

}  // namespace balnet
