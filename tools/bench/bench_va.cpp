// SPDX-License-Identifier: BSD-3-Clause
// CUBA and COBA benchmark (Brette et al. 2007, docs/models.md §2.3): N = 4000, Bernoulli p = 0.02,
// h = 0.1 ms, 1 s of biological time each. Prints per network the build and simulation times,
// steps/s, synaptic events/s, and the E and I rates and CV_E as a sanity check against reference
// case A7 (tests/data/spiking_cases.md). Usage (any rank count):
//   mpirun -n P bench_va [--T ms] [--seed s]
#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/spiking/brette_benchmark.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/analysis/spike_statistics.hpp>

#include "lif_bench.hpp"

namespace {

using balnet::bench::lif_bench_options;

// The owned part [begin, begin + n) of gids [first, last).
std::pair<balnet::gid_type, std::uint64_t> owned(const balnet::partition& part, balnet::gid_type first,
                                                  balnet::gid_type last) {
    const auto b = std::clamp(part.begin(), first, last), e = std::clamp(part.end(), first, last);
    return {b, e - b};
}

void bench(const balnet::context& ctx, balnet::brette_benchmark b, const lif_bench_options& o, const char* ref) {
    b.seed = o.seed;
    const auto net = b.network();
    const balnet::partition part(net.size(), ctx.size(), ctx.rank());
    std::optional<balnet::lif_engine> eng;
    const double t_build = balnet::bench::timed(ctx, [&] { eng.emplace(net, part, balnet::spike_exchange(ctx)); });
    const auto n_steps = net.steps(o.t_ms);
    const balnet::statistics_window w{0, n_steps, 500, 5};
    const auto [be, ne] = owned(part, 0, b.n_e);
    const auto [bi, ni] = owned(part, b.n_e, b.n_e + b.n_i);
    balnet::spike_statistics st_e(be, ne, w), st_i(bi, ni, w);
    const double t_sim = balnet::bench::timed(ctx, [&] {
        balnet::bench::advance_recording(*eng, n_steps, [&](const std::vector<balnet::spike>& s) {
            st_e.add(s);
            st_i.add(s);
        });
    });
    const auto events = ctx.sum(eng->n_events_delivered());
    const auto n_syn = ctx.sum(eng->synapses().n_synapses());
    const auto se = st_e.summary(ctx), si = st_i.summary(ctx);
    if (ctx.rank() != 0) return;
    std::printf("bench_va: %s, N = %llu, %llu synapses, %d rank(s), T = %.0f ms\n",
                balnet::to_string(b.model).c_str(), static_cast<unsigned long long>(net.size()),
                static_cast<unsigned long long>(n_syn), ctx.size(), o.t_ms);
    std::printf("  build time           %8.3f s\n", t_build);
    std::printf("  simulation time      %8.3f s (real-time factor %.3f)\n", t_sim, t_sim / (o.t_ms * 1e-3));
    std::printf("  steps/s              %8.3e\n", static_cast<double>(n_steps) / t_sim);
    std::printf("  synaptic events/s    %8.3e (%.3e events)\n", static_cast<double>(events) / t_sim,
                static_cast<double>(events));
    std::printf("  E rate %.2f Hz, I rate %.2f Hz, CV_E %.3f  (%s)\n", se.rate_hz(w, net.dt),
                si.rate_hz(w, net.dt), se.mean_cv(), ref);
}

}  // namespace

int main(int argc, char** argv) {
    balnet::mpi_session session(argc, argv);
    balnet::context ctx;
    const lif_bench_options o = balnet::bench::parse_lif_bench_options(argc, argv);
    bench(ctx, balnet::brette_benchmark::cuba(), o, "A7 CUBA: 5.59 +- 1.21, 5.61 +- 0.34, 0.536 +- 0.032");
    bench(ctx, balnet::brette_benchmark::coba(), o, "A7 COBA: 18.9 +- 6.2, 18.9 +- 2.8, 1.64 +- 0.13");
    return 0;
}
