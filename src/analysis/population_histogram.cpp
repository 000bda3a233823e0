// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/population_histogram.hpp>

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

population_histogram::population_histogram(gid_type first, std::uint64_t n, step_type t0,
                                           step_type t1, step_type bin)
    : first_(first), n_(n), t0_(t0), bin_(bin) {
    if (bin < 1 || t1 < t0) throw internal_error("population_histogram: bin >= 1 and t1 >= t0");
    counts_.assign(static_cast<std::size_t>((t1 - t0) / bin), 0.0);
}

void population_histogram::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid >= first_ + n_ || s.step < t0_) continue;
        const auto b = static_cast<std::size_t>((s.step - t0_) / bin_);
        if (b < counts_.size()) counts_[b] += 1.0;
    }
}

std::vector<double> population_histogram::counts(const context& ctx) const {
    auto c = counts_;
    ctx.sum_inplace(c);
    return c;
}

std::vector<double> population_histogram::rates_hz(std::span<const double> counts, double dt_ms) const {
    std::vector<double> r;
    const double width_s = static_cast<double>(bin_) * dt_ms * 1e-3;
    for (const double c : counts) r.push_back(c / (static_cast<double>(n_) * width_s));
    return r;
}

double population_histogram::fano(std::span<const double> counts) {
    if (counts.empty()) return std::numeric_limits<double>::quiet_NaN();
    double s = 0.0, q = 0.0;
    for (const double c : counts) s += c;
    const double mean = s / static_cast<double>(counts.size());
    for (const double c : counts) q += (c - mean) * (c - mean);
    if (!(mean > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    return q / static_cast<double>(counts.size()) / mean;
}

std::vector<double> population_histogram::serialise() const {
    std::vector<double> out;
    put_block(out, counts_);
    return out;
}

void population_histogram::restore(std::span<const double> state) {
    std::size_t pos = 0;
    const auto b = take_block(state, pos, counts_.size(), "population_histogram::restore");
    if (pos != state.size()) throw internal_error("population_histogram::restore: state of another shape");
    std::copy(b.begin(), b.end(), counts_.begin());
}

}  // namespace balnet
