// SPDX-License-Identifier: BSD-3-Clause
// LIF benchmark: Brunel model A (N_E = 10 000, N_I = 2 500, C_E = 1 000, C_I = 250, J = 0.1 mV,
// g = 5, eta = 2, D = 1.5 ms, h = 0.1 ms), 1 s of biological time. Prints the build time, the
// simulation time, the real-time factor, synaptic events/s, bytes per synapse, peak RSS and,
// as a sanity check against reference case AI (spiking_cases.md: nu_E 37.6 Hz, CV_E 0.42),
// the mean rate and CV after a 200 ms warm-up. Usage (any rank count):
//   mpirun -n P bench_lif [--T ms] [--seed s] [--scale f]   (f scales N and C alike)
#include <sys/resource.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/spiking/spike_statistics.hpp>

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

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct options {
    double t_ms = 1000.0;
    balnet::seed_type seed = 1;
    double scale = 1.0;
};

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--T")) o.t_ms = std::stod(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--seed")) o.seed = std::stoull(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--scale")) o.scale = std::stod(argv[i + 1]);
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    balnet::mpi_session session(argc, argv);
    balnet::context ctx;
    const options o = parse(argc, argv);
    balnet::brunel_model_a m;
    m.seed = o.seed;
    auto sc = [&](std::uint64_t v) { return static_cast<std::uint64_t>(o.scale * double(v)); };
    m.n_e = sc(m.n_e), m.n_i = sc(m.n_i), m.c_e = sc(m.c_e), m.c_i = sc(m.c_i);
    const auto net = m.network();
    const balnet::partition part(net.size(), ctx.size(), ctx.rank());

    ctx.barrier();
    auto t0 = std::chrono::steady_clock::now();
    balnet::lif_engine eng(net, part, balnet::spike_exchange(ctx));
    ctx.barrier();
    const double t_build = since(t0);

    const auto n_steps = net.steps(o.t_ms);
    const balnet::statistics_window w{net.steps(200.0), n_steps, 500, 5};
    const auto n_e_local = part.end() > m.n_e ? (part.begin() < m.n_e ? m.n_e - part.begin() : 0)
                                              : part.local_size();
    balnet::spike_statistics stats_e(part.begin(), n_e_local, w);
    ctx.barrier();
    t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    // Spikes are handed to the statistics every 100 ms, as a recorder would.
    for (balnet::step_type done = 0; done < n_steps;) {
        const auto len = std::min<balnet::step_type>(1000, n_steps - done);
        eng.advance(len);
        done += len;
        stats_e.add(eng.take_spikes());
    }
    ctx.barrier();
    const double t_sim = since(t0);
    const double cpu_sim = ctx.max(cpu_seconds() - c0);

    const auto events = ctx.sum(eng.n_events_delivered());
    const auto n_syn = ctx.sum(eng.synapses().n_synapses());
    const double syn_bytes = ctx.sum(static_cast<double>(eng.synapses().bytes()));
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
