// SPDX-License-Identifier: BSD-3-Clause
// Spike trains are bitwise identical for any rank count: every rank runs the network over the
// MPI partition, gathers all spikes and compares them (and its neurons' final membrane
// potentials) with the same network run on one process over partition(N, 1, 0) with the
// single-process exchange (no collective). Run at np 1, 2, 3 and 4 (uneven blocks; the tiny
// network leaves ranks empty).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/analysis/spike_statistics.hpp>

#include "engine_spikes.hpp"

using namespace balnet;

namespace {

std::uint64_t hash(const std::vector<spike>& s) {  // FNV-1a over the sorted (gid, step) list
    std::uint64_t x = 1469598103934665603ull;
    for (const auto& sp : s)
        for (std::uint64_t w : {sp.gid, static_cast<std::uint64_t>(sp.step)}) {
            x ^= w;
            x *= 1099511628211ull;
        }
    return x;
}

struct run_result {
    std::vector<spike> spikes;  // all ranks', sorted by (gid, step)
    std::vector<double> v;      // the owned neurons' V at the end
    std::uint64_t events = 0;
};

run_result run(lif_engine& eng, step_type steps, const context* ctx) {
    run_result r;
    // Chunks of 333: exchange boundaries fall at different places than the min delay grid.
    r.spikes = test::run_and_gather_spikes(eng, steps, 333, ctx);
    r.v.assign(eng.v().begin(), eng.v().end());
    r.events = ctx ? ctx->sum(eng.n_events_delivered()) : eng.n_events_delivered();
    return r;
}

void expect_same_as_serial(const lif_network_params& net, step_type steps, std::size_t min_spikes) {
    const context ctx;
    const partition part(net.size(), ctx.size(), ctx.rank());
    lif_engine dist(net, part, spike_exchange(ctx));
    const auto d = run(dist, steps, &ctx);
    lif_engine ser(net, partition(net.size(), 1, 0));  // no collective: any rank may run it
    const auto s = run(ser, steps, nullptr);
    // Every collective before the first check, and checks on reduced values, so that every
    // rank (rank 0 prints) sees a mismatch on any rank and none waits in a collective alone.
    std::uint64_t v_mismatch = 0;
    for (std::size_t i = 0; i < d.v.size(); ++i)
        v_mismatch += d.v[i] == s.v[part.begin() + i] ? 0 : 1;
    v_mismatch = ctx.sum(v_mismatch);
    const auto n_v = ctx.sum(static_cast<std::uint64_t>(d.v.size()));
    const auto syn = ctx.sum(dist.synapses().n_synapses());

    EXPECT_GE(s.spikes.size(), min_spikes);
    EXPECT_EQ(hash(d.spikes), hash(s.spikes));
    EXPECT_TRUE(d.spikes == s.spikes);
    EXPECT_EQ(d.events, s.events);
    EXPECT_EQ(n_v, net.size());
    EXPECT_EQ(v_mismatch, 0u) << "neurons whose final V differs from the serial run";
    EXPECT_EQ(syn, ser.synapses().n_synapses());
}

}  // namespace

TEST(lif_engine_mpi, brunel_spikes_identical_for_any_rank_count) {
    brunel_model_a m;
    m.n_e = 800, m.n_i = 200, m.c_e = 80, m.c_i = 20, m.j = 0.2, m.g = 5, m.eta = 2, m.seed = 11;
    expect_same_as_serial(m.network(), 2000, 5000);  // 200 ms
}

TEST(lif_engine_mpi, general_network_identical_for_any_rank_count) {
    // Model-B-like: per-population neurons, per-projection J, Bernoulli and fixed in-degree
    // without multapses, distributed delays (min delay 0.8 ms), drawn weights.
    brunel_model_a m;
    m.n_e = 403, m.n_i = 101, m.c_e = 50, m.c_i = 12, m.j = 0.3, m.g = 4.5, m.eta = 1.5, m.seed = 99;
    auto net = m.network();
    net.populations[1].tau_m = 10.0;
    net.populations[1].t_ref = 1.0;
    net.projections[0].delay_max = 2.5;
    net.projections[1].rule = lif_connectivity_kind::bernoulli;
    net.projections[1].probability = 0.1;
    net.projections[2].multapses = false;
    net.projections[2].delay = 0.8;
    net.projections[3].drawn_weights = weight_distribution(weight_kind::gamma, 1.2, 0.3, -1.0);
    expect_same_as_serial(net, 1500, 1000);
}

TEST(lif_engine_mpi, tiny_network_with_empty_ranks) {
    lif_network_params net;
    lif_population_params p;
    p.name = "E", p.size = 3, p.mu_dc = 24.0, p.v_init_min = 0.0, p.v_init_max = 20.0;
    net.populations = {p};
    lif_projection_params pr;
    pr.indegree = 2, pr.weight = 0.7, pr.delay = 0.3;
    net.projections = {pr};
    expect_same_as_serial(net, 3000, 20);
}

TEST(lif_engine_mpi, statistics_reduce_over_ranks) {
    brunel_model_a m;
    m.n_e = 300, m.n_i = 75, m.c_e = 30, m.c_i = 8, m.j = 0.4, m.seed = 4;
    const auto net = m.network();
    const context ctx;
    const partition part(net.size(), ctx.size(), ctx.rank());
    lif_engine eng(net, part, spike_exchange(ctx));
    eng.advance(3000);
    const statistics_window w{500, 3000, 500, 5};
    spike_statistics local(part.begin(), part.local_size(), w);
    local.add(eng.spikes());
    const auto dist = local.summary(ctx);
    lif_engine ser(net, partition(net.size(), 1, 0));
    ser.advance(3000);
    spike_statistics all(0, net.size(), w);
    all.add(ser.spikes());
    const auto s = all.summary();
    EXPECT_EQ(dist.n_neurons, s.n_neurons);
    EXPECT_EQ(dist.n_spikes, s.n_spikes);
    EXPECT_EQ(dist.n_cv, s.n_cv);
    EXPECT_EQ(dist.n_fano, s.n_fano);
    EXPECT_NEAR(dist.mean_cv(), s.mean_cv(), 1e-12);
    EXPECT_NEAR(dist.mean_fano(), s.mean_fano(), 1e-12);
}
