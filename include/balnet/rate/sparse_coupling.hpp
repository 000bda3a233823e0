// SPDX-License-Identifier: BSD-3-Clause
// The stored coupling for the sparse product (rate.product = sparse): the owned rows of W, weights
// in double or float, in the column-major windows of column_windows.hpp, so that a product reads
// only the synapses of the active units (phi != 0). In sparse balance with a rectified phi a
// fraction f ~ 0.1-0.2 of the units is active, and the product moves that fraction of the
// matrix's bytes (10 B per synapse in double, 6 B in float, plus 4 B per gid and window).
// The product is bitwise equal to coupling_matrix's with the same weights, at any rank count
// (the proof is in column_windows.hpp); its inputs are the active units as (gid, value) in gid
// order, which the engine receives from every rank (active_exchange), so no ghost list is kept.
// Columns are gids; multiply(x_local, y) of coupling_operator takes x over the owned units and
// every non-owned gid in order (ghosts() is every non-owned gid), for tests and comparisons.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/rate/column_windows.hpp>
#include <balnet/rate/coupling_matrix.hpp>

namespace balnet {

class sparse_coupling final : public coupling_operator {
public:
    /// Draws the owned rows of `spec`; `precision` is double_ or float_ (internal_error
    /// otherwise); `on_row` as for coupling_matrix.
    sparse_coupling(const network_spec& spec, const partition& part, coupling_storage precision,
                    const coupling_matrix::row_observer& on_row = {});

    std::size_t n_rows() const noexcept override { return part_.local_size(); }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;
    void set_prefetch(prefetch_hint h) override;
    std::string tuning() const override;

    /// y = W x for the owned rows, x given by its non-zero entries: value[a] of gid[a], gids
    /// ascending (units that no owned row reads may be among them).
    void multiply_active(std::span<const std::uint32_t> gid, std::span<const double> value, std::span<double> y) const;

    std::uint64_t n_synapses() const noexcept { return n_synapses_; }

private:
    template <typename V>
    void draw(const network_spec& spec, const coupling_matrix::row_observer& on_row, column_windows<V>& rows);

    partition part_;
    coupling_storage precision_;
    std::uint64_t n_synapses_ = 0;
    column_windows<double> rows_d_;  // one of the two is used, after precision_
    column_windows<float> rows_f_;
    std::vector<gid_type> ghosts_;
    mutable std::vector<double> scratch_;
    mutable std::vector<std::uint32_t> active_gid_;  // multiply(x_local): x's non-zero entries
    mutable std::vector<double> active_x_;
    prefetch_tuner tuner_;
};

}  // namespace balnet
