// SPDX-License-Identifier: BSD-3-Clause
// exact_sum and exact_series: correct rounding against independent exact references (a + b in
// IEEE, sums of integers in 128-bit arithmetic), cancellation, subnormals, overflow, non-finite
// values, invariance under permutation and splitting (the partition independence the reductions
// over ranks rely on), the deferred carries, and the expansions of exact_series.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/core/exact_sum.hpp>

using balnet::exact_series;
using balnet::exact_sum;

namespace {

__extension__ typedef __int128 i128;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double dmax = std::numeric_limits<double>::max();
constexpr double dmin = std::numeric_limits<double>::min();           // 2^-1022
constexpr double tiny = std::numeric_limits<double>::denorm_min();    // 2^-1074

double sum_of(std::initializer_list<double> v) {
    exact_sum s;
    for (double x : v) s.add(x);
    return s.to_double();
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Doubles of every magnitude and sign, some subnormal, some exactly opposite pairs.
std::vector<double> mixed_values(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(1.0, 2.0);
    std::uniform_int_distribution<int> e(-1074, 1000);
    std::vector<double> v;
    while (v.size() < n) {
        double x = std::ldexp(u(rng), e(rng));
        if (rng() % 2) x = -x;
        v.push_back(x);
        if (rng() % 16 == 0 && v.size() < n) v.push_back(-x);
        if (rng() % 64 == 0 && v.size() < n) v.push_back(static_cast<double>(rng() % 1000) * tiny);
    }
    return v;
}

}  // namespace

TEST(ExactSum, EmptyAndZeroAreZero) {
    EXPECT_EQ(bits(exact_sum().to_double()), bits(0.0));
    EXPECT_EQ(bits(sum_of({-0.0, -0.0})), bits(0.0));
    EXPECT_EQ(bits(sum_of({1.5, -1.5})), bits(0.0));
}

TEST(ExactSum, TwoValuesMatchIeeeAddition) {
    // a + b is correctly rounded in IEEE arithmetic: the reference for two values.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(1.0, 2.0);
    for (int span : {5, 60, 200, 2100}) {
        std::uniform_int_distribution<int> e(std::max(-1074, -span), std::min(1000, span));
        for (int k = 0; k < 200000; ++k) {
            const double a = (rng() % 2 ? -1 : 1) * std::ldexp(u(rng), e(rng));
            double b = (rng() % 2 ? -1 : 1) * std::ldexp(u(rng), e(rng));
            if (k % 7 == 0) b = (rng() % 2 ? -1 : 1) * static_cast<double>(rng() % 100000) * tiny;
            const double ieee = a + b;
            if (ieee == 0.0) continue;  // +-0 conventions differ (exact_sum gives +0)
            ASSERT_EQ(bits(sum_of({a, b})), bits(ieee)) << a << " + " << b;
        }
    }
}

TEST(ExactSum, ManyValuesMatch128BitIntegerSums) {
    // Values int * 2^base with |int| < 2^100: their sum is exact in 128-bit integers, and the
    // conversion of an __int128 to double is correctly rounded.
    std::mt19937_64 rng(11);
    for (int trial = 0; trial < 3000; ++trial) {
        const int base = std::uniform_int_distribution<int>(-1000, 880)(rng);
        const int n = 1 + static_cast<int>(rng() % 40);
        exact_sum s;
        i128 total = 0;
        for (int k = 0; k < n; ++k) {
            const int shift = static_cast<int>(rng() % 48);
            const auto m = static_cast<std::int64_t>(rng() >> 11);  // 53 bits
            i128 v = static_cast<i128>(m) << shift;
            if (rng() % 2) v = -v;
            total += v;
            s.add(std::ldexp(static_cast<double>(v), base));  // exact: 53 significant bits
        }
        const double ref = std::ldexp(static_cast<double>(total), base);  // normal: one rounding
        ASSERT_EQ(bits(s.to_double()), bits(ref == 0.0 ? 0.0 : ref)) << "trial " << trial;
    }
}

TEST(ExactSum, TiesRoundToEvenAndStickyBitsBreakThem) {
    const double ulp1 = std::ldexp(1.0, -52);
    EXPECT_EQ(sum_of({1.0, std::ldexp(1.0, -53)}), 1.0);                                 // tie: even
    EXPECT_EQ(sum_of({1.0 + ulp1, std::ldexp(1.0, -53)}), 1.0 + 2 * ulp1);               // tie: even
    EXPECT_EQ(sum_of({1.0, std::ldexp(1.0, -53), std::ldexp(1.0, -200)}), 1.0 + ulp1);   // above
    EXPECT_EQ(sum_of({1.0, std::ldexp(1.0, -53), -std::ldexp(1.0, -200)}), 1.0);         // below
    EXPECT_EQ(sum_of({-1.0, -std::ldexp(1.0, -53), -std::ldexp(1.0, -900)}), -1.0 - ulp1);
}

TEST(ExactSum, CatastrophicCancellation) {
    EXPECT_EQ(sum_of({1e300, 1.0, -1e300}), 1.0);
    EXPECT_EQ(sum_of({1e308, 1e308, -1e308}), 1e308);  // the partial sum exceeds DBL_MAX
    EXPECT_EQ(sum_of({dmax, dmax, -dmax}), dmax);
    EXPECT_EQ(sum_of({1e16, 1.0, -1e16, 1.0}), 2.0);
    EXPECT_EQ(sum_of({0.1, 0.2, -0.3}), 2.7755575615628914e-17);  // the exact residue
    std::vector<double> v = mixed_values(10000, 3);
    exact_sum s;
    for (double x : v) s.add(x);
    for (double x : v) s.add(-x);
    EXPECT_EQ(bits(s.to_double()), bits(0.0));
}

TEST(ExactSum, SubnormalsAndOverflow) {
    EXPECT_EQ(sum_of({tiny, tiny, tiny}), 3 * tiny);
    EXPECT_EQ(sum_of({dmin, -tiny}), dmin - tiny);  // the largest subnormal
    EXPECT_EQ(sum_of({dmin, -dmin, tiny}), tiny);
    EXPECT_EQ(sum_of({-tiny}), -tiny);
    EXPECT_EQ(sum_of({dmax, dmax}), inf);
    EXPECT_EQ(sum_of({-dmax, -dmax}), -inf);
    // DBL_MAX + half an ulp of it rounds to 2^1024: overflow.
    EXPECT_EQ(sum_of({dmax, std::ldexp(1.0, 970)}), inf);
    EXPECT_EQ(sum_of({dmax, std::ldexp(1.0, 969)}), dmax);
    std::vector<double> many(5000, dmax);
    exact_sum s;
    for (double x : many) s.add(x);
    EXPECT_EQ(s.to_double(), inf);
    for (std::size_t k = 1; k < many.size(); ++k) s.add(-dmax);
    EXPECT_EQ(s.to_double(), dmax);
}

TEST(ExactSum, NonFiniteValuesPropagate) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(std::isnan(sum_of({1.0, nan, 2.0})));
    EXPECT_EQ(sum_of({1.0, inf, -1e300}), inf);
    EXPECT_EQ(sum_of({1.0, -inf}), -inf);
    EXPECT_TRUE(std::isnan(sum_of({inf, -inf})));
    EXPECT_TRUE(std::isnan(sum_of({inf, nan})));
    exact_sum a, b;
    a.add(inf);
    b.add(-inf);
    a += b;
    EXPECT_TRUE(std::isnan(a.to_double()));
}

