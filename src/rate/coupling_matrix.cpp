// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/coupling_matrix.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

#include "detail/csr_kernel.hpp"

namespace balnet {

namespace {
constexpr std::uint32_t no_ghost = std::numeric_limits<std::uint32_t>::max();
}  // namespace

coupling_matrix::coupling_matrix(const network_spec& spec, const partition& part,
                                 coupling_storage precision, const row_observer& on_row)
    : precision_(precision) {
    if (precision_ != coupling_storage::double_ && precision_ != coupling_storage::float_)
        throw internal_error("coupling_matrix: stored weights are double or float");
    // A dense map gid -> ghost number (4 bytes per neuron: far below the 8-12 bytes per synapse
    // of the rows, since every unit has K >= 1 synapses on some rank).
    std::vector<std::uint32_t> ghost_of(part.global_size(), no_ghost);
    draw_rows(spec, part, on_row, ghost_of);
    number_ghosts(part, ghost_of);
}

// Pass 1: every owned row appended as drawn, columns as gids; non-owned gids marked in ghost_of.
void coupling_matrix::draw_rows(const network_spec& spec, const partition& part,
                                const row_observer& on_row, std::vector<std::uint32_t>& ghost_of) {
    const std::uint64_t expected = spec.expected_synapses(part.begin(), part.local_size());
    const auto too_many = [&] {
        return config_error("ranks", std::to_string(part.n_ranks()),
                            "enough ranks for fewer than 2^32 synapses per rank");
    };
    if (expected >= no_ghost) throw too_many();
    // Fixed in-degree rows fill exactly `expected`; Bernoulli rows fluctuate by ~sqrt(expected).
    const std::uint64_t reserve = std::min<std::uint64_t>(no_ghost, expected + 4 * static_cast<std::uint64_t>(
        std::sqrt(static_cast<double>(expected))) + 16);
    col_.reserve(reserve);
    if (precision_ == coupling_storage::float_)
        weight_f_.reserve(reserve);
    else
        weight_d_.reserve(reserve);
    row_ptr_.reserve(part.local_size() + 1);
    row_generator gen(spec);
    for (gid_type gid = part.begin(); gid < part.end(); ++gid) {
        gen.draw(gid);
        if (on_row) on_row(gen, gid);
        const auto cols = gen.cols();
        const auto w = gen.weights();
        if (col_.size() + cols.size() >= no_ghost) throw too_many();
        for (auto c : cols)
            if (!part.owns(c)) ghost_of[c] = 0;
        col_.insert(col_.end(), cols.begin(), cols.end());
        if (precision_ == coupling_storage::float_)
            for (double x : w) weight_f_.push_back(static_cast<float>(x));  // nearest
        else
            weight_d_.insert(weight_d_.end(), w.begin(), w.end());
        row_ptr_.push_back(static_cast<std::uint32_t>(col_.size()));
    }
}

// Pass 2: ghosts numbered in gid order after the n owned columns, columns renumbered in place.
void coupling_matrix::number_ghosts(const partition& part, std::vector<std::uint32_t>& ghost_of) {
    const std::size_t n = part.local_size();
    for (gid_type g = 0; g < ghost_of.size(); ++g)
        if (ghost_of[g] != no_ghost) {
            ghost_of[g] = static_cast<std::uint32_t>(n + ghosts_.size());
            ghosts_.push_back(g);
        }
    const auto first = static_cast<std::uint32_t>(part.begin());
    for (auto& c : col_) c = part.owns(c) ? c - first : ghost_of[c];
}

std::size_t coupling_matrix::bytes() const noexcept {
    return row_ptr_.size() * sizeof(std::uint32_t) + col_.size() * sizeof(std::uint32_t) +
           weight_d_.size() * sizeof(double) + weight_f_.size() * sizeof(float) +
           ghosts_.size() * sizeof(gid_type);
}

void coupling_matrix::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("coupling_matrix::multiply: wrong vector sizes");
    if (precision_ == coupling_storage::float_)
        detail::csr_multiply(row_ptr_.data(), col_.data(), weight_f_.data(), x_local.data(), y.data(), n_rows());
    else
        detail::csr_multiply(row_ptr_.data(), col_.data(), weight_d_.data(), x_local.data(), y.data(), n_rows());
}

}  // namespace balnet
