// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/compact_coupling.hpp>

#include <algorithm>

#include <balnet/core/error.hpp>

namespace balnet {

compact_coupling::compact_coupling(const network_spec& spec, const partition& part,
                                   const coupling_matrix::row_observer& on_row) {
    const coupling_matrix m(spec, part, coupling_storage::float_, on_row);
    ghosts_.assign(m.ghosts().begin(), m.ghosts().end());
    const auto& rows = m.float_rows();
    const auto n = static_cast<std::uint32_t>(part.local_size());
    const auto padding = static_cast<std::uint32_t>(m.local_columns());
    const std::uint64_t width = rows.width();
    if (width > (1u << offset_bits)) throw internal_error("compact_coupling: panel wider than 2^14");
    base_.resize(rows.panels());
    for (std::uint32_t p = 0; p < rows.panels(); ++p) {
        const std::uint64_t lo = p * width;
        const auto owned = static_cast<std::uint32_t>(std::clamp<std::uint64_t>(lo, part.begin(), part.end()) - part.begin());
        const auto ghost = static_cast<std::uint32_t>(std::lower_bound(ghosts_.begin(), ghosts_.end(), lo) - ghosts_.begin());
        base_[p] = {owned, n + ghost, padding, padding};
    }
    rows_ = rows.recoded<std::uint16_t>([&](std::uint32_t c, std::uint32_t p) {
        const unsigned range = c == padding ? 2 : c >= n ? 1 : 0;
        return static_cast<std::uint16_t>((range << offset_bits) | (c - base_[p][range]));
    });
    x_.reserve(m.local_columns() + 1);
}

std::size_t compact_coupling::bytes() const noexcept {
    return rows_.bytes() + base_.size() * sizeof(base_[0]) + ghosts_.size() * sizeof(gid_type) +
           x_.capacity() * sizeof(double);
}

void compact_coupling::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("compact_coupling::multiply: wrong vector sizes");
    coupling_matrix::with_padding(x_local, x_);
    const auto* base = base_.data();
    rows_.multiply(x_.data(), y.data(), [base](std::uint16_t c, std::uint32_t p) {
        return base[p][c >> offset_bits] + (c & ((1u << offset_bits) - 1));
    });
}

}  // namespace balnet
