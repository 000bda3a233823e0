// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/scn_readout_error.hpp>

#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

void scn_readout_error::add(step_type k, std::span<const double> x, std::span<const double> xhat) noexcept {
    if (k < t0_ || k >= t1_) return;
    for (std::size_t m = 0; m < x.size(); ++m) {
        const double e = x[m] - xhat[m];
        sum_err_ += e * e;
        sum_sq_ += x[m] * x[m];
    }
    ++n_;
    n_values_ += x.size();
}

double scn_readout_error::rmse() const noexcept {
    if (n_values_ == 0) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(sum_err_ / static_cast<double>(n_values_));
}

double scn_readout_error::nrmse() const noexcept {
    if (n_values_ == 0 || !(sum_sq_ > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(sum_err_ / sum_sq_);  // the 1/(n J) of both means cancels
}

std::vector<double> scn_readout_error::serialise() const {
    return {sum_err_, sum_sq_, static_cast<double>(n_), static_cast<double>(n_values_)};
}

void scn_readout_error::restore(std::span<const double> state) {
    if (state.size() != 4) throw internal_error("scn_readout_error::restore: state of another shape");
    sum_err_ = state[0];
    sum_sq_ = state[1];
    n_ = static_cast<std::uint64_t>(state[2]);
    n_values_ = static_cast<std::uint64_t>(state[3]);
}

}  // namespace balnet
