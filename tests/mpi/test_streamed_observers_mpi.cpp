// SPDX-License-Identifier: BSD-3-Clause
// The observers that drop their per-step data at every flush (chi, rho_EI, the pair count
// correlation) give the same bits as one holder of every neuron that never syncs: whatever the
// rank count, wherever the syncs fall, and across a serialise/restore in the middle. The
// reference is the single-holder path with every sample kept to the end, whose agreement with a
// naive two-pass computation the unit tests show.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/analysis/ei_input_correlation.hpp>
#include <balnet/analysis/pair_count_correlation.hpp>
#include <balnet/analysis/population_spectrum.hpp>
#include <balnet/analysis/synchrony_accumulator.hpp>

using namespace balnet;

namespace {

constexpr std::size_t n_neurons = 37;
constexpr step_type n_steps = 900;

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Neuron i's value at step k: a shared slow wave plus its own noise, large offset (the shifted
// sums must keep their accuracy), the same on every rank.
double value(std::size_t i, step_type k, double offset) {
    rng_stream r(11, rng_purpose::sampling, static_cast<std::uint64_t>(k) * 1000 + i, 7);
    return offset + 2.0 * std::sin(0.03 * static_cast<double>(k)) + r.normal();
}

// Rank r's neurons: a block split, [begin, end).
std::pair<std::size_t, std::size_t> block(const context& ctx) {
    const auto p = static_cast<std::size_t>(ctx.size()), r = static_cast<std::size_t>(ctx.rank());
    return {r * n_neurons / p, (r + 1) * n_neurons / p};
}

// Sync points at irregular steps (and none for a single holder).
bool sync_after(step_type k) { return k % 97 == 13 || k % 250 == 0; }

}  // namespace

TEST(StreamedObserversMpi, ChiIsTheBitsOfOneHolderAtAnySyncs) {
    const context ctx;
    const auto [b, e] = block(ctx);
    synchrony_accumulator all(n_neurons), mine(e - b);
    std::vector<double> row(n_neurons);
    for (step_type k = 0; k < n_steps; ++k) {
        for (std::size_t i = 0; i < n_neurons; ++i) row[i] = value(i, k, -55.0);
        all.add(row);
        mine.add(std::span<const double>(row).subspan(b, e - b));
        if (sync_after(k)) mine.sync(ctx);
        if (k == 400) {  // a checkpoint in the middle: restore into a fresh object
            synchrony_accumulator fresh(e - b);
            fresh.restore(mine.serialise());
            mine = fresh;
        }
    }
    const double expected = all.chi();
    ASSERT_TRUE(std::isfinite(expected));
    EXPECT_EQ(bits(mine.chi(ctx)), bits(expected));
    mine.sync(ctx);
    EXPECT_EQ(bits(mine.chi(ctx)), bits(expected));
    EXPECT_EQ(mine.n_samples(), static_cast<std::uint64_t>(n_steps));
}

TEST(StreamedObserversMpi, RhoEiIsTheBitsOfOneHolderAtAnySyncs) {
    const context ctx;
    const auto [b, e] = block(ctx);
    ei_input_correlation all(n_neurons, 100, 20.0, 0.1), mine(e - b, 100, 20.0, 0.1);
    std::vector<double> ex(n_neurons), in(n_neurons);
    for (step_type k = 0; k < n_steps; ++k) {
        for (std::size_t i = 0; i < n_neurons; ++i) {
            ex[i] = std::max(0.0, value(i, k, 1.0));
            in[i] = std::max(0.0, 0.5 * value(i, k, 1.0) + 0.5 * value(i + 100, k, 1.0));
        }
        all.add(k, ex, in);
        mine.add(k, std::span<const double>(ex).subspan(b, e - b), std::span<const double>(in).subspan(b, e - b));
        if (sync_after(k)) mine.sync(ctx);
        if (k == 555) {
            ei_input_correlation fresh(e - b, 100, 20.0, 0.1);
            fresh.restore(mine.serialise());
            mine = fresh;
        }
    }
    const auto want = all.result(), got = mine.result(ctx);
    ASSERT_TRUE(std::isfinite(want.rho_pop));
    EXPECT_EQ(bits(got.rho_pop), bits(want.rho_pop));
    EXPECT_EQ(bits(got.rho), bits(want.rho));
    EXPECT_EQ(bits(got.mean_e), bits(want.mean_e));
    EXPECT_EQ(got.n_neurons, want.n_neurons);
}

TEST(StreamedObserversMpi, PairCorrelationIsTheBitsOfOneHolderAtAnySyncs) {
    const context ctx;
    const auto [b, e] = block(ctx);
    const step_type t0 = 30, bin = 40;
    pair_count_correlation all(5, 0, n_neurons, 60, t0, n_steps, bin), mine(5, 0, n_neurons, 60, t0, n_steps, bin);
    for (step_type c = 0; c < n_steps; c += 50) {  // chunks of 50 steps: stamps (c, c + 50]
        std::vector<spike> every, own;
        for (step_type k = c + 1; k <= c + 50; ++k)
            for (gid_type g = 0; g < n_neurons; ++g)
                if (value(g, k, 0.0) > 1.6) {
                    every.push_back({g, k});
                    if (g >= b && g < e) own.push_back({g, k});
                }
        all.add(every);
        mine.add(own);
        if (sync_after(c + 50) || c % 150 == 0) mine.sync(ctx, c + 50);
        if (c == 400) {
            pair_count_correlation fresh(5, 0, n_neurons, 60, t0, n_steps, bin);
            fresh.restore(mine.serialise());
            mine = fresh;
        }
    }
    all.sync(n_steps);
    mine.sync(ctx, n_steps);
    EXPECT_EQ(mine.bins_synced(), all.bins());
    const auto want = all.result(), got = mine.result();
    ASSERT_GT(want.n_pairs, 10u);
    EXPECT_EQ(got.n_pairs, want.n_pairs);
    EXPECT_EQ(bits(got.mean), bits(want.mean));
}

TEST(StreamedObserversMpi, SpectrumIsTheBitsOfTheWholeSeriesAtAnySyncs) {
    const context ctx;
    const auto [b, e] = block(ctx);
    const step_type t1 = 20000;  // h = 0.1 ms: 4000 bins of 0.5 ms, 10 segments of 200 ms
    population_spectrum all(0, n_neurons, 0, t1, 0.1), mine(0, n_neurons, 0, t1, 0.1);
    for (step_type c = 0; c < t1; c += 100) {  // chunks of 100 steps: stamps (c, c + 100]
        std::vector<spike> every, own;
        for (step_type k = c + 1; k <= c + 100; ++k)
            for (gid_type g = 0; g < n_neurons; ++g)
                if (value(g, k, 0.0) + std::sin(0.08 * static_cast<double>(k)) > 2.3) {  // a 127 Hz rhythm
                    every.push_back({g, k});
                    if (g >= b && g < e) own.push_back({g, k});
                }
        all.add(every);
        mine.add(own);
        if (sync_after(c + 100) || (c / 100) % 23 == 5) mine.sync(ctx, c + 100);
        if (c == 9000) {
            population_spectrum fresh(0, n_neurons, 0, t1, 0.1);
            fresh.restore(mine.serialise());
            mine = fresh;
        }
    }
    mine.sync(ctx, t1);
    const auto want = all.power(all.counts());
    const auto got = mine.synced_power();
    ASSERT_EQ(mine.segments_synced(), 10u);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) ASSERT_EQ(bits(got[k]), bits(want[k])) << "k = " << k;
    EXPECT_GT(mine.peak(got).ratio, 3.0);
}
