// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/spike_statistics.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/exact_sum.hpp>
#include <balnet/core/state_blocks.hpp>

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

namespace {

// The sums over neurons: counts as integers, the floating-point sums exact (core/exact_sum.hpp),
// so that the totals over ranks do not depend on how the neurons are split.
struct partial_sums {
    std::uint64_t n_neurons = 0, n_spikes = 0, n_silent = 0, n_cv = 0, n_fano = 0;
    exact_sum count_sq, cv, fano;
};

// Neurons is spike_statistics' private per-neuron record (deduced, so it stays private).
template <typename Neurons>
partial_sums summarise(const Neurons& neurons, const statistics_window& w) {
    partial_sums s;
    const std::int64_t n_bins = w.fano_bin > 0 ? (w.t1 - w.t0) / w.fano_bin : 0;
    for (const auto& x : neurons) {
        ++s.n_neurons;
        s.n_spikes += x.count;
        s.n_silent += x.count == 0 ? 1 : 0;
        s.count_sq.add(static_cast<double>(x.count) * static_cast<double>(x.count));
        if (x.n_isi >= w.min_isis && x.n_isi > 0) {
            const double k = static_cast<double>(x.n_isi);
            const double mean = x.isi_sum / k;
            const double var = std::max(0.0, x.isi_sq / k - mean * mean);
            s.cv.add(std::sqrt(var) / mean);
            ++s.n_cv;
        }
        // Empty bins add nothing to the sums: only the number of bins enters the moments.
        const double sum = x.bins_sum + x.bin_count;
        const double sq = x.bins_sq + x.bin_count * x.bin_count;
        if (n_bins > 0 && sum > 0.0) {
            const double nb = static_cast<double>(n_bins);
            const double mean = sum / nb;
            s.fano.add(std::max(0.0, sq / nb - mean * mean) / mean);
            ++s.n_fano;
        }
    }
    return s;
}

}  // namespace

spike_train_summary spike_statistics::summary() const {
    const auto s = summarise(n_, w_);
    return {s.n_neurons, s.n_spikes, s.n_silent, s.count_sq.to_double(), s.cv.to_double(), s.n_cv,
            s.fano.to_double(), s.n_fano};
}

spike_train_summary spike_statistics::summary(const context& ctx) const {
    auto s = summarise(n_, w_);
    std::vector<std::uint64_t> u = {s.n_neurons, s.n_spikes, s.n_silent, s.n_cv, s.n_fano};
    exact_sum d[3] = {s.count_sq, s.cv, s.fano};
    ctx.sum_inplace(std::span<std::uint64_t>(u));
    ctx.sum_exact(std::span<exact_sum>(d));
    return {u[0], u[1], u[2], d[0].to_double(), d[1].to_double(), u[3], d[2].to_double(), u[4]};
}

namespace {
constexpr std::size_t neuron_fields = 9;
}  // namespace

// Layout: one block of 9 numbers per neuron (last, count, n_isi, isi_sum, isi_sq, bin,
// bin_count, bins_sum, bins_sq); the integers are < 2^53, exact as doubles.
std::vector<double> spike_statistics::serialise() const {
    std::vector<double> flat;
    flat.reserve(n_.size() * neuron_fields);
    for (const auto& x : n_)
        flat.insert(flat.end(), {static_cast<double>(x.last), static_cast<double>(x.count),
                                 static_cast<double>(x.n_isi), x.isi_sum, x.isi_sq, static_cast<double>(x.bin),
                                 x.bin_count, x.bins_sum, x.bins_sq});
    std::vector<double> out;
    put_block(out, flat);
    return out;
}

void spike_statistics::restore(std::span<const double> state) {
    std::size_t pos = 0;
    const auto flat = take_block(state, pos, n_.size() * neuron_fields, "spike_statistics::restore");
    if (pos != state.size()) throw internal_error("spike_statistics::restore: state of another shape");
    for (std::size_t i = 0; i < n_.size(); ++i) {
        const double* f = flat.data() + i * neuron_fields;
        n_[i] = {static_cast<step_type>(f[0]), static_cast<std::uint64_t>(f[1]), static_cast<std::uint64_t>(f[2]),
                 f[3], f[4], static_cast<std::int64_t>(f[5]), f[6], f[7], f[8]};
    }
}

}  // namespace balnet
