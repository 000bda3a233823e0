// SPDX-License-Identifier: BSD-3-Clause
#include "rate_checkpoint.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

void write_rate_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                           const rate_checkpoint& c) {
    const std::string tmp = path + ".tmp";
    {
        auto f = h5_file::create(tmp, ctx);
        f.write_attribute("/", "steps", static_cast<std::int64_t>(c.steps));
        f.write_attribute("/", "traces_written", c.traces_written);
        f.write_attribute("/", "n_ranks", static_cast<std::int64_t>(ctx.size()));
        f.write_attribute("/", "config", ini);
        const std::uint64_t nx = ctx.sum(static_cast<std::uint64_t>(c.x.size()));
        f.write_distributed("/x", std::span<const double>(c.x), ctx.exclusive_scan(c.x.size()), nx, "1");
        const std::uint64_t no = ctx.sum(static_cast<std::uint64_t>(c.observables.size()));
        f.write_distributed("/observables", std::span<const double>(c.observables),
                            ctx.exclusive_scan(c.observables.size()), no, "");
        const std::uint64_t mine = c.observables.size();
        f.write_distributed("/observables_count", std::span<const std::uint64_t>(&mine, 1),
                            static_cast<std::uint64_t>(ctx.rank()),
                            static_cast<std::uint64_t>(ctx.size()), "");
        f.finish();
    }
    int failed = 0;
    std::string reason;
    if (ctx.rank() == 0 && std::rename(tmp.c_str(), path.c_str()) != 0) {
        failed = 1;
        reason = std::strerror(errno);
    }
    if (ctx.any(failed != 0))
        throw io_error("cannot write checkpoint " + path + ": " + (reason.empty() ? "rename failed on rank 0" : reason));
}

bool checkpoint_exists(const std::string& path, const context& ctx) {
    struct stat st {};
    const bool here = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    return ctx.broadcast(here ? "1" : "0") == "1";
}

rate_checkpoint read_rate_checkpoint(const std::string& path, const context& ctx,
                                     const partition& part, const std::string& ini) {
    auto f = h5_file::open_read(path);
    const auto ranks = f.read_int_attribute("/", "n_ranks");
    if (ranks != ctx.size())
        throw config_error("--resume", path, "a checkpoint written with the same number of ranks (it has " +
                                                 std::to_string(ranks) + ", this run " +
                                                 std::to_string(ctx.size()) + ")");
    if (f.read_string_attribute("/", "config") != ini)
        throw config_error("--resume", path, "a checkpoint of the same configuration (the resolved "
                                             "configurations differ)");
    rate_checkpoint c;
    c.steps = f.read_int_attribute("/", "steps");
    c.traces_written = static_cast<std::uint64_t>(f.read_int_attribute("/", "traces_written"));
    const auto x = f.read_1d<double>("/x");
    c.x.assign(x.begin() + static_cast<std::ptrdiff_t>(part.begin()),
               x.begin() + static_cast<std::ptrdiff_t>(part.end()));
    const auto counts = f.read_1d<std::uint64_t>("/observables_count");
    std::uint64_t off = 0;
    for (int r = 0; r < ctx.rank(); ++r) off += counts[static_cast<std::size_t>(r)];
    const auto obs = f.read_1d<double>("/observables");
    c.observables.assign(obs.begin() + static_cast<std::ptrdiff_t>(off),
                         obs.begin() + static_cast<std::ptrdiff_t>(off + counts[static_cast<std::size_t>(ctx.rank())]));
    return c;
}

}  // namespace balnet::detail
