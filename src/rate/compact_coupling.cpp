// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/compact_coupling.hpp>

#include <limits>

#include <balnet/core/error.hpp>

#include "detail/csr_kernel.hpp"

namespace balnet {

compact_coupling::compact_coupling(const network_spec& spec, const partition& part,
                                   const coupling_matrix::row_observer& on_row) {
    const coupling_matrix m(spec, part, coupling_storage::float_, on_row);
    ghosts_.assign(m.ghosts().begin(), m.ghosts().end());
    if ((m.local_columns() >> panel_bits) > std::numeric_limits<std::uint16_t>::max())
        throw config_error("network.coupling", "compact", "at most 2^32 local columns (use float)");
    encode(m);
}

void compact_coupling::encode(const coupling_matrix& m) {
    const auto rp = m.row_ptr();
    const auto col = m.col();
    const auto w = m.weights_float();
    row_ptr_.assign(rp.begin(), rp.end());
    weight_.assign(w.begin(), w.end());
    offset_.resize(col.size());
    for (std::size_t i = 0; i + 1 < rp.size(); ++i) {
        for (std::uint32_t k = rp[i]; k < rp[i + 1]; ++k) {
            const auto panel = static_cast<std::uint16_t>(col[k] >> panel_bits);
            if (k == rp[i] || panel != run_panel_.back()) {
                run_panel_.push_back(panel);
                run_end_.push_back(k);
            }
            run_end_.back() = k + 1;
            offset_[k] = static_cast<std::uint16_t>(col[k] & 0xFFFFu);
        }
        run_ptr_.push_back(static_cast<std::uint32_t>(run_panel_.size()));
    }
    run_panel_.shrink_to_fit();
    run_end_.shrink_to_fit();
}

std::size_t compact_coupling::bytes() const noexcept {
    return (row_ptr_.size() + run_ptr_.size() + run_end_.size()) * sizeof(std::uint32_t) +
           run_panel_.size() * sizeof(std::uint16_t) +
           offset_.size() * (sizeof(std::uint16_t) + sizeof(float)) + ghosts_.size() * sizeof(gid_type);
}

// The columns are decoded on the fly (a run of one panel holds one base) and the row is summed by
// the kernel every storage uses (detail::row_sum): the float matrix's result, bit for bit
// (tested), without a decoded copy of the row.
void compact_coupling::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("compact_coupling::multiply: wrong vector sizes");
    for (std::size_t i = 0; i < n_rows(); ++i) {
        const std::uint32_t b = row_ptr_[i], e = row_ptr_[i + 1];
        std::uint32_t r = run_ptr_[i], end = 0, base = 0;
        if (b < e) {  // a row without entries has no run
            end = run_end_[r];
            base = static_cast<std::uint32_t>(run_panel_[r]) << panel_bits;
        }
        const auto col = [&](std::uint32_t k) {
            while (k >= end) {  // entries only move forward: the next run
                ++r;
                end = run_end_[r];
                base = static_cast<std::uint32_t>(run_panel_[r]) << panel_bits;
            }
            return base + offset_[k];
        };
        y[i] = detail::row_sum(b, e, weight_.data(), x_local.data(), col);
    }
}

}  // namespace balnet