TEST(ExactSum, PermutationInvariantOnAMillionMixedValues) {
    std::vector<double> v = mixed_values(1000000, 5);
    exact_sum ref;
    for (double x : v) ref.add(x);
    const double r = ref.to_double();
    EXPECT_TRUE(std::isfinite(r));
    std::mt19937_64 rng(9);
    for (int round = 0; round < 3; ++round) {
        std::shuffle(v.begin(), v.end(), rng);
        exact_sum s;
        for (double x : v) s.add(x);
        EXPECT_EQ(bits(s.to_double()), bits(r));
    }
}

TEST(ExactSum, MergeEqualsAddingEverything) {
    const std::vector<double> v = mixed_values(200000, 13);
    exact_sum all;
    for (double x : v) all.add(x);
    for (std::size_t parts : {2u, 3u, 7u, 64u}) {
        std::vector<exact_sum> acc(parts);
        for (std::size_t i = 0; i < v.size(); ++i) acc[(i * 2654435761u) % parts].add(v[i]);
        exact_sum merged;
        for (const auto& a : acc) merged += a;
        EXPECT_EQ(bits(merged.to_double()), bits(all.to_double())) << parts << " parts";
    }
}

TEST(ExactSum, DeferredCarriesSurviveMoreThanTheirHeadroom) {
    // 2^20 + 5 additions of the largest significand cross many normalisations (every 256
    // additions), and so do the merges of accumulators built by doubling.
    const std::uint64_t n = (1u << 20) + 5;
    const double big = std::ldexp(2.0 - std::ldexp(1.0, -52), 900);
    exact_sum s;
    for (std::uint64_t k = 0; k < n; ++k) s.add(big);
    EXPECT_EQ(s.to_double(), big * static_cast<double>(n));  // one rounding of the product
    auto doubled = [&](double x) {  // n x by merging: 2^20 x by doubling, then 5 more
        exact_sum t;
        t.add(x);
        for (int k = 0; k < 20; ++k) t += exact_sum(t);
        for (int k = 0; k < 5; ++k) t.add(x);
        return t;
    };
    EXPECT_EQ(bits(doubled(big).to_double()), bits(s.to_double()));
    s += doubled(-big);
    EXPECT_EQ(bits(s.to_double()), bits(0.0));
}

