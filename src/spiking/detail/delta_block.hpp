// SPDX-License-Identifier: BSD-3-Clause
// The membrane update of the delta model over one block of neurons, as straight-line loops that
// the compiler vectorises (docs/models.md §2.2.3): for each neuron j,
//     x = row_e[j] (+ row_i[j]); rows zeroed;
//     not refractory: x += ext1[j] (when given), x += ext2[j] (when given), v = P33 v + (x + dc);
//     refractory: r -= 1.
// The same operations in the same order as the neuron-by-neuron form, lane by lane, so the bits
// are those of that form: every variant is compiled without contracting a*b + c into a fused
// multiply-add (CMake: -ffp-contract=off), and a refractory neuron's discarded x changes nothing.
// Compiled for AVX-512, AVX2 and the baseline and chosen when the program loads (target_clones),
// so the binary runs on any x86-64 node. A null row_i, ext1 or ext2 is skipped (not added as 0:
// x + 0.0 would turn a -0.0 into +0.0).
#pragma once
#include <cstddef>
#include <cstdint>

namespace balnet::detail {

struct delta_block_args {
    double* v = nullptr;
    std::int32_t* r = nullptr;
    double* row_e = nullptr;
    double* row_i = nullptr;       ///< null with one delay ring
    const double* ext1 = nullptr;  ///< null when the first drive is off
    const double* ext2 = nullptr;  ///< null when the second drive is off
    std::size_t n = 0;
    double p33 = 0.0;
    double dc_step = 0.0;
};

void delta_block(const delta_block_args& a) noexcept;

}  // namespace balnet::detail
