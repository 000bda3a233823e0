// SPDX-License-Identifier: BSD-3-Clause
// Counter-based random streams: the determinism contract of balnet.
//
// Every random number in balnet comes from an rng_stream keyed by (seed, purpose, gid, substream),
// never by the MPI rank and never from a sequential per-rank generator. The generator is
// Random123's Philox4x32-10: a pure function of (key, counter), so any rank can recreate the
// draws that belong to any neuron, and the network and the spikes are the same for every rank
// count. Layout:
//   key     = { seed low 32 bits, seed high 32 bits }
//   counter = { gid low 32 bits, gid bits 32..55 | purpose << 24, substream, block }
// `block` advances as draws are consumed (4 x 32 bits per block). `substream` separates e.g. the
// time steps of the external noise of one neuron: (seed, external_noise, gid, step).
#pragma once
#include <array>
#include <cstdint>

#include <balnet/core/types.hpp>

namespace balnet {

/// What a stream is used for. Distinct purposes never share random numbers.
enum class rng_purpose : std::uint8_t {
    connectivity = 1,    ///< which synapses exist
    weights = 2,         ///< synaptic weights
    initial_state = 3,   ///< initial conditions
    external_noise = 4,  ///< Poisson drive, voltage noise
    signal = 5,          ///< input signals (spike coding)
    sampling = 6,        ///< choice of recorded units / sampled pairs
    delays = 7,          ///< synaptic delays
};

/// A reproducible stream of random numbers for one (seed, purpose, gid, substream).
class rng_stream {
public:
    rng_stream(seed_type seed, rng_purpose purpose, gid_type gid, std::uint32_t substream = 0,
               std::uint32_t first_block = 0) noexcept;

    /// Next 32 random bits.
    std::uint32_t next_u32() noexcept {
        if (pos_ == 4) refill();
        return buf_[pos_++];
    }
    /// Uniform on the open interval (0, 1), 53 bits of resolution.
    double uniform() noexcept;
    /// Standard normal (Box–Muller; the second value is kept for the next call).
    double normal() noexcept;
    /// Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject). n > 0.
    std::uint64_t uniform_int(std::uint64_t n) noexcept;
    /// Gamma(shape k, scale theta), Marsaglia–Tsang; shape < 1 through the boost k -> k + 1.
    double gamma(double shape, double scale) noexcept;
    /// Poisson(lambda): inversion for lambda < 30, PTRS (Hörmann 1993) above.
    std::uint64_t poisson(double lambda) noexcept;
    /// true with probability p.
    bool bernoulli(double p) noexcept { return uniform() < p; }

    /// The block counter: with the key it restores the stream (checkpoints).
    std::uint32_t block() const noexcept { return ctr_[3]; }

private:
    void refill() noexcept;
    std::array<std::uint32_t, 2> key_{};
    std::array<std::uint32_t, 4> ctr_{};
    std::array<std::uint32_t, 4> buf_{};
    unsigned pos_ = 4;
    double spare_normal_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace balnet
