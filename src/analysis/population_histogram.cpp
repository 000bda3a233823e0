// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/population_histogram.hpp>

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

population_histogram::population_histogram(gid_type first, std::uint64_t n, step_type t0, step_type t1,
                                           step_type bin)
    : first_(first), n_(n), t0_(t0), bin_(bin) {
    if (bin < 1 || t1 < t0) throw internal_error("population_histogram: bin >= 1 and t1 >= t0");
    n_bins_ = static_cast<std::uint64_t>((t1 - t0) / bin);
}

void population_histogram::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid >= first_ + n_ || s.step < t0_) continue;
        const auto b = static_cast<std::uint64_t>((s.step - t0_) / bin_);
        if (b >= n_bins_) continue;
        if (b < synced_) throw internal_error("population_histogram::add: a spike of a bin already synced");
        const auto k = static_cast<std::size_t>(b - synced_);
        if (k >= pending_.size()) pending_.resize(k + 1, 0.0);
        pending_[k] += 1.0;
    }
}

std::vector<double> population_histogram::sync(const context& ctx, step_type now) {
    const std::uint64_t ended = now <= t0_ ? 0 : std::min(n_bins_, static_cast<std::uint64_t>((now - t0_) / bin_));
    if (ended <= synced_) return {};
    const auto k = static_cast<std::size_t>(ended - synced_);
    pending_.resize(std::max(pending_.size(), k), 0.0);
    std::vector<double> c(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(k));
    ctx.sum_inplace(c);  // whole numbers below 2^53: exact in any order
    for (const double x : c) {
        const auto v = static_cast<std::uint64_t>(x);
        sum_ += v;
        sum_sq_ += v * v;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(k));
    synced_ = ended;
    return c;
}

std::vector<double> population_histogram::rates_hz(std::span<const double> counts, double dt_ms) const {
    std::vector<double> r;
    const double width_s = static_cast<double>(bin_) * dt_ms * 1e-3;
    for (const double c : counts) r.push_back(c / (static_cast<double>(n_) * width_s));
    return r;
}

// var/mean = (B S2 - S1^2) / (B S1) with B bins, S1 = sum of counts, S2 = sum of squares: the
// numerator is formed exactly in 128 bits, so the only roundings are the final ones.
__extension__ typedef unsigned __int128 uint128;  // GCC and Clang; the products need 128 bits

double population_histogram::fano() const {
    if (synced_ == 0 || sum_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const uint128 b = synced_;
    const uint128 num = b * sum_sq_ - static_cast<uint128>(sum_) * sum_;
    return static_cast<double>(num) / static_cast<double>(b * sum_);
}

// Whole numbers up to 2^64 travel as two doubles of 32 bits each.
std::vector<double> population_histogram::serialise() const {
    std::vector<double> out;
    for (const std::uint64_t v : {synced_, sum_, sum_sq_}) {
        out.push_back(static_cast<double>(v >> 32));
        out.push_back(static_cast<double>(v & 0xffffffffu));
    }
    put_block(out, pending_);
    return out;
}

void population_histogram::restore(std::span<const double> state) {
    constexpr const char* where = "population_histogram::restore";
    if (state.size() < 6) throw internal_error(std::string(where) + ": truncated state");
    std::uint64_t v[3];
    for (std::size_t i = 0; i < 3; ++i)
        v[i] = (static_cast<std::uint64_t>(state[2 * i]) << 32) | static_cast<std::uint64_t>(state[2 * i + 1]);
    std::size_t pos = 6;
    const auto p = take_block(state, pos, where);
    if (pos != state.size() || v[0] > n_bins_ || p.size() > n_bins_ - v[0])
        throw internal_error(std::string(where) + ": state of another shape");
    synced_ = v[0];
    sum_ = v[1];
    sum_sq_ = v[2];
    pending_.assign(p.begin(), p.end());
}

}  // namespace balnet
