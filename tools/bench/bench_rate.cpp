// SPDX-License-Identifier: BSD-3-Clause
// Rate-network benchmark: the coupling product eta = W phi alone and a whole Euler step, in
// nonzeros/s and GB/s, next to the STREAM triad bandwidth measured by this tool on the same ranks,
// plus the memory per synapse. Usage (any rank count):
//   bench_rate [--N n --K k --rule full|bernoulli|fixed_indegree --reps r
//               --coupling petsc|double|float|compact|procedural|sparse|ab --warmup t --I0 i
//               --prefetch auto|t0|nta|none]
// With no --N it runs the two cases of the issue: N = K = 2000 (full) and N = 200 000, K = 1000
// (fixed in-degree). Each case runs for each coupling: `petsc` is PETSc's MatMult on the MPIAIJ
// matrix (the engine's TS path, the figure before balnet's kernel; its "step" is then not
// timed, since a TS step is an RK4 step), `double` and `float` balnet's kernel in the Euler
// path with weights of that type (the sliced layout of sliced_rows.hpp), `compact` the 6-byte
// encoding (float weights, 16-bit columns; per nonzero 6 B in the bytes model).
// `procedural` (not in the default set; --coupling procedural) redraws every row in each product: it moves no matrix bytes, so its figures are synapses/s,
// ns per synapse and the step time extrapolated to N = 10^6 and 10^7 with K = 10^3 on as many
// ranks, from the measured ns per synapse (the work is proportional to the synapses).
// `sparse` (--coupling sparse; rate.product = sparse) compares the sparse product, which reads
// only the synapses of active units (phi != 0), with the dense double product on the same state:
// both engines are built, the sparse one runs --warmup t (default 10 tau) into the stationary
// regime, the dense one takes its state, and then their Euler steps (and products) alternate,
// `reps` of each; it prints the medians, the ratio dense/sparse, the active fraction f, the bytes
// received per step and rank by each exchange, and whether both ended in the same state bit for
// bit (they must: the products are bitwise equal). --I0 sets the bias (default 1; f grows with it).
//
// `ab` (--coupling ab) builds PETSc's matrix and the double kernel on the same network and
// alternates their products, the double one with each prefetch hint (prefetch_tuner.hpp), --reps
// times each; it prints medians and minima. --prefetch sets the stored kernels' hint (default
// auto: measured at the first product, as in a run; the chosen hint is printed).
//
// Bytes model (a lower bound: only bytes the product must move, once): per nonzero the weight
// (8 B double, 4 B float) and the 32-bit column index (4 B); per row the 32-bit row pointer
// (4 B) and the result (8 B); per column the input value once (8 B). Ghost copies between ranks
// and cache misses on re-reads of x are not counted, nor the sliced layout's padding and slice
// bookkeeping (~4 % more bytes at N = 2e5, K = 1e3, in the "held" figure): the GB/s are those of
// the synapses' own bytes, which is what a user's product needs.
//
// Memory: the peak resident set is reset (Linux /proc/self/clear_refs) before each engine, so
// that the figure is the engine's own build peak above what the process held before (the STREAM
// arrays included), summed over ranks; the matrix storage held after the build is printed too.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
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
    double I0 = 1.0;
    std::optional<balnet::prefetch_hint> prefetch;  // none: measured at the first product
};

std::optional<balnet::prefetch_hint> parse_prefetch(const std::string& v) {
    for (auto h : balnet::prefetch_hints)
        if (v == balnet::to_string(h)) return h;
    if (v != "auto") throw std::invalid_argument("--prefetch " + v + ": auto | t0 | nta | none");
    return std::nullopt;
}

// One field (in kB) of /proc/self/status, in bytes; -1 when unavailable.
double proc_status_bytes(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t len = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, len, field) == 0) return std::stod(line.substr(len + 1)) * 1024.0;
    return -1.0;
}

// Resets the peak RSS to the current RSS; false where the kernel does not allow it.
// Freed heap pages are first given back (glibc keeps them resident otherwise, and a later
// build would reuse them unseen).
bool reset_peak_rss() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

