// SPDX-License-Identifier: BSD-3-Clause
// LIF benchmark: Brunel model A (N_E = 10 000, N_I = 2 500, C_E = 1 000, C_I = 250, J = 0.1 mV,
// g = 5, eta = 2, D = 1.5 ms, h = 0.1 ms), 1 s of biological time. Prints the build time, the
// simulation time, the real-time factor, synaptic events/s, bytes per synapse, peak RSS and,
// as a sanity check against reference case AI (tests/data/spiking_cases.md: nu_E 37.6 Hz,
// CV_E 0.42), the mean rate and CV after a 200 ms warm-up. Usage (any rank count):
//   mpirun -n P bench_lif [--T ms] [--seed s] [--scale f]   (f scales N and C alike)
//   mpirun -n P bench_lif --large [--T ms] [--seed s]
// --large is issue 4's second case: N_E = 80 000, N_I = 20 000 with the same C_E, C_I, J, g,
// eta and D, for 0.2 s by default (the statistics then cover the second half of the run).
#include <sys/resource.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/analysis/spike_statistics.hpp>

#include "lif_bench.hpp"

namespace {

double peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// CPU time of this process: less sensitive than wall time to other jobs on a shared machine.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Removes `flag` from argv (the shared parser reads --key value pairs); whether it was there.
bool take_flag(int& argc, char** argv, const char* flag) {
    char** end = std::remove_if(argv + 1, argv + argc, [&](const char* a) { return !std::strcmp(a, flag); });
    const bool found = end != argv + argc;
    argc = static_cast<int>(end - argv);
    return found;
}

bool has_key(int argc, char** argv, const char* key) {
    return std::any_of(argv + 1, argv + argc, [&](const char* a) { return !std::strcmp(a, key); });
}

}  // namespace

int main(int argc, char** argv) {
    balnet::mpi_session session(argc, argv);
    balnet::context ctx;
    const bool large = take_flag(argc, argv, "--large");
    auto o = balnet::bench::parse_lif_bench_options(argc, argv);
    if (large && !has_key(argc, argv, "--T")) o.t_ms = 200.0;
    balnet::brunel_model_a m;
    m.seed = o.seed;
    auto sc = [&](std::uint64_t v) { return static_cast<std::uint64_t>(o.scale * double(v)); };
    m.n_e = sc(m.n_e), m.n_i = sc(m.n_i), m.c_e = sc(m.c_e), m.c_i = sc(m.c_i);
    if (large) m.n_e = 80000, m.n_i = 20000;  // in-degrees, weights, drive and delay unchanged
    const auto net = m.network();
    const balnet::partition part(net.size(), ctx.size(), ctx.rank());

    std::optional<balnet::lif_engine> eng;
    const double t_build = balnet::bench::timed(ctx, [&] { eng.emplace(net, part, balnet::spike_exchange(ctx)); });

    const auto n_steps = net.steps(o.t_ms);
    const balnet::statistics_window w{net.steps(std::min(200.0, o.t_ms / 2)), n_steps, 500, 5};
    const auto n_e_local = part.end() > m.n_e ? (part.begin() < m.n_e ? m.n_e - part.begin() : 0)
                                              : part.local_size();
    balnet::spike_statistics stats_e(part.begin(), n_e_local, w);
    double c0 = 0.0;
    const double t_sim = balnet::bench::timed(ctx, [&] {
        c0 = cpu_seconds();
        balnet::bench::advance_recording(*eng, n_steps, [&](const std::vector<balnet::spike>& s) { stats_e.add(s); });
    });
    const double cpu_sim = ctx.max(cpu_seconds() - c0);

    const auto events = ctx.sum(eng->n_events_delivered());
    const auto n_syn = ctx.sum(eng->synapses().n_synapses());
    const double syn_bytes = ctx.sum(static_cast<double>(eng->synapses().bytes()));
    const double rss = ctx.max(peak_rss_mib());
    const auto s = stats_e.summary(ctx);
    if (ctx.rank() == 0) {
        std::printf("bench_lif: Brunel model A, N = %llu, %llu synapses, %d rank(s), T = %.0f ms\n",
                    static_cast<unsigned long long>(net.size()),
                    static_cast<unsigned long long>(n_syn), ctx.size(), o.t_ms);
        std::printf("  build time           %8.3f s\n", t_build);
        std::printf("  simulation time      %8.3f s\n", t_sim);
        std::printf("  simulation CPU time  %8.3f s (max over ranks)\n", cpu_sim);
        std::printf("  real-time factor     %8.3f (wall / biological)\n", t_sim / (o.t_ms * 1e-3));
        std::printf("  synaptic events/s    %8.3e (%.3e events)\n",
                    static_cast<double>(events) / t_sim, static_cast<double>(events));
        std::printf("  bytes per synapse    %8.3f\n", syn_bytes / static_cast<double>(n_syn));
        std::printf("  peak RSS (max rank)  %8.1f MiB\n", rss);
        std::printf("  E rate               %8.2f Hz (reference AI: 37.56 +- 0.80)\n",
                    s.rate_hz(w, net.dt));
        std::printf("  E CV of ISI          %8.3f    (reference AI: 0.421 +- 0.010, %llu neurons)\n",
                    s.mean_cv(), static_cast<unsigned long long>(s.n_cv));
        std::printf("  E Fano (50 ms)       %8.3f    (reference AI: 0.255 +- 0.014)\n",
                    s.mean_fano());
    }
    return 0;
}
