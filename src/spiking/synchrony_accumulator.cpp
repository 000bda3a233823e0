// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/synchrony_accumulator.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

synchrony_accumulator::synchrony_accumulator(std::size_t n_local)
    : shift_(n_local, 0.0), sum_(n_local, 0.0), sq_(n_local, 0.0) {}

void synchrony_accumulator::add(std::span<const double> v) {
    BALNET_ASSERT(v.size() == shift_.size());
    if (sample_sum_.empty()) std::copy(v.begin(), v.end(), shift_.begin());
    for (std::size_t i = 0; i < v.size(); ++i) {
        const double d = v[i] - shift_[i];
        sum_[i] += d;
        sq_[i] += d * d;
    }
    total_.clear();
    total_.add(v);
    sample_sum_.push_back(total_);
}

exact_sum synchrony_accumulator::local_sum_var() const {
    const double t = static_cast<double>(sample_sum_.size());
    exact_sum s;
    for (std::size_t i = 0; i < sum_.size(); ++i) {
        const double m = sum_[i] / t;
        s.add(std::max(0.0, sq_[i] / t - m * m));
    }
    return s;
}

double synchrony_accumulator::chi_from(std::span<const double> sample_sum, double sum_var,
                                       double n_total) const {
    const auto t = static_cast<double>(sample_sum.size());
    if (sample_sum.empty() || n_total == 0.0 || sum_var <= 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    // Two passes over the mean-potential series: it is only O(T).
    double mean = 0.0;
    for (double s : sample_sum) mean += s / n_total;
    mean /= t;
    double var = 0.0;
    for (double s : sample_sum) var += (s / n_total - mean) * (s / n_total - mean);
    var /= t;
    return std::sqrt(var / (sum_var / n_total));
}

double synchrony_accumulator::chi() const {
    return chi_from(sample_sum_.rounded(), local_sum_var().to_double(), static_cast<double>(sum_.size()));
}

double synchrony_accumulator::chi(const context& ctx) const {
    const auto n = ctx.sum(static_cast<std::uint64_t>(sum_.size()));
    const double sum_var = ctx.sum_exact(local_sum_var());
    return chi_from(ctx.sum_exact(sample_sum_), sum_var, static_cast<double>(n));
}

// Layout: n_local, n_samples, shift, sum, sq, then the sample sums (exact_series::serialise).
std::vector<double> synchrony_accumulator::serialise() const {
    std::vector<double> v{static_cast<double>(shift_.size()), static_cast<double>(sample_sum_.size())};
    for (const auto* part : {&shift_, &sum_, &sq_}) v.insert(v.end(), part->begin(), part->end());
    const auto sums = sample_sum_.serialise();
    v.insert(v.end(), sums.begin(), sums.end());
    return v;
}

void synchrony_accumulator::restore(std::span<const double> state) {
    const std::size_t n = shift_.size();
    if (state.size() < 2 || state[0] != static_cast<double>(n))
        throw internal_error("synchrony_accumulator::restore: state of another size");
    const auto t = static_cast<std::size_t>(state[1]);
    if (state.size() < 2 + 3 * n) throw internal_error("synchrony_accumulator::restore: truncated state");
    exact_series sums;
    if (sums.restore(state.subspan(2 + 3 * n)) != state.size() - 2 - 3 * n || sums.size() != t)
        throw internal_error("synchrony_accumulator::restore: state of another shape");
    auto at = state.begin() + 2;
    for (auto* part : {&shift_, &sum_, &sq_}) {
        part->assign(at, at + static_cast<std::ptrdiff_t>(n));
        at += static_cast<std::ptrdiff_t>(n);
    }
    sample_sum_ = std::move(sums);
}

}  // namespace balnet
