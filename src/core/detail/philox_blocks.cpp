// SPDX-License-Identifier: BSD-3-Clause
#include "philox_blocks.hpp"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BALNET_PHILOX_BLOCK_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BALNET_PHILOX_BLOCK_CLONES
#endif

namespace balnet::detail {

BALNET_PHILOX_BLOCK_CLONES
void philox_blocks(const std::array<std::uint32_t, 2>& key, const std::array<std::uint32_t, 4>& ctr,
                   std::size_t n, std::uint32_t* out) noexcept {
    constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;  // Random123 PHILOX_M4x32_*
    constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;  // Random123 PHILOX_W32_*
    // Structure of arrays: the lanes stay in vector registers, interleaved once at the end.
    std::uint32_t r0[philox_max_blocks], r1[philox_max_blocks], r2[philox_max_blocks],
        r3[philox_max_blocks];
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2];
        std::uint32_t c3 = ctr[3] + static_cast<std::uint32_t>(i);
        std::uint32_t k0 = key[0], k1 = key[1];
        for (int r = 0; r < 10; ++r) {  // round, then bump the key (the last bump is unused)
            const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * c0;
            const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * c2;
            c0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1 ^ k0;
            c1 = static_cast<std::uint32_t>(p1);
            c2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3 ^ k1;
            c3 = static_cast<std::uint32_t>(p0);
            k0 += w0;
            k1 += w1;
        }
        r0[i] = c0;
        r1[i] = c1;
        r2[i] = c2;
        r3[i] = c3;
    }
    for (std::size_t i = 0; i < n; ++i) {
        out[4 * i] = r0[i];
        out[4 * i + 1] = r1[i];
        out[4 * i + 2] = r2[i];
        out[4 * i + 3] = r3[i];
    }
}

}  // namespace balnet::detail
