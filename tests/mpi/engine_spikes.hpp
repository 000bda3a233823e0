// SPDX-License-Identifier: BSD-3-Clause
// What the rank-independence tests of the spiking engines (lif_engine, scn_engine) share: run an
// engine for a number of steps in uneven chunks, so that the chunk boundaries fall where the
// exchange or the collective would not put them, and take every rank's spikes in one order that
// the distributed and the serial run can be compared in. Header-only: each MPI test is one
// translation unit.
#pragma once
#include <algorithm>
#include <span>
#include <tuple>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet::test {

/// Advances `eng` by `steps` in chunks of at most `chunk` steps, then takes its spikes: every
/// rank's, gathered over *ctx (collective), or the engine's own where ctx is null (a serial run
/// on partition(N, 1, 0), which any rank may do alone). Sorted by (gid, step).
template <class Engine>
std::vector<spike> run_and_gather_spikes(Engine& eng, step_type steps, step_type chunk, const context* ctx) {
    for (step_type done = 0; done < steps;) {
        const step_type n = std::min<step_type>(steps - done, chunk);
        eng.advance(n);
        done += n;
    }
    auto local = eng.take_spikes();
    auto all = ctx ? ctx->gather_all(std::span<const spike>(local)).values() : local;
    std::sort(all.begin(), all.end(),
              [](const spike& a, const spike& b) { return std::tie(a.gid, a.step) < std::tie(b.gid, b.step); });
    return all;
}

}  // namespace balnet::test
