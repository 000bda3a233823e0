// SPDX-License-Identifier: BSD-3-Clause
// The owned rows of a network drawn a window of rows at a time, for the stored couplings
// (coupling_matrix, sparse_coupling): each window is handed over as CSR (row pointers relative to
// the window, columns as gids ascending within a row, double weights), so that a build holds one
// window of drawn rows besides what it stores.
#pragma once
#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include <balnet/network/network_spec.hpp>
#include <balnet/network/partition.hpp>
#include <balnet/network/row_generator.hpp>

namespace balnet::detail {

/// Calls on_row(gen, gid) per drawn row (may be empty) and window(row_ptr, gid, w) per window
/// of `rows` rows (the last one shorter); returns the number of synapses drawn.
template <typename OnRow, typename Window>
std::uint64_t draw_row_windows(const network_spec& spec, const partition& part, std::uint32_t rows,
                               const OnRow& on_row, Window&& window) {
    row_generator gen(spec);
    std::vector<std::uint32_t> rp, gid;
    std::vector<double> w;
    std::uint64_t synapses = 0;
    for (gid_type first = part.begin(); first < part.end(); first += rows) {
        const gid_type last = std::min<gid_type>(part.end(), first + rows);
        rp.assign(1, 0);
        gid.clear();
        w.clear();
        for (gid_type g = first; g < last; ++g) {
            gen.draw(g);
            if (on_row) on_row(gen, g);
            gid.insert(gid.end(), gen.cols().begin(), gen.cols().end());
            w.insert(w.end(), gen.weights().begin(), gen.weights().end());
            rp.push_back(static_cast<std::uint32_t>(gid.size()));
        }
        synapses += gid.size();
        window(std::span<const std::uint32_t>(rp), std::span<const std::uint32_t>(gid), std::span<const double>(w));
    }
    return synapses;
}

}  // namespace balnet::detail
