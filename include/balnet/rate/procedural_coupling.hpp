// SPDX-License-Identifier: BSD-3-Clause
// The coupling product with nothing stored (procedural connectivity, as GeNN calls it): every
// product redraws each owned row of W from its counter-based streams (row_generator) and sums it
// at once. Memory is O(N) per rank (the ghost values) instead of O(synapses), so a network of 10^9
// synapses fits on one machine; the price is the drawing of K column indices and K weights per
// row and product. The rows are those local_network stores, entry for entry, and they are summed
// in the order of sliced_rows.hpp (one sum per column panel, panel sums in panel order): the
// product is bitwise identical to coupling_matrix with double weights, at any rank count.
// Ghosts are every non-owned gid (which of them a row needs is known only once it is drawn).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/network/row_generator.hpp>
#include <balnet/rate/coupling_operator.hpp>

namespace balnet {

class procedural_coupling final : public coupling_operator {
public:
    procedural_coupling(const network_spec& spec, const partition& part);

    std::size_t n_rows() const noexcept override { return part_.local_size(); }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    /// The ghost list and the generator's row buffers: no synapse is held.
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;

private:
    partition part_;
    unsigned panel_shift_;  // log2 of panel_width(spec)
    std::vector<gid_type> ghosts_;
    mutable row_generator gen_;  // buffers reused by every row of every product
};

}  // namespace balnet
