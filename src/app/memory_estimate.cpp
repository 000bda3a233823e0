// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/app/memory_estimate.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <balnet/core/error.hpp>
#include <balnet/core/process_memory.hpp>

namespace balnet {
namespace {

constexpr double mib = 1048576.0;

// Expected synapses in the rows of [first, first + count).
double expected_synapses(const rate_model& m, gid_type first, std::uint64_t count) {
    double s = 0;
    for (const auto& pr : m.net.projections) {
        const gid_type a0 = m.net.offset(pr.target), a1 = a0 + m.net.populations[pr.target].size;
        const gid_type lo = std::max(first, a0), hi = std::min(first + count, a1);
        if (hi > lo) s += static_cast<double>(hi - lo) * static_cast<double>(pr.indegree);
    }
    return s;
}

std::string mib_text(double bytes) {
    char b[64];
    std::snprintf(b, sizeof b, "%.0f MiB", bytes / mib);
    return b;
}

}  // namespace

memory_estimate rate_memory_estimate(const rate_model& m, const partition& part, int rank) {
    memory_estimate e;
    const auto n = static_cast<double>(part.count(rank));
    e.synapses = expected_synapses(m, part.first(rank), part.count(rank));
    // Build: the drawn rows (4 B column + 8 B weight) and the product's copy coexist; the copy
    // is balnet's CSR (12 B, or 8 B with float weights) for Euler, PETSc AIJ (12 B) for TS.
    const bool float_kernel = m.integrator == rate_integrator::euler &&
                              m.coupling == coupling_precision::float_;
    e.held = e.synapses * (float_kernel ? 8.0 : 12.0);
    e.build = e.synapses * 12.0 + e.held;
    // Per unit: x, eta, phi, bias and PETSc's Vecs (~12 doubles), plus ghost values and their
    // scatter indices for presynaptic units on other ranks (at most min(N, synapses)).
    const double ghosts = std::min(static_cast<double>(m.net.size()) - n, e.synapses);
    e.state = 96.0 * n + 24.0 * std::max(ghosts, 0.0);
    // ACF of x, eta and phi for each recorded unit of this rank, as autocovariance_accumulator
    // holds it: the first L-1 samples, the window [history ++ block] of n_fft = 2^ceil(log2 2L)
    // samples, and L lagged sums, in doubles.
    std::uint64_t rec = 0;
    for (auto g : m.recorded) rec += (part.owner(g) == rank);
    const double lags = static_cast<double>(m.acf_lags);
    const double n_fft = std::exp2(std::ceil(std::log2(std::max(2.0 * lags, 1.0))));
    e.analysis = 3.0 * 8.0 * (2.0 * lags + n_fft) * static_cast<double>(rec);
    // Measured: VmHWM of a 10-unit run is 46.7-47.1 MiB at np 1 and 2 (Debian 12 Open MPI,
    // PETSc 3.18, HDF5 1.10).
    e.fixed = 48.0 * mib;
    return e;
}

void require_memory(const context& ctx, double bytes_this_rank) {
    const double need = ctx.node_sum(bytes_this_rank);
    const double avail = static_cast<double>(available_memory_bytes());
    // The worst node decides for all ranks, so that every rank throws or none does.
    const double ratio = avail > 0 ? need / avail : 0.0;
    const double worst = ctx.max(ratio);
    if (worst <= 1.0) return;
    const double worst_need = ctx.max(ratio == worst ? need : 0.0);
    const double worst_avail = ctx.max(ratio == worst ? avail : 0.0);
    throw config_error("memory", mib_text(worst_need) + " estimated for the ranks of one node",
                       "at most the " + mib_text(worst_avail) +
                           " available there (MemAvailable); reduce network.N or network.K, set "
                           "network.coupling = float, or spread the ranks over more nodes "
                           "(run.memory_check = false skips this check)");
}

}  // namespace balnet
