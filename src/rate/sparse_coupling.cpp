// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/sparse_coupling.hpp>

#include <balnet/core/error.hpp>
#include <balnet/rate/sliced_rows.hpp>

#include "detail/row_windows.hpp"

namespace balnet {

sparse_coupling::sparse_coupling(const network_spec& spec, const partition& part, coupling_storage precision,
                                 const coupling_matrix::row_observer& on_row)
    : part_(part), precision_(precision) {
    if (precision_ == coupling_storage::float_)
        draw(spec, on_row, rows_f_);
    else if (precision_ == coupling_storage::double_)
        draw(spec, on_row, rows_d_);
    else
        throw internal_error("sparse_coupling: stored weights are double or float");
    ghosts_.reserve(part.global_size() - part.local_size());
    for (gid_type g = 0; g < part.begin(); ++g) ghosts_.push_back(g);
    for (gid_type g = part.end(); g < part.global_size(); ++g) ghosts_.push_back(g);
    scratch_.resize(2 * std::size_t{std::max(rows_d_.max_window_rows(), rows_f_.max_window_rows())});
}

template <typename V>
void sparse_coupling::draw(const network_spec& spec, const coupling_matrix::row_observer& on_row,
                           column_windows<V>& rows) {
    rows = column_windows<V>(panel_width(spec), part_.global_size());
    n_synapses_ = detail::draw_row_windows(
        spec, part_, column_windows<V>::window_rows(part_.local_size()), on_row,
        [&](std::span<const std::uint32_t> rp, std::span<const std::uint32_t> gid, std::span<const double> w) {
            rows.append_window(rp, gid, w);
        });
}

std::size_t sparse_coupling::bytes() const noexcept {
    return rows_d_.bytes() + rows_f_.bytes() + ghosts_.capacity() * sizeof(gid_type) +
           scratch_.capacity() * sizeof(double);
}

void sparse_coupling::multiply_active(std::span<const std::uint32_t> gid, std::span<const double> value,
                                      std::span<double> y) const {
    if (gid.size() != value.size() || y.size() != n_rows())
        throw internal_error("sparse_coupling::multiply_active: wrong vector sizes");
    if (precision_ == coupling_storage::float_)
        tuner_.multiply(rows_f_, gid, value, y.data(), scratch_.data());
    else
        tuner_.multiply(rows_d_, gid, value, y.data(), scratch_.data());
}

void sparse_coupling::set_prefetch(prefetch_hint h) {
    if (precision_ == coupling_storage::float_)
        tuner_.set(rows_f_, h);
    else
        tuner_.set(rows_d_, h);
}

std::string sparse_coupling::tuning() const {
    return tuner_.describe(precision_ == coupling_storage::float_ ? rows_f_.prefetch() : rows_d_.prefetch());
}

void sparse_coupling::multiply(std::span<const double> x_local, std::span<double> y) const {
    if (x_local.size() != local_columns() || y.size() != n_rows())
        throw internal_error("sparse_coupling::multiply: wrong vector sizes");
    // Local column of gid g: owned g - b; ghost g < b: n + g; ghost g >= e: g (as procedural).
    const auto b = part_.begin(), e = part_.end();
    const std::size_t n = n_rows();
    active_gid_.clear();
    active_x_.clear();
    for (gid_type g = 0; g < part_.global_size(); ++g) {
        const double v = x_local[g < b ? n + g : (g < e ? g - b : g)];
        if (v != 0.0) {
            active_gid_.push_back(static_cast<std::uint32_t>(g));
            active_x_.push_back(v);
        }
    }
    multiply_active(active_gid_, active_x_, y);
}

}  // namespace balnet
