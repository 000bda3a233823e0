// SPDX-License-Identifier: BSD-3-Clause
// The scaffolding the LIF-engine benchmarks (bench_lif, bench_va) share: their command line
// (--T ms, --seed s, --scale f), a piece of work timed between two barriers (so that every rank
// starts together and the figure is the slowest rank's), and the engine advanced in 100 ms
// chunks (1000 steps of 0.1 ms) with each chunk's spikes handed on, as a recorder would take
// them. Figures of merit, never assertions; header-only, as each benchmark is one translation
// unit.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/spiking/lif_engine.hpp>

namespace balnet::bench {

struct lif_bench_options {
    double t_ms = 1000.0;  ///< --T: biological time [ms]
    seed_type seed = 1;    ///< --seed
    double scale = 1.0;    ///< --scale: factor on the network's sizes (where a benchmark offers it)
};

/// `--key value` pairs; unknown keys are ignored.
inline lif_bench_options parse_lif_bench_options(int argc, char** argv) {
    lif_bench_options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--T")) o.t_ms = std::stod(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed")) o.seed = std::stoull(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--scale")) o.scale = std::stod(argv[i + 1]);
    }
    return o;
}

/// Wall seconds of work(), run between two barriers (collective).
template <class Work>
double timed(const context& ctx, Work&& work) {
    ctx.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    work();
    ctx.barrier();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Advances `eng` by n_steps in chunks of at most 1000 steps, handing each chunk's spikes to
/// sink(std::vector<spike>) (collective).
template <class Sink>
void advance_recording(lif_engine& eng, step_type n_steps, Sink&& sink) {
    for (step_type done = 0; done < n_steps;) {
        const auto len = std::min<step_type>(1000, n_steps - done);
        eng.advance(len);
        done += len;
        sink(eng.take_spikes());
    }
}

}  // namespace balnet::bench
