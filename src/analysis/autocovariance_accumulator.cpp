// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/autocovariance_accumulator.hpp>

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

#include <balnet/core/error.hpp>

#include "analysis/detail/fft_correlator.hpp"

namespace balnet {
namespace {

constexpr double state_version = 1.0;
constexpr std::size_t header_size = 6;

std::size_t pow2_at_least(std::size_t n) { return std::bit_ceil(std::max<std::size_t>(n, 16)); }

}  // namespace

autocovariance_accumulator::autocovariance_accumulator(std::size_t n_units, std::size_t max_lag,
                                                       std::size_t block)
    : n_units_(n_units), l_(max_lag), h_(max_lag == 0 ? 0 : max_lag - 1) {
    if (max_lag == 0) throw internal_error("autocovariance_accumulator: max_lag must be >= 1");
    // Default: the smallest power of two >= 2L, the block takes what the history leaves.
    const std::size_t n_fft = block == 0 ? pow2_at_least(2 * l_) : pow2_at_least(h_ + block);
    b_ = block == 0 ? n_fft - h_ : block;
    shift_.assign(n_units_, 0.0);
    total_.assign(n_units_, 0.0);
    varies_.assign(n_units_, 0);
    first_.assign(n_units_ * h_, 0.0);
    window_.assign(n_units_ * window(), 0.0);
    lagged_.assign(n_units_ * l_, 0.0);
    fft_ = std::make_unique<detail::fft_correlator>(h_, n_fft);
}

autocovariance_accumulator::~autocovariance_accumulator() = default;
autocovariance_accumulator::autocovariance_accumulator(autocovariance_accumulator&&) noexcept =
    default;
autocovariance_accumulator& autocovariance_accumulator::operator=(
    autocovariance_accumulator&&) noexcept = default;

void autocovariance_accumulator::push(std::span<const double> sample) {
    BALNET_ASSERT(sample.size() == n_units_);
    if (n_ == 0) std::copy(sample.begin(), sample.end(), shift_.begin());
    const std::size_t w = window();
    for (std::size_t i = 0; i < n_units_; ++i) {
        const double y = sample[i] - shift_[i];
        total_[i] += y;
        varies_[i] |= static_cast<std::uint8_t>(y != 0.0);
        if (n_ < h_) first_[i * h_ + n_] = y;
        window_[i * w + h_ + fill_] = y;
    }
    ++n_;
    if (++fill_ == b_) process_block();
}

void autocovariance_accumulator::process_block() {
    const std::size_t w = window();
    for (std::size_t i = 0; i < n_units_; ++i) {
        const std::span<double> z(window_.data() + i * w, w);
        fft_->accumulate(z, std::span<double>(lagged_.data() + i * l_, l_));
        // The last H samples become the history of the next block (zeros stay zeros at start).
        std::copy(z.begin() + static_cast<std::ptrdiff_t>(b_), z.end(), z.begin());
    }
    fill_ = 0;
}

void autocovariance_accumulator::add_unit(std::size_t i, std::span<exact_sum> sum) const {
    std::vector<double> s(lagged_.begin() + static_cast<std::ptrdiff_t>(i * l_),
                          lagged_.begin() + static_cast<std::ptrdiff_t>((i + 1) * l_));
    const double* z = window_.data() + i * window();
    if (fill_ > 0) fft_->accumulate(std::span<const double>(z, h_ + fill_), s);
    const double r = static_cast<double>(n_);
    const double total = total_[i];
    const double m = total / r;
    const double* first = first_.data() + i * h_;
    const std::size_t n_lags = static_cast<std::size_t>(std::min<std::uint64_t>(l_, n_));
    double head = 0.0;  // sum of the first k samples
    double tail = 0.0;  // sum of the last k samples
    for (std::size_t k = 0; k < n_lags; ++k) {
        const double pairs = r - static_cast<double>(k);
        const double a = total - tail;  // sum_{t <= R-k} y(t)
        const double b = total - head;  // sum_{t > k} y(t)
        sum[k].add((s[k] - m * (a + b) + pairs * m * m) / pairs);
        if (k < h_) {
            head += first[k];
            tail += z[h_ + fill_ - 1 - k];
        }
    }
}

autocovariance_accumulator::result autocovariance_accumulator::finalize() const {
    result out;
    out.sum_exact.resize(l_);
    for (std::size_t k = n_; k < l_; ++k) out.sum_exact[k].add(std::numeric_limits<double>::quiet_NaN());
    for (std::size_t i = 0; i < n_units_; ++i) {
        if (varies_[i] == 0) continue;
        add_unit(i, out.sum_exact);
        ++out.n_kept;
    }
    out.sum.resize(l_);
    for (std::size_t k = 0; k < l_; ++k) out.sum[k] = out.sum_exact[k].to_double();
    return out;
}

std::vector<double> autocovariance_accumulator::serialise() const {
    std::vector<double> v{state_version,          static_cast<double>(n_units_),
                          static_cast<double>(l_), static_cast<double>(b_),
                          static_cast<double>(n_), static_cast<double>(fill_)};
    v.reserve(header_size + 3 * n_units_ + first_.size() + window_.size() + lagged_.size());
    v.insert(v.end(), shift_.begin(), shift_.end());
    v.insert(v.end(), total_.begin(), total_.end());
    for (auto f : varies_) v.push_back(static_cast<double>(f));
    v.insert(v.end(), first_.begin(), first_.end());
    v.insert(v.end(), window_.begin(), window_.end());
    v.insert(v.end(), lagged_.begin(), lagged_.end());
    return v;
}

void autocovariance_accumulator::restore(std::span<const double> state) {
    const std::size_t expected =
        header_size + 3 * n_units_ + first_.size() + window_.size() + lagged_.size();
    if (state.size() != expected || state[0] != state_version ||
        state[1] != static_cast<double>(n_units_) || state[2] != static_cast<double>(l_) ||
        state[3] != static_cast<double>(b_) || !(state[5] >= 0.0) ||
        state[5] >= static_cast<double>(b_))
        throw internal_error("autocovariance_accumulator::restore: state of another shape");
    n_ = static_cast<std::uint64_t>(state[4]);
    fill_ = static_cast<std::size_t>(state[5]);
    auto it = state.begin() + header_size;
    auto take = [&it](std::size_t n, auto out) {
        std::copy(it, it + static_cast<std::ptrdiff_t>(n), out);
        it += static_cast<std::ptrdiff_t>(n);
    };
    take(n_units_, shift_.begin());
    take(n_units_, total_.begin());
    for (auto& f : varies_) f = static_cast<std::uint8_t>(*it++ != 0.0);
    take(first_.size(), first_.begin());
    take(window_.size(), window_.begin());
    take(lagged_.size(), lagged_.begin());
}

std::vector<double> autocovariance_accumulator::units() const {
    std::vector<double> v;
    v.reserve(n_units_ * unit_stride());
    const std::size_t w = window();
    for (std::size_t i = 0; i < n_units_; ++i) {
        v.insert(v.end(), {shift_[i], total_[i], static_cast<double>(varies_[i])});
        v.insert(v.end(), first_.begin() + static_cast<std::ptrdiff_t>(i * h_), first_.begin() + static_cast<std::ptrdiff_t>((i + 1) * h_));
        v.insert(v.end(), window_.begin() + static_cast<std::ptrdiff_t>(i * w), window_.begin() + static_cast<std::ptrdiff_t>((i + 1) * w));
        v.insert(v.end(), lagged_.begin() + static_cast<std::ptrdiff_t>(i * l_), lagged_.begin() + static_cast<std::ptrdiff_t>((i + 1) * l_));
    }
    return v;
}

void autocovariance_accumulator::restore_units(std::uint64_t n_samples, std::size_t fill, std::span<const double> units) {
    if (units.size() != n_units_ * unit_stride() || fill >= b_)
        throw internal_error("autocovariance_accumulator::restore_units: state of another shape");
    const std::size_t w = window();
    auto it = units.begin();
    auto take = [&it](std::size_t n, auto out) {
        std::copy(it, it + static_cast<std::ptrdiff_t>(n), out);
        it += static_cast<std::ptrdiff_t>(n);
    };
    for (std::size_t i = 0; i < n_units_; ++i) {
        shift_[i] = *it++;
        total_[i] = *it++;
        varies_[i] = static_cast<std::uint8_t>(*it++ != 0.0);
        take(h_, first_.begin() + static_cast<std::ptrdiff_t>(i * h_));
        take(w, window_.begin() + static_cast<std::ptrdiff_t>(i * w));
        take(l_, lagged_.begin() + static_cast<std::ptrdiff_t>(i * l_));
    }
    n_ = n_samples;
    fill_ = fill;
}

double beta_from_acf(std::span<const double> acf, double rc_dt) {
    if (acf.empty()) return std::numeric_limits<double>::quiet_NaN();
    double total = 0.0;
    for (double v : acf) total += v;
    const double trapezoid = total - 0.5 * (acf.front() + acf.back());
    return acf.front() / (rc_dt * trapezoid);
}

}  // namespace balnet
