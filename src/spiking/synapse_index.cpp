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
    auto group_of = [&](std::size_t p, step_type d) -> synapse_group& {
        return idx.groups_[first_group[p] + static_cast<std::size_t>(d - net.delay_steps(
                                                                          net.projections[p]))];
    };
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
    each_input([&](std::size_t p, gid_type, gid_type s, step_type d, double) {
        ++group_of(p, d).offsets[s - net.offset(net.projections[p].source) + 1];
    });
    std::vector<std::vector<std::uint64_t>> cursor(idx.groups_.size());
    for (std::size_t gi = 0; gi < idx.groups_.size(); ++gi) {
        auto& g = idx.groups_[gi];
        for (std::size_t s = 1; s < g.offsets.size(); ++s) g.offsets[s] += g.offsets[s - 1];
        g.targets.resize(g.offsets.back());
        if (g.drawn) g.weights.resize(g.offsets.back());
        cursor[gi].assign(g.offsets.begin(), g.offsets.end() - 1);
    }
    each_input([&](std::size_t p, gid_type t, gid_type s, step_type d, double w) {
        const std::size_t gi =
            first_group[p] + static_cast<std::size_t>(d - net.delay_steps(net.projections[p]));
        auto& g = idx.groups_[gi];
        const auto e = cursor[gi][s - g.source_first]++;
        g.targets[e] = static_cast<std::uint32_t>(t - part.begin());
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
