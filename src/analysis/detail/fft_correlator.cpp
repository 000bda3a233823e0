// SPDX-License-Identifier: BSD-3-Clause
#include "analysis/detail/fft_correlator.hpp"

#include <algorithm>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet::detail {
namespace {


}  // namespace

fft_correlator::fft_correlator(std::size_t history, std::size_t n_fft)
    : h_(history),
      n_(n_fft),
      real_z_(fftw_allocate<double>(n_fft)),
      real_b_(fftw_allocate<double>(n_fft)),
      spec_z_(fftw_allocate<fftw_complex>(n_fft / 2 + 1)),
      spec_b_(fftw_allocate<fftw_complex>(n_fft / 2 + 1)) {
    BALNET_ASSERT(n_fft > history && n_fft <= 0x7fffffffu);
    const int n = static_cast<int>(n_fft);
    fwd_z_ = fftw_checked_plan(fftw_plan_dft_r2c_1d(n, real_z_.get(), spec_z_.get(), FFTW_ESTIMATE));
    fwd_b_ = fftw_checked_plan(fftw_plan_dft_r2c_1d(n, real_b_.get(), spec_b_.get(), FFTW_ESTIMATE));
    // The inverse reads spec_z (destroyed, it is scratch) and writes real_z.
    inv_ = fftw_checked_plan(fftw_plan_dft_c2r_1d(n, spec_z_.get(), real_z_.get(), FFTW_ESTIMATE));
}

void fft_correlator::accumulate(std::span<const double> z, std::span<double> out) {
    BALNET_ASSERT(z.size() > h_ && z.size() - h_ <= max_block() && out.size() > h_);
    const std::size_t m = z.size() - h_;
    double* rz = real_z_.get();
    double* rb = real_b_.get();
    std::copy(z.begin(), z.end(), rz);
    std::fill(rz + z.size(), rz + n_, 0.0);
    std::copy(z.begin() + static_cast<std::ptrdiff_t>(h_), z.end(), rb);
    std::fill(rb + m, rb + n_, 0.0);
    fftw_execute(fwd_z_.get());
    fftw_execute(fwd_b_.get());
    fftw_complex* sz = spec_z_.get();
    const fftw_complex* sb = spec_b_.get();
    for (std::size_t j = 0; j <= n_ / 2; ++j) {  // Z * conj(B)
        const double re = sz[j][0] * sb[j][0] + sz[j][1] * sb[j][1];
        const double im = sz[j][1] * sb[j][0] - sz[j][0] * sb[j][1];
        sz[j][0] = re;
        sz[j][1] = im;
    }
    fftw_execute(inv_.get());
    // c[d] = sum_i b[i] z[i+d]; lag k reads d = H - k. FFTW's inverse is unnormalised.
    const double scale = 1.0 / static_cast<double>(n_);
    for (std::size_t k = 0; k <= h_; ++k) out[k] += rz[h_ - k] * scale;
}

}  // namespace balnet::detail
