// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/population_spectrum.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numbers>
#include <string>
#include <type_traits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>
#include <balnet/core/fftw_handles.hpp>

namespace balnet {
namespace {

// Periodic (DFT-even) Hann window of length m: w_n = 0.5 - 0.5 cos(2 pi n / m).
std::vector<double> hann(std::size_t m) {
    std::vector<double> w(m);
    for (std::size_t n = 0; n < m; ++n)
        w[n] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(n) / static_cast<double>(m));
    return w;
}

// |X_k|^2 of mean-removed, Hann-windowed segments of m bins, added into p (m/2 + 1 entries).
class periodogram {
public:
    explicit periodogram(std::size_t m)
        : m_(m), w_(hann(m)), in_(fftw_allocate<double>(m)), out_(fftw_allocate<fftw_complex>(m / 2 + 1)) {
        if (m > 0x7fffffffu) throw internal_error("population_spectrum: segment too long for FFTW");
        for (const double x : w_) w2_ += x * x;
        plan_ = fftw_checked_plan(fftw_plan_dft_r2c_1d(static_cast<int>(m), in_.get(), out_.get(), FFTW_ESTIMATE));
        if (!plan_) throw internal_error("FFTW could not create a plan");
    }
    void add(std::span<const double> seg, std::vector<double>& p) {
        double mean = 0.0;
        for (const double c : seg) mean += c;
        mean /= static_cast<double>(m_);
        for (std::size_t n = 0; n < m_; ++n) in_[n] = (seg[n] - mean) * w_[n];
        fftw_execute(plan_.get());
        for (std::size_t k = 0; k < p.size(); ++k) p[k] += out_[k][0] * out_[k][0] + out_[k][1] * out_[k][1];
    }
    /// sum / (sum w^2 n_seg): the average of n_seg periodograms.
    std::vector<double> average(std::vector<double> p, std::uint64_t n_seg) const {
        for (double& x : p) x /= w2_ * static_cast<double>(n_seg);
        return p;
    }

private:
    std::size_t m_;
    std::vector<double> w_;
    double w2_ = 0.0;
    fftw_buffer<double> in_;
    fftw_buffer<fftw_complex> out_;
    fftw_plan_ptr plan_;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

}  // namespace

namespace {

// The count bin in steps (>= 1), after checking the arguments.
step_type spectrum_bin(step_type t0, step_type t1, double dt_ms, const population_spectrum_params& p) {
    if (!(dt_ms > 0.0) || t1 < t0 || !(p.bin_ms > 0.0) || !(p.segment_ms > 0.0) || !(p.f_lo_hz <= p.f_hi_hz))
        throw internal_error("population_spectrum: dt, bin and segment > 0, t1 >= t0, f_lo <= f_hi");
    return std::max<step_type>(1, static_cast<step_type>(std::llround(p.bin_ms / dt_ms)));
}

}  // namespace

population_spectrum::population_spectrum(gid_type first, std::uint64_t n, step_type t0, step_type t1,
                                         double dt_ms, population_spectrum_params p)
    : bin_(spectrum_bin(t0, t1, dt_ms, p)), dt_(dt_ms),
      segment_(static_cast<std::size_t>(std::llround(p.segment_ms / bin_ms()))), p_(p),
      bins_(first, n, t0, t1, bin_) {
    if (segment_ < 2) throw internal_error("population_spectrum: a segment needs at least 2 bins");
    power_sum_.assign(segment_ / 2 + 1, 0.0);
}

void population_spectrum::sync(const context& ctx, step_type now) {
    const std::size_t segments = bins_.ended(now) / segment_, synced = bins_.base() / segment_;
    if (segments <= synced) return;  // the same answer on every rank
    const std::vector<double> counts = bins_.take(ctx, (segments - synced) * segment_);
    periodogram pg(segment_);
    for (std::size_t s = 0; s < segments - synced; ++s)
        pg.add(std::span<const double>(counts.data() + s * segment_, segment_), power_sum_);
    n_synced_ += segments - synced;
}

std::vector<double> population_spectrum::synced_power() const {
    if (n_synced_ == 0) return {};
    return periodogram(segment_).average(power_sum_, n_synced_);
}

double population_spectrum::frequency_hz(std::size_t k) const {
    return static_cast<double>(k) / (static_cast<double>(segment_) * bin_ms() * 1e-3);
}

std::vector<double> population_spectrum::power(std::span<const double> counts) const {
    const std::size_t m = segment_, n_seg = counts.size() / m;
    if (n_seg == 0) return {};
    periodogram pg(m);
    std::vector<double> p(m / 2 + 1, 0.0);
    for (std::size_t s = 0; s < n_seg; ++s) pg.add(counts.subspan(s * m, m), p);
    return pg.average(std::move(p), n_seg);
}

spectrum_peak population_spectrum::peak(std::span<const double> power) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    spectrum_peak r{nan, nan, 0};
    std::vector<double> band;
    std::size_t k_max = 0;
    for (std::size_t k = 0; k < power.size(); ++k) {
        const double f = frequency_hz(k);
        if (f < p_.f_lo_hz || f > p_.f_hi_hz) continue;
        if (band.empty() || power[k] > power[k_max]) k_max = k;  // first maximum on ties
        band.push_back(power[k]);
    }
    if (band.empty() || !(power[k_max] > 0.0)) return r;
    r.frequency_hz = frequency_hz(k_max);
    const double med = median(std::move(band));
    r.ratio = med > 0.0 ? power[k_max] / med : std::numeric_limits<double>::infinity();
    return r;
}

// Layout: base bin, segments synced, the periodogram sum, then this rank's pending counts.
std::vector<double> population_spectrum::serialise() const {
    std::vector<double> out{static_cast<double>(bins_.base()), static_cast<double>(n_synced_)};
    put_block(out, power_sum_);
    put_block(out, bins_.pending());
    return out;
}

void population_spectrum::restore(std::span<const double> state) {
    constexpr const char* where = "population_spectrum::restore";
    if (state.size() < 2 || !(state[0] >= 0.0 && state[0] <= static_cast<double>(bins_.bins())) ||
        state[0] != std::floor(state[0]) || static_cast<std::size_t>(state[0]) % segment_ != 0 ||
        state[1] * static_cast<double>(segment_) != state[0])
        throw internal_error(std::string(where) + ": state of another shape");
    std::size_t pos = 2;
    const auto sum = take_block(state, pos, power_sum_.size(), where);
    const auto pending = take_block(state, pos, where);
    if (pos != state.size()) throw internal_error(std::string(where) + ": state of another shape");
    bins_.restore(static_cast<std::uint64_t>(state[0]), pending);
    n_synced_ = static_cast<std::uint64_t>(state[1]);
    std::copy(sum.begin(), sum.end(), power_sum_.begin());
}

}  // namespace balnet
