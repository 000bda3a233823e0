// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/exact_sum.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr std::int64_t half_limb = std::int64_t{1} << 31;
constexpr std::int64_t limb_mask = (std::int64_t{1} << 32) - 1;

// Balanced carry propagation over d[lo, n) from lo up, until past hi with no carry left; the top
// limb takes whatever remains. Returns the new end of the non-zero range.
std::size_t propagate_balanced(std::int64_t* d, std::size_t lo, std::size_t hi, std::size_t n) {
    std::int64_t carry = 0;
    std::size_t i = lo;
    for (; i + 1 < n && (i < hi || carry != 0); ++i) {
        const std::int64_t v = d[i] + carry;
        carry = (v + half_limb) >> 32;  // floor((v + 2^31) / 2^32): v - carry 2^32 in [-2^31, 2^31)
        d[i] = v - carry * (std::int64_t{1} << 32);
    }
    if (i + 1 == n && (hi == n || carry != 0)) {
        d[i] += carry;
        ++i;
    }
    return std::max(i, hi);
}

}  // namespace

void exact_sum::add(std::span<const double> v) noexcept {
    constexpr std::size_t ways = 4, block = 128;  // block additions per way between checks
    if (v.size() < 8 * ways) {
        for (const double x : v) add(x);
        return;
    }
    exact_sum part[ways - 1];
    exact_sum* acc[ways] = {this, &part[0], &part[1], &part[2]};
    std::size_t i = 0;
    while (v.size() - i >= ways) {
        const std::size_t n = std::min(block, (v.size() - i) / ways);
        for (auto* a : acc)
            if (a->pending_ + n >= max_pending) a->normalise();
        std::uint64_t touched[ways] = {0, 0, 0, 0};
        bool special = false;
        // The body of add() without its bookkeeping, which is done once per block.
        auto put = [&special](std::int64_t* limb, std::uint64_t& t, double x) {
            const auto b = std::bit_cast<std::uint64_t>(x);
            const auto e = static_cast<std::uint32_t>(b >> 52) & 0x7ffu;
            if (e == 0x7ffu) [[unlikely]] {
                special = true;
                return;
            }
            std::uint64_t m = b & 0xfffffffffffffull;
            std::uint32_t pos = 0;
            if (e != 0) {
                m |= 1ull << 52;
                pos = e - 1;
            }
            const std::uint32_t k = pos >> 5, s = pos & 31u;
            const std::int64_t neg = -static_cast<std::int64_t>(b >> 63);
            limb[k] += (static_cast<std::int64_t>((m << s) & 0xffffffffu) ^ neg) - neg;
            limb[k + 1] += (static_cast<std::int64_t>(m >> (32 - s)) ^ neg) - neg;
            t |= std::uint64_t{1} << k;
        };
        std::int64_t* l0 = acc[0]->limb_.data();
        std::int64_t* l1 = acc[1]->limb_.data();
        std::int64_t* l2 = acc[2]->limb_.data();
        std::int64_t* l3 = acc[3]->limb_.data();
        const double* x = v.data() + i;
        for (std::size_t j = 0; j < n; ++j, x += ways) {
            put(l0, touched[0], x[0]);
            put(l1, touched[1], x[1]);
            put(l2, touched[2], x[2]);
            put(l3, touched[3], x[3]);
        }
        for (std::size_t w = 0; w < ways; ++w) {
            acc[w]->touched_ |= touched[w];
            acc[w]->pending_ += static_cast<std::uint32_t>(n);
        }
        if (special)  // count the non-finite values the block skipped
            for (std::size_t j = 0; j < n * ways; ++j)
                if (!std::isfinite(v[i + j])) add_special(v[i + j]);
        i += n * ways;
    }
    for (; i < v.size(); ++i) add(v[i]);
    for (const auto& p : part) *this += p;
}

void exact_sum::add_special(double x) noexcept {
    if (std::isnan(x)) ++nan_;
    else if (x > 0) ++pos_inf_;
    else ++neg_inf_;
}

std::array<std::uint32_t, 2> exact_sum::dirty() const noexcept {
    std::uint32_t lo = lo_, hi = hi_;
    if (touched_ != 0) {
        lo = std::min(lo, static_cast<std::uint32_t>(std::countr_zero(touched_)));
        hi = std::max(hi, static_cast<std::uint32_t>(63 - std::countl_zero(touched_)) + 2);
    }
    return {lo, hi};
}

