// SPDX-License-Identifier: BSD-3-Clause
#include "rate_checkpoint.hpp"

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

void write_rate_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                           const rate_checkpoint& c) {
    write_checkpoint_file(path, ctx, ini, {"rate", c.steps}, [&](h5_file& f) {
        write_sealed_count(f, "traces_written", c.traces_written);
        write_rank_blocks(f, "/x", std::span<const double>(c.x), ctx);
        write_rank_blocks(f, "/observables", std::span<const double>(c.observables), ctx);
    });
}

// Layout: rank blocks /x and /observables (with their checksums), root attribute traces_written
// (and its checksum).
rate_checkpoint read_rate_checkpoint(const std::string& path, const context& ctx,
                                     const partition& part, const std::string& ini) {
    rate_checkpoint c;
    const auto f = open_checkpoint_file(path, ctx, ini, c.steps);
    c.traces_written = read_sealed_count(f, "traces_written");
    c.x = read_rank_blocks<double>(f, "/x", ctx, part.local_size());
    require_finite(c.x, "/x", ctx);
    c.observables = read_rank_blocks<double>(f, "/observables", ctx);
    return c;
}

}  // namespace balnet::detail
