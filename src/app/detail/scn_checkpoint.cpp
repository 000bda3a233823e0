// SPDX-License-Identifier: BSD-3-Clause
#include "scn_checkpoint.hpp"

#include <cstdint>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet::detail {
namespace {

void write_same(h5_file& f, const std::string& name, const std::vector<double>& values) {
    write_shared_array(f, name, std::span<const double>(values));
}

void write_blocks(h5_file& f, const std::string& name, const std::vector<double>& values, const context& ctx) {
    write_rank_blocks(f, name, std::span<const double>(values), ctx);
}

}  // namespace

// Layout. Same on every rank (written once): /signal/{x,c,ou}, /xhat, /knocked_out,
// /n_collectives, /observers/{error,pre,post,t,x,xhat}. Rank blocks (see checkpoint_file.hpp):
// /v, /r, /observers/{currents,trace_e,trace_i,spike_fed}. Root attribute spikes_written (the
// length of the output file's report). The step is the header's. Every dataset has its
// checksum beside it (`<name>_checksum`).
void write_scn_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                          const scn_checkpoint& c) {
    const scn_engine_state& e = c.engine;
    const scn_observers_state& o = c.observers;
    write_checkpoint_file(path, ctx, ini, {"scn", e.signal.steps}, [&](h5_file& f) {
        write_same(f, "/signal/x", e.signal.x);
        write_same(f, "/signal/c", e.signal.c);
        write_same(f, "/signal/ou", e.signal.ou);
        write_same(f, "/xhat", e.xhat);
        write_shared_array(f, "/knocked_out", std::span<const std::uint64_t>(e.knocked_out));
        write_shared_array(f, "/n_collectives", std::span<const std::uint64_t>(&e.n_collectives, 1));
        write_blocks(f, "/v", e.v, ctx);
        write_blocks(f, "/r", e.r, ctx);
        write_report_length(f, c.spikes_written);
        for (const auto& [name, values] : {std::pair{"error", &o.error}, std::pair{"pre", &o.pre},
                                           std::pair{"post", &o.post}, std::pair{"t", &o.t},
                                           std::pair{"x", &o.x}, std::pair{"xhat", &o.xhat}})
            write_same(f, std::string("/observers/") + name, *values);
        write_blocks(f, "/observers/currents", o.currents, ctx);
        write_blocks(f, "/observers/trace_e", o.trace_e, ctx);
        write_blocks(f, "/observers/trace_i", o.trace_i, ctx);
        write_blocks(f, "/observers/spike_fed", o.spike_fed, ctx);
    });
}

scn_checkpoint read_scn_checkpoint(const std::string& path, const context& ctx, const std::string& ini) {
    scn_checkpoint c;
    scn_engine_state& e = c.engine;
    scn_observers_state& o = c.observers;
    const auto f = open_checkpoint_file(path, ctx, ini, e.signal.steps);
    // The dynamical state must be finite (the same values on every rank are checked as rank
    // 0's); shapes and the knock-out set are checked by scn_engine::restore.
    const auto shared = [&](const char* name) {
        auto v = read_shared_array<double>(f, name);
        require_finite(v, name, ctx);
        return v;
    };
    e.signal.x = shared("/signal/x");
    e.signal.c = shared("/signal/c");
    e.signal.ou = shared("/signal/ou");
    e.xhat = shared("/xhat");
    e.knocked_out = read_shared_array<std::uint64_t>(f, "/knocked_out");
    const auto n_collectives = read_shared_array<std::uint64_t>(f, "/n_collectives");
    if (n_collectives.size() != 1) throw checkpoint_damage("dataset /n_collectives is not one value");
    e.n_collectives = n_collectives.front();
    e.v = read_rank_blocks<double>(f, "/v", ctx);
    require_finite(e.v, "/v", ctx);
    e.r = read_rank_blocks<double>(f, "/r", ctx);
    require_finite(e.r, "/r", ctx);
    c.spikes_written = read_report_length(f, path, 1);
    for (const auto& [name, values] : {std::pair{"error", &o.error}, std::pair{"pre", &o.pre},
                                       std::pair{"post", &o.post}, std::pair{"t", &o.t},
                                       std::pair{"x", &o.x}, std::pair{"xhat", &o.xhat}})
        *values = read_shared_array<double>(f, std::string("/observers/") + name);
    o.currents = read_rank_blocks<double>(f, "/observers/currents", ctx);
    o.trace_e = read_rank_blocks<double>(f, "/observers/trace_e", ctx);
    o.trace_i = read_rank_blocks<double>(f, "/observers/trace_i", ctx);
    o.spike_fed = read_rank_blocks<double>(f, "/observers/spike_fed", ctx);
    return c;
}

}  // namespace balnet::detail
