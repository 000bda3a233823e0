// SPDX-License-Identifier: BSD-3-Clause
// The stored coupling in 6 bytes per synapse (network.coupling = compact): float weights and
// 16-bit columns, in the sliced layout of coupling_matrix (sliced_rows.hpp). Within one column
// panel (at most 2^14 gids) a row's local columns lie in two short ranges, the owned units of the
// panel and the ghosts of the panel; a column is stored as 2 bits naming the range (owned, ghost,
// padding) and a 14-bit offset in it, decoded against three bases per panel.
// Half of the 12 bytes of double weights with 32-bit columns, a quarter less than `float`.
// Entries, weights and order are those of the float matrix, so the result equals
// coupling_matrix(float) bit for bit, at any rank count.
#pragma once
#include <array>
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

    std::size_t n_entries() const noexcept { return rows_.n_entries(); }  ///< padding included
    std::uint32_t panels() const noexcept { return rows_.panels(); }

private:
    static constexpr unsigned offset_bits = 14;

    sliced_rows<float, std::uint16_t> rows_;
    std::vector<std::array<std::uint32_t, 4>> base_;  // per panel: owned, ghost, padding bases
    std::vector<gid_type> ghosts_;
    mutable std::vector<double> x_;  // x_local and the padding's 0
};

}  // namespace balnet
