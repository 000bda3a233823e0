// SPDX-License-Identifier: BSD-3-Clause
// The LIF and SCN memory estimates against what the code then holds: the expected synapses and
// synapse-index bytes of every rank against a synapse_index built for the same network and
// partition (exact for fixed in-degrees, within binomial noise for Bernoulli), including delay
// ranges and drawn weights; the decoder term of the SCN estimate against J N doubles.
#include <balnet/models/memory_estimate.hpp>

#include <gtest/gtest.h>

#include <cmath>

#include <balnet/spiking/brette_benchmark.hpp>
#include <balnet/spiking/synapse_index.hpp>

namespace balnet {
namespace {

lif_network_params small_model_a() {
    brunel_model_a m;
    m.n_e = 400, m.n_i = 100, m.c_e = 40, m.c_i = 10;
    return m.network();
}

// Every rank's estimate of the synapses and of the index's bytes equals the built index's.
void expect_exact(const lif_network_params& net) {
    const lif_run_shape shape;  // no observers, no spikes: only the connectivity matters here
    for (int ranks = 1; ranks <= 3; ++ranks) {
        for (int r = 0; r < ranks; ++r) {
            const partition part(net.size(), ranks, r);
            const auto idx = synapse_index::build(net, part);
            const memory_estimate e = lif_memory_estimate(net, shape, part, r);
            EXPECT_DOUBLE_EQ(e.synapses, static_cast<double>(idx.n_synapses())) << ranks << " ranks, rank " << r;
            EXPECT_DOUBLE_EQ(e.held, static_cast<double>(idx.bytes())) << ranks << " ranks, rank " << r;
            EXPECT_GT(e.build, e.held);  // the cursors while filling
        }
    }
}

TEST(LifMemoryEstimate, FixedIndegreeSynapsesAndBytesAreExact) { expect_exact(small_model_a()); }

TEST(LifMemoryEstimate, DelayRangesAddOffsetsPerGroup) {
    auto net = small_model_a();
    for (auto& pr : net.projections) pr.delay_max = pr.delay + 1.0;  // 11 groups per projection
    expect_exact(net);
}

TEST(LifMemoryEstimate, DrawnWeightsCostEightBytesMore) {
    auto net = small_model_a();
    net.projections.front().drawn_weights = weight_distribution(weight_kind::gamma, 0.1, 0.05, 1.0);
    expect_exact(net);
}

TEST(LifMemoryEstimate, BernoulliSynapsesWithinBinomialNoise) {
    auto b = brette_benchmark::cuba();
    b.autapses = false;
    const auto net = b.network();
    for (int ranks : {1, 3}) {
        for (int r = 0; r < ranks; ++r) {
            const partition part(net.size(), ranks, r);
            const auto built = static_cast<double>(synapse_index::build(net, part).n_synapses());
            const double est = lif_memory_estimate(net, lif_run_shape{}, part, r).synapses;
            // Pairs of this rank's targets: n_loc (N - 1) candidates without autapses.
            const double pairs = static_cast<double>(part.count(r)) * static_cast<double>(net.size() - 1);
            EXPECT_DOUBLE_EQ(est, b.p * pairs);
            EXPECT_LT(std::abs(built - est), 5.0 * std::sqrt(pairs * b.p * (1 - b.p)));
        }
    }
}

TEST(LifMemoryEstimate, SpikeTermGrowsWithRateAndFlushIntervalNotDuration) {
    const auto net = small_model_a();
    const partition part(net.size(), 2, 0);
    lif_run_shape s;
    s.steps = 10000;
    s.held_steps = 10000;
    EXPECT_EQ(lif_memory_estimate(net, s, part, 0).spikes, 0.0);
    s.rate_hz = 10.0;
    const double one = lif_memory_estimate(net, s, part, 0).spikes;
    // 500 neurons x 10 Hz x 1 s held = 5000 spikes: at least this rank's buffer and the gathered copy.
    EXPECT_GE(one, 16.0 * (2500.0 + 5000.0));
    s.held_steps = 20000;  // a flush interval twice as long holds twice the spikes
    EXPECT_DOUBLE_EQ(lif_memory_estimate(net, s, part, 0).spikes, 2.0 * one);
    s.held_steps = 10000;
    s.steps = 1000000;  // the spikes are streamed to the file: a longer run holds no more of them
    EXPECT_DOUBLE_EQ(lif_memory_estimate(net, s, part, 0).spikes, one);
    EXPECT_GT(lif_memory_estimate(net, s, part, 0).total(), lif_memory_estimate(net, lif_run_shape{}, part, 0).total());
}

// Chi, rho_EI and the pair counts are reduced and dropped at every flush: of the observers' terms
// only the population-rate histograms (16 B per rate bin and population) grow with the window.
TEST(LifMemoryEstimate, ObserverTermDoesNotGrowWithTheRun) {
    // Everything the observers accumulate is streamed or reduced per flush (histograms and V traces
    // included): a 100 x longer run needs the same, with or without V traces.
    const auto net = small_model_a();
    const partition part(net.size(), 2, 0);
    lif_run_shape s;
    s.fano_bin = 500, s.rate_bin = 10, s.n_record = 500, s.n_pairs = 5000, s.held_steps = 1000;
    s.trace_every = 10;
    s.steps = s.window = 10000;
    const double short_run = lif_memory_estimate(net, s, part, 0).analysis;
    s.steps = s.window = 1000000;
    EXPECT_DOUBLE_EQ(lif_memory_estimate(net, s, part, 0).analysis, short_run);
    s.v_traces = 2;  // gids 0 and N_E / 500, both on rank 0 of 2: 8 B per sample of one flush interval
    const double traced = lif_memory_estimate(net, s, part, 0).analysis;
    EXPECT_DOUBLE_EQ(traced - short_run, 1.5 * 8.0 * 2.0 * (1000.0 / 10.0 + 1.0));
    s.steps = s.window = 10000;
    EXPECT_DOUBLE_EQ(lif_memory_estimate(net, s, part, 0).analysis, traced);
}

TEST(ScnMemoryEstimate, DecoderOnEveryRankAndRowsOnRankZero) {
    scn_params p;
    p.n = 10000;
    p.dim = 8;
    scn_run_shape s;
    s.steps = 100;
    const double decoder = 8.0 * 8.0 * 10000.0;
    const partition part(p.n, 2, 0);
    const auto e0 = scn_memory_estimate(p, s, part, 0), e1 = scn_memory_estimate(p, s, part, 1);
    EXPECT_DOUBLE_EQ(e0.synapses, 8.0 * 10000.0);
    EXPECT_DOUBLE_EQ(e1.held, decoder);
    EXPECT_DOUBLE_EQ(e0.held, 3.0 * decoder);  // + rank 0's row-major copy for the file
    p.decoder = scn_decoder_kind::given;
    EXPECT_DOUBLE_EQ(scn_memory_estimate(p, s, part, 1).held, 3.0 * decoder);
}

}  // namespace
}  // namespace balnet
