// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/population_bins.hpp>

#include <algorithm>

#include <balnet/core/error.hpp>

namespace balnet {

population_bins::population_bins(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin)
    : first_(first), n_(n), t0_(t0), bin_(bin) {
    if (bin < 1 || t1 < t0) throw internal_error("population_bins: bin >= 1 and t1 >= t0");
    n_bins_ = static_cast<std::uint64_t>((t1 - t0) / bin);
}

void population_bins::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid >= first_ + n_ || s.step < t0_) continue;
        const auto b = static_cast<std::uint64_t>((s.step - t0_) / bin_);
        if (b >= n_bins_) continue;
        if (b < base_) throw internal_error("population_bins: a spike of a bin already taken");
        const auto k = static_cast<std::size_t>(b - base_);
        if (k >= pending_.size()) pending_.resize(k + 1, 0.0);
        pending_[k] += 1.0;
    }
}

std::uint64_t population_bins::ended(step_type now) const noexcept {
    const step_type done = now + 1 - t0_;
    return done > 0 ? std::min(n_bins_, static_cast<std::uint64_t>(done / bin_)) : 0;
}

std::vector<double> population_bins::take(const context& ctx, std::uint64_t k) {
    const auto n = static_cast<std::size_t>(k);
    pending_.resize(std::max(pending_.size(), n), 0.0);
    std::vector<double> c(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    ctx.sum_inplace(c);  // whole numbers below 2^53: exact in any order
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    base_ += k;
    return c;
}

std::vector<double> population_bins::counts() const {
    auto c = pending_;
    c.resize(static_cast<std::size_t>(n_bins_ - base_), 0.0);
    return c;
}

void population_bins::restore(std::uint64_t base, std::span<const double> pending) {
    if (base > n_bins_ || pending.size() > n_bins_ - base)
        throw internal_error("population_bins::restore: state of another shape");
    base_ = base;
    pending_.assign(pending.begin(), pending.end());
}

}  // namespace balnet
