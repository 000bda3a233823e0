// SPDX-License-Identifier: BSD-3-Clause
#include "lif_checkpoint.hpp"

#include <cstdint>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

// Layout (every dataset a rank block with its checksum, see checkpoint_file.hpp): /v,
// /refractory, /ring, /g_e, /g_i, /ring_i (cuba, coba), /events (one per
// rank), /observers; root attribute spikes_written (and its checksum).
void write_lif_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                          const lif_checkpoint& c) {
    const lif_engine_state& e = c.engine;
    write_checkpoint_file(path, ctx, ini, {"lif", e.steps}, [&](h5_file& f) {
        write_rank_blocks(f, "/v", std::span<const double>(e.v), ctx);
        const std::vector<std::int64_t> refractory(e.refractory.begin(), e.refractory.end());
        write_rank_blocks(f, "/refractory", std::span<const std::int64_t>(refractory), ctx);
        write_rank_blocks(f, "/ring", std::span<const double>(e.ring), ctx);
        write_rank_blocks(f, "/g_e", std::span<const double>(e.g_e), ctx);
        write_rank_blocks(f, "/g_i", std::span<const double>(e.g_i), ctx);
        write_rank_blocks(f, "/ring_i", std::span<const double>(e.ring_i), ctx);
        write_rank_blocks(f, "/events", std::span<const std::uint64_t>(&e.events, 1), ctx);
        write_report_length(f, c.spikes_written);
        write_rank_blocks(f, "/observers", std::span<const double>(c.observers), ctx);
    });
}

lif_checkpoint read_lif_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                                   std::size_t populations) {
    lif_checkpoint c;
    lif_engine_state& e = c.engine;
    const auto f = open_checkpoint_file(path, ctx, ini, e.steps);
    // The dynamical state must be finite; its shapes are checked by lif_engine::restore.
    const auto real = [&](const char* name) {
        auto v = read_rank_blocks<double>(f, name, ctx);
        require_finite(v, name, ctx);
        return v;
    };
    e.v = real("/v");
    const auto r = read_rank_blocks<std::int64_t>(f, "/refractory", ctx);
    for (const auto k : r) {  // written from int32: steps left of the refractory period
        if (k < 0 || k > std::numeric_limits<std::int32_t>::max())
            throw checkpoint_damage("dataset /refractory of rank " + std::to_string(ctx.rank()) + " holds " +
                                    std::to_string(k) + ", not a refractory step count");
        e.refractory.push_back(static_cast<std::int32_t>(k));
    }
    e.ring = real("/ring");
    e.g_e = real("/g_e");
    e.g_i = real("/g_i");
    e.ring_i = real("/ring_i");
    e.events = read_rank_blocks<std::uint64_t>(f, "/events", ctx, 1).front();
    c.spikes_written = read_report_length(f, path, populations);
    c.observers = read_rank_blocks<double>(f, "/observers", ctx);
    return c;
}

}  // namespace balnet::detail
