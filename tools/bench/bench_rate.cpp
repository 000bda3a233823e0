// SPDX-License-Identifier: BSD-3-Clause
// Rate-network benchmark: the coupling product eta = W phi alone and a whole Euler step, in
// nonzeros/s and GB/s, next to the STREAM triad bandwidth measured by this tool on the same ranks,
// plus the peak memory per synapse. Usage (any rank count):
//   bench_rate [--N n --K k --rule full|bernoulli|fixed_indegree --reps r]
// With no arguments it runs the two cases of the issue: N = K = 2000 (full) and
// N = 200 000, K = 1000 (fixed in-degree).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/comm/mpi_session.hpp>
#include <balnet/rate/petsc_session.hpp>
#include <balnet/rate/rate_engine.hpp>

#include "stream_triad.hpp"

namespace {

struct bench_case {
    std::uint64_t N, K;
    balnet::connectivity_rule rule;
    int reps;
};

double peak_rss_bytes() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0;
}

template <typename F>
double seconds(const balnet::context& ctx, int reps, F&& f) {
    ctx.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < reps; ++r) f();
    ctx.barrier();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
}

void run_case(const bench_case& c, const balnet::context& ctx, double stream) {
    balnet::rate_params p;
    p.N = c.N;
    p.K = c.K;
    p.rule = c.rule;
    p.T = 1;
    p.ncorr = 0.5;
    auto model = balnet::rate_model::build(p);
    balnet::rate_engine eng(model, ctx);
    const double nnz = static_cast<double>(eng.coupling().n_synapses);
    const double n = static_cast<double>(c.N);
    // Bytes the product must move at least: value (8) + column index (4) per nonzero, row
    // pointer (4) + result (8) per row, and the input vector once (8 per column).
    const double bytes = nnz * 12.0 + n * 12.0 + n * 8.0;
    eng.multiply();  // warm
    const double t_mult = seconds(ctx, c.reps, [&] { eng.multiply(); });
    const double t_step = seconds(ctx, c.reps, [&] { eng.step(); });
    const double rss = ctx.sum(peak_rss_bytes());
    if (ctx.rank() == 0) {
        std::printf("case N=%llu K=%llu rule=%s ranks=%d nnz=%.3g build=%.2fs\n",
                    static_cast<unsigned long long>(c.N), static_cast<unsigned long long>(c.K),
                    balnet::to_string(c.rule).c_str(), ctx.size(), nnz, eng.build_seconds());
        std::printf("  coupling product: %.3f ms  %.3g nnz/s  %.2f GB/s  = %.0f%% of STREAM triad\n",
                    t_mult * 1e3, nnz / t_mult, bytes / t_mult / 1e9, 100.0 * bytes / t_mult / 1e9 / stream);
        std::printf("  Euler step:       %.3f ms  %.1f steps/s  %.3g nnz/s  %.2f GB/s\n",
                    t_step * 1e3, 1.0 / t_step, nnz / t_step, bytes / t_step / 1e9);
        std::printf("  peak memory (all ranks): %.1f MiB  = %.1f bytes per synapse\n",
                    rss / 1048576.0, rss / nnz);
    }
}

}  // namespace

int main(int argc, char** argv) {
    balnet::mpi_session mpi(argc, argv);
    balnet::context ctx;
    balnet::petsc_session petsc;
    std::vector<bench_case> cases;
    bench_case one{0, 0, balnet::connectivity_rule::fixed_indegree, 20};
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--N") one.N = std::stoull(v);
        else if (k == "--K") one.K = std::stoull(v);
        else if (k == "--rule") one.rule = balnet::parse_connectivity_rule(v);
        else if (k == "--reps") one.reps = std::stoi(v);
    }
    if (one.N > 0) cases.push_back(one);
    else cases = {{2000, 2000, balnet::connectivity_rule::full, 200},
                  {200000, 1000, balnet::connectivity_rule::fixed_indegree, 10}};
    const double stream = ctx.sum(balnet::bench::stream_triad_gbs());
    if (ctx.rank() == 0)
        std::printf("STREAM triad, %d rank(s) together: %.2f GB/s\n", ctx.size(), stream);
    for (const auto& c : cases) run_case(c, ctx, stream);
    return 0;
}
