// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/procedural_coupling.hpp>

#include <balnet/core/error.hpp>

#include "detail/csr_kernel.hpp"

namespace balnet {

procedural_coupling::procedural_coupling(const network_spec& spec, const partition& part)
    : part_(part), gen_(spec) {
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
        const auto local = [&](std::uint32_t k) {
            const std::uint32_t c = cols[k];
            return c < b ? n + c : (c < e ? c - b : c);
        };
        y[i] = detail::row_sum(0, static_cast<std::uint32_t>(cols.size()), gen_.weights().data(),
                               x_local.data(), local);
    }
}

}  // namespace balnet
