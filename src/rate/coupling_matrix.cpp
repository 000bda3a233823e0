// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/coupling_matrix.hpp>

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>

#include "detail/row_windows.hpp"

namespace balnet {

namespace {
constexpr std::uint32_t no_ghost = std::numeric_limits<std::uint32_t>::max();
}  // namespace

coupling_matrix::coupling_matrix(const network_spec& spec, const partition& part,
                                 coupling_storage precision, const row_observer& on_row)
    : precision_(precision), n_rows_(part.local_size()) {
    if (precision_ != coupling_storage::double_ && precision_ != coupling_storage::float_)
        throw internal_error("coupling_matrix: stored weights are double or float");
    // A dense map gid -> ghost number (4 bytes per neuron: far below the 8-12 bytes per synapse
    // of the rows, since every unit has K >= 1 synapses on some rank).
    std::vector<std::uint32_t> ghost_of(part.global_size(), no_ghost);
    if (precision_ == coupling_storage::float_) {
        draw_rows(spec, part, on_row, ghost_of, rows_f_);
        number_ghosts(part, ghost_of, rows_f_);
    } else {
        draw_rows(spec, part, on_row, ghost_of, rows_d_);
        number_ghosts(part, ghost_of, rows_d_);
    }
    x_.reserve(local_columns() + 1);
}

// Pass 1: the owned rows, a window at a time (sliced_rows::window_rows), sliced with columns as
// gids; non-owned gids marked in ghost_of.
template <typename V>
void coupling_matrix::draw_rows(const network_spec& spec, const partition& part, const row_observer& on_row,
                                std::vector<std::uint32_t>& ghost_of, sliced_rows<V, std::uint32_t>& rows) {
    using rows_type = sliced_rows<V, std::uint32_t>;
    rows = rows_type(panel_width(spec), part.global_size());
    rows.reserve_rows(part.local_size());
    n_synapses_ += detail::draw_row_windows(
        spec, part, rows_type::window_rows(part.local_size()), on_row,
        [&](std::span<const std::uint32_t> rp, std::span<const std::uint32_t> gid, std::span<const double> w) {
            for (auto c : gid)
                if (!part.owns(c)) ghost_of[c] = 0;
            rows.append_window(rp, gid, w, [](std::uint32_t g) { return g; });  // w to V there
        });
}

// Pass 2: ghosts numbered in gid order after the n owned columns, columns renumbered in place;
// the padding column becomes the slot after the last local column, where x holds 0.
template <typename V>
void coupling_matrix::number_ghosts(const partition& part, std::vector<std::uint32_t>& ghost_of,
                                    sliced_rows<V, std::uint32_t>& rows) {
    const std::size_t n = part.local_size();
    for (gid_type g = 0; g < ghost_of.size(); ++g)
        if (ghost_of[g] != no_ghost) {
            ghost_of[g] = static_cast<std::uint32_t>(n + ghosts_.size());
            ghosts_.push_back(g);
        }
    const auto first = static_cast<std::uint32_t>(part.begin());
    const auto padding = static_cast<std::uint32_t>(n + ghosts_.size());
    for (auto& blk : rows.blocks())
        for (auto& c : blk.col)
            c = c == rows.padding_column ? padding : part.owns(c) ? c - first : ghost_of[c];
}

std::size_t coupling_matrix::bytes() const noexcept {
    return rows_d_.bytes() + rows_f_.bytes() + ghosts_.size() * sizeof(gid_type) + x_.capacity() * sizeof(double);
}

void coupling_matrix::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("coupling_matrix::multiply: wrong vector sizes");
    x_.assign(x_local.begin(), x_local.end());
    x_.push_back(0.0);  // what the padding entries read
    const auto local = [](std::uint32_t c, std::uint32_t) { return c; };
    if (precision_ == coupling_storage::float_)
        tuner_.multiply(rows_f_, x_.data(), y.data(), local);
    else
        tuner_.multiply(rows_d_, x_.data(), y.data(), local);
}

void coupling_matrix::set_prefetch(prefetch_hint h) {
    if (precision_ == coupling_storage::float_)
        tuner_.set(rows_f_, h);
    else
        tuner_.set(rows_d_, h);
}

std::string coupling_matrix::tuning() const {
    return tuner_.describe(precision_ == coupling_storage::float_ ? rows_f_.prefetch() : rows_d_.prefetch());
}

}  // namespace balnet
