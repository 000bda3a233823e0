// SPDX-License-Identifier: BSD-3-Clause
// The recurrent synapses onto the neurons one rank owns, indexed by source: for each projection
// and each source gid, the list of local target indices (uint32). A projection whose synapses all
// have one delay is one group with that delay, and a synapse costs 4 bytes (plus 8 when its
// projection draws weights). A projection whose delays vary (uniform or normal law) is one group
// too, with each synapse's delay stored beside it as its distance from the projection's smallest
// delay (1 byte when the range fits, else 2). Per-source offsets cost 8 bytes per (group, source)
// on every rank, so they are kept to one array per projection: grouping by (projection, delay)
// instead cost one array per delay step — 75 per excitatory projection of the microcircuit, more
// bytes than the synapses themselves at a few ranks — and one offset lookup per delay and spike.
//
// Determinism: the inputs of target gid t in projection p are drawn from
// rng_stream(seed, connectivity | weights | delays, t, p) — fixed in-degree with replacement
// (multapses and autapses allowed unless disabled, docs/models.md §2.2.2) or Bernoulli — so the
// union over ranks is bitwise the same network for any partition. Within a (group, source) list
// the entries are ordered by (local target, draw order): for a given target that order does not
// depend on the partition, which the canonical delivery order relies on. Delivery adds a spike's
// entries in that order, so the additions into one ring cell (delay, target) come in draw order
// whether or not the delays share a group: the sums are the same bits as with one group per delay.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/network/partition.hpp>
#include <balnet/spiking/lif_params.hpp>

namespace balnet {

/// The local synapses of one projection, indexed by source.
struct synapse_group {
    std::size_t projection = 0;
    step_type delay = 0;        // [steps] the smallest delay (the only one when both delay arrays are empty)
    double weight = 0.0;        // [mV] the homogeneous weight (when `weights` is empty)
    bool drawn = false;         ///< per-synapse weights in `weights`
    gid_type source_first = 0;  ///< first gid of the source population
    std::vector<std::uint64_t> offsets;  ///< n_sources + 1 entries into targets
    std::vector<std::uint32_t> targets;  ///< local target index (gid - first owned gid)
    std::vector<double> weights;         // [mV] per synapse when drawn
    /// Per synapse when the projection's delays vary: delay - `delay` [steps], in delays8 when
    /// the range is below 256 steps, else in delays16 (the other one empty).
    std::vector<std::uint8_t> delays8;
    std::vector<std::uint16_t> delays16;

    std::uint64_t begin(gid_type source) const noexcept { return offsets[source - source_first]; }
    std::uint64_t end(gid_type source) const noexcept { return offsets[source - source_first + 1]; }
    bool varying_delays() const noexcept { return !delays8.empty() || !delays16.empty(); }
    /// The delay of entry j [steps].
    step_type delay_of(std::uint64_t j) const noexcept {
        return delay + (delays8.empty() ? (delays16.empty() ? 0 : delays16[j]) : delays8[j]);
    }
};

class synapse_index {
public:
    /// Draws the inputs of the owned targets (part.begin() .. part.end()); net must be valid.
    static synapse_index build(const lif_network_params& net, const partition& part);

    const std::vector<synapse_group>& groups() const noexcept { return groups_; }
    /// Indices into groups() of the groups whose sources are in `population`, ascending.
    const std::vector<std::size_t>& groups_from(std::size_t population) const {
        return by_source_population_[population];
    }
    gid_type first_target() const noexcept { return first_target_; }
    std::uint64_t n_synapses() const noexcept;
    /// The order-free network checksum of the local synapses: the sum (mod 2^64) over them of
    /// H(H(target, source, weight), projection 2^32 + delay [steps], 0), with H = synapse_hash
    /// (network/synapse_hash.hpp, the rate networks' hash). Summed over ranks it is the same
    /// for every partition (checksum_definition says it in the output file). Summed while
    /// the synapses are drawn.
    std::uint64_t checksum() const noexcept { return checksum_; }
    /// Bytes of synapse storage: targets, per-synapse weights and delays, per-source offsets.
    std::uint64_t bytes() const noexcept;
    double bytes_per_synapse() const noexcept;

    /// f(source gid, target gid, projection, delay [steps], weight [mV]) for every local synapse.
    template <typename F>
    void for_each(F&& f) const {
        for (const auto& g : groups_) {
            for (std::uint64_t s = 0; s + 1 < g.offsets.size(); ++s) {
                for (auto e = g.offsets[s]; e < g.offsets[s + 1]; ++e)
                    f(g.source_first + s, first_target_ + g.targets[e], g.projection, g.delay_of(e),
                      g.drawn ? g.weights[e] : g.weight);
            }
        }
    }

private:
    gid_type first_target_ = 0;
    std::uint64_t checksum_ = 0;
    std::vector<synapse_group> groups_;
    std::vector<std::vector<std::size_t>> by_source_population_;
};

}  // namespace balnet
