// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/spike_statistics.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace balnet {

double spike_train_summary::rate_hz(const statistics_window& w, double dt_ms) const noexcept {
    const double seconds = static_cast<double>(w.t1 - w.t0) * dt_ms * 1e-3;
    return static_cast<double>(n_spikes) / (static_cast<double>(n_neurons) * seconds);
}

double spike_train_summary::rate_sd_hz(const statistics_window& w, double dt_ms) const noexcept {
    const double seconds = static_cast<double>(w.t1 - w.t0) * dt_ms * 1e-3;
    const double n = static_cast<double>(n_neurons);
    const double mean = static_cast<double>(n_spikes) / n;
    return std::sqrt(std::max(0.0, sum_count_sq / n - mean * mean)) / seconds;
}

double spike_train_summary::mean_cv() const noexcept {
    return n_cv ? sum_cv / static_cast<double>(n_cv) : std::numeric_limits<double>::quiet_NaN();
}

double spike_train_summary::mean_fano() const noexcept {
    return n_fano ? sum_fano / static_cast<double>(n_fano)
                  : std::numeric_limits<double>::quiet_NaN();
}

spike_statistics::spike_statistics(gid_type first, std::uint64_t n, statistics_window w)
    : first_(first), w_(w), n_(n) {}

void spike_statistics::add(std::span<const spike> spikes) {
    const std::int64_t n_bins = w_.fano_bin > 0 ? (w_.t1 - w_.t0) / w_.fano_bin : 0;
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid - first_ >= n_.size()) continue;
        if (s.step < w_.t0 || s.step >= w_.t1) continue;
        auto& x = n_[s.gid - first_];
        ++x.count;
        if (x.last >= 0) {
            const auto isi = static_cast<double>(s.step - x.last);
            ++x.n_isi;
            x.isi_sum += isi;
            x.isi_sq += isi * isi;
        }
        x.last = s.step;
        const std::int64_t b = n_bins > 0 ? (s.step - w_.t0) / w_.fano_bin : n_bins;
        if (b >= n_bins) continue;  // in the incomplete last bin
        if (b != x.bin) {
            x.bins_sum += x.bin_count;
            x.bins_sq += x.bin_count * x.bin_count;
            x.bin = b;
            x.bin_count = 0.0;
        }
        x.bin_count += 1.0;
    }
}

spike_train_summary spike_statistics::summary() const {
    spike_train_summary s;
    const std::int64_t n_bins = w_.fano_bin > 0 ? (w_.t1 - w_.t0) / w_.fano_bin : 0;
    for (const auto& x : n_) {
        ++s.n_neurons;
        s.n_spikes += x.count;
        s.n_silent += x.count == 0 ? 1 : 0;
        s.sum_count_sq += static_cast<double>(x.count) * static_cast<double>(x.count);
        if (x.n_isi >= w_.min_isis && x.n_isi > 0) {
            const double k = static_cast<double>(x.n_isi);
            const double mean = x.isi_sum / k;
            const double var = std::max(0.0, x.isi_sq / k - mean * mean);
            s.sum_cv += std::sqrt(var) / mean;
            ++s.n_cv;
        }
        // Empty bins add nothing to the sums: only the number of bins enters the moments.
        const double sum = x.bins_sum + x.bin_count;
        const double sq = x.bins_sq + x.bin_count * x.bin_count;
        if (n_bins > 0 && sum > 0.0) {
            const double nb = static_cast<double>(n_bins);
            const double mean = sum / nb;
            s.sum_fano += std::max(0.0, sq / nb - mean * mean) / mean;
            ++s.n_fano;
        }
    }
    return s;
}

spike_train_summary spike_statistics::summary(const context& ctx) const {
    auto s = summary();
    std::vector<std::uint64_t> u = {s.n_neurons, s.n_spikes, s.n_silent, s.n_cv, s.n_fano};
    std::vector<double> d = {s.sum_count_sq, s.sum_cv, s.sum_fano};
    ctx.sum_inplace(std::span<std::uint64_t>(u));
    ctx.sum_inplace(std::span<double>(d));
    return {u[0], u[1], u[2], d[0], d[1], u[3], d[2], u[4]};
}

}  // namespace balnet
