// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/pair_count_correlation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>
#include <balnet/core/rng_stream.hpp>

namespace balnet {

pair_count_correlation::pair_count_correlation(seed_type seed, gid_type first, std::uint64_t n,
                                               std::uint64_t n_pairs, step_type t0, step_type t1,
                                               step_type bin)
    : first_(first), t0_(t0), bin_(bin), row_of_(n, -1) {
    if (bin < 1 || t1 < t0) throw internal_error("pair_count_correlation: bin >= 1 and t1 >= t0");
    n_bins_ = static_cast<std::size_t>((t1 - t0) / bin);
    if (n < 2) return;
    std::int64_t rows = 0;
    for (std::uint64_t k = 0; k < n_pairs; ++k) {
        rng_stream rng(seed, rng_purpose::sampling, k, 1);
        const std::uint64_t a = rng.uniform_int(n);
        std::uint64_t b = rng.uniform_int(n - 1);
        if (b >= a) ++b;  // distinct, uniform over the other n - 1
        pairs_.emplace_back(first + a, first + b);
        for (const auto x : {a, b})
            if (row_of_[x] < 0) row_of_[x] = rows++;
    }
    table_.assign(static_cast<std::size_t>(rows) * n_bins_, 0.0);
}

void pair_count_correlation::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid - first_ >= row_of_.size() || s.step < t0_) continue;
        const auto row = row_of_[s.gid - first_];
        const auto b = static_cast<std::size_t>((s.step - t0_) / bin_);
        if (row >= 0 && b < n_bins_) table_[static_cast<std::size_t>(row) * n_bins_ + b] += 1.0;
    }
}

pair_correlation_result pair_count_correlation::result() const { return evaluate(table_); }

pair_correlation_result pair_count_correlation::result(const context& ctx) const {
    auto t = table_;
    ctx.sum_inplace(t);
    return evaluate(t);
}

pair_correlation_result pair_count_correlation::evaluate(std::span<const double> table) const {
    const double nb = static_cast<double>(n_bins_);
    double sum = 0.0;
    pair_correlation_result r;
    for (const auto& [a, b] : pairs_) {
        const double* x = table.data() + static_cast<std::size_t>(row_of_[a - first_]) * n_bins_;
        const double* y = table.data() + static_cast<std::size_t>(row_of_[b - first_]) * n_bins_;
        double mx = 0.0, my = 0.0;
        for (std::size_t k = 0; k < n_bins_; ++k) { mx += x[k]; my += y[k]; }
        mx /= nb;
        my /= nb;
        double sxx = 0.0, syy = 0.0, sxy = 0.0;
        for (std::size_t k = 0; k < n_bins_; ++k) {
            sxx += (x[k] - mx) * (x[k] - mx);
            syy += (y[k] - my) * (y[k] - my);
            sxy += (x[k] - mx) * (y[k] - my);
        }
        if (!(sxx > 0.0) || !(syy > 0.0)) continue;
        sum += sxy / std::sqrt(sxx * syy);
        ++r.n_pairs;
    }
    r.mean = r.n_pairs > 0 ? sum / static_cast<double>(r.n_pairs) : std::numeric_limits<double>::quiet_NaN();
    return r;
}

std::vector<double> pair_count_correlation::serialise() const {
    std::vector<double> out;
    put_block(out, table_);
    return out;
}

void pair_count_correlation::restore(std::span<const double> state) {
    std::size_t pos = 0;
    const auto b = take_block(state, pos, table_.size(), "pair_count_correlation::restore");
    if (pos != state.size()) throw internal_error("pair_count_correlation::restore: state of another shape");
    std::copy(b.begin(), b.end(), table_.begin());
}

}  // namespace balnet
