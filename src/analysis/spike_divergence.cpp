// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/spike_divergence.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <balnet/core/exact_sum.hpp>

namespace balnet {

spike_divergence::spike_divergence(gid_type first, std::uint64_t n,
                                   std::vector<std::pair<gid_type, std::uint64_t>> populations, step_type bin,
                                   std::size_t n_bins, double tau_steps)
    : first_(first), n_(n), pops_(std::move(populations)), bin_(bin), n_bins_(n_bins), tau_(tau_steps) {}

std::size_t spike_divergence::population_of(gid_type gid) const {
    for (std::size_t p = 0; p < pops_.size(); ++p)
        if (gid >= pops_[p].first && gid < pops_[p].first + pops_[p].second) return p;
    return pops_.size();
}

// out[p * n_bins + b] += spikes in the symmetric difference.
void spike_divergence::count_differing(std::span<const spike> a, std::span<const spike> b,
                                       std::vector<std::uint64_t>& out) const {
    std::vector<spike> diff;
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
    for (const auto& s : diff) {
        const auto bin = static_cast<std::size_t>((s.step - 1) / bin_);
        const auto p = population_of(s.gid);
        if (bin < n_bins_ && p < pops_.size()) ++out[p * n_bins_ + bin];
    }
}

namespace {

// A filtered spike train: value f at step `at` (a spike's stamp), decaying as exp(-t / tau).
struct trace {
    double f = 0.0;
    step_type at = 0;
    double at_step(step_type t, double tau) const { return f == 0.0 ? 0.0 : f * std::exp(-static_cast<double>(t - at) / tau); }
    void add_spike(step_type s, double tau) {
        f = at_step(s, tau) + 1.0;
        at = s;
    }
};

}  // namespace

// num/den[p * n_bins + b] += the population's sums at the end of bin b (a spike stamped s counts
// from time s h on; the bin's end is (b + 1) T_b).
void spike_divergence::add_distances(std::span<const spike> a, std::span<const spike> b, std::vector<exact_sum>& num,
                                     std::vector<exact_sum>& den) const {
    std::vector<trace> ta(n_), tb(n_);
    std::size_t ia = 0, ib = 0;
    for (std::size_t k = 0; k < n_bins_; ++k) {
        const step_type end = static_cast<step_type>(k + 1) * bin_;
        for (; ia < a.size() && a[ia].step <= end; ++ia) ta[a[ia].gid - first_].add_spike(a[ia].step, tau_);
        for (; ib < b.size() && b[ib].step <= end; ++ib) tb[b[ib].gid - first_].add_spike(b[ib].step, tau_);
        for (std::uint64_t i = 0; i < n_; ++i) {
            const auto p = population_of(first_ + i);
            if (p == pops_.size()) continue;
            const double fa = ta[i].at_step(end, tau_), fb = tb[i].at_step(end, tau_);
            num[p * n_bins_ + k].add((fa - fb) * (fa - fb));
            den[p * n_bins_ + k].add(fa * fa + fb * fb);
        }
    }
}

std::vector<divergence_series> spike_divergence::compare(const context& ctx, std::span<const spike> a,
                                                         std::span<const spike> b) const {
    const std::size_t cells = pops_.size() * n_bins_;
    std::vector<std::uint64_t> differing(cells, 0), total(cells, 0);
    count_differing(a, b, differing);
    for (const auto* copy : {&a, &b})
        for (const auto& s : *copy) {
            const auto bin = static_cast<std::size_t>((s.step - 1) / bin_);
            const auto p = population_of(s.gid);
            if (bin < n_bins_ && p < pops_.size()) ++total[p * n_bins_ + bin];
        }
    std::vector<exact_sum> num(cells), den(cells);
    add_distances(a, b, num, den);
    ctx.sum_inplace(std::span<std::uint64_t>(differing));
    ctx.sum_inplace(std::span<std::uint64_t>(total));
    ctx.sum_exact(std::span<exact_sum>(num));
    ctx.sum_exact(std::span<exact_sum>(den));
    std::vector<divergence_series> out(pops_.size());
    for (std::size_t p = 0; p < pops_.size(); ++p) {
        auto& o = out[p];
        for (std::size_t k = 0; k < n_bins_; ++k) {
            const auto c = p * n_bins_ + k;
            o.differing.push_back(differing[c]);
            o.spikes.push_back(total[c]);
            o.fraction.push_back(total[c] ? static_cast<double>(differing[c]) / static_cast<double>(total[c]) : 0.0);
            const double d = den[c].to_double();
            o.distance.push_back(d > 0 ? std::sqrt(num[c].to_double() / d) : 0.0);
        }
    }
    return out;
}

double log_slope(std::span<const double> x, std::span<const double> y) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (!(y[i] > 0)) continue;
        const double ly = std::log(y[i]);
        n += 1;
        sx += x[i];
        sy += ly;
        sxx += x[i] * x[i];
        sxy += x[i] * ly;
    }
    const double det = n * sxx - sx * sx;
    if (n < 3 || !(det > 0)) return std::numeric_limits<double>::quiet_NaN();
    return (n * sxy - sx * sy) / det;
}

}  // namespace balnet
