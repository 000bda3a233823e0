// SPDX-License-Identifier: BSD-3-Clause
// One spike on the time grid: the neuron's global id and the grid index of its time stamp.
// Invariant: a neuron that crosses threshold during step k (from t_k to t_{k+1}) emits a spike
// stamped t_{k+1} = (k+1) h, so `step` = k + 1 and the time in ms is step * h (docs/models.md §2.2.3).
// Spikes are ordered by (step, gid): the canonical order in which the exchange delivers them, and
// the reason delivery is the same for every rank count.
#pragma once
#include <compare>
#include <cstddef>
#include <span>
#include <type_traits>

#include <balnet/core/types.hpp>

namespace balnet {

struct spike {
    gid_type gid = 0;
    step_type step = 0;  ///< grid index of the time stamp: t = step * h

    friend constexpr auto operator<=>(const spike& a, const spike& b) noexcept {
        if (auto c = a.step <=> b.step; c != 0) return c;
        return a.gid <=> b.gid;
    }
    friend constexpr bool operator==(const spike&, const spike&) noexcept = default;
};

static_assert(std::is_trivially_copyable_v<spike>);

/// Calls f(run) for each run of consecutive spikes (in recorded order) whose stamps fall in one
/// chunk of `chunk` steps: chunk c holds the stamps (c chunk, (c+1) chunk]. Replaying a record
/// chunk by chunk feeds observers exactly as the run fed them (checkpoint restore).
template <typename F>
void for_each_chunk(std::span<const spike> spikes, step_type chunk, F&& f) {
    for (std::size_t b = 0; b < spikes.size();) {
        const step_type c = (spikes[b].step - 1) / chunk;
        std::size_t e = b;
        while (e < spikes.size() && (spikes[e].step - 1) / chunk == c) ++e;
        f(spikes.subspan(b, e - b));
        b = e;
    }
}

}  // namespace balnet
