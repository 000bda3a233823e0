// SPDX-License-Identifier: BSD-3-Clause
#include "lif_checkpoint.hpp"

#include <cstdint>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {

// Layout (every dataset a rank block, see checkpoint_file.hpp): /v, /refractory, /ring,
// /ring_pos, /ring_neg, /g_e, /g_i, /ring_i (cuba, coba), /events (one per rank), /observers;
// root attribute spikes_written.
void write_lif_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                          const lif_checkpoint& c) {
    const lif_engine_state& e = c.engine;
    write_checkpoint_file(path, ctx, ini, {"lif", e.steps}, [&](h5_file& f) {
        write_rank_blocks(f, "/v", std::span<const double>(e.v), ctx);
        const std::vector<std::int64_t> refractory(e.refractory.begin(), e.refractory.end());
        write_rank_blocks(f, "/refractory", std::span<const std::int64_t>(refractory), ctx);
        write_rank_blocks(f, "/ring", std::span<const double>(e.ring), ctx);
        write_rank_blocks(f, "/ring_pos", std::span<const double>(e.ring_pos), ctx);
        write_rank_blocks(f, "/ring_neg", std::span<const double>(e.ring_neg), ctx);
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
    e.v = read_rank_blocks<double>(f, "/v", ctx);
    const auto r = read_rank_blocks<std::int64_t>(f, "/refractory", ctx);
    for (const auto k : r) e.refractory.push_back(static_cast<std::int32_t>(k));  // written from int32
    e.ring = read_rank_blocks<double>(f, "/ring", ctx);
    e.ring_pos = read_rank_blocks<double>(f, "/ring_pos", ctx);
    e.ring_neg = read_rank_blocks<double>(f, "/ring_neg", ctx);
    e.g_e = read_rank_blocks<double>(f, "/g_e", ctx);
    e.g_i = read_rank_blocks<double>(f, "/g_i", ctx);
    e.ring_i = read_rank_blocks<double>(f, "/ring_i", ctx);
    const auto events = read_rank_blocks<std::uint64_t>(f, "/events", ctx);
    if (events.size() != 1) throw io_error("checkpoint " + path + ": /events is not one value per rank");
    e.events = events.front();
    c.spikes_written = read_report_length(f, path, populations);
    c.observers = read_rank_blocks<double>(f, "/observers", ctx);
    return c;
}

}  // namespace balnet::detail