double peak_rss_bytes() {
    const double hwm = proc_status_bytes("VmHWM:");
    if (hwm >= 0) return hwm;
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) * 1024.0;
}

enum class variant { petsc, double_, float_, compact, procedural };

const char* name(variant v) {
    switch (v) {
    case variant::petsc: return "petsc";
    case variant::double_: return "double";
    case variant::float_: return "float";
    case variant::compact: return "compact";
    case variant::procedural: return "procedural";
    }
    return "?";
}

// Best of `reps` timed calls (each between barriers, the slowest rank's time): the machine is
// shared, so the minimum is the figure least disturbed by other processes.
template <typename F>
double seconds(const balnet::context& ctx, int reps, F&& f) {
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        ctx.barrier();
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, ctx.max(t));
    }
    return best;
}

// The slowest rank's time of f(), between barriers.
template <typename F>
double timed(const balnet::context& ctx, F&& f) {
    ctx.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return ctx.max(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Fraction of all units with phi != 0.
double active_fraction(const balnet::rate_engine& eng, const balnet::context& ctx, std::uint64_t N) {
    std::uint64_t a = 0;
    for (double v : eng.phi()) a += v != 0.0;
    return static_cast<double>(ctx.sum(a)) / static_cast<double>(N);
}

balnet::rate_params bench_params(const bench_case& c) {
    balnet::rate_params p;
    p.N = c.N;
    p.K = c.K;
    p.rule = c.rule;
    p.T = 1;
    p.ncorr = 0.5;
    p.I0 = c.I0;
    p.product = balnet::coupling_product::dense;
    return p;
}

// The sparse product against the dense double one, alternating on the same state (see the top).
void run_sparse_ab(const bench_case& c, double warmup, const balnet::context& ctx) {
    auto p = bench_params(c);
    const auto dense_model = balnet::rate_model::build(p);
    p.product = balnet::coupling_product::sparse;
    const auto sparse_model = balnet::rate_model::build(p);
    balnet::rate_engine sparse(sparse_model, ctx, balnet::coupling_storage::double_);
    balnet::rate_engine dense(dense_model, ctx, balnet::coupling_storage::double_);
    const auto warm = static_cast<balnet::step_type>(warmup / sparse_model.dt);
    const double t_warm = timed(ctx, [&] { sparse.advance(warm); });
    dense.restore(sparse.state());
    const double nnz = static_cast<double>(sparse.coupling().n_synapses);
    std::vector<double> step_d, step_s, mult_d, mult_s, f;
    const std::uint64_t bytes_d0 = dense.exchange_bytes(), bytes_s0 = sparse.exchange_bytes();
    for (int r = 0; r < c.reps; ++r) {
        f.push_back(active_fraction(sparse, ctx, c.N));
        step_d.push_back(timed(ctx, [&] { dense.advance(1); }));
        step_s.push_back(timed(ctx, [&] { sparse.advance(1); }));
    }
    const double per_step_d = static_cast<double>(ctx.sum(dense.exchange_bytes() - bytes_d0)) / c.reps / ctx.size();
    const double per_step_s = static_cast<double>(ctx.sum(sparse.exchange_bytes() - bytes_s0)) / c.reps / ctx.size();
    bool same = sparse.now() == dense.now();
    for (std::size_t i = 0; i < sparse.x().size(); ++i)
        same = same && std::bit_cast<std::uint64_t>(sparse.x()[i]) == std::bit_cast<std::uint64_t>(dense.x()[i]);
    same = !ctx.any(!same);
    for (int r = 0; r < c.reps; ++r) {
        mult_d.push_back(timed(ctx, [&] { dense.multiply(); }));
        mult_s.push_back(timed(ctx, [&] { sparse.multiply(); }));
    }
    if (ctx.rank() != 0) return;
    std::printf(" rank 0: sparse %s; dense %s\n", sparse.kernel()->tuning().c_str(), dense.kernel()->tuning().c_str());
    const double sd = median(step_d), ss = median(step_s), md = median(mult_d), ms = median(mult_s);
    std::printf(" [sparse vs double] warm-up %.1f tau (%lld sparse steps, %.2f s); active fraction f = %.3f "
                "(median over the timed steps)\n", warmup, static_cast<long long>(warm), t_warm, median(f));
    std::printf("  Euler step, median of %d alternating: dense %8.3f ms (%.3g steps/s)  sparse %8.3f ms "
                "(%.3g steps/s)  ratio dense/sparse %.2f\n", c.reps, sd * 1e3, 1.0 / sd, ss * 1e3, 1.0 / ss, sd / ss);
    std::printf("  coupling product, median:     dense %8.3f ms  sparse %8.3f ms  ratio %.2f;  "
                "sparse %.2f ns per active synapse\n", md * 1e3, ms * 1e3, md / ms,
                ms / (nnz * median(f)) * 1e9 * ctx.size());
    std::printf("  exchange per step and rank: dense %.0f B (ghost values), sparse %.0f B (masks + active "
                "values); ratio %.3f\n", per_step_d, per_step_s, per_step_d > 0 ? per_step_s / per_step_d : 0.0);
    std::printf("  memory: dense held %.1f B/synapse, sparse held %.1f B/synapse (this rank)\n",
                dense.coupling_bytes() / nnz * ctx.size(), sparse.coupling_bytes() / nnz * ctx.size());
    std::printf("  same state after the timed steps, bit for bit: %s\n", same ? "yes" : "NO");
    std::fflush(stdout);
}

// PETSc's MatMult and the double kernel with each prefetch hint on the same network, their
// products alternating (petsc, t0, nta, none, petsc, ...) `reps` times so that a shared machine's
// drifting bandwidth touches all alike; medians, minima, and the triad measured right after.
void run_ab(const bench_case& c, const balnet::context& ctx) {
    auto p = bench_params(c);
    p.integrator = balnet::rate_integrator::ts;
    const auto ts_model = balnet::rate_model::build(p);
    balnet::rate_engine petsc(ts_model, ctx, balnet::coupling_storage::double_);
    p.integrator = balnet::rate_integrator::euler;
    const auto euler_model = balnet::rate_model::build(p);
    balnet::rate_engine dbl(euler_model, ctx, balnet::coupling_storage::double_);
    dbl.multiply();  // the hint measured once, as in a run
    const std::string tuning = dbl.kernel()->tuning();
    petsc.multiply();
    std::vector<std::vector<double>> t(1 + balnet::prefetch_hints.size());
    for (int r = 0; r < c.reps; ++r) {
        t[0].push_back(timed(ctx, [&] { petsc.multiply(); }));
        for (std::size_t h = 0; h < balnet::prefetch_hints.size(); ++h) {
            dbl.kernel()->set_prefetch(balnet::prefetch_hints[h]);
            t[h + 1].push_back(timed(ctx, [&] { dbl.multiply(); }));
        }
    }
    const double stream_now = ctx.sum(balnet::bench::stream_triad_gbs());
    if (ctx.rank() != 0) return;
    const double nnz = static_cast<double>(dbl.coupling().n_synapses);
    const double bytes = nnz * 12.0 + static_cast<double>(c.N) * 20.0;
    std::printf(" [ab] rank 0 at the first product: %s\n", tuning.c_str());
    std::printf("  STREAM triad right after the timing: %.2f GB/s\n", stream_now);
    const double petsc_med = median(t[0]);
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double med = median(t[i]), best = *std::min_element(t[i].begin(), t[i].end());
        std::printf("  %-12s median %8.3f ms  min %8.3f ms  median %3.0f%% of triad  petsc/this (medians) %.2f\n",
                    i == 0 ? "petsc" : ("double " + balnet::to_string(balnet::prefetch_hints[i - 1])).c_str(), med * 1e3,
                    best * 1e3, 100.0 * bytes / med / 1e9 / stream_now, petsc_med / med);
    }
    std::fflush(stdout);
}

void print_procedural(const balnet::rate_engine& eng, double nnz, double t_mult, double t_step,
                      double peak, int ranks) {
    const double ns = t_mult / nnz * 1e9 * ranks;  // per synapse on one rank
    std::printf(" [procedural] build %.2f s (one drawing of the rows for the network summary)\n",
                eng.build_seconds());
    std::printf("  coupling product: %8.3f ms  %.3g synapses/s  %.1f ns per synapse and rank\n",
                t_mult * 1e3, nnz / t_mult, ns);
    std::printf("  Euler step:       %8.3f ms  %.3g synapses/s\n", t_step * 1e3, nnz / t_step);
    std::printf("  memory: coupling held %.3f B/synapse; build peak %.0f MiB (all ranks)\n",
                eng.coupling_bytes() * ranks / nnz, peak / 1048576.0);
    for (double n_big : {1e6, 1e7})
        std::printf("  extrapolated step, N = %.0e, K = 1e3, %d rank(s): %.1f s\n", n_big, ranks,
                    t_step / nnz * n_big * 1e3);
    std::fflush(stdout);
}

void run_variant(const bench_case& c, variant v, const balnet::context& ctx, double stream) {
    auto p = bench_params(c);
    p.integrator = v == variant::petsc ? balnet::rate_integrator::ts : balnet::rate_integrator::euler;
    const auto precision = v == variant::float_        ? balnet::coupling_storage::float_
                           : v == variant::compact    ? balnet::coupling_storage::compact
                           : v == variant::procedural ? balnet::coupling_storage::procedural
                                                      : balnet::coupling_storage::double_;
    auto model = balnet::rate_model::build(p);
    const bool reset = !ctx.any(!reset_peak_rss());
    const double rss0 = proc_status_bytes("VmRSS:");
    balnet::rate_engine eng(model, ctx, precision);
    const double nnz = static_cast<double>(eng.coupling().n_synapses);
    const double n = static_cast<double>(c.N);
    const double per_nnz = v == variant::compact ? 6.0 : (v == variant::float_ ? 4.0 : 8.0) + 4.0;
    const double bytes = nnz * per_nnz + n * 12.0 + n * 8.0;
    if (c.prefetch && eng.kernel()) eng.kernel()->set_prefetch(*c.prefetch);
    eng.multiply();  // warm, and the prefetch hint measured (unless set)
    const std::string tuning = eng.kernel() ? eng.kernel()->tuning() : std::string();
    const double t_mult = seconds(ctx, c.reps, [&] { eng.multiply(); });
    const double t_step = v == variant::petsc ? 0.0 : seconds(ctx, c.reps, [&] { eng.advance(1); });
    const double peak = ctx.sum(peak_rss_bytes() - (reset ? rss0 : 0.0));
    const double held = ctx.sum(eng.coupling_bytes());
    // This machine's bandwidth drifts by tens of % within minutes (a shared VM host): the
    // percentages use the triad measured right after the product's timing, on the same ranks
    // (after the peak memory was read), next to the one of the run's start.
    const double stream_now = v == variant::procedural ? stream : ctx.sum(balnet::bench::stream_triad_gbs());
    if (ctx.rank() != 0) return;
    if (v == variant::procedural) return print_procedural(eng, nnz, t_mult, t_step, peak, ctx.size());
    std::printf(" [%s] build %.2f s; bytes model %.0f B/nnz + 12 B/row + 8 B/col\n", name(v),
                eng.build_seconds(), per_nnz);
    if (!tuning.empty()) std::printf("  rank 0: %s\n", tuning.c_str());
    std::printf("  STREAM triad right after the timing: %.2f GB/s (at the start: %.2f GB/s)\n", stream_now, stream);
    std::printf("  coupling product: %8.3f ms  %.3g nnz/s  %6.2f GB/s = %3.0f%% of STREAM triad\n",
                t_mult * 1e3, nnz / t_mult, bytes / t_mult / 1e9, 100.0 * bytes / t_mult / 1e9 / stream_now);
    if (t_step > 0)
        std::printf("  Euler step:       %8.3f ms  %.3g nnz/s  %6.2f GB/s = %3.0f%% of STREAM triad\n",
                    t_step * 1e3, nnz / t_step, bytes / t_step / 1e9, 100.0 * bytes / t_step / 1e9 / stream_now);
    std::printf("  memory: matrix held %.1f B/synapse; build peak %.1f B/synapse (%.0f MiB, all ranks%s)\n",
                held / nnz, peak / nnz, peak / 1048576.0,
                reset ? ", above the process before the build" : ", whole process: no peak reset");
    std::fflush(stdout);
}

void run_case(const bench_case& c, const std::vector<variant>& vs, const balnet::context& ctx,
              double stream) {
    if (ctx.rank() == 0)
        std::printf("case N=%llu K=%llu rule=%s ranks=%d\n", static_cast<unsigned long long>(c.N),
                    static_cast<unsigned long long>(c.K), balnet::to_string(c.rule).c_str(), ctx.size());
    for (auto v : vs) run_variant(c, v, ctx, stream);
}

}  // namespace

