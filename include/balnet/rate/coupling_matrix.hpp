// SPDX-License-Identifier: BSD-3-Clause
// balnet's own storage of the owned rows of W for the coupling product eta = W phi, in the
// layout the product wants (sliced_rows: rows cut by column panels, eight rows side by side)
// with 32-bit local column indices and weights in double or float (12 or 8 bytes per synapse,
// plus ~2.5 % padding and 2.25 bytes per row and panel).
//
// Local columns: 0 .. n-1 are the owned units (gid = part.begin() + j); n .. n+g-1 are the ghost
// units, the non-owned presynaptic gids sorted ascending (`ghosts()`). The caller fills x_local
// = [x of owned | x of ghosts] (the engine through a PETSc VecScatter) and calls multiply().
// Invariants: the sum order of sliced_rows.hpp (a function of the row's gids and the panel width
// alone), so the result does not depend on the rank count; the matrix holds no PETSc or MPI
// object and is built by one rank alone (no communication).
// The rows are drawn a window (up to 4096 rows, a 16th of the rank) at a time and sliced into
// the matrix's arrays (columns first as gids, renumbered to local columns in place once the
// ghosts are known): the build needs no second copy of the synapses, only the window's rows and
// 4 bytes per neuron.
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
#include <balnet/rate/sliced_rows.hpp>

namespace balnet {

class coupling_matrix final : public coupling_operator {
public:
    /// Per drawn row, e.g. for the network's census: the generator holding the row, and its gid.
    using row_observer = std::function<void(const row_generator&, gid_type)>;

    /// Draws the owned rows of `spec` (those of `part`).
    coupling_matrix(const network_spec& spec, const partition& part, coupling_storage precision,
                    const row_observer& on_row = {});

    std::size_t n_rows() const noexcept override { return n_rows_; }
    std::uint64_t n_synapses() const noexcept { return n_synapses_; }
    /// Stored entries, padding of the slices included (>= n_synapses()).
    std::size_t n_entries() const noexcept { return rows_d_.n_entries() + rows_f_.n_entries(); }
    coupling_storage precision() const noexcept { return precision_; }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    /// Bytes of matrix storage held (slices with their padding, ghost list, the x copy).
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;
    void set_prefetch(prefetch_hint h) override;
    std::string tuning() const override;

    /// The float rows (empty unless precision() is float_), for re-encoding.
    const sliced_rows<float, std::uint32_t>& float_rows() const noexcept { return rows_f_; }

private:
    template <typename V>
    void draw_rows(const network_spec& spec, const partition& part, const row_observer& on_row,
                   std::vector<std::uint32_t>& ghost_of, sliced_rows<V, std::uint32_t>& rows);
    template <typename V>
    void number_ghosts(const partition& part, std::vector<std::uint32_t>& ghost_of,
                       sliced_rows<V, std::uint32_t>& rows);

    coupling_storage precision_;
    std::size_t n_rows_ = 0;
    std::uint64_t n_synapses_ = 0;
    sliced_rows<double, std::uint32_t> rows_d_;  // one of the two is used, after precision_
    sliced_rows<float, std::uint32_t> rows_f_;
    std::vector<gid_type> ghosts_;
    mutable std::vector<double> x_;  // x_local and the padding's 0
    prefetch_tuner tuner_;
};

}  // namespace balnet
