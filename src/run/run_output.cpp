// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/run_output.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <balnet/core/error.hpp>
#include <balnet/run/checkpoint_file.hpp>

namespace balnet {

namespace {

// Removes every member of `group` but the paths in `keep` and the groups above them (collective).
void prune(h5_file& f, const std::string& group, const std::vector<std::string>& keep) {
    for (const auto& member : f.list(group)) {
        const std::string path = (group == "/" ? "" : group) + "/" + member;
        if (std::find(keep.begin(), keep.end(), path) != keep.end()) continue;
        const bool above = std::any_of(keep.begin(), keep.end(), [&](const std::string& k) {
            return k.rfind(path + "/", 0) == 0;
        });
        if (above)
            prune(f, path, keep);
        else
            f.remove(path);
    }
}

}  // namespace

h5_file open_run_output(const std::string& path, const context& ctx, bool resuming,
                        const std::vector<std::string>& streamed) {
    if (!resuming) return h5_file::create(path, ctx);
    std::error_code ec;
    const bool present = ctx.broadcast(std::string(std::filesystem::is_regular_file(path, ec) ? "1" : "")) == "1";
    if (!present)
        throw io_error("cannot resume: the output file " + path +
                       ", which holds the spikes written before the checkpoint, is missing; "
                       "start the run again without --resume");
    h5_file f = h5_file::open_append(path, ctx);
    std::vector<std::string> keep = streamed;
    keep.emplace_back("/spikes");
    prune(f, "/", keep);
    return f;
}

void close_stopped(h5_file& file) {
    file.write_attribute("/", "status", std::string("stopped"));
    file.close();
}

bool resume_requested(bool resume, const std::string& checkpoint, const context& ctx) {
    const bool found = resume && checkpoint_exists(checkpoint, ctx);
    if (resume && !found && ctx.rank() == 0)
        std::fprintf(stderr, "balnet: no checkpoint at %s: starting from the beginning\n", checkpoint.c_str());
    return found;
}

void say_resumed(const context& ctx, const std::string& checkpoint, step_type step, step_type total) {
    if (ctx.rank() == 0)
        std::fprintf(stderr, "balnet: resuming from the checkpoint %s (step %lld of %lld)\n", checkpoint.c_str(),
                     static_cast<long long>(step), static_cast<long long>(total));
}

void stopped_by_signal(h5_file& file, step_type step, const std::string& checkpoint) {
    close_stopped(file);
    throw run_interrupted("stopped by a signal at step " + std::to_string(step) + "; checkpoint written to " +
                          checkpoint + ": resubmit with --resume");
}

}  // namespace balnet
