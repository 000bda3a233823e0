// SPDX-License-Identifier: BSD-3-Clause
// balnet's own storage of the owned rows of W for the coupling product eta = W phi, in the
// layout the product wants: one CSR over "local columns" with 32-bit row pointers and column
// indices and weights in double or float (12 or 8 bytes per synapse).
//
// Local columns: 0 .. n-1 are the owned units (gid = part.begin() + j); n .. n+g-1 are the ghost
// units, the non-owned presynaptic gids sorted ascending (`ghosts()`). The caller fills x_local
// = [x of owned | x of ghosts] (the engine through a PETSc VecScatter) and calls multiply().
// Invariants: each row keeps the order of its drawing (row_generator: columns ascending by gid),
// so the sum order, hence the result, does not depend on the rank count; the matrix holds no PETSc
// or MPI object and is built by one rank alone (no communication).
// The rows are drawn straight into the matrix's arrays (columns first as gids, renumbered to
// local columns in place once the ghosts are known): the build needs no second copy of the
// synapses, only 4 bytes per neuron for the ghost numbering.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/network/row_generator.hpp>
#include <balnet/rate/coupling_operator.hpp>

namespace balnet {

class coupling_matrix final : public coupling_operator {
public:
    /// Per drawn row, e.g. for the network's census: the generator holding the row, and its gid.
    using row_observer = std::function<void(const row_generator&, gid_type)>;

    /// Draws the owned rows of `spec` (those of `part`); throws config_error when the rank would
    /// hold 2^32 synapses or more (32-bit row pointers: use more ranks).
    coupling_matrix(const network_spec& spec, const partition& part, coupling_storage precision,
                    const row_observer& on_row = {});

    std::size_t n_rows() const noexcept override { return row_ptr_.size() - 1; }
    std::uint64_t n_synapses() const noexcept { return col_.size(); }
    coupling_storage precision() const noexcept { return precision_; }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    /// Bytes of matrix storage held (row pointers, columns, weights, ghost list).
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;

    /// The CSR arrays (local columns; weights of the matrix's precision), for re-encoding.
    std::span<const std::uint32_t> row_ptr() const noexcept { return row_ptr_; }
    std::span<const std::uint32_t> col() const noexcept { return col_; }
    std::span<const float> weights_float() const noexcept { return weight_f_; }

private:
    void draw_rows(const network_spec& spec, const partition& part, const row_observer& on_row,
                   std::vector<std::uint32_t>& ghost_of);
    void number_ghosts(const partition& part, std::vector<std::uint32_t>& ghost_of);

    coupling_storage precision_;
    std::vector<std::uint32_t> row_ptr_{0};
    std::vector<std::uint32_t> col_;
    std::vector<double> weight_d_;  // one of the two is used, after precision_
    std::vector<float> weight_f_;
    std::vector<gid_type> ghosts_;
};

}  // namespace balnet
