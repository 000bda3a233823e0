// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/pair_count_correlation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet {

pair_count_correlation::pair_count_correlation(seed_type seed, gid_type first, std::uint64_t n,
                                               std::uint64_t n_pairs, step_type t0, step_type t1,
                                               step_type bin, std::uint32_t substream)
    : t0_(t0), bin_(bin) {
    if (bin < 1 || t1 < t0) throw internal_error("pair_count_correlation: bin >= 1 and t1 >= t0");
    n_bins_ = static_cast<std::uint64_t>((t1 - t0) / bin);
    if (n < 2) return;
    std::vector<std::pair<gid_type, gid_type>> drawn;
    for (std::uint64_t k = 0; k < n_pairs; ++k) {
        rng_stream rng(seed, rng_purpose::sampling, k, substream);
        const std::uint64_t a = rng.uniform_int(n);
        std::uint64_t b = rng.uniform_int(n - 1);
        if (b >= a) ++b;  // distinct, uniform over the other n - 1
        drawn.emplace_back(first + a, first + b);
        rows_.push_back(first + a);
        rows_.push_back(first + b);
    }
    std::sort(rows_.begin(), rows_.end());
    rows_.erase(std::unique(rows_.begin(), rows_.end()), rows_.end());
    const auto row = [this](gid_type g) {
        return static_cast<std::size_t>(std::lower_bound(rows_.begin(), rows_.end(), g) - rows_.begin());
    };
    for (const auto& [a, b] : drawn) pairs_.emplace_back(row(a), row(b));
    sums_.assign(pairs_.size(), {});
}

std::vector<std::pair<gid_type, gid_type>> pair_count_correlation::pairs() const {
    std::vector<std::pair<gid_type, gid_type>> out;
    for (const auto& [a, b] : pairs_) out.emplace_back(rows_[a], rows_[b]);
    return out;
}

void pair_count_correlation::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.step < t0_) continue;
        const auto b = static_cast<std::uint64_t>((s.step - t0_) / bin_);
        if (b >= n_bins_) continue;
        const auto it = std::lower_bound(rows_.begin(), rows_.end(), s.gid);
        if (it == rows_.end() || *it != s.gid) continue;
        if (b < base_) throw internal_error("pair_count_correlation: a spike of a bin already synced");
        const std::size_t need = (b - base_ + 1) * rows_.size();
        if (pending_.size() < need) pending_.resize(need, 0.0);
        pending_[(b - base_) * rows_.size() + static_cast<std::size_t>(it - rows_.begin())] += 1.0;
    }
}

std::uint64_t pair_count_correlation::finished_by(step_type now) const noexcept {
    const step_type done = now + 1 - t0_;
    return done > 0 ? std::min<std::uint64_t>(n_bins_, static_cast<std::uint64_t>(done / bin_)) : 0;
}

void pair_count_correlation::sync(const context& ctx, step_type now) {
    const std::uint64_t finished = finished_by(now);
    if (finished <= base_) return;  // the same answer on every rank
    const std::size_t n = (finished - base_) * rows_.size();
    pending_.resize(std::max(pending_.size(), n), 0.0);
    ctx.sum_inplace(std::span<double>(pending_.data(), n));  // whole numbers: exact in any order
    fold(finished);
}

void pair_count_correlation::sync(step_type now) {
    const std::uint64_t finished = finished_by(now);
    if (finished <= base_) return;
    pending_.resize(std::max(pending_.size(), (finished - base_) * rows_.size()), 0.0);
    fold(finished);
}

// Folds the (reduced) counts of bins base_ .. finished - 1 into the pair sums and drops them.
void pair_count_correlation::fold(std::uint64_t finished) {
    const std::size_t n = (finished - base_) * rows_.size();
    for (std::uint64_t b = 0; b < finished - base_; ++b) {
        const double* c = pending_.data() + b * rows_.size();
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

std::vector<double> pair_count_correlation::coefficients() const {
    std::vector<double> c;
    const double n = static_cast<double>(base_);
    for (const auto& s : sums_) {
        // n sum xx - (sum x)^2 etc.: whole numbers below 2^53 for any realistic run, so exact.
        const double vx = n * s.xx - s.x * s.x, vy = n * s.yy - s.y * s.y, cxy = n * s.xy - s.x * s.y;
        c.push_back(vx > 0.0 && vy > 0.0 ? cxy / std::sqrt(vx * vy) : std::numeric_limits<double>::quiet_NaN());
    }
    return c;
}

pair_correlation_result pair_count_correlation::result() const {
    pair_correlation_result r;
    double sum = 0.0;
    for (const double c : coefficients()) {
        if (std::isnan(c)) continue;
        sum += c;
        ++r.n_pairs;
    }
    r.mean = r.n_pairs > 0 ? sum / static_cast<double>(r.n_pairs) : std::numeric_limits<double>::quiet_NaN();
    return r;
}

// Layout: base, this rank's pending counts, then the pair sums (5 per pair).
std::vector<double> pair_count_correlation::serialise() const {
    std::vector<double> out{static_cast<double>(base_)};
    put_block(out, pending_);
    std::vector<double> flat;
    for (const auto& s : sums_) flat.insert(flat.end(), {s.x, s.y, s.xx, s.yy, s.xy});
    put_block(out, flat);
    return out;
}

void pair_count_correlation::restore(std::span<const double> state) {
    constexpr const char* where = "pair_count_correlation::restore";
    if (state.empty() || !(state[0] >= 0.0 && state[0] <= static_cast<double>(n_bins_)) ||
        state[0] != std::floor(state[0]))
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

named_state pair_count_correlation::checkpoint_state() const {
    constexpr auto shared = state_field::scope::shared;
    named_state n;
    n.add_counts("base", std::vector<std::uint64_t>{base_}, n_bins_, shared);
    std::vector<double> flat;
    for (const auto& s : sums_) flat.insert(flat.end(), {s.x, s.y, s.xx, s.yy, s.xy});
    n.add_reals("sums", flat, shared);
    n.add_reals("pending", pending_, state_field::scope::summed);
    return n;
}

void pair_count_correlation::restore(const named_state& n) {
    const auto& base = n.counts("base");
    const auto& flat = n.reals("sums");
    const auto& pending = n.reals("pending");
    if (base.size() != 1 || flat.size() != 5 * sums_.size() || pending.size() % std::max<std::size_t>(rows_.size(), 1) != 0)
        throw internal_error("pair_count_correlation::restore: state of another shape");
    base_ = base.front();
    pending_.assign(pending.begin(), pending.end());
    for (std::size_t p = 0; p < sums_.size(); ++p)
        sums_[p] = {flat[5 * p], flat[5 * p + 1], flat[5 * p + 2], flat[5 * p + 3], flat[5 * p + 4]};
}

}  // namespace balnet
