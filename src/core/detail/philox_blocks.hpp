// SPDX-License-Identifier: BSD-3-Clause
// Philox4x32-10 (Salmon et al. 2011) for n consecutive blocks of one stream: the blocks with
// counters {c0, c1, c2, c3 + i}, i < n, as rng_stream lays them out. Written as plain loops over
// lanes (one lane per block) so that the compiler vectorises the 32x32->64 multiplies; a long
// stream (the K column draws and K weights of a row) then costs a fraction of the scalar
// generator. Bitwise what Random123's Philox4x32 gives (a unit test checks it).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace balnet::detail {

inline constexpr std::size_t philox_max_blocks = 16;

/// out[4 i + j] = word j of block {ctr[0], ctr[1], ctr[2], ctr[3] + i} under `key`, i < n;
/// n <= philox_max_blocks. The block counter wraps modulo 2^32, as the scalar generator's does.
/// On x86-64 with GCC it is compiled for AVX-512, AVX2 and the baseline and picked at load time
/// (target_clones): integer arithmetic only, so every variant gives the same bits.
void philox_blocks(const std::array<std::uint32_t, 2>& key, const std::array<std::uint32_t, 4>& ctr,
                   std::size_t n, std::uint32_t* out) noexcept;

}  // namespace balnet::detail
