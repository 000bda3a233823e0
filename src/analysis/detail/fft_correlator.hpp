// SPDX-License-Identifier: BSD-3-Clause
// Lagged products of one block of samples with its own recent past, by zero-padded real FFTs.
//
// Given z = [history (H samples) ++ block (m samples)], accumulate() adds, for k = 0..H,
//     out[k] += sum_{i<m} z[H+i] * z[H+i-k],
// i.e. every product whose later element lies in the block. It is the cross-correlation of the
// block with z, computed as IFFT(FFT(z) * conj(FFT(block))) on a length n_fft >= H + m, which is
// long enough that the circular correlation never wraps (the lags we read are 0..H).
// Invariants: the two FFTW plans (r2c, c2r) are made once, at construction, with FFTW_ESTIMATE
// (a deterministic plan choice, so a run reproduces itself bit for bit; FFTW_MEASURE may pick a
// different algorithm per run) on buffers this object owns; every call reuses them. All FFTW
// handles and buffers are RAII-owned. Not thread-safe (FFTW planning is not).
#pragma once
#include <balnet/core/fftw_handles.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

namespace balnet::detail {

class fft_correlator {
public:
    /// history = H (the largest lag), n_fft = transform length (>= H + the longest block).
    fft_correlator(std::size_t history, std::size_t n_fft);

    std::size_t history() const noexcept { return h_; }
    std::size_t n_fft() const noexcept { return n_; }
    /// Longest block accumulate() accepts.
    std::size_t max_block() const noexcept { return n_ - h_; }

    /// z.size() = H + m with 0 < m <= max_block(); out.size() >= H + 1 (lags 0..H are added).
    void accumulate(std::span<const double> z, std::span<double> out);

private:
    std::size_t h_;
    std::size_t n_;
    fftw_buffer<double> real_z_, real_b_;
    fftw_buffer<fftw_complex> spec_z_, spec_b_;
    fftw_plan_ptr fwd_z_, fwd_b_, inv_;
};

}  // namespace balnet::detail
