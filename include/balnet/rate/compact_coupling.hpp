// SPDX-License-Identifier: BSD-3-Clause
// The stored coupling in 6 bytes per synapse (network.coupling = compact): float weights and
// 16-bit column offsets. The local columns are cut into panels of 2^16; each row's entries,
// in their drawing order, fall into runs of one panel (a row of K entries over N local columns
// has at most N / 2^16 + 2 runs: the ghosts below the owned block, the owned block, the ghosts
// above it), and a run stores its panel once. Half of the 12 bytes of double weights with 32-bit
// columns, a quarter less than `float`.
// The product decodes the columns as it goes and sums each row in the order and grouping of
// coupling_matrix's kernel (detail/csr_kernel.hpp): entries and weights are those of the float
// matrix, so the result equals coupling_matrix(float) bit for bit, at any rank count.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/rate/coupling_matrix.hpp>

namespace balnet {

class compact_coupling final : public coupling_operator {
public:
    static constexpr unsigned panel_bits = 16;

    /// Draws the rows through a float coupling_matrix and re-encodes them (build peak: 8 + 6
    /// bytes per synapse); `on_row` as for coupling_matrix.
    compact_coupling(const network_spec& spec, const partition& part,
                     const coupling_matrix::row_observer& on_row = {});

    std::size_t n_rows() const noexcept override { return row_ptr_.size() - 1; }
    std::span<const gid_type> ghosts() const noexcept override { return ghosts_; }
    std::size_t bytes() const noexcept override;
    void multiply(std::span<const double> x_local, std::span<double> y) const override;

    std::uint64_t n_runs() const noexcept { return run_panel_.size(); }

private:
    void encode(const coupling_matrix& m);

    std::vector<std::uint32_t> row_ptr_{0};  // entries of row i: [row_ptr_[i], row_ptr_[i+1])
    std::vector<std::uint32_t> run_ptr_{0};  // runs of row i: [run_ptr_[i], run_ptr_[i+1])
    std::vector<std::uint16_t> run_panel_;   // panel of each run
    std::vector<std::uint32_t> run_end_;     // one past the run's last entry (entry index)
    std::vector<std::uint16_t> offset_;      // column - panel * 2^16, per entry
    std::vector<float> weight_;
    std::vector<gid_type> ghosts_;
};

}  // namespace balnet
