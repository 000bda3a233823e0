// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/synapse_index.hpp>

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>

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

// Creates the empty groups: one per (projection, delay in [d, d_max]), in that order.
std::vector<std::size_t> make_groups(const lif_network_params& net,
                                     std::vector<synapse_group>& groups) {
    std::vector<std::size_t> first_group;
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        const auto& pr = net.projections[p];
        first_group.push_back(groups.size());
        for (step_type d = net.delay_steps(pr); d <= net.delay_max_steps(pr); ++d) {
            synapse_group g;
            g.projection = p;
            g.delay = d;
            g.weight = pr.weight;
            g.drawn = pr.drawn_weights.has_value();
            g.source_first = net.offset(pr.source);
            g.offsets.assign(net.populations[pr.source].size + 1, 0);
            groups.push_back(std::move(g));
        }
    }
    return first_group;
}

}  // namespace

synapse_index synapse_index::build(const lif_network_params& net, const partition& part) {
    synapse_index idx;
    idx.first_target_ = part.begin();
    if (part.local_size() > std::numeric_limits<std::uint32_t>::max())
        throw config_error("more than 2^32 neurons on one rank (use more ranks)");
    const auto first_group = make_groups(net, idx.groups_);
    detail::input_sampler sampler(net);
    // Pass 1 counts the inputs per (group, source); pass 2 draws the same inputs again and
    // files them. Drawing twice costs time but no temporary edge list (4 bytes per synapse
    // at the peak, not 16).
    auto each_input = [&](auto&& f) {
        for (std::size_t p = 0; p < net.projections.size(); ++p) {
            const auto r = owned(net, part, net.projections[p].target);
            for (gid_type t = r.begin; t < r.end; ++t)
                sampler.draw(p, t, [&](gid_type s, step_type d, double w) { f(p, t, s, d, w); });
        }
    };
    // Per-projection constants, hoisted out of the per-synapse callbacks: the group and
    // source lookups otherwise cost calls to net.offset() / delay_steps() per synapse.
    std::vector<gid_type> src_first(net.projections.size());
    std::vector<std::size_t> group_base(net.projections.size());
    for (std::size_t p = 0; p < net.projections.size(); ++p) {
        src_first[p] = net.offset(net.projections[p].source);
        group_base[p] =
            first_group[p] - static_cast<std::size_t>(net.delay_steps(net.projections[p]));
    }
    each_input([&](std::size_t p, gid_type, gid_type s, step_type d, double) {
        ++idx.groups_[group_base[p] + static_cast<std::size_t>(d)]
              .offsets[s - src_first[p] + 1];
    });
    // One flat cursor array (group gi's cursors start at cursor_base[gi]) instead of a vector
    // per group: one indirection less on the scattered store.
    std::vector<std::size_t> cursor_base(idx.groups_.size() + 1, 0);
    for (std::size_t gi = 0; gi < idx.groups_.size(); ++gi)
        cursor_base[gi + 1] = cursor_base[gi] + idx.groups_[gi].offsets.size() - 1;
    std::vector<std::uint64_t> cursor(cursor_base.back());
    for (std::size_t gi = 0; gi < idx.groups_.size(); ++gi) {
        auto& g = idx.groups_[gi];
        for (std::size_t s = 1; s < g.offsets.size(); ++s) g.offsets[s] += g.offsets[s - 1];
        g.targets.resize(g.offsets.back());
        if (g.drawn) g.weights.resize(g.offsets.back());
        std::copy(g.offsets.begin(), g.offsets.end() - 1,
                  cursor.begin() + static_cast<std::ptrdiff_t>(cursor_base[gi]));
    }
    const gid_type first_owned = part.begin();
    each_input([&](std::size_t p, gid_type t, gid_type s, step_type d, double w) {
        const std::size_t gi = group_base[p] + static_cast<std::size_t>(d);
        auto& g = idx.groups_[gi];
        const auto e = cursor[cursor_base[gi] + (s - src_first[p])]++;
        g.targets[e] = static_cast<std::uint32_t>(t - first_owned);
        if (g.drawn) g.weights[e] = w;
    });
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
             g.offsets.size() * sizeof(std::uint64_t);
    return b;
}

double synapse_index::bytes_per_synapse() const noexcept {
    const auto n = n_synapses();
    return n == 0 ? 0.0 : static_cast<double>(bytes()) / static_cast<double>(n);
}

}  // namespace balnet
