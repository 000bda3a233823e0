// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/count_correlation.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

count_correlation::count_correlation(const run_view& view, std::uint64_t pairs, step_type window,
                                     std::uint64_t bins)
    : view_(view), window_(window), bins_(bins) {
    if (view.populations.empty() || view.populations.front().size < 2 || window < 1 || pairs < 1 || bins < 1)
        throw internal_error("count_correlation: >= 2 neurons, window >= 1, pairs >= 1, bins >= 1");
    n_windows_ = view.t1 > view.t0 ? static_cast<std::uint64_t>((view.t1 - view.t0) / window) : 0;
    const auto& pop = view.populations.front();
    std::vector<std::pair<gid_type, gid_type>> drawn;
    for (std::uint64_t k = 0; k < pairs; ++k) {
        // Substream 2: not the pairs of the E pair correlation (item 5.4, substream 1).
        rng_stream rng(view.seed, rng_purpose::sampling, k, 2);
        const std::uint64_t a = rng.uniform_int(pop.size);
        std::uint64_t b = rng.uniform_int(pop.size - 1);
        if (b >= a) ++b;  // distinct, uniform over the other size - 1
        drawn.emplace_back(pop.first + a, pop.first + b);
        rows_.push_back(pop.first + a);
        rows_.push_back(pop.first + b);
    }
    std::sort(rows_.begin(), rows_.end());
    rows_.erase(std::unique(rows_.begin(), rows_.end()), rows_.end());
    const auto row = [this](gid_type g) {
        return static_cast<std::size_t>(std::lower_bound(rows_.begin(), rows_.end(), g) - rows_.begin());
    };
    for (const auto& [a, b] : drawn) pairs_.emplace_back(row(a), row(b));
    sums_.assign(pairs_.size(), {});
}

std::vector<std::pair<gid_type, gid_type>> count_correlation::pair_gids() const {
    std::vector<std::pair<gid_type, gid_type>> out;
    for (const auto& [a, b] : pairs_) out.emplace_back(rows_[a], rows_[b]);
    return out;
}

void count_correlation::add_spikes(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.step < view_.t0) continue;
        const auto w = static_cast<std::uint64_t>((s.step - view_.t0) / window_);
        if (w >= n_windows_) continue;
        const auto it = std::lower_bound(rows_.begin(), rows_.end(), s.gid);
        if (it == rows_.end() || *it != s.gid) continue;
        if (w < base_) throw internal_error("count_correlation: a spike of a window already reduced");
        const std::size_t need = (w - base_ + 1) * rows_.size();
        if (pending_.size() < need) pending_.resize(need, 0.0);
        pending_[(w - base_) * rows_.size() + static_cast<std::size_t>(it - rows_.begin())] += 1.0;
    }
}

