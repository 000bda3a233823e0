// SPDX-License-Identifier: BSD-3-Clause
// The stored coupling in 6 bytes per synapse (network.coupling = compact): float weights and
// 16-bit columns, in the sliced layout of coupling_matrix (sliced_rows.hpp). A column panel
// holds at most 2^14 gids, so a column is stored as its place among the local columns the rank
// needs from that panel; the product first copies x into that order, panel after panel, each
// panel's values followed by a 0 for the padding (O(local columns), against O(synapses) for the
// product), and reads x at panel base + column.
// Half of the 12 bytes of double weights with 32-bit columns, a quarter less than `float`.
// Entries, weights and order are those of the float matrix, so the result equals
// coupling_matrix(float) bit for bit, at any rank count.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/rate/coupling_matrix.hpp>

namespace balnet {

class compact_coupling final : public coupling_operator {
public:
    /// Draws the rows through a float coupling_matrix and re-encodes them (build peak: 8 + 6
    /// bytes per synapse); `on_row` as for coupling_matrix.
    compact_coupling(const network_spec& spec, const partition& part,
                     const coupling_matrix::row_observer& on_row = {});

    std::size_t n_rows() const noexcept override { return rows_.n_rows(); }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;
    void set_prefetch(prefetch_hint h) override { tuner_.set(rows_, h); }
    std::string tuning() const override { return tuner_.describe(rows_.prefetch()); }

    std::size_t n_entries() const noexcept { return rows_.n_entries(); }  ///< padding included
    std::uint32_t panels() const noexcept { return rows_.panels(); }

private:
    sliced_rows<float, std::uint16_t> rows_;
    std::vector<std::uint32_t> base_;    // per panel: where its values start in x_
    std::vector<std::uint32_t> gather_;  // x_[i] = x_local[gather_[i]], or 0 where it is padding
    std::vector<gid_type> ghosts_;
    mutable std::vector<double> x_;
    prefetch_tuner tuner_;
};

}  // namespace balnet
