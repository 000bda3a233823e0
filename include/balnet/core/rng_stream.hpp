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
// Blocks are generated in batches that double with use (1, 2, 4, ... up to 16 blocks, vectorised
// across blocks): a stream that yields a few numbers costs one block as before, a long one (a
// row's K columns and weights) runs at the batched generator's speed. The numbers are the same.
#pragma once
#include <array>
#include <cstdint>

#include <balnet/core/types.hpp>

namespace balnet {
namespace detail {
struct ziggurat;
}

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

/// The constants of one gamma law for rng_stream::gamma, computed once (per projection).
struct gamma_law {
    gamma_law() = default;
    gamma_law(double shape, double theta) noexcept;
    double d = 0.0, c = 0.0;  ///< Marsaglia–Tsang's d = k' - 1/3, c = 1/sqrt(9 d), k' = k or k + 1
    double inv_shape = 0.0;   ///< 1 / k (used when k < 1)
    double scale = 0.0;
    bool boost = false;  ///< k < 1
};

/// A reproducible stream of random numbers for one (seed, purpose, gid, substream).
class rng_stream {
public:
    rng_stream(seed_type seed, rng_purpose purpose, gid_type gid, std::uint32_t substream = 0,
               std::uint32_t first_block = 0) noexcept;

    /// Next 32 random bits.
    std::uint32_t next_u32() noexcept {
        if (pos_ == end_) refill();
        return buf_[pos_++];
    }
    /// Uniform on the open interval (0, 1), 53 bits of resolution.
    double uniform() noexcept;
    /// Standard normal (Box–Muller; the second value is kept for the next call).
    double normal() noexcept;
    /// Standard normal by the ziggurat method (exact; 64 bits per draw, 98.8 % with no
    /// transcendental call). A different sequence from normal(): only gamma() uses it.
    double ziggurat_normal() noexcept;
    /// Exponential with mean 1, by the ziggurat method (exact; 64 bits per draw mostly).
    double exponential() noexcept;
    /// Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject). n > 0.
    std::uint64_t uniform_int(std::uint64_t n) noexcept;
    /// Gamma(shape k, scale theta), Marsaglia–Tsang (2000) driven by ziggurat_normal(); shape < 1
    /// through the boost G(k) = G(k + 1) U^(1/k), drawn as G(k + 1) exp(-E / k) with E exponential.
    double gamma(double shape, double scale) noexcept { return gamma(gamma_law(shape, scale)); }
    double gamma(const gamma_law& law) noexcept;
    /// Poisson(lambda): inversion for lambda < 30, PTRS (Hörmann 1993) above.
    std::uint64_t poisson(double lambda) noexcept;
    /// true with probability p.
    bool bernoulli(double p) noexcept { return uniform() < p; }

    /// The block counter: with the key it restores the stream (checkpoints). Counts the blocks
    /// of which a word was used (the batch's unused blocks are not counted).
    std::uint32_t block() const noexcept { return ctr_[3] - (end_ - pos_) / 4; }

private:
    static constexpr unsigned max_batch = 16;  // blocks; detail::philox_max_blocks
    void refill() noexcept;
    std::uint64_t next_u64() noexcept {
        const std::uint64_t hi = next_u32();
        return (hi << 32) | next_u32();
    }
    double normal_tail(double r) noexcept;
    double ziggurat_normal(const detail::ziggurat& z) noexcept;
    double exponential(const detail::ziggurat& z) noexcept;
    std::array<std::uint32_t, 2> key_{};
    std::array<std::uint32_t, 4> ctr_{};  // ctr_[3]: the next block to generate
    std::array<std::uint32_t, 4 * max_batch> buf_;  // filled before it is read
    unsigned pos_ = 0, end_ = 0;                    // next word, end of the filled words
    unsigned batch_ = 1;                            // blocks of the next refill
    double spare_normal_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace balnet
