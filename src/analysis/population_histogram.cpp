// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/population_histogram.hpp>

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

population_histogram::population_histogram(gid_type first, std::uint64_t n, step_type t0, step_type t1,
                                           step_type bin)
    : bins_(first, n, t0, t1, bin), n_(n), bin_(bin) {}

std::vector<double> population_histogram::sync(const context& ctx, step_type now) {
    // A bin is synced once the step after its last one is done as well (one step later than
    // population_bins::ended(now) allows; the file gets the same rows, a flush later at most).
    const std::uint64_t ended = bins_.ended(now - 1);
    if (ended <= bins_.base()) return {};  // the same answer on every rank
    std::vector<double> c = bins_.take(ctx, ended - bins_.base());
    for (const double x : c) {
        const auto v = static_cast<std::uint64_t>(x);
        sum_ += v;
        sum_sq_ += v * v;
    }
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
    if (bins_.base() == 0 || sum_ == 0) return std::numeric_limits<double>::quiet_NaN();
    const uint128 b = bins_.base();
    const uint128 num = b * sum_sq_ - static_cast<uint128>(sum_) * sum_;
    return static_cast<double>(num) / static_cast<double>(b * sum_);
}

// Whole numbers up to 2^64 travel as two doubles of 32 bits each.
std::vector<double> population_histogram::serialise() const {
    std::vector<double> out;
    for (const std::uint64_t v : {bins_.base(), sum_, sum_sq_}) {
        out.push_back(static_cast<double>(v >> 32));
        out.push_back(static_cast<double>(v & 0xffffffffu));
    }
    put_block(out, bins_.pending());
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
    if (pos != state.size()) throw internal_error(std::string(where) + ": state of another shape");
    bins_.restore(v[0], p);
    sum_ = v[1];
    sum_sq_ = v[2];
}

}  // namespace balnet