// A window is finished when every stamp inside it (< t0 + (w + 1) window) is <= now.
void count_correlation::sync(const context& ctx, step_type now) {
    const step_type done = now + 1 - view_.t0;
    const std::uint64_t finished = done > 0 ? std::min<std::uint64_t>(n_windows_, static_cast<std::uint64_t>(done / window_)) : 0;
    if (finished <= base_) return;  // the same answer on every rank
    const std::size_t n = (finished - base_) * rows_.size();
    pending_.resize(std::max(pending_.size(), n), 0.0);
    ctx.sum_inplace(std::span<double>(pending_.data(), n));  // whole numbers: exact in any order
    for (std::size_t w = 0; w < finished - base_; ++w) {
        const double* c = pending_.data() + w * rows_.size();
        for (std::size_t p = 0; p < pairs_.size(); ++p) {
            const double x = c[pairs_[p].first], y = c[pairs_[p].second];
            auto& s = sums_[p];
            s.x += x;
            s.y += y;
            s.xx += x * x;
            s.yy += y * y;
            s.xy += x * y;
        }
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    base_ = finished;
}

// Layout: base, this rank's pending counts, then the pair sums (5 per pair).
std::vector<double> count_correlation::serialise() const {
    std::vector<double> out{static_cast<double>(base_)};
    put_block(out, pending_);
    std::vector<double> flat;
    for (const auto& s : sums_) flat.insert(flat.end(), {s.x, s.y, s.xx, s.yy, s.xy});
    put_block(out, flat);
    return out;
}

void count_correlation::restore(std::span<const double> state) {
    constexpr const char* where = "count_correlation::restore";
    if (state.empty() || !(state[0] >= 0.0 && state[0] <= static_cast<double>(n_windows_)))
        throw internal_error(std::string(where) + ": state of another shape");
    std::size_t pos = 1;
    const auto pending = take_block(state, pos, where);
    const auto flat = take_block(state, pos, 5 * sums_.size(), where);
    if (pos != state.size() || pending.size() % std::max<std::size_t>(rows_.size(), 1) != 0)
        throw internal_error(std::string(where) + ": state of another shape");
    base_ = static_cast<std::uint64_t>(state[0]);
    pending_.assign(pending.begin(), pending.end());
    for (std::size_t p = 0; p < sums_.size(); ++p)
        sums_[p] = {flat[5 * p], flat[5 * p + 1], flat[5 * p + 2], flat[5 * p + 3], flat[5 * p + 4]};
}

count_correlation_result count_correlation::result() const {
    count_correlation_result r;
    r.n_sampled = pairs_.size();
    r.histogram.assign(bins_, 0);
    const double n = static_cast<double>(base_);
    for (const auto& s : sums_) {
        // n sum xx - (sum x)^2 etc.: whole numbers below 2^53 for any realistic run, so exact.
        const double vx = n * s.xx - s.x * s.x, vy = n * s.yy - s.y * s.y, cxy = n * s.xy - s.x * s.y;
        if (!(vx > 0.0) || !(vy > 0.0)) continue;
        const double c = cxy / std::sqrt(vx * vy);
        r.coefficients.push_back(c);
        const auto bin = static_cast<std::uint64_t>(std::floor((c + 1.0) / 2.0 * static_cast<double>(bins_)));
        ++r.histogram[std::min<std::uint64_t>(bin, bins_ - 1)];
    }
    const double m = static_cast<double>(r.coefficients.size());
    double sum = 0.0;
    for (const double c : r.coefficients) sum += c;
    r.mean = m > 0 ? sum / m : std::numeric_limits<double>::quiet_NaN();
    double sq = 0.0;
    for (const double c : r.coefficients) sq += (c - r.mean) * (c - r.mean);
    r.sd = m > 1 ? std::sqrt(sq / (m - 1.0)) : std::numeric_limits<double>::quiet_NaN();
    return r;
}

std::string count_correlation::finish(const context& ctx, output_sink& out) {
    sync(ctx, view_.t1);
    const auto r = result();
    const std::string g = "/analysis/count_correlation/";
    out.write_array(g + "histogram", std::span<const std::uint64_t>(r.histogram), "1");
    std::vector<double> edges;
    for (std::uint64_t b = 0; b <= bins_; ++b) edges.push_back(-1.0 + 2.0 * static_cast<double>(b) / static_cast<double>(bins_));
    out.write_array(g + "bin_edges", std::span<const double>(edges), "1");
    out.write_array(g + "coefficients", std::span<const double>(r.coefficients), "1");
    out.write_scalar(g + "mean", r.mean, "1");
    out.write_scalar(g + "sd", r.sd, "1");
    out.write_scalar(g + "n_pairs", static_cast<double>(r.coefficients.size()), "1");
    out.write_scalar(g + "n_sampled", static_cast<double>(r.n_sampled), "1");
    out.write_attribute("/analysis/count_correlation", "population", view_.populations.front().name);
    out.write_attribute("/analysis/count_correlation", "window_ms", static_cast<double>(window_) * view_.dt_ms);
    out.write_attribute("/analysis/count_correlation", "n_windows", static_cast<double>(base_));
    char line[200];
    std::snprintf(line, sizeof line, "  count correlation (%s, %.4g ms windows): mean %.4g, sd %.4g over %zu of %llu pairs\n",
                  view_.populations.front().name.c_str(), static_cast<double>(window_) * view_.dt_ms, r.mean, r.sd,
                  r.coefficients.size(), static_cast<unsigned long long>(r.n_sampled));
    return line;
}

}  // namespace balnet
