// SPDX-License-Identifier: BSD-3-Clause
#include "rate_checkpoint.hpp"

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

void write_rate_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                           const rate_checkpoint& c) {
    write_checkpoint_file(path, ctx, ini, {"rate", c.steps}, [&](h5_file& f) {
        f.write_attribute("/", "traces_written", c.traces_written);
        write_rank_blocks(f, "/x", std::span<const double>(c.x), ctx);
        write_rank_blocks(f, "/observables", std::span<const double>(c.observables), ctx);
    });
}

rate_checkpoint read_rate_checkpoint(const std::string& path, const context& ctx,
                                     const partition& part, const std::string& ini) {
    rate_checkpoint c;
    const auto f = open_checkpoint_file(path, ctx, ini, c.steps);
    c.traces_written = static_cast<std::uint64_t>(f.read_int_attribute("/", "traces_written"));
    c.x = read_rank_blocks<double>(f, "/x", ctx);
    if (c.x.size() != part.local_size())
        throw io_error("checkpoint " + path + ": /x holds " + std::to_string(c.x.size()) + " units for rank " +
                       std::to_string(ctx.rank()) + ", which owns " + std::to_string(part.local_size()));
    c.observables = read_rank_blocks<double>(f, "/observables", ctx);
    return c;
}

}  // namespace balnet::detail
