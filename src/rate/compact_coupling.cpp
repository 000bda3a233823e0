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
    if (width >= (1u << 16)) throw internal_error("compact_coupling: panel of 2^16 gids or more");
    // Panel by panel, the needed local columns in gid order: ghosts below the owned block, the
    // owned units, ghosts above it; then the padding's slot.
    std::vector<std::uint32_t> place(padding);  // local column -> index in x_
    const auto add = [&](std::uint32_t local) {
        place[local] = static_cast<std::uint32_t>(gather_.size());
        gather_.push_back(local);
    };
    base_.reserve(rows.panels());
    gather_.reserve(std::size_t{padding} + rows.panels());
    auto ghost = ghosts_.begin();
    for (std::uint32_t p = 0; p < rows.panels(); ++p) {
        const std::uint64_t lo = p * width, hi = lo + width;
        base_.push_back(static_cast<std::uint32_t>(gather_.size()));
        for (; ghost != ghosts_.end() && *ghost < std::min<std::uint64_t>(hi, part.begin()); ++ghost)
            add(n + static_cast<std::uint32_t>(ghost - ghosts_.begin()));
        for (std::uint64_t g = std::max<std::uint64_t>(lo, part.begin()); g < std::min<std::uint64_t>(hi, part.end()); ++g)
            add(static_cast<std::uint32_t>(g - part.begin()));
        for (; ghost != ghosts_.end() && *ghost < hi; ++ghost) add(n + static_cast<std::uint32_t>(ghost - ghosts_.begin()));
        gather_.push_back(padding);
    }
    rows_ = rows.recoded<std::uint16_t>([&](std::uint32_t c, std::uint32_t p) {
        const std::size_t end = p + 1 < base_.size() ? base_[p + 1] : gather_.size();  // after the padding
        const std::size_t at = c == padding ? end - 1 : place[c];
        return static_cast<std::uint16_t>(at - base_[p]);
    });
    x_.reserve(gather_.size());
}

std::size_t compact_coupling::bytes() const noexcept {
    return rows_.bytes() + (base_.capacity() + gather_.capacity()) * sizeof(std::uint32_t) +
           ghosts_.size() * sizeof(gid_type) + x_.capacity() * sizeof(double);
}

void compact_coupling::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("compact_coupling::multiply: wrong vector sizes");
    x_.resize(gather_.size());
    for (std::size_t i = 0; i < gather_.size(); ++i)
        x_[i] = gather_[i] < x_local.size() ? x_local[gather_[i]] : 0.0;
    const auto* base = base_.data();
    tuner_.multiply(rows_, x_.data(), y.data(), [base](std::uint16_t c, std::uint32_t p) { return base[p] + c; });
}

}  // namespace balnet
