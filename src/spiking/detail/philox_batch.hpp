// SPDX-License-Identifier: BSD-3-Clause
// Philox4x32-10 (Salmon et al. 2011) for a batch of consecutive gids, written as plain loops
// over lanes so that the compiler vectorises the 32x32->64 multiplies. Returns, per gid, the
// first 64 bits (word 0 high, word 1 low) of block 0 of the stream
// rng_stream(seed, purpose, gid, substream): bitwise what Random123's Philox4x32 gives for the
// same key and counter (a unit test checks it against rng_stream).
#pragma once
#include <cstddef>
#include <cstdint>

#include <balnet/core/rng_stream.hpp>
#include <balnet/core/types.hpp>

namespace balnet::detail {

inline constexpr std::size_t philox_lanes = 64;

/// out[i] = bits of (seed, purpose, gid0 + i, substream), i < n <= philox_lanes.
/// On x86-64 with GCC or Clang it is compiled for AVX-512, AVX2 and the baseline and picked at
/// load time (target_clones): integer arithmetic only, so every variant gives the same bits.
void philox_batch(seed_type seed, rng_purpose purpose, gid_type gid0, std::uint32_t substream,
                  std::size_t n, std::uint64_t* out) noexcept;

}  // namespace balnet::detail
