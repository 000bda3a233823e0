// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/synapse_index.hpp>

#include <algorithm>
#include <limits>
#include <string>

#include <balnet/core/error.hpp>
#include <balnet/network/synapse_hash.hpp>

#include "detail/input_sampler.hpp"

namespace balnet {
namespace {

struct target_range {
    gid_type begin = 0;
    gid_type end = 0;
};

// The owned gids of a population: [max(begin, first), min(end, first + size)).
target_range owned(const lif_network_params& net, const partition& part, std::size_t pop) {
    const gid_type first = net.offset(pop);
    const gid_type b = std::max(part.begin(), first);
    const gid_type e = std::min(part.end(), first + net.populations[pop].size);
    return {b, std::max(b, e)};
}

// Creates the empty groups, one per projection in order (delay: its smallest).
void make_groups(const lif_network_params& net, std::vector<synapse_group>& groups) {
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        const auto& pr = net.projections[p];
        synapse_group g;
        g.projection = p;
        g.delay = net.delay_steps(pr);
        g.weight = pr.weight;
        g.drawn = pr.drawn_weights.has_value();
        g.source_first = net.offset(pr.source);
        g.offsets.assign(net.populations[pr.source].size + 1, 0);
        groups.push_back(std::move(g));
    }
}

// Turns the per-source counts into offsets, sizes the storage (the per-synapse delays of a
// projection whose delays span `delay_range[gi]` > 0 steps) and returns the fill cursors:
// one flat array (group gi's cursors start at cursor_base[gi]) instead of a vector per group,
// one indirection less on the scattered store of pass 2.
std::vector<std::uint64_t> make_cursors(std::vector<synapse_group>& groups, const std::vector<step_type>& delay_range,
                                        std::vector<std::size_t>& cursor_base) {
    cursor_base.assign(groups.size() + 1, 0);
    for (std::size_t gi = 0; gi < groups.size(); ++gi)
        cursor_base[gi + 1] = cursor_base[gi] + groups[gi].offsets.size() - 1;
    std::vector<std::uint64_t> cursor(cursor_base.back());
    for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        auto& g = groups[gi];
        for (std::size_t s = 1; s < g.offsets.size(); ++s) g.offsets[s] += g.offsets[s - 1];
        const auto n = g.offsets.back();
        g.targets.resize(n);
        if (g.drawn) g.weights.resize(n);
        if (delay_range[gi] > 0 && delay_range[gi] < 256) g.delays8.resize(n);
        if (delay_range[gi] >= 256) g.delays16.resize(n);
        std::copy(g.offsets.begin(), g.offsets.end() - 1,
                  cursor.begin() + static_cast<std::ptrdiff_t>(cursor_base[gi]));
    }
    return cursor;
}

// Where an input lands: group p, cursor cursor_base[p] + s - src_first[p].
struct input_keys {
    const std::vector<gid_type>& src_first;
    const std::vector<std::size_t>& cursor_base;
};

// One synapse's term of the checksum (synapse_index::checksum), from its target's first stage.
std::uint64_t checksum_term(std::uint64_t target_stage, gid_type source, std::size_t projection, step_type delay,
                            double weight) noexcept {
    const auto pd = (static_cast<std::uint64_t>(projection) << 32) + static_cast<std::uint64_t>(delay);
    return synapse_hash(synapse_hash_from_row(target_stage, source, weight), pd, 0.0);
}

