// SPDX-License-Identifier: BSD-3-Clause
// The incoming synapses of the neurons one rank owns, in CSR form by target (row = postsynaptic
// gid, column = presynaptic gid, value = signed weight). Each row is drawn from counter-based
// streams keyed by (seed, connectivity | weights, target gid, projection index), so a row is
// the same whichever rank builds it: the network is bitwise identical for any rank count.
// Columns within a row are sorted ascending (cache locality of the coupling product).
#pragma once
#include <cstdint>
#include <vector>

#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/network/row_generator.hpp>
#include <balnet/network/synapse_hash.hpp>

namespace balnet {

class local_network {
public:
    /// Draws the owned rows of `spec` (rows part.begin() .. part.end()).
    static local_network build(const network_spec& spec, const partition& part);

    gid_type first_row() const noexcept { return first_row_; }
    std::uint64_t n_rows() const noexcept { return row_ptr_.size() - 1; }
    std::uint64_t n_synapses() const noexcept { return col_.size(); }

    const std::vector<std::uint64_t>& row_ptr() const noexcept { return row_ptr_; }
    const std::vector<std::uint32_t>& col() const noexcept { return col_; }
    const std::vector<double>& weight() const noexcept { return weight_; }

    /// Local part of the order-independent hash of every (row, col, weight): summing it over
    /// ranks (mod 2^64) gives a checksum that does not depend on the rank count.
    std::uint64_t hash() const noexcept;
    /// Per projection (index as in network_spec::projections).
    const std::vector<indegree_stats>& indegree() const noexcept { return indegree_; }

    /// Frees the storage (after it was copied into an engine's own format).
    void release() noexcept;

private:
    gid_type first_row_ = 0;
    std::vector<std::uint64_t> row_ptr_{0};
    std::vector<std::uint32_t> col_;
    std::vector<double> weight_;
    std::vector<indegree_stats> indegree_;
};

}  // namespace balnet
