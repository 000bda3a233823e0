// SPDX-License-Identifier: BSD-3-Clause
// One synapse's contribution to the order-free network checksum: H(row, col, w) =
// m(m(m(row) ^ col) ^ bits(w)), m = SplitMix64's finaliser (Steele, Lea & Flood 2014). A network's
// checksum is the sum (mod 2^64) of H over its synapses, so it does not depend on the order in
// which ranks or loops visit them. Inline, and in stages, because a build hashes every synapse as
// it is drawn: the row's stage is computed once per row, not once per synapse.
#pragma once
#include <bit>
#include <cstdint>

#include <balnet/core/types.hpp>

namespace balnet {

constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// The first stage of synapse_hash, shared by every synapse of one row.
constexpr std::uint64_t synapse_hash_row(gid_type row) noexcept { return splitmix64(row); }

/// synapse_hash(row, col, weight) from synapse_hash_row(row).
inline std::uint64_t synapse_hash_from_row(std::uint64_t row_stage, gid_type col, double weight) noexcept {
    return splitmix64(splitmix64(row_stage ^ col) ^ std::bit_cast<std::uint64_t>(weight));
}

inline std::uint64_t synapse_hash(gid_type row, gid_type col, double weight) noexcept {
    return synapse_hash_from_row(synapse_hash_row(row), col, weight);
}

}  // namespace balnet
