// SPDX-License-Identifier: BSD-3-Clause
// One row of the coupling W (the incoming synapses of one neuron), drawn from its counter-based
// streams keyed by (seed, connectivity | weights, target gid, projection index). The row depends
// on the spec and the gid alone, so it is the same whichever rank draws it and however often it
// is drawn: local_network stores the rows once, procedural_coupling redraws them in every product.
// Columns are global gids, ascending (projections come from disjoint gid ranges; a stable sort
// orders them when the projections are not listed in population order).
// The generator reuses its buffers across rows (no allocation per row once warm): the spans
// returned stay valid until the next draw(). Not thread-safe.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/rng_stream.hpp>
#include <balnet/core/types.hpp>
#include <balnet/network/network_spec.hpp>

namespace balnet {

/// In-degree statistics of one projection over some rows (combine across ranks by sum/min/max).
struct indegree_stats {
    std::uint64_t rows = 0;
    std::uint64_t total = 0;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
};

class row_generator {
public:
    /// Throws config_error when the network has 2^32 neurons or more (32-bit column indices).
    explicit row_generator(network_spec spec);

    /// Draws the row of `gid` (< spec.size()).
    void draw(gid_type gid);

    std::span<const std::uint32_t> cols() const noexcept { return col_; }  ///< gids, ascending
    std::span<const double> weights() const noexcept { return weight_; }
    /// Adds the last row to per-projection statistics (`stats` sized like spec.projections,
    /// min initialised to the largest value by the caller).
    void tally(std::vector<indegree_stats>& stats) const;

    const network_spec& spec() const noexcept { return spec_; }

private:
    void draw_columns(const projection_spec& pr, std::uint64_t n_src, std::int64_t self,
                      rng_stream& rng);
    void draw_distinct_sorted(std::uint64_t m, std::uint64_t want, bool complement, rng_stream& rng);
    void draw_distinct_bitmap(std::uint64_t m, std::uint64_t want, bool complement, rng_stream& rng);
    void sort_row();

    network_spec spec_;
    std::vector<std::uint32_t> pick_;      // scratch of draw_columns
    std::vector<std::uint32_t> sort_tmp_;  // scratch of its sort
    std::vector<std::uint64_t> bits_;      // scratch of draw_distinct_bitmap
    std::vector<std::uint32_t> cols_;      // one projection's columns, population-local
    std::vector<std::uint32_t> col_;    // the row
    std::vector<double> weight_;
    std::vector<std::uint32_t> order_;  // scratch of sort_row
    std::vector<std::uint64_t> count_;  // per projection, in the last row
    std::vector<bool> present_;         // per projection: targets the last row's population
};

}  // namespace balnet
