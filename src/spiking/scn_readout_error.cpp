// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/scn_readout_error.hpp>

#include <cmath>
#include <limits>

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

}  // namespace balnet
