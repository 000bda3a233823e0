// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/trial_counts.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Per neuron: mean and variance over its bins, and the sum and number of var/mean over the bins
// with mean > 0 (the population's Fano factor adds these).
struct neuron_values {
    double mean = 0, var = 0, fano_sum = 0, fano_n = 0;
};

// Least squares y = a + b x and the RMS residual over the points with x > 0 (gid order).
void fit_line(const std::vector<neuron_values>& v, trial_population_result& r) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const auto& p : v)
        if (p.mean > 0) n += 1, sx += p.mean, sy += p.var, sxx += p.mean * p.mean, sxy += p.mean * p.var;
    r.n_points = static_cast<std::uint64_t>(n);
    const double det = n * sxx - sx * sx;
    if (n < 2 || !(det > 0)) {
        r.slope = r.intercept = r.scatter = nan;
        return;
    }
    r.slope = (n * sxy - sx * sy) / det;
    r.intercept = (sy - r.slope * sx) / n;
    double res = 0;
    for (const auto& p : v)
        if (p.mean > 0) {
            const double e = p.var - (r.intercept + r.slope * p.mean);
            res += e * e;
        }
    r.scatter = std::sqrt(res / n);
}

}  // namespace

trial_counts::trial_counts(gid_type first, std::uint64_t n, step_type t0, step_type t1, step_type bin)
    : first_(first), n_(n), t0_(t0), bin_(bin),
      bins_(bin > 0 && t1 > t0 ? static_cast<std::uint64_t>((t1 - t0) / bin) : 0),
      current_(n * bins_, 0), sum_(n * bins_, 0.0), sum_sq_(n * bins_, 0.0) {
    if (bin < 1) throw internal_error("trial_counts: bin of " + std::to_string(bin) + " steps");
}

void trial_counts::add_spikes(std::span<const spike> local) {
    for (const auto& s : local) {
        if (s.gid < first_ || s.gid >= first_ + n_ || s.step < t0_) continue;
        const auto b = static_cast<std::uint64_t>((s.step - t0_) / bin_);
        if (b < bins_) ++current_[(s.gid - first_) * bins_ + b];
    }
}

void trial_counts::end_trial() {
    for (std::size_t i = 0; i < current_.size(); ++i) {
        const double c = current_[i];
        sum_[i] += c;
        sum_sq_[i] += c * c;
        current_[i] = 0;
    }
    ++trials_;
}

trial_population_result trial_counts::population(const context& ctx, gid_type pop_first, std::uint64_t pop_size) const {
    if (trials_ < 2) throw internal_error("trial_counts: statistics across " + std::to_string(trials_) + " trial(s)");
    const double k = static_cast<double>(trials_), nb = static_cast<double>(bins_);
    const gid_type b = std::max(first_, pop_first), e = std::min(first_ + n_, pop_first + pop_size);
    std::vector<neuron_values> local;
    for (gid_type g = b; g < e; ++g) {
        neuron_values v;
        for (std::uint64_t j = 0; j < bins_; ++j) {
            const double s = sum_[(g - first_) * bins_ + j], q = sum_sq_[(g - first_) * bins_ + j];
            const double mean = s / k, var = (k * q - s * s) / (k * (k - 1));  // exact numerators
            v.mean += mean;
            v.var += var;
            if (mean > 0) v.fano_sum += var / mean, v.fano_n += 1;
        }
        v.mean /= nb;
        v.var /= nb;
        local.push_back(v);
    }
    trial_population_result r;
    r.size = pop_size;
    r.offset = ctx.exclusive_scan(static_cast<std::uint64_t>(local.size()));
    for (const auto& v : local) {
        r.count_mean.push_back(v.mean);
        r.count_var.push_back(v.var);
        r.neuron_fano.push_back(v.fano_n > 0 ? v.fano_sum / v.fano_n : nan);
    }
    const auto all = ctx.gather_all(std::span<const neuron_values>(local));  // gid order
    const std::vector<neuron_values> v(all.values().begin(), all.values().end());
    double fano_sum = 0, fano_n = 0, f1 = 0, f2 = 0, nf = 0;
    for (const auto& p : v) {
        fano_sum += p.fano_sum;
        fano_n += p.fano_n;
        if (p.fano_n > 0) {
            const double f = p.fano_sum / p.fano_n;
            f1 += f, f2 += f * f, nf += 1;
        }
    }
    r.fano = fano_n > 0 ? fano_sum / fano_n : nan;
    r.n_fano = static_cast<std::uint64_t>(fano_n);
    r.n_neurons_fano = static_cast<std::uint64_t>(nf);
    r.fano_sd = nf > 0 ? std::sqrt(std::max(0.0, f2 / nf - (f1 / nf) * (f1 / nf))) : nan;
    fit_line(v, r);
    return r;
}

}  // namespace balnet