void exact_sum::normalise() noexcept {
    pending_ = 0;
    const auto [lo, hi] = dirty();
    touched_ = 0;
    lo_ = lo;
    hi_ = hi;
    if (lo_ >= hi_) return;
    hi_ = static_cast<std::uint32_t>(propagate_balanced(limb_.data(), lo_, hi_, n_limbs));
    while (lo_ < hi_ && limb_[lo_] == 0) ++lo_;
    while (hi_ > lo_ && limb_[hi_ - 1] == 0) --hi_;
    if (lo_ == hi_) {
        lo_ = n_limbs;
        hi_ = 0;
    }
}

exact_sum& exact_sum::operator+=(const exact_sum& o) noexcept {
    const auto [lo, hi] = o.dirty();
    for (std::uint32_t i = lo; i < hi; ++i) limb_[i] += o.limb_[i];
    if (lo < hi) {
        lo_ = std::min(lo_, lo);
        hi_ = std::max(hi_, hi);
    }
    nan_ += o.nan_;
    pos_inf_ += o.pos_inf_;
    neg_inf_ += o.neg_inf_;
    // |limb| < (pending + 1) 2^53 on each side, so the sum stays below (p + p' + 2) 2^53.
    pending_ += o.pending_ + 1;
    if (pending_ >= max_pending) normalise();
    return *this;
}

void exact_sum::clear() noexcept {
    const auto [lo, hi] = dirty();
    for (std::uint32_t i = lo; i < hi; ++i) limb_[i] = 0;
    touched_ = 0;
    lo_ = n_limbs;
    hi_ = 0;
    pending_ = 0;
    nan_ = pos_inf_ = neg_inf_ = 0;
}

double exact_sum::to_double() const noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (nan_ != 0 || (pos_inf_ != 0 && neg_inf_ != 0)) return std::numeric_limits<double>::quiet_NaN();
    if (pos_inf_ != 0) return inf;
    if (neg_inf_ != 0) return -inf;
    const auto [lo, hi] = dirty();
    if (lo >= hi) return 0.0;
    std::array<std::int64_t, n_limbs> d{};
    std::copy(limb_.begin() + lo, limb_.begin() + hi, d.begin() + lo);
    const std::size_t end = propagate_balanced(d.data(), lo, hi, n_limbs);
    std::size_t t = end;  // one past the top non-zero digit
    while (t > lo && d[t - 1] == 0) --t;
    if (t == lo) return 0.0;
    --t;
    // Balanced digits: the sign of the value is the sign of its top digit. Work on |value| in
    // digits [0, 2^32) (floor carries; the top digit absorbs the borrows and stays >= 0).
    const bool negative = d[t] < 0;
    // |value| > 2^(32 t - 1 - 1074) >= 2^1037 from limb 66 on: beyond the double range.
    if (t >= 66) return negative ? -inf : inf;
    std::int64_t carry = 0;
    for (std::size_t i = lo; i <= t; ++i) {
        const std::int64_t v = (negative ? -d[i] : d[i]) + carry;
        carry = v >> 32;  // 0 at the top: |d[t]| <= 2^31 and the borrow is at most 1
        d[i] = v & limb_mask;
    }
    while (t > lo && d[t] == 0) --t;
    // The top 65 to 96 bits, W = d[t] d[t-1] d[t-2], and whether anything below them is set.
    auto digit = [&](std::size_t i, std::size_t back) -> std::uint64_t {
        return i >= back ? static_cast<std::uint64_t>(d[i - back]) : 0u;
    };
    const u128 w = (static_cast<u128>(digit(t, 0)) << 64) | (static_cast<u128>(digit(t, 1)) << 32) |
                   static_cast<u128>(digit(t, 2));
    bool sticky = false;
    for (std::size_t i = lo; i + 2 < t; ++i) sticky |= d[i] != 0;
    const int width = 64 + static_cast<int>(std::bit_width(static_cast<std::uint64_t>(d[t])));
    int shift = width - 53;  // 12 .. 43
    std::uint64_t mant = static_cast<std::uint64_t>(w >> shift);
    const u128 rem = w & ((static_cast<u128>(1) << shift) - 1);
    const u128 half = static_cast<u128>(1) << (shift - 1);
    if (rem > half || (rem == half && (sticky || (mant & 1u) != 0))) ++mant;
    if (mant == (std::uint64_t{1} << 53)) {
        mant >>= 1;
        ++shift;
    }
    // Exact: a normal result has 53 bits; a subnormal one (< 2^-1022, i.e. t <= 1) lies wholly
    // inside W, so nothing was rounded. Overflow gives inf.
    const double r = std::ldexp(static_cast<double>(mant), 32 * (static_cast<int>(t) - 2) - 1074 + shift);
    return negative ? -r : r;
}

