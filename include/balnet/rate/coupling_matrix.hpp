// SPDX-License-Identifier: BSD-3-Clause
// balnet's own storage of the owned rows of W for the coupling product eta = W phi, in the
// layout the product wants: one CSR over "local columns" with 32-bit row pointers and column
// indices and weights in double or float (12 or 8 bytes per synapse).
//
// Local columns: 0 .. n-1 are the owned units (gid = part.begin() + j); n .. n+g-1 are the ghost
// units, the non-owned presynaptic gids sorted ascending (`ghosts()`). The caller fills x_local
// = [x of owned | x of ghosts] (the engine through a PETSc VecScatter) and calls multiply().
// Invariants: each row keeps the order of local_network's row (columns ascending by gid), so the
// sum order, hence the result, does not depend on the rank count; the matrix holds no PETSc or
// MPI object and is built from one rank's local_network alone (no communication).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/network/local_network.hpp>
#include <balnet/network/partition.hpp>

namespace balnet {

/// Storage type of the weights in the coupling product (sums are always in double).
enum class coupling_precision { double_, float_ };

coupling_precision parse_coupling_precision(const std::string& name);  ///< "double" | "float"
std::string to_string(coupling_precision p);

class coupling_matrix {
public:
    /// Copies the rows of `net` (owned rows of `part`); throws config_error when the rank holds
    /// 2^32 synapses or more (32-bit row pointers: use more ranks).
    coupling_matrix(const local_network& net, const partition& part, coupling_precision precision);

    std::size_t n_rows() const noexcept { return row_ptr_.size() - 1; }
    std::uint64_t n_synapses() const noexcept { return col_.size(); }
    coupling_precision precision() const noexcept { return precision_; }
    /// Non-owned presynaptic gids, ascending; x_local[n_rows() + j] must hold x[ghosts()[j]].
    std::span<const gid_type> ghosts() const noexcept { return ghosts_; }
    std::size_t local_columns() const noexcept { return n_rows() + ghosts_.size(); }
    /// Bytes of matrix storage held (row pointers, columns, weights, ghost list).
    std::size_t bytes() const noexcept;

    /// y = W x_local for the owned rows; x_local.size() == local_columns(), y.size() == n_rows().
    void multiply(std::span<const double> x_local, std::span<double> y) const;

private:
    coupling_precision precision_;
    std::vector<std::uint32_t> row_ptr_{0};
    std::vector<std::uint32_t> col_;
    std::vector<double> weight_d_;  // one of the two is used, after precision_
    std::vector<float> weight_f_;
    std::vector<gid_type> ghosts_;
};

}  // namespace balnet
