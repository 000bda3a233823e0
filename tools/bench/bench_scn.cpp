// SPDX-License-Identifier: BSD-3-Clause
// SCN benchmark: the SCN-2D circle with N neurons (default 20 000) over the ranks of the job for
// T ms (default 500), engine only (no observers, no output). Prints steps per second and the time
// spent in the per-step global argmax (MPI_Allreduce MAXLOC), the SCN's scaling limit
// (docs/models.md §2.4.2). Figures of merit, never assertions. Run: mpirun -n P bench_scn [N] [T_ms]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <numbers>

#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/spiking/scn_engine.hpp>

using namespace balnet;

int main(int argc, char** argv) {
    mpi_session session(argc, argv);
    const context ctx;
    scn_params p;
    p.n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20000;
    const double t_ms = argc > 2 ? std::strtod(argv[2], nullptr) : 500.0;
    p.x0 = {1.0, 0.0};
    p.command = scn_circle_command(p.dynamics(), 2, 1.0, 2.0);
    scn_engine eng(p, partition(p.n, ctx.size(), ctx.rank()), ctx);
    const step_type steps = p.steps(t_ms);
    ctx.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    eng.advance(steps);
    const double wall = ctx.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    const double coll = ctx.max(eng.exchange_seconds());
    const auto spikes = ctx.sum(static_cast<std::uint64_t>(eng.spikes().size()));
    if (ctx.rank() == 0)
        std::printf("bench_scn: N %llu, %d ranks, %lld steps: %.4g s, %.4g steps/s, collective %.4g s "
                    "(%.3g us/step, %.1f %%), %llu spikes\n",
                    static_cast<unsigned long long>(p.n), ctx.size(), static_cast<long long>(steps), wall,
                    static_cast<double>(steps) / wall, coll, 1e6 * coll / static_cast<double>(steps),
                    100.0 * coll / wall, static_cast<unsigned long long>(spikes));
    return 0;
}
