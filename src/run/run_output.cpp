// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/run_output.hpp>

#include <filesystem>

#include <balnet/core/error.hpp>

namespace balnet {

h5_file open_run_output(const std::string& path, const context& ctx, bool resuming) {
    if (!resuming) return h5_file::create(path, ctx);
    std::error_code ec;
    const bool present = ctx.broadcast(std::string(std::filesystem::is_regular_file(path, ec) ? "1" : "")) == "1";
    if (!present)
        throw io_error("cannot resume: the output file " + path +
                       ", which holds the spikes written before the checkpoint, is missing; "
                       "start the run again without --resume");
    h5_file f = h5_file::open_append(path, ctx);
    for (const auto& member : f.list("/"))
        if (member != "spikes") f.remove("/" + member);
    return f;
}

void close_stopped(h5_file& file) {
    file.write_attribute("/", "status", std::string("stopped"));
    file.close();
}

}  // namespace balnet
