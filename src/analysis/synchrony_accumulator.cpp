// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/synchrony_accumulator.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

synchrony_accumulator::synchrony_accumulator(std::size_t n_local)
    : shift_(n_local, 0.0), sum_(n_local, 0.0), sq_(n_local, 0.0) {}

void synchrony_accumulator::add(std::span<const double> v) {
    BALNET_ASSERT(v.size() == shift_.size());
    if (n_samples_ == 0) std::copy(v.begin(), v.end(), shift_.begin());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double d = v[i] - shift_[i];
        sum_[i] += d;
        sq_[i] += d * d;
    }
    total_.clear();
    total_.add(v);
    sample_sum_.push_back(total_);
    ++n_samples_;
}

void synchrony_accumulator::sync(const context& ctx) {
    const auto n = static_cast<double>(ctx.sum(static_cast<std::uint64_t>(sum_.size())));
    for (const double s : ctx.sum_exact(sample_sum_)) vbar_.add(s / n);
    sample_sum_.clear();
}

exact_sum synchrony_accumulator::local_sum_var() const {
    const double t = static_cast<double>(n_samples_);
    exact_sum s;
    for (std::size_t i = 0; i < sum_.size(); ++i) {
        const double m = sum_[i] / t;
        s.add(std::max(0.0, sq_[i] / t - m * m));
    }
    return s;
}

// The samples not yet synced (sample_sum, over every recorded neuron) are folded into a copy.
double synchrony_accumulator::chi_from(shifted_moments vbar, std::span<const double> sample_sum,
                                       double sum_var, double n_total) const {
    for (const double s : sample_sum) vbar.add(s / n_total);
    if (vbar.n == 0 || n_total == 0.0 || sum_var <= 0.0) return std::numeric_limits<double>::quiet_NaN();
    return std::sqrt(vbar.variance_x() / (sum_var / n_total));
}

double synchrony_accumulator::chi() const {
    return chi_from(vbar_, sample_sum_.rounded(), local_sum_var().to_double(), static_cast<double>(sum_.size()));
}

double synchrony_accumulator::chi(const context& ctx) const {
    const auto n = ctx.sum(static_cast<std::uint64_t>(sum_.size()));
    const double sum_var = ctx.sum_exact(local_sum_var());
    return chi_from(vbar_, ctx.sum_exact(sample_sum_), sum_var, static_cast<double>(n));
}

// Layout: n_local, n_samples, shift, sum, sq, the moments of Vbar (shifted_moments::to_array),
// then the sample sums not yet synced (exact_series::serialise).
std::vector<double> synchrony_accumulator::serialise() const {
    std::vector<double> v{static_cast<double>(shift_.size()), static_cast<double>(n_samples_)};
    for (const auto* part : {&shift_, &sum_, &sq_}) v.insert(v.end(), part->begin(), part->end());
    const auto moments = vbar_.to_array();
    v.insert(v.end(), moments.begin(), moments.end());
    const auto sums = sample_sum_.serialise();
    v.insert(v.end(), sums.begin(), sums.end());
    return v;
}

void synchrony_accumulator::restore(std::span<const double> state) {
    const std::size_t n = shift_.size(), head = 2 + 3 * n + shifted_moments::n_values;
    if (state.size() < 2 || state[0] != static_cast<double>(n))
        throw internal_error("synchrony_accumulator::restore: state of another size");
    if (state.size() < head || !(state[1] >= 0.0 && state[1] < 9.0e15))
        throw internal_error("synchrony_accumulator::restore: truncated state");
    const auto t = static_cast<std::uint64_t>(state[1]);
    shifted_moments vbar;
    exact_series sums;
    if (!vbar.from_array(state.subspan(2 + 3 * n, shifted_moments::n_values)) ||
        sums.restore(state.subspan(head)) != state.size() - head || vbar.n + sums.size() != t)
        throw internal_error("synchrony_accumulator::restore: state of another shape");
    auto at = state.begin() + 2;
    for (auto* part : {&shift_, &sum_, &sq_}) {
        part->assign(at, at + static_cast<std::ptrdiff_t>(n));
        at += static_cast<std::ptrdiff_t>(n);
    }
    n_samples_ = t;
    vbar_ = vbar;
    sample_sum_ = std::move(sums);
}

}  // namespace balnet
