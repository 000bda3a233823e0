// SPDX-License-Identifier: BSD-3-Clause
// CUBA and COBA (docs/models.md §2.3) through the LIF engine are bitwise independent of the rank
// count: every rank runs the benchmark network over the MPI partition, gathers all spikes and
// compares them, and its neurons' final v, g_e and g_i, with the same network run on one process
// (partition(N, 1, 0), single-process exchange, no collective). The initial state and the
// synapses are keyed by (seed, purpose, gid), never by rank. Run at np 1, 2, 3 and 4.
#include <gtest/gtest.h>

#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/brette_benchmark.hpp>
#include <balnet/spiking/lif_engine.hpp>

#include "engine_spikes.hpp"

using namespace balnet;

namespace {

struct run_result {
    std::vector<spike> spikes;  // all ranks', sorted by (gid, step)
    std::vector<double> v, g_e, g_i;
};

run_result run(lif_engine& eng, step_type steps, const context* ctx, std::size_t first, std::size_t n) {
    run_result r;
    r.spikes = test::run_and_gather_spikes(eng, steps, 77, ctx);
    auto take = [&](std::span<const double> x) { return std::vector<double>(x.begin() + first, x.begin() + first + n); };
    r.v = take(eng.v());
    r.g_e = take(eng.g_e());
    r.g_i = take(eng.g_i());
    return r;
}

void expect_same_as_serial(const brette_benchmark& b, step_type steps, std::size_t min_spikes) {
    const auto net = b.network();
    const context ctx;
    const partition part(net.size(), ctx.size(), ctx.rank());
    lif_engine dist(net, part, spike_exchange(ctx));
    const auto d = run(dist, steps, &ctx, 0, part.local_size());
    lif_engine ser(net, partition(net.size(), 1, 0));
    const auto s = run(ser, steps, nullptr, part.begin(), part.local_size());
    EXPECT_GE(s.spikes.size(), min_spikes);
    EXPECT_TRUE(d.spikes == s.spikes) << d.spikes.size() << " vs " << s.spikes.size() << " spikes";
    EXPECT_TRUE(d.v == s.v);  // bitwise
    EXPECT_TRUE(d.g_e == s.g_e);
    EXPECT_TRUE(d.g_i == s.g_i);
}

}  // namespace

TEST(exp_synapse_engine_mpi, cuba_spikes_identical_for_any_rank_count) {
    auto b = brette_benchmark::cuba();
    b.n_e = 800;  // a quarter of the benchmark, p scaled up to keep ~80 inputs
    b.n_i = 200;
    b.p = 0.08;
    expect_same_as_serial(b, 1500, 500);
}

TEST(exp_synapse_engine_mpi, coba_spikes_identical_for_any_rank_count) {
    auto b = brette_benchmark::coba();
    b.n_e = 800;
    b.n_i = 200;
    b.p = 0.08;
    expect_same_as_serial(b, 1500, 500);
}