int main(int argc, char** argv) {
    balnet::mpi_session mpi(argc, argv);
    balnet::context ctx;
    balnet::petsc_session petsc;
    std::vector<bench_case> cases;
    bench_case one{0, 0, balnet::connectivity_rule::fixed_indegree, 20, 1.0, std::nullopt};
    std::vector<variant> vs{variant::petsc, variant::double_, variant::float_, variant::compact};
    bool sparse = false, ab = false;
    double warmup = 10.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--N") one.N = std::stoull(v);
        else if (k == "--K") one.K = std::stoull(v);
        else if (k == "--rule") one.rule = balnet::parse_connectivity_rule(v);
        else if (k == "--reps") one.reps = std::stoi(v);
        else if (k == "--coupling" && v == "petsc") vs = {variant::petsc};
        else if (k == "--coupling" && v == "double") vs = {variant::double_};
        else if (k == "--coupling" && v == "float") vs = {variant::float_};
        else if (k == "--coupling" && v == "compact") vs = {variant::compact};
        else if (k == "--coupling" && v == "procedural") vs = {variant::procedural};
        else if (k == "--coupling" && v == "sparse") sparse = true;
        else if (k == "--coupling" && v == "ab") ab = true;
        else if (k == "--prefetch") one.prefetch = parse_prefetch(v);
        else if (k == "--warmup") warmup = std::stod(v);
        else if (k == "--I0") one.I0 = std::stod(v);
    }
    if (one.N > 0) cases.push_back(one);
    else cases = {{2000, 2000, balnet::connectivity_rule::full, 200, one.I0, one.prefetch},
                  {200000, 1000, balnet::connectivity_rule::fixed_indegree, 10, one.I0, one.prefetch}};
    const double stream = ctx.sum(balnet::bench::stream_triad_gbs());
    const double read = ctx.sum(balnet::bench::matrix_read_gbs());
    if (ctx.rank() == 0)
        std::printf("STREAM triad, %d rank(s) together: %.2f GB/s\n"
                    "matrix read (8 B weight + 4 B column per entry, no gather, no write), %d rank(s) together: "
                    "%.2f GB/s = %.0f%% of STREAM triad: the ceiling of a stored product\n"
                    "bytes model: double 12 B/nnz, float 8 B/nnz, compact 6 B/nnz, + 12 B/row + 8 B/col\n",
                    ctx.size(), stream, ctx.size(), read, 100.0 * read / stream);
    for (const auto& c : cases) {
        if (ab) {
            if (ctx.rank() == 0)
                std::printf("case N=%llu K=%llu rule=%s ranks=%d\n", static_cast<unsigned long long>(c.N),
                            static_cast<unsigned long long>(c.K), balnet::to_string(c.rule).c_str(), ctx.size());
            run_ab(c, ctx);
            continue;
        }
        if (!sparse) {
            run_case(c, vs, ctx, stream);
            continue;
        }
        if (ctx.rank() == 0)
            std::printf("case N=%llu K=%llu rule=%s ranks=%d\n", static_cast<unsigned long long>(c.N),
                        static_cast<unsigned long long>(c.K), balnet::to_string(c.rule).c_str(), ctx.size());
        run_sparse_ab(c, warmup, ctx);
    }
    return 0;
}
