// SPDX-License-Identifier: BSD-3-Clause
// RAII for FFTW's buffers and plans, shared by every layer that transforms (analysis: the ACF
// correlator; spiking: the population spectrum). Header-only: a target that includes it links
// FFTW itself (PkgConfig::FFTW3); core does not. Failures throw internal_error.
#pragma once
#include <fftw3.h>

#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>

#include <balnet/core/error.hpp>

namespace balnet {

struct fftw_free_deleter {
    void operator()(void* p) const noexcept { fftw_free(p); }
};
struct fftw_plan_deleter {
    void operator()(fftw_plan p) const noexcept { fftw_destroy_plan(p); }
};
using fftw_plan_ptr = std::unique_ptr<std::remove_pointer_t<fftw_plan>, fftw_plan_deleter>;
template <typename T>
using fftw_buffer = std::unique_ptr<T[], fftw_free_deleter>;

/// n elements from fftw_malloc (aligned for FFTW's SIMD paths).
template <typename T>
fftw_buffer<T> fftw_allocate(std::size_t n) {
    auto* p = static_cast<T*>(fftw_malloc(sizeof(T) * n));
    if (p == nullptr) throw internal_error("fftw_malloc failed for " + std::to_string(n));
    return fftw_buffer<T>(p);
}

/// Owns `p`; throws when FFTW could not make the plan.
inline fftw_plan_ptr fftw_checked_plan(fftw_plan p) {
    if (p == nullptr) throw internal_error("FFTW could not create a plan");
    return fftw_plan_ptr(p);
}

}  // namespace balnet
