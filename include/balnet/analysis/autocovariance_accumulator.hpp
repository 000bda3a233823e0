// SPDX-License-Identifier: BSD-3-Clause
// Streaming autocovariance of many local series (docs/models.md §1.6, "Autocovariance estimator").
//
// For each of n_units series s_i(1..R), pushed one sample per recorded step, finalize() returns
// for lags k = 0..L-1 the sum over KEPT units of the unbiased lagged sum with the unit's OWN time
// mean subtracted,
//     C_i(k) = 1/(R-k) sum_{t=1}^{R-k} d_i(t) d_i(t+k),   d_i = s_i - mean_t(s_i),
// and the number of kept units. A unit is dropped when its temporal variance is exactly zero,
// i.e. when every sample equals the first one (tested exactly, not through a rounded variance).
// The sum over units is exact (core/exact_sum.hpp): the caller reduces sum_exact (and n_kept)
// over ranks with context::sum_exact, so the result does not depend on how units are split;
// R(k) = sum / n_kept. Each unit's C_i(k) depends on that unit's samples only.
// Lags k >= R have no pair of samples: they are reported as NaN (sum[k] = NaN for any n_kept).
//
// Algorithm (memory O(n_units * L), never O(n_units * R)): with a per-unit shift c_i (the first
// sample, which removes the bulk of the mean and so the cancellation) and y = s - c, m_y = mean(y),
//     sum_t d(t) d(t+k) = S_k - m_y (A_k + B_k) + (R-k) m_y^2,
//     S_k = sum_{t<=R-k} y(t) y(t+k),  A_k = sum_{t<=R-k} y(t),  B_k = sum_{t>k} y(t).
// A_k and B_k come from the total and the last / first k samples (a copy of the first L-1
// samples is kept, the last L-1 are the history below). S_k is streamed in blocks of B samples:
// the products whose later element lies in a block are the cross-correlation of
// [history (L-1 samples, zeros before t = 1) ++ block] with the block, computed by a zero-padded
// real FFT of length n_fft = B + L - 1 rounded up to a power of two: O(n_fft log n_fft) per block
// per unit, i.e. O(log L) per sample instead of O(L). By default n_fft is the smallest power of
// two >= 2L and B = n_fft - (L-1). The partial last block is folded in by finalize() without
// changing the state, so finalize() may be called at any time and pushing may continue.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <balnet/core/exact_sum.hpp>

namespace balnet {

namespace detail {
class fft_correlator;
}

class autocovariance_accumulator {
public:
    struct result {
        std::vector<double> sum;   ///< sum_i C_i(k) over kept units, k = 0..L-1 (NaN for k >= R)
        std::vector<exact_sum> sum_exact;  ///< the same sums before their rounding
        std::uint64_t n_kept = 0;  ///< units with nonzero temporal variance
    };

    /// n_units local series, L = max_lag >= 1 lags (0..L-1); block = 0 picks the default B.
    autocovariance_accumulator(std::size_t n_units, std::size_t max_lag, std::size_t block = 0);
    ~autocovariance_accumulator();
    autocovariance_accumulator(autocovariance_accumulator&&) noexcept;
    autocovariance_accumulator& operator=(autocovariance_accumulator&&) noexcept;
    autocovariance_accumulator(const autocovariance_accumulator&) = delete;
    autocovariance_accumulator& operator=(const autocovariance_accumulator&) = delete;

    /// One sample of every unit (sample.size() == n_units()).
    void push(std::span<const double> sample);
    /// The lagged sums of everything pushed so far; the state is not changed.
    result finalize() const;

    std::size_t n_units() const noexcept { return n_units_; }
    std::size_t max_lag() const noexcept { return l_; }
    std::size_t block() const noexcept { return b_; }
    std::uint64_t n_samples() const noexcept { return n_; }

    /// The whole state as doubles (checkpoints). restore() needs an object built with the same
    /// (n_units, max_lag, block) and throws internal_error on any mismatch.
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);
    /// The same state by unit, for checkpoints that any split of the units reads back: per unit
    /// unit_stride() values (shift, total, varies, its first samples, its window, its lagged
    /// sums), the units in order; n_samples() and fill() are the same for every unit.
    /// restore_units() takes them back (internal_error when they do not fit).
    std::size_t unit_stride() const noexcept { return 3 + h_ + window() + l_; }
    std::size_t fill() const noexcept { return fill_; }
    std::vector<double> units() const;
    void restore_units(std::uint64_t n_samples, std::size_t fill, std::span<const double> units);

private:
    std::size_t window() const noexcept { return h_ + b_; }
    void process_block();
    void add_unit(std::size_t i, std::span<exact_sum> sum) const;

    std::size_t n_units_;
    std::size_t l_;  ///< number of lags L
    std::size_t h_;  ///< history length L - 1
    std::size_t b_;  ///< block length B
    std::uint64_t n_ = 0;    ///< samples pushed (R)
    std::size_t fill_ = 0;   ///< samples in the current block
    std::vector<double> shift_, total_;  ///< per unit: c_i, sum_t y_i(t)
    std::vector<std::uint8_t> varies_;   ///< per unit: some sample differs from the first
    std::vector<double> first_;   ///< per unit: y of the first H samples
    std::vector<double> window_;  ///< per unit: [history H ++ block B] of y
    std::vector<double> lagged_;  ///< per unit: S_k over the completed blocks, L values
    std::unique_ptr<detail::fft_correlator> fft_;
};

/// Decorrelation rate (docs/models.md §1.6): R(0) / (rc_dt [sum_{k<L} R(k) - (R(0) + R(L-1))/2]),
/// the trapezoid integral of R over lags 0..(L-1) rc_dt. NaN for an empty R.
double beta_from_acf(std::span<const double> acf, double rc_dt);

}  // namespace balnet
