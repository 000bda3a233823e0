// SPDX-License-Identifier: BSD-3-Clause
#include "delta_block.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BALNET_DELTA_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BALNET_DELTA_CLONES
#endif

namespace balnet::detail {
namespace {

// One loop per combination of the null pointers (the flags are template constants, so each
// loop body is branch-free and vectorises).
template <bool two_rings, bool with1, bool with2>
inline void update(const delta_block_args& a) noexcept {
    double* __restrict v = a.v;
    std::int32_t* __restrict r = a.r;
    double* __restrict row = a.row_e;
    double* __restrict row_i = a.row_i;
    const double* __restrict e1 = a.ext1;
    const double* __restrict e2 = a.ext2;
    const double p33 = a.p33, dc = a.dc_step;
    for (std::size_t j = 0; j < a.n; ++j) {
        double x = row[j];
        row[j] = 0.0;
        if constexpr (two_rings) {
            x += row_i[j];
            row_i[j] = 0.0;
        }
        if constexpr (with1) x += e1[j];
        if constexpr (with2) x += e2[j];
        const double vn = p33 * v[j] + (x + dc);
        const std::int32_t rj = r[j];
        v[j] = rj == 0 ? vn : v[j];
        r[j] = rj == 0 ? rj : rj - 1;
    }
}

template <bool two_rings>
inline void update_rings(const delta_block_args& a) noexcept {
    if (a.ext1 && a.ext2) update<two_rings, true, true>(a);
    else if (a.ext1) update<two_rings, true, false>(a);
    else if (a.ext2) update<two_rings, false, true>(a);
    else update<two_rings, false, false>(a);
}

}  // namespace

BALNET_DELTA_CLONES
void delta_block(const delta_block_args& a) noexcept {
    if (a.row_i) update_rings<true>(a);
    else update_rings<false>(a);
}

}  // namespace balnet::detail
