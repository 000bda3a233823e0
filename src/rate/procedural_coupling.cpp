// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/procedural_coupling.hpp>

#include <bit>

#include <balnet/core/error.hpp>
#include <balnet/rate/sliced_rows.hpp>

namespace balnet {

procedural_coupling::procedural_coupling(const network_spec& spec, const partition& part)
    : part_(part), panel_shift_(static_cast<unsigned>(std::countr_zero(panel_width(spec)))), gen_(spec) {
    ghosts_.reserve(part.global_size() - part.local_size());
    for (gid_type g = 0; g < part.begin(); ++g) ghosts_.push_back(g);
    for (gid_type g = part.end(); g < part.global_size(); ++g) ghosts_.push_back(g);
}

std::size_t procedural_coupling::bytes() const noexcept {
    return ghosts_.capacity() * sizeof(gid_type) + gen_.cols().size() * (sizeof(std::uint32_t) + sizeof(double));
}

void procedural_coupling::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("procedural_coupling::multiply: wrong vector sizes");
    // Local column of gid c: owned c - b; ghost c < b: n + c; ghost c >= e: n + b + (c - e) = c.
    const auto b = static_cast<std::uint32_t>(part_.begin());
    const auto e = static_cast<std::uint32_t>(part_.end());
    const auto n = static_cast<std::uint32_t>(n_rows());
    for (std::size_t i = 0; i < n; ++i) {
        gen_.draw(b + i);
        const auto cols = gen_.cols();
        const auto w = gen_.weights();
        // The order of sliced_rows.hpp: a sum per column panel from +0, the panel sums in order.
        double row = 0.0, panel_sum = 0.0;
        std::uint32_t panel = 0;
        for (std::size_t k = 0; k < cols.size(); ++k) {
            const std::uint32_t c = cols[k];
            if ((c >> panel_shift_) != panel) {
                row += panel_sum;
                panel_sum = 0.0;
                panel = c >> panel_shift_;
            }
            panel_sum += w[k] * x_local[c < b ? n + c : (c < e ? c - b : c)];
        }
        y[i] = row + panel_sum;
    }
}

}  // namespace balnet
