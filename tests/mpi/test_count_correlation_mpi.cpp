// SPDX-License-Identifier: BSD-3-Clause
// count_correlation at any rank count: every neuron's spikes come from rng_stream keyed by
// (gid, step), with a rate modulated by a shared, step-keyed signal (so the counts of two
// neurons are correlated); each rank feeds only its own block, in chunks, with syncs at flushes
// that do not fall on window ends. The result must match a direct two-pass Pearson computation
// on the full count matrix written here, and a run checkpointed (serialise, restore into a fresh
// observer) halfway must end with the same bits.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <map>

#include <balnet/analysis/count_correlation.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/network/partition.hpp>

using namespace balnet;

namespace {

constexpr std::uint64_t n_neurons = 37;
constexpr step_type steps = 3000, t0 = 200, window = 50, chunk = 64, flush = 300;

/// Neuron g spikes at stamp s (1-based, as the engines stamp) with probability 0.02 + 0.06 c(s),
/// c a shared uniform per 25 steps: neurons co-vary. Neuron 5 never spikes (zero variance).
bool fires(gid_type g, step_type s) {
    if (g == 5) return false;
    rng_stream shared(11, rng_purpose::sampling, 1u << 20, static_cast<std::uint32_t>(s / 25));
    rng_stream own(11, rng_purpose::external_noise, g, static_cast<std::uint32_t>(s));
    return own.uniform() < 0.02 + 0.06 * shared.uniform();
}

/// Records what is written, as a sink.
struct memory_sink : output_sink {
    std::map<std::string, double> scalars;
    std::map<std::string, std::vector<double>> arrays;
    std::map<std::string, std::vector<std::uint64_t>> counts;
    void write_scalar(const std::string& p, double v, const std::string&) override { scalars[p] = v; }
    void write_array(const std::string& p, std::span<const double> v, const std::string&) override {
        arrays[p].assign(v.begin(), v.end());
    }
    void write_array(const std::string& p, std::span<const std::uint64_t> v, const std::string&) override {
        counts[p].assign(v.begin(), v.end());
    }
    void write_attribute(const std::string&, const std::string&, const std::string&) override {}
    void write_attribute(const std::string&, const std::string&, double) override {}
};

run_view view_of(const partition& part) {
    run_view v;
    v.populations = {{"E", 0, n_neurons}};
    v.owned_begin = part.begin();
    v.owned_end = part.end();
    v.dt_ms = 0.1;
    v.t0 = t0;
    v.t1 = steps;
    v.seed = 3;
    return v;
}

/// Feeds stamps (from, to] of the owned neurons to `o`, in chunks, syncing at every flush.
void feed(count_correlation& o, const partition& part, const context& ctx, step_type from, step_type to) {
    for (step_type c = from; c < to; c += chunk) {
        const step_type end = std::min(c + chunk, to);
        std::vector<spike> s;
        for (step_type k = c + 1; k <= end; ++k)
            for (gid_type g = part.begin(); g < part.end(); ++g)
                if (fires(g, k)) s.push_back({g, k});
        o.add_spikes(s);
        if (end / flush != c / flush || end == to) o.sync(ctx, end);
    }
}

/// Two-pass Pearson correlation of the counts of a and b in the whole windows from t0.
double direct_coefficient(gid_type a, gid_type b, bool& defined) {
    const std::size_t nw = static_cast<std::size_t>((steps - t0) / window);
    std::vector<long double> x(nw, 0), y(nw, 0);
    for (step_type s = t0; s < t0 + static_cast<step_type>(nw) * window; ++s) {
        const auto w = static_cast<std::size_t>((s - t0) / window);
        x[w] += fires(a, s);
        y[w] += fires(b, s);
    }
    long double mx = 0, my = 0;
    for (std::size_t w = 0; w < nw; ++w) mx += x[w], my += y[w];
    mx /= nw, my /= nw;
    long double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t w = 0; w < nw; ++w) {
        sxx += (x[w] - mx) * (x[w] - mx);
        syy += (y[w] - my) * (y[w] - my);
        sxy += (x[w] - mx) * (y[w] - my);
    }
    defined = sxx > 0 && syy > 0;
    return defined ? static_cast<double>(sxy / std::sqrt(sxx * syy)) : 0.0;
}

}  // namespace

TEST(count_correlation_mpi, matches_a_direct_computation_at_any_rank_count) {
    const context ctx;
    const partition part(n_neurons, ctx.size(), ctx.rank());
    count_correlation o(view_of(part), 60, window, 10);
    feed(o, part, ctx, 0, steps);
    memory_sink sink;
    o.finish(ctx, sink);
    const auto r = o.result();
    std::vector<double> expected;
    for (const auto& [a, b] : o.pair_gids()) {
        bool defined = false;
        const double c = direct_coefficient(a, b, defined);
        if (defined) expected.push_back(c);
    }
    ASSERT_EQ(r.coefficients.size(), expected.size());
    ASSERT_GT(expected.size(), 40u);  // some pairs hold neuron 5, the others are defined
    ASSERT_LT(expected.size(), 60u);
    double mean = 0;
    for (std::size_t k = 0; k < expected.size(); ++k) {
        EXPECT_NEAR(r.coefficients[k], expected[k], 1e-12) << "pair " << k;
        mean += expected[k];
    }
    mean /= static_cast<double>(expected.size());
    double sq = 0;
    std::vector<std::uint64_t> hist(10, 0);
    for (const double c : expected) {
        sq += (c - mean) * (c - mean);
        ++hist[std::min<std::size_t>(9, static_cast<std::size_t>((c + 1.0) * 5.0))];
    }
    EXPECT_NEAR(sink.scalars.at("/analysis/count_correlation/mean"), mean, 1e-12);
    EXPECT_GT(mean, 0.05);  // the shared signal correlates the counts
    EXPECT_NEAR(sink.scalars.at("/analysis/count_correlation/sd"), std::sqrt(sq / (static_cast<double>(expected.size()) - 1.0)), 1e-12);
    EXPECT_EQ(sink.counts.at("/analysis/count_correlation/histogram"), hist);
    EXPECT_EQ(sink.scalars.at("/analysis/count_correlation/n_pairs"), static_cast<double>(expected.size()));
    EXPECT_EQ(sink.arrays.at("/analysis/count_correlation/bin_edges").size(), 11u);
}

TEST(count_correlation_mpi, a_restored_observer_continues_bit_for_bit) {
    const context ctx;
    const partition part(n_neurons, ctx.size(), ctx.rank());
    count_correlation whole(view_of(part), 60, window, 10), first(view_of(part), 60, window, 10);
    feed(whole, part, ctx, 0, steps);
    feed(first, part, ctx, 0, 1280);  // a checkpoint mid-window, after a flush
    count_correlation second(view_of(part), 60, window, 10);
    second.restore(first.serialise());
    feed(second, part, ctx, 1280, steps);
    const auto a = whole.result(), b = second.result();
    ASSERT_EQ(a.coefficients.size(), b.coefficients.size());
    for (std::size_t k = 0; k < a.coefficients.size(); ++k)
        EXPECT_EQ(std::bit_cast<std::uint64_t>(a.coefficients[k]), std::bit_cast<std::uint64_t>(b.coefficients[k]));
    EXPECT_EQ(a.histogram, b.histogram);
    EXPECT_THROW(second.restore(std::vector<double>{1.0, 3.0}), internal_error);
}
