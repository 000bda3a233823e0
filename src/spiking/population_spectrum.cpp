// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/population_spectrum.hpp>

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

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

}  // namespace

population_spectrum::population_spectrum(gid_type first, std::uint64_t n, step_type t0, step_type t1,
                                         double dt_ms, population_spectrum_params p)
    : first_(first), n_(n), t0_(t0), bin_(1), dt_(dt_ms), segment_(0), p_(p) {
    if (!(dt_ms > 0.0) || t1 < t0 || !(p.bin_ms > 0.0) || !(p.segment_ms > 0.0) || !(p.f_lo_hz <= p.f_hi_hz))
        throw internal_error("population_spectrum: dt, bin and segment > 0, t1 >= t0, f_lo <= f_hi");
    bin_ = std::max<step_type>(1, static_cast<step_type>(std::llround(p.bin_ms / dt_ms)));
    segment_ = static_cast<std::size_t>(std::llround(p.segment_ms / bin_ms()));
    if (segment_ < 2) throw internal_error("population_spectrum: a segment needs at least 2 bins");
    counts_.assign(static_cast<std::size_t>((t1 - t0) / bin_), 0.0);
}

void population_spectrum::add(std::span<const spike> spikes) {
    for (const auto& s : spikes) {
        if (s.gid < first_ || s.gid >= first_ + n_ || s.step < t0_) continue;
        const auto b = static_cast<std::size_t>((s.step - t0_) / bin_);
        if (b < counts_.size()) counts_[b] += 1.0;
    }
}

std::vector<double> population_spectrum::counts(const context& ctx) const {
    auto c = counts_;
    ctx.sum_inplace(c);
    return c;
}

double population_spectrum::frequency_hz(std::size_t k) const {
    return static_cast<double>(k) / (static_cast<double>(segment_) * bin_ms() * 1e-3);
}

std::vector<double> population_spectrum::power(std::span<const double> counts) const {
    const std::size_t m = segment_, n_seg = counts.size() / m;
    if (n_seg == 0) return {};
    if (m > 0x7fffffffu) throw internal_error("population_spectrum: segment too long for FFTW");
    const auto w = hann(m);
    double w2 = 0.0;
    for (const double x : w) w2 += x * x;
    auto in = fftw_allocate<double>(m);
    auto out = fftw_allocate<fftw_complex>(m / 2 + 1);
    const fftw_plan_ptr plan = fftw_checked_plan(
        fftw_plan_dft_r2c_1d(static_cast<int>(m), in.get(), out.get(), FFTW_ESTIMATE));
    if (!plan) throw internal_error("FFTW could not create a plan");
    std::vector<double> p(m / 2 + 1, 0.0);
    for (std::size_t s = 0; s < n_seg; ++s) {
        const auto seg = counts.subspan(s * m, m);
        double mean = 0.0;
        for (const double c : seg) mean += c;
        mean /= static_cast<double>(m);
        for (std::size_t n = 0; n < m; ++n) in[n] = (seg[n] - mean) * w[n];
        fftw_execute(plan.get());
        for (std::size_t k = 0; k < p.size(); ++k) p[k] += out[k][0] * out[k][0] + out[k][1] * out[k][1];
    }
    for (double& x : p) x /= w2 * static_cast<double>(n_seg);
    return p;
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

spectrum_peak population_spectrum::result(const context& ctx) const {
    const auto c = counts(ctx);
    auto r = peak(power(c));
    r.n_segments = c.size() / segment_;
    return r;
}

std::vector<double> population_spectrum::serialise() const {
    std::vector<double> out;
    put_block(out, counts_);
    return out;
}

void population_spectrum::restore(std::span<const double> state) {
    std::size_t pos = 0;
    const auto b = take_block(state, pos, counts_.size(), "population_spectrum::restore");
    if (pos != state.size()) throw internal_error("population_spectrum::restore: state of another shape");
    std::copy(b.begin(), b.end(), counts_.begin());
}

}  // namespace balnet
