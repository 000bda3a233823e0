// SPDX-License-Identifier: BSD-3-Clause
#include "philox_batch.hpp"

// Function multiversioning: the default build stays portable and still uses the widest
// vector multiply the running CPU has (the drive costs ~1.25e8 blocks per simulated second).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BALNET_PHILOX_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define BALNET_PHILOX_CLONES
#endif

namespace balnet::detail {

BALNET_PHILOX_CLONES
void philox_batch(seed_type seed, rng_purpose purpose, gid_type gid0, std::uint32_t substream,
                  std::size_t n, std::uint64_t* out) noexcept {
    constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;  // Random123 PHILOX_M4x32_*
    constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;  // Random123 PHILOX_W32_*
    const std::uint32_t top = static_cast<std::uint32_t>(purpose) << 24;
    for (std::size_t i = 0; i < n; ++i) {
        const gid_type gid = gid0 + i;
        std::uint32_t c0 = static_cast<std::uint32_t>(gid);
        std::uint32_t c1 = static_cast<std::uint32_t>((gid >> 32) & 0x00FFFFFFu) | top;
        std::uint32_t c2 = substream;
        std::uint32_t c3 = 0;
        std::uint32_t k0 = static_cast<std::uint32_t>(seed);
        std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32);
        for (int r = 0; r < 10; ++r) {  // round, then bump the key (the last bump is unused)
            const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * c0;
            const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * c2;
            const auto hi0 = static_cast<std::uint32_t>(p0 >> 32);
            const auto hi1 = static_cast<std::uint32_t>(p1 >> 32);
            c0 = hi1 ^ c1 ^ k0;
            c1 = static_cast<std::uint32_t>(p1);
            c2 = hi0 ^ c3 ^ k1;
            c3 = static_cast<std::uint32_t>(p0);
            k0 += w0;
            k1 += w1;
        }
        out[i] = (static_cast<std::uint64_t>(c0) << 32) | c1;
    }
}

}  // namespace balnet::detail