TEST(ExactSum, SpanAdditionEqualsOneByOne) {
    const std::vector<double> v = mixed_values(100003, 17);
    for (std::size_t n : {0u, 1u, 7u, 31u, 32u, 33u, 1000u, 4096u, 100003u}) {
        const std::span<const double> part(v.data(), n);
        exact_sum one, bulk;
        for (double x : part) one.add(x);
        bulk.add(part);
        EXPECT_EQ(bits(bulk.to_double()), bits(one.to_double())) << n;
        bulk.add(-1e300);  // the state stays usable
        one.add(-1e300);
        EXPECT_EQ(bits(bulk.to_double()), bits(one.to_double())) << n;
    }
    std::vector<double> w(v.begin(), v.begin() + 999);
    w[500] = inf;
    exact_sum a;
    a.add(std::span<const double>(w));
    EXPECT_EQ(a.to_double(), inf);
    w[501] = -inf;
    a.clear();
    a.add(std::span<const double>(w));
    EXPECT_TRUE(std::isnan(a.to_double()));
}

TEST(ExactSum, ClearForgetsEverything) {
    exact_sum s;
    s.add(1e300);
    s.add(std::numeric_limits<double>::quiet_NaN());
    s.clear();
    s.add(2.5);
    EXPECT_EQ(s.to_double(), 2.5);
}

TEST(ExactSeries, ExpansionsAreExactAndShort) {
    exact_sum s;
    for (double x : {1.0, 1e-30, 1e-60, -1e-90}) s.add(x);
    std::vector<double> e;
    EXPECT_EQ(s.append_expansion(e), 4u);
    EXPECT_EQ(e[0], 1.0);
    exact_sum back;
    for (double x : e) back.add(x);
    back += exact_sum();  // merging an empty accumulator changes nothing
    std::vector<double> e2;
    back.append_expansion(e2);
    EXPECT_EQ(e, e2);
    // Values of similar magnitude: one or two terms.
    exact_sum t;
    for (double x : mixed_values(1000, 1)) t.add(std::ldexp(std::fabs(x), -std::ilogb(x)));
    e.clear();
    EXPECT_LE(t.append_expansion(e), 2u);
    e.clear();
    EXPECT_EQ(exact_sum().append_expansion(e), 0u);
}

TEST(ExactSeries, RoundTripThroughItsState) {
    exact_series ser;
    exact_sum s;
    std::vector<double> expect;
    for (int k = 0; k < 100; ++k) {
        s.clear();
        for (double x : mixed_values(50, static_cast<std::uint64_t>(k))) s.add(x);
        if (k == 5) s.add(std::numeric_limits<double>::quiet_NaN());
        if (k == 6) s.clear();
        if (k == 7) s.add(-inf);
        ser.push_back(s);
        expect.push_back(s.to_double());
    }
    const auto r = ser.rounded();
    ASSERT_EQ(r.size(), expect.size());
    for (std::size_t k = 0; k < r.size(); ++k)
        EXPECT_EQ(bits(r[k]), bits(expect[k])) << k;
    auto state = ser.serialise();
    state.push_back(42.0);  // whatever follows is not read
    exact_series back;
    EXPECT_EQ(back.restore(state), state.size() - 1);
    EXPECT_EQ(back.size(), ser.size());
    const auto r2 = back.rounded();
    for (std::size_t k = 0; k < r.size(); ++k) EXPECT_EQ(bits(r2[k]), bits(r[k]));
    state.resize(state.size() - 3);
    EXPECT_THROW(back.restore(state), balnet::internal_error);

    exact_sum one;
    one.add(1.0);
    one.add(1e-200);
    auto st = one.serialise();
    exact_sum one_back;
    EXPECT_EQ(one_back.restore(st), st.size());
    EXPECT_EQ(bits(one_back.to_double()), bits(one.to_double()));
    one_back.add(-1.0);
    EXPECT_EQ(one_back.to_double(), 1e-200);
}
