// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/scn_trial_readout.hpp>

#include <algorithm>
#include <cmath>

#include <balnet/core/error.hpp>

namespace balnet {

scn_trial_readout::scn_trial_readout(std::span<const double> decoder, std::uint32_t dim, double lambda, double dt,
                                     step_type t0, step_type t1)
    : dim_(dim), decay_sq_(std::exp(-2.0 * lambda * dt)), t0_(t0), t1_(t1),
      sum_(static_cast<std::size_t>(t1 - t0) * dim, 0.0), sum_sq_(sum_.size(), 0.0) {
    for (std::size_t i = 0; i < decoder.size() / dim; ++i) {
        double s = 0.0;
        for (std::uint32_t m = 0; m < dim; ++m) s += decoder[i * dim + m] * decoder[i * dim + m];
        norm_sq_.push_back(s);
    }
}

void scn_trial_readout::add_step(step_type now, std::span<const double> xhat, std::span<const gid_type> spiked) {
    filter_ *= decay_sq_;
    for (const gid_type g : spiked) filter_ += norm_sq_[g];  // in the engine's order: every rank alike
    if (now <= t0_ || now > t1_) return;
    const auto row = static_cast<std::size_t>(now - t0_ - 1) * dim_;
    for (std::uint32_t m = 0; m < dim_; ++m) {
        sum_[row + m] += xhat[m];
        sum_sq_[row + m] += xhat[m] * xhat[m];
    }
    poisson_sum_ += filter_ / dim_;
}

void scn_trial_readout::end_trial() {
    filter_ = 0.0;
    ++trials_;
}

double scn_trial_readout::var_scn() const {
    if (trials_ < 2) throw internal_error("scn_trial_readout: variance across " + std::to_string(trials_) + " trial(s)");
    const double k = static_cast<double>(trials_);
    double v = 0.0;
    for (std::size_t j = 0; j < sum_.size(); ++j) v += std::max(0.0, (sum_sq_[j] - sum_[j] * sum_[j] / k) / (k - 1));
    return v / static_cast<double>(sum_.size());
}

double scn_trial_readout::var_poisson() const {
    return poisson_sum_ / (static_cast<double>(trials_) * static_cast<double>(t1_ - t0_));
}

}  // namespace balnet
