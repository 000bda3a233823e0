// SPDX-License-Identifier: BSD-3-Clause
// Exact summation of doubles: the result depends only on the multiset of the values added, never
// on their order or on how they were split between accumulators (ranks). Every reduction whose
// result reaches the output file goes through it, so that every dataset is bitwise the same at
// any rank count (context::sum_exact does the sum over ranks).
//
// exact_sum is a Kulisch-style fixed-point superaccumulator. The exact sum is an integer multiple
// of 2^-1074 (the smallest subnormal), held in n_limbs signed 64-bit limbs of 32 bits each: limb
// i weighs 2^(32 i - 1074). Limbs 0..65 cover every finite double, 66 and 67 the growth of sums
// beyond DBL_MAX. add() splits the 53-bit significand, shifted to its place, over two limbs and
// never rounds; carries are deferred (a limb holds far more than its 32 bits), so normalise(),
// which propagates them into balanced digits in [-2^31, 2^31), runs only every 256 additions (on
// the limbs in use) and before a read. Integer
// additions are associative: merging accumulators (operator+=, or MPI_SUM over the limbs) gives
// the same bits as adding every value into one.
// Non-finite values are counted apart: the result is NaN if a NaN, or both +inf and -inf, were
// added, else +-inf if one was. to_double() rounds the exact sum once, to nearest with ties to
// even; an exact sum beyond the double range gives +-inf, an exact 0 gives +0 (also for -0 inputs).
// A record of the limbs in use keeps clear(), normalise() and to_double() proportional to the
// span of exponents actually added: a few limbs for values of similar magnitude.
// Cost: add() is two read-modify-writes of limbs and a few ns; to_double() some tens of ns.
//
// exact_series holds a sequence of exact sums compactly (per recorded step, say): each as its
// greedy expansion, the doubles d_1, d_2, ... with d_1 = to_double(), d_2 = to_double() of the
// rest, and so on until the rest is 0; usually one to three doubles. The expansion is exact: an
// accumulator rebuilt from it holds the same value (and the same non-finite flags). The only loss:
// a finite sum beyond the double range is kept as its rounding, +-inf.
#pragma once
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace balnet {

class exact_sum {
public:
    static constexpr std::size_t n_limbs = 68;
    static constexpr int limb_bits = 32;

    exact_sum() noexcept = default;

    /// Adds x exactly (NaN and +-inf are counted, see above).
    void add(double x) noexcept {
        const auto b = std::bit_cast<std::uint64_t>(x);
        const auto e = static_cast<std::uint32_t>(b >> 52) & 0x7ffu;
        if (e == 0x7ffu) [[unlikely]] {
            add_special(x);
            return;
        }
        std::uint64_t m = b & 0xfffffffffffffull;
        std::uint32_t pos = 0;  // weight of the significand's lowest bit: 2^(pos - 1074)
        if (e != 0) {
            m |= 1ull << 52;
            pos = e - 1;
        }
        const std::uint32_t k = pos >> 5, s = pos & 31u;
        // m 2^s (< 2^85): bits 0..31 into limb k, the rest (< 2^53) into limb k + 1.
        const std::uint64_t low = (m << s) & 0xffffffffu;
        const std::uint64_t high = m >> (32 - s);
        const std::int64_t neg = -static_cast<std::int64_t>(b >> 63);
        limb_[k] += (static_cast<std::int64_t>(low) ^ neg) - neg;
        limb_[k + 1] += (static_cast<std::int64_t>(high) ^ neg) - neg;
        touched_ |= std::uint64_t{1} << k;
        if (++pending_ >= max_pending) [[unlikely]] normalise();
    }
    /// Adds every value of v: the same result as add() of each, faster for long spans (four
    /// interleaved accumulators, so that the read-modify-writes of the limbs do not wait for
    /// one another).
    void add(std::span<const double> v) noexcept;
    exact_sum& operator+=(double x) noexcept {
        add(x);
        return *this;
    }
    /// Merges another accumulator: the same value as adding its values here.
    exact_sum& operator+=(const exact_sum& o) noexcept;

    /// Back to 0 (cost proportional to the dirty range).
    void clear() noexcept;
    /// The exact sum, correctly rounded (NaN / +-inf as above).
    double to_double() const noexcept;
    /// Appends the greedy expansion (header comment) to out; returns the number of terms
    /// (0 for an exact 0).
    std::size_t append_expansion(std::vector<double>& out) const;

    /// Checkpoints: the expansion, preceded by its length. restore() reads such a block at the
    /// start of `state` and returns the number of values it took (internal_error when `state`
    /// does not start with one).
    std::vector<double> serialise() const;
    std::size_t restore(std::span<const double> state);

    // ---- Reductions over accumulators held elsewhere (context::sum_exact). ----
    /// Propagates the carries (balanced digits) and returns the range [first, last) of the limbs
    /// that are not 0 (first == last when the finite part is 0).
    std::array<std::size_t, 2> normalised_support() noexcept;
    std::int64_t limb(std::size_t i) const noexcept { return limb_[i]; }
    bool has_nan() const noexcept { return nan_ != 0; }
    bool has_pos_inf() const noexcept { return pos_inf_ != 0; }
    bool has_neg_inf() const noexcept { return neg_inf_ != 0; }
    /// Replaces the value by sum_i limbs[i] 2^(32 (first + i) - 1074) plus the non-finite flags
    /// (|limbs[i]| < 2^62; normalised at once).
    void assign(std::size_t first, std::span<const std::int64_t> limbs, bool nan, bool pos_inf,
                bool neg_inf) noexcept;

private:
    // Additions between normalisations. Invariant: |limb| < (pending + 1) 2^53 (an addition
    // brings less than 2^53 to a limb; normalised limbs are at most 2^31), and merges keep
    // pending + pending' + 1 < 2 max_pending: far below 2^63.
    static constexpr std::uint32_t max_pending = 256;

    void add_special(double x) noexcept;
    void normalise() noexcept;
    /// [lo, hi): every limb outside is 0.
    std::array<std::uint32_t, 2> dirty() const noexcept;

    std::array<std::int64_t, n_limbs> limb_{};
    std::uint64_t touched_ = 0;            ///< bit k: limbs k, k + 1 added to since normalise()
    std::uint32_t lo_ = n_limbs, hi_ = 0;  ///< the limbs not 0 at the last normalise()
    std::uint32_t pending_ = 0;            ///< additions since the last normalisation
    std::uint32_t nan_ = 0, pos_inf_ = 0, neg_inf_ = 0;
};

/// A sequence of exact sums, each kept as its expansion (header comment).
class exact_series {
public:
    void push_back(const exact_sum& s);
    std::size_t size() const noexcept { return counts_.size(); }
    bool empty() const noexcept { return counts_.empty(); }
    void clear() noexcept {
        counts_.clear();
        terms_.clear();
    }
    void reserve(std::size_t entries, std::size_t terms_per_entry = 2);

    /// Terms of the entries in order; entry i has counts()[i] of them.
    std::span<const std::uint8_t> counts() const noexcept { return counts_; }
    std::span<const double> terms() const noexcept { return terms_; }
    /// Every entry rounded (the local values, for a series that is not reduced over ranks).
    std::vector<double> rounded() const;

    /// Checkpoints: [entries, terms, counts..., terms...]. restore() reads such a block at the
    /// start of `state` and returns the number of values it took (internal_error otherwise).
    std::vector<double> serialise() const;
    std::size_t restore(std::span<const double> state);

private:
    std::vector<std::uint8_t> counts_;
    std::vector<double> terms_;
};

}  // namespace balnet
