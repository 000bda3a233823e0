// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/local_network.hpp>

#include <bit>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

local_network local_network::build(const network_spec& spec, const partition& part) {
    row_generator gen(spec);
    local_network net;
    net.first_row_ = part.begin();
    net.indegree_.assign(spec.projections.size(), {});
    for (auto& s : net.indegree_) s.min = std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t expected = spec.expected_synapses(part.begin(), part.local_size());
    net.col_.reserve(expected + expected / 16);
    net.weight_.reserve(expected + expected / 16);
    for (gid_type gid = part.begin(); gid < part.end(); ++gid) {
        gen.draw(gid);
        gen.tally(net.indegree_);
        net.col_.insert(net.col_.end(), gen.cols().begin(), gen.cols().end());
        net.weight_.insert(net.weight_.end(), gen.weights().begin(), gen.weights().end());
        net.row_ptr_.push_back(net.col_.size());
    }
    for (auto& s : net.indegree_)
        if (s.rows == 0) s.min = 0;
    return net;
}

std::uint64_t local_network::hash() const noexcept {
    std::uint64_t h = 0;
    for (std::uint64_t r = 0; r + 1 < row_ptr_.size(); ++r)
        for (std::uint64_t k = row_ptr_[r]; k < row_ptr_[r + 1]; ++k)
            h += synapse_hash(first_row_ + r, col_[k], weight_[k]);
    return h;
}

void local_network::release() noexcept {
    std::vector<std::uint32_t>().swap(col_);
    std::vector<double>().swap(weight_);
    std::vector<std::uint64_t>{0}.swap(row_ptr_);
}

}  // namespace balnet
