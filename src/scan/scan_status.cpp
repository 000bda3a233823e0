// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_status.hpp>

#include <algorithm>
#include <cctype>
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
        // Spiking runs stream their spikes: how far the file got tells a running task's progress
        // or where a killed one stopped.
        if (status != "complete" && f.has_attribute("/", "steps_flushed") && f.has_attribute("/", "dt"))
            detail += ", spikes written up to t = " +
                      std::to_string(static_cast<double>(f.read_int_attribute("/", "steps_flushed")) *
                                     f.read_double_attribute("/", "dt")) + " ms";
        if (status == "stopped") detail += " (stopped by a signal after a checkpoint: resubmit to resume)";
        return {true, status == "complete", detail};
    } catch (const error& e) {
        return {true, false, std::string("output unreadable: ") + e.what()};
    }
}

}  // namespace

std::string to_string(task_state s) {
    switch (s) {
    case task_state::complete: return "complete";
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

task_status inspect_task(const scan_layout& layout, std::size_t id) {
    task_status t;
    t.id = id;
    const file_state out = output_state(layout.output(id));
    if (out.complete) {
        t.state = task_state::complete;
        return t;
    }
    if (const auto rc = read_text(layout.exit_code(id))) {
        try {
            t.exit_code = std::stoi(*rc);
        } catch (const std::logic_error&) {
            t.exit_code = -1;
        }
        t.state = task_state::failed;
        const std::string why = last_error_line(read_text(layout.log(id)).value_or(""));
        t.error = !why.empty() ? why
                  : t.exit_code == 0 ? "exited 0 but " + (out.exists ? out.detail : "wrote no output")
                                     : "exit code " + std::to_string(t.exit_code) + ", empty log";
        return t;
    }
    t.state = out.exists ? task_state::incomplete : task_state::missing;
    t.error = out.exists ? out.detail + " and no exit code: still running, or killed (time limit?)"
                         : "no output and no exit code: not run yet, or still queued";
    return t;
}

}  // namespace balnet
