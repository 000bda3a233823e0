// SPDX-License-Identifier: BSD-3-Clause
// context::sum_exact at any rank count: the same global values, dealt to the ranks in different
// ways (blocks, round robin, all on one rank), give the bits of one accumulator that added them
// all; empty ranks, non-finite values and series of many entries included.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/exact_sum.hpp>

using namespace balnet;

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Entry e of a series: values of every magnitude, with cancellations; the same on every rank.
std::vector<double> values(std::size_t e, std::size_t n) {
    std::mt19937_64 rng(1000 + e);
    std::uniform_real_distribution<double> u(1.0, 2.0);
    std::uniform_int_distribution<int> ex(-1074, 1000);
    std::vector<double> v;
    for (std::size_t k = 0; k < n; ++k) {
        const double x = (rng() % 2 ? -1.0 : 1.0) * std::ldexp(u(rng), k % 3 == 0 ? ex(rng) : ex(rng) / 40);
        v.push_back(x);
        if (k % 5 == 0) v.push_back(-x);
    }
    return v;
}

// Which rank holds value k of n under a deal.
int holder(int deal, std::size_t k, std::size_t n, int p) {
    switch (deal) {
    case 0: return static_cast<int>(k * static_cast<std::size_t>(p) / n);  // blocks
    case 1: return static_cast<int>(k % static_cast<std::size_t>(p));      // round robin
    default: return p - 1;                                                  // all on the last rank
    }
}

}  // namespace

TEST(SumExactMpi, AnyDealGivesTheBitsOfOneAccumulator) {
    const context ctx;
    for (std::size_t e = 0; e < 20; ++e) {
        const auto v = values(e, 50 + 37 * e);
        exact_sum all;
        for (double x : v) all.add(x);
        for (int deal = 0; deal < 3; ++deal) {
            exact_sum mine;
            for (std::size_t k = 0; k < v.size(); ++k)
                if (holder(deal, k, v.size(), ctx.size()) == ctx.rank()) mine.add(v[k]);
            EXPECT_EQ(bits(ctx.sum_exact(mine)), bits(all.to_double())) << "entry " << e << " deal " << deal;
        }
    }
}

TEST(SumExactMpi, InPlaceAndNonFinite) {
    const context ctx;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<exact_sum> v(4);
    if (ctx.rank() == 0) v[0].add(1e300), v[1].add(inf), v[2].add(1.0);
    if (ctx.rank() == ctx.size() - 1) v[0].add(1.0), v[1].add(-inf), v[2].add(inf);
    v[3].add(1e-300);
    ctx.sum_exact(std::span<exact_sum>(v));
    if (ctx.rank() == 0) v[0].add(-1e300);  // the reduced values are whole on every rank
    EXPECT_EQ(v[0].to_double(), ctx.rank() == 0 ? 1.0 : 1e300);
    EXPECT_TRUE(std::isnan(v[1].to_double()));  // +inf and -inf
    EXPECT_EQ(v[2].to_double(), inf);
    exact_sum ref;
    for (int r = 0; r < ctx.size(); ++r) ref.add(1e-300);
    EXPECT_EQ(bits(v[3].to_double()), bits(ref.to_double()));
}

TEST(SumExactMpi, SeriesOfManyEntries) {
    const context ctx;
    const std::size_t n = 2500;  // three blocks of the reduction
    exact_series mine;
    std::vector<double> expect;
    exact_sum acc, all;
    for (std::size_t e = 0; e < n; ++e) {
        const auto v = values(e, 1 + e % 23);
        acc.clear();
        all.clear();
        for (std::size_t k = 0; k < v.size(); ++k) {
            all.add(v[k]);
            if (holder(static_cast<int>(e % 3), k, v.size(), ctx.size()) == ctx.rank()) acc.add(v[k]);
        }
        mine.push_back(acc);
        expect.push_back(all.to_double());
    }
    const auto got = ctx.sum_exact(mine);
    ASSERT_EQ(got.size(), n);
    for (std::size_t e = 0; e < n; ++e) ASSERT_EQ(bits(got[e]), bits(expect[e])) << "entry " << e;
    EXPECT_TRUE(ctx.sum_exact(exact_series()).empty());
    if (ctx.size() > 1) {
        exact_series uneven;
        if (ctx.rank() == 0) uneven.push_back(acc);
        EXPECT_THROW(ctx.sum_exact(uneven), internal_error);
    }
}
