// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/coupling_matrix.hpp>

#include <limits>

#include <balnet/core/error.hpp>

#include "detail/csr_kernel.hpp"

namespace balnet {

coupling_precision parse_coupling_precision(const std::string& name) {
    if (name == "double") return coupling_precision::double_;
    if (name == "float") return coupling_precision::float_;
    throw config_error("coupling_precision", name, "double | float");
}

std::string to_string(coupling_precision p) {
    return p == coupling_precision::float_ ? "float" : "double";
}

coupling_matrix::coupling_matrix(const local_network& net, const partition& part,
                                 coupling_precision precision)
    : precision_(precision) {
    const std::uint64_t nnz = net.n_synapses();
    if (nnz >= std::numeric_limits<std::uint32_t>::max())
        throw config_error("ranks", std::to_string(part.n_ranks()),
                           "enough ranks for fewer than 2^32 synapses per rank");
    const std::size_t n = part.local_size();
    const auto& col = net.col();
    // Ghost ids in one pass over a dense map (4 bytes per neuron: far below the 12 bytes per
    // synapse of the rows, since every unit has K >= 1 synapses on some rank).
    const std::uint64_t N = part.global_size();
    constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> ghost_of(N, none);
    for (auto c : col)
        if (!part.owns(c)) ghost_of[c] = 0;
    for (gid_type g = 0; g < N; ++g)
        if (ghost_of[g] != none) {
            ghost_of[g] = static_cast<std::uint32_t>(n + ghosts_.size());
            ghosts_.push_back(g);
        }
    const gid_type first = part.begin();
    col_.resize(nnz);
    for (std::uint64_t k = 0; k < nnz; ++k)
        col_[k] = part.owns(col[k]) ? static_cast<std::uint32_t>(col[k] - first) : ghost_of[col[k]];
    const auto& rp = net.row_ptr();
    row_ptr_.assign(rp.begin(), rp.end());  // values < 2^32 checked above
    const auto& w = net.weight();
    if (precision_ == coupling_precision::float_) {
        weight_f_.resize(nnz);
        for (std::uint64_t k = 0; k < nnz; ++k) weight_f_[k] = static_cast<float>(w[k]);  // nearest
    } else {
        weight_d_ = w;
    }
}

std::size_t coupling_matrix::bytes() const noexcept {
    return row_ptr_.size() * sizeof(std::uint32_t) + col_.size() * sizeof(std::uint32_t) +
           weight_d_.size() * sizeof(double) + weight_f_.size() * sizeof(float) +
           ghosts_.size() * sizeof(gid_type);
}

void coupling_matrix::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("coupling_matrix::multiply: wrong vector sizes");
    if (precision_ == coupling_precision::float_)
        detail::csr_multiply(row_ptr_.data(), col_.data(), weight_f_.data(), x_local.data(), y.data(), n_rows());
    else
        detail::csr_multiply(row_ptr_.data(), col_.data(), weight_d_.data(), x_local.data(), y.data(), n_rows());
}

}  // namespace balnet