std::size_t exact_sum::append_expansion(std::vector<double>& out) const {
    exact_sum rest = *this;
    std::size_t n = 0;
    for (;;) {
        const double d = rest.to_double();
        if (d == 0.0) break;
        out.push_back(d);
        ++n;
        if (!std::isfinite(d)) break;
        rest.add(-d);
    }
    return n;
}

std::vector<double> exact_sum::serialise() const {
    std::vector<double> out{0.0};
    out[0] = static_cast<double>(append_expansion(out));
    return out;
}

std::size_t exact_sum::restore(std::span<const double> state) {
    if (state.empty() || !(state[0] >= 0.0) || state[0] > static_cast<double>(state.size() - 1))
        throw internal_error("exact_sum::restore: truncated state");
    const auto n = static_cast<std::size_t>(state[0]);
    clear();
    for (std::size_t i = 1; i <= n; ++i) add(state[i]);
    return n + 1;
}

std::array<std::size_t, 2> exact_sum::normalised_support() noexcept {
    normalise();
    if (lo_ >= hi_) return {0, 0};
    return {lo_, hi_};
}

void exact_sum::assign(std::size_t first, std::span<const std::int64_t> limbs, bool nan, bool pos_inf,
                       bool neg_inf) noexcept {
    clear();
    std::copy(limbs.begin(), limbs.end(), limb_.begin() + static_cast<std::ptrdiff_t>(first));
    if (!limbs.empty()) {
        lo_ = static_cast<std::uint32_t>(first);
        hi_ = static_cast<std::uint32_t>(first + limbs.size());
    }
    nan_ = nan ? 1 : 0;
    pos_inf_ = pos_inf ? 1 : 0;
    neg_inf_ = neg_inf ? 1 : 0;
    normalise();
}

// ---- exact_series --------------------------------------------------------------------------

void exact_series::push_back(const exact_sum& s) {
    const std::size_t n = s.append_expansion(terms_);
    counts_.push_back(static_cast<std::uint8_t>(n));  // n <= 42: 2098 bits / 52 per term
}

void exact_series::reserve(std::size_t entries, std::size_t terms_per_entry) {
    counts_.reserve(entries);
    terms_.reserve(entries * terms_per_entry);
}

std::vector<double> exact_series::rounded() const {
    std::vector<double> out;
    out.reserve(counts_.size());
    exact_sum acc;
    std::size_t pos = 0;
    for (const auto c : counts_) {
        acc.clear();
        for (std::size_t j = 0; j < c; ++j) acc.add(terms_[pos + j]);
        pos += c;
        out.push_back(acc.to_double());
    }
    return out;
}

std::vector<double> exact_series::serialise() const {
    std::vector<double> out{static_cast<double>(counts_.size()), static_cast<double>(terms_.size())};
    out.reserve(2 + counts_.size() + terms_.size());
    for (const auto c : counts_) out.push_back(static_cast<double>(c));
    out.insert(out.end(), terms_.begin(), terms_.end());
    return out;
}

std::size_t exact_series::restore(std::span<const double> state) {
    auto fail = [] { throw internal_error("exact_series::restore: truncated or damaged state"); };
    if (state.size() < 2 || !(state[0] >= 0.0) || !(state[1] >= 0.0)) fail();
    const double avail = static_cast<double>(state.size() - 2);
    if (state[0] > avail || state[1] > avail - state[0]) fail();
    const auto n = static_cast<std::size_t>(state[0]), m = static_cast<std::size_t>(state[1]);
    std::vector<std::uint8_t> counts(n);
    std::size_t total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double c = state[2 + i];
        if (!(c >= 0.0) || c > 255.0) fail();
        counts[i] = static_cast<std::uint8_t>(c);
        total += counts[i];
    }
    if (total != m) fail();
    counts_ = std::move(counts);
    terms_.assign(state.begin() + static_cast<std::ptrdiff_t>(2 + n),
                  state.begin() + static_cast<std::ptrdiff_t>(2 + n + m));
    return 2 + n + m;
}

}  // namespace balnet
