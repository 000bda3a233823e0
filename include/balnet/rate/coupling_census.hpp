// SPDX-License-Identifier: BSD-3-Clause
// The rank-independent description of the coupling W that every rate run reports (/network):
// synapse count, the order-independent checksum of every (row, col, weight), in-degree statistics
// per projection and the weight sums. A census is filled row by row as the rows are drawn
// (whoever draws them: the stored matrix, the procedural product's first pass, local_network for
// PETSc's matrix), so that no second copy of the rows is ever needed, and reduced over the ranks
// once; sums of 64-bit hashes wrap, so the checksum does not depend on the rank count, and the
// weight sums are exact (core/exact_sum.hpp), so they do not either.
#pragma once
#include <cstdint>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/network/row_generator.hpp>

namespace balnet {

/// Global description of the coupling, identical on every rank.
struct coupling_summary {
    std::uint64_t n_synapses = 0;
    std::uint64_t hash = 0;                 ///< order-independent hash of (row, col, weight)
    std::vector<indegree_stats> indegree;   ///< per projection, over all rows
    double weight_sum = 0.0;                ///< sum of |w| (for checks of the mean weight), exact
    double weight_sq_sum = 0.0;             ///< sum of w^2, exact (each w^2 rounded once)
};

class coupling_census {
public:
    explicit coupling_census(std::size_t n_projections);

    /// The row `gen` has just drawn, for neuron `gid`.
    void add(const row_generator& gen, gid_type gid);
    /// Every row of `net`.
    void add(const local_network& net);
    /// Sums, minima and maxima over the ranks. Collective.
    coupling_summary reduce(const context& ctx) const;

private:
    void add_entries(gid_type gid, std::span<const std::uint32_t> cols, std::span<const double> w);

    coupling_summary local_;  ///< everything but the weight sums
    exact_sum weight_sum_, weight_sq_sum_;
};

}  // namespace balnet