// Pass 2: draws the inputs of one target into a small batch and files them afterwards.
// Separating the drawing (compute) from the scattered stores (cache misses) lets the stores
// of a batch overlap instead of waiting behind the random number generation. Returns the
// checksum of the filed synapses: hashing them while they are in registers costs no second
// pass over 4-16 bytes per synapse of memory.
std::uint64_t file_inputs(const lif_network_params& net, const partition& part, const input_keys& k,
                 detail::input_sampler& sampler, std::vector<std::uint64_t>& cursor,
                 std::vector<synapse_group>& groups) {
    struct pending {
        std::size_t cursor;
        double weight;
        step_type delay;
    };
    std::vector<pending> batch;
    std::uint64_t sum = 0;
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        const auto r = owned(net, part, net.projections[p].target);
        auto& g = groups[p];
        for (gid_type t = r.begin; t < r.end; ++t) {
            batch.clear();
            const std::uint64_t stage = synapse_hash_row(t);
            sampler.draw(p, t, [&](gid_type s, step_type d, double w) {
                batch.push_back({k.cursor_base[p] + (s - k.src_first[p]), w, d - g.delay});
                sum += checksum_term(stage, s, p, d, w);
            });
            const auto local = static_cast<std::uint32_t>(t - part.begin());
            for (const auto& b : batch) {
                const auto e = cursor[b.cursor]++;
                g.targets[e] = local;
                if (g.drawn) g.weights[e] = b.weight;
                if (!g.delays8.empty()) g.delays8[e] = static_cast<std::uint8_t>(b.delay);
                if (!g.delays16.empty()) g.delays16[e] = static_cast<std::uint16_t>(b.delay);
            }
        }
    }
    return sum;
}

}  // namespace

synapse_index synapse_index::build(const lif_network_params& net, const partition& part) {
    synapse_index idx;
    idx.first_target_ = part.begin();
    if (part.local_size() > std::numeric_limits<std::uint32_t>::max())
        throw config_error("more than 2^32 neurons on one rank (use more ranks)");
    make_groups(net, idx.groups_);
    std::vector<step_type> delay_range(net.projections.size());
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        delay_range[p] = net.delay_max_steps(net.projections[p]) - net.delay_steps(net.projections[p]);
        if (delay_range[p] > 65535)
            throw config_error("projections[" + std::to_string(p) + "].delay_max",
                               std::to_string(net.projections[p].delay_max), "a delay range below 65536 grid steps");
    }
    detail::input_sampler sampler(net, part.begin(), part.end());
    // Pass 1 counts the inputs per (projection, source) — the sources alone: delays and weights
    // come from streams of their own, so skipping them draws the same sources; pass 2 draws the
    // inputs again, whole, and files them. Drawing twice costs time but no temporary edge list
    // (4 bytes per synapse at the peak, not 16).
    std::vector<gid_type> src_first(net.projections.size());
    for (std::size_t p = 0; p < net.projections.size(); ++p) src_first[p] = net.offset(net.projections[p].source);
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        const auto r = owned(net, part, net.projections[p].target);
        auto& offsets = idx.groups_[p].offsets;
        for (gid_type t = r.begin; t < r.end; ++t)
            sampler.draw_sources(p, t, [&](gid_type s) { ++offsets[s - src_first[p] + 1]; });
    }
    std::vector<std::size_t> cursor_base;
    auto cursor = make_cursors(idx.groups_, delay_range, cursor_base);
    idx.checksum_ = file_inputs(net, part, {src_first, cursor_base}, sampler, cursor, idx.groups_);
    idx.by_source_population_.resize(net.populations.size());
    for (std::size_t gi = 0; gi < idx.groups_.size(); ++gi)
        idx.by_source_population_[net.projections[idx.groups_[gi].projection].source].push_back(gi);
    return idx;
}

std::uint64_t synapse_index::n_synapses() const noexcept {
    std::uint64_t n = 0;
    for (const auto& g : groups_) n += g.targets.size();
    return n;
}

std::uint64_t synapse_index::bytes() const noexcept {
    std::uint64_t b = 0;
    for (const auto& g : groups_)
        b += g.targets.size() * sizeof(std::uint32_t) + g.weights.size() * sizeof(double) +
             g.delays8.size() + g.delays16.size() * sizeof(std::uint16_t) + g.offsets.size() * sizeof(std::uint64_t);
    return b;
}

double synapse_index::bytes_per_synapse() const noexcept {
    const auto n = n_synapses();
    return n == 0 ? 0.0 : static_cast<double>(bytes()) / static_cast<double>(n);
}

}  // namespace balnet
