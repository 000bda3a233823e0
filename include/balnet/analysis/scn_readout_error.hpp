// SPDX-License-Identifier: BSD-3-Clause
// Decoding error of a spike-coding network (docs/models.md §2.5 item 5.10), accumulated in streaming
// form: RMSE = sqrt(mean over the steps k in [t0, t1) and the J components of (x~ - x^)^2),
// NRMSE = RMSE / sqrt(mean of x~^2) over the same samples. x~ and x^ are identical on every rank,
// so no reduction is needed: every rank holds the same result. With knock-out the app keeps
// three of these: the whole window, "pre" = [T_warm, t_ko) and "post" = [t_ko + 50 ms, T).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>

namespace balnet {

class scn_readout_error {
public:
    /// Samples k with t0 <= k < t1 (steps); state k is the one at time k h.
    scn_readout_error(step_type t0, step_type t1) noexcept : t0_(t0), t1_(t1) {}

    void add(step_type k, std::span<const double> target, std::span<const double> readout) noexcept;

    double rmse() const noexcept;   ///< NaN without samples
    double nrmse() const noexcept;  ///< NaN without samples or with x~ = 0 throughout
    std::uint64_t n_samples() const noexcept { return n_; }  ///< steps counted
    step_type t0() const noexcept { return t0_; }
    step_type t1() const noexcept { return t1_; }

    /// The sums as numbers (checkpoints; the counts are exact as doubles below 2^53);
    /// restore() takes them back bitwise (internal_error when `state` is not 4 numbers).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    step_type t0_, t1_;
    double sum_err_ = 0.0, sum_sq_ = 0.0;
    std::uint64_t n_ = 0, n_values_ = 0;
};

}  // namespace balnet
