// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/spike_exchange.hpp>

#include <algorithm>
#include <span>

namespace balnet {

std::vector<spike> spike_exchange::exchange(std::vector<spike>& local) const {
    // The engine emits spikes step by step in gid order, so this is usually already sorted.
    if (!std::is_sorted(local.begin(), local.end())) std::sort(local.begin(), local.end());
    if (!ctx_) return local;
    auto all = ctx_->gather_all(std::span<const spike>(local));
    std::vector<spike> out = all.values();
    // Each rank's run is sorted; merging the runs pairwise keeps O(n log p).
    const auto& off = all.offsets();
    for (std::size_t width = 1; width + 1 < off.size(); width *= 2) {
        for (std::size_t r = 0; r + width + 1 < off.size(); r += 2 * width) {
            const auto mid = off[r + width];
            const auto end = off[std::min(r + 2 * width, off.size() - 1)];
            std::inplace_merge(out.begin() + static_cast<std::ptrdiff_t>(off[r]),
                               out.begin() + static_cast<std::ptrdiff_t>(mid),
                               out.begin() + static_cast<std::ptrdiff_t>(end));
        }
    }
    return out;
}

}  // namespace balnet
