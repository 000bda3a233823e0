// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/observer_set.hpp>
#include <balnet/models/memory_estimate.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <balnet/models/lif_run.hpp>
#include <balnet/models/rate_run.hpp>
#include <balnet/models/scn_run.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/exact_sum.hpp>
#include <balnet/core/process_memory.hpp>
#include <balnet/meanfield/siegert.hpp>
#include <balnet/spiking/neuron_models.hpp>
#include <balnet/rate/column_windows.hpp>
#include <balnet/rate/sliced_rows.hpp>

namespace balnet {
namespace {

constexpr double mib = 1048576.0;
// Measured: VmHWM of a 10-unit rate run is 46.7-47.1 MiB at np 1 and 2 (Debian 12 Open MPI,
// PETSc 3.18, HDF5 1.10).
constexpr double fixed_bytes = 48.0 * mib;
// Measured: VmHWM of a 100-neuron LIF run is 41.0-41.8 MiB at np 1 and 2 (no PETSc objects).
constexpr double spiking_fixed_bytes = 41.5 * mib;
constexpr double spike_bytes = 16.0;  // sizeof(spike): gid and step

std::string mib_text(double bytes) {
    char b[64];
    std::snprintf(b, sizeof b, "%.0f MiB", bytes / mib);
    return b;
}

}  // namespace

namespace {

// The sparse product's storage (column_windows.hpp): per synapse the weight and a 16-bit row,
// per window of rows a 4 B pointer per gid; built a window of rows at a time (the window's rows
// at 12 B per synapse, and a 4 B cursor per gid for the counting sort).
void sparse_coupling_estimate(memory_estimate& e, const rate_model& m, const partition& part, int rank) {
    const auto n = static_cast<double>(part.count(rank));
    const double N = static_cast<double>(m.net.size());
    const double rows = column_windows<double>::window_rows(part.count(rank));
    const double windows = std::ceil(n / rows);
    const double weight = m.coupling == coupling_storage::float_ ? 4.0 : 8.0;
    e.held = e.synapses * (weight + 2.0) + windows * (N + 1.0) * 4.0 + 16.0 * rows;
    e.build = e.held + std::min(n, rows) * 12.0 * e.synapses / std::max(n, 1.0) + 4.0 * N;
}

}  // namespace

memory_estimate rate_memory_estimate(const rate_model& m, const partition& part, int rank) {
    memory_estimate e;
    const auto n = static_cast<double>(part.count(rank));
    e.synapses = static_cast<double>(m.net.expected_synapses(part.first(rank), part.count(rank)));
    // Euler: balnet's sliced rows (sliced_rows.hpp: 12 B per entry, or 8 B with float weights,
    // entries = synapses + the slices' padding, ~0.08 sqrt(m) per row and panel for m entries per
    // row and panel, measured; 2.25 B per row and panel of bookkeeping), drawn a window of rows at
    // a time (the window's rows at 12 B per synapse and 4 B per row and panel) with a 4 B ghost
    // number per neuron; compact: 6 B per entry, re-encoded from the float rows (which it
    // coexists with while built); procedural coupling holds no synapse.
    // TS: the drawn rows (4 B column + 8 B weight) and PETSc's AIJ copy (12 B) coexist.
    const bool euler = m.integrator == rate_integrator::euler;
    const auto storage = euler ? m.coupling : coupling_storage::double_;
    const double ghost_numbers = 4.0 * static_cast<double>(m.net.size());
    const double width = panel_width(m.net);
    const double row_panels = std::ceil(n / 8.0) * 8.0 * std::ceil(static_cast<double>(m.net.size()) / width);
    const double per_row_panel = row_panels > 0 ? e.synapses / row_panels : 0.0;
    const double entries = e.synapses + row_panels * 0.08 * std::sqrt(per_row_panel);
    const double window = std::min(n, static_cast<double>(sliced_rows<double, std::uint32_t>::window_rows(part.count(rank))));
    const double drawing = ghost_numbers + window * (12.0 * e.synapses / std::max(n, 1.0) +
                                                     4.0 * row_panels / std::max(n, 1.0));
    switch (storage) {
    case coupling_storage::procedural: break;
    case coupling_storage::compact:
        e.held = entries * 6.0 + row_panels * 2.25;
        e.build = entries * 8.0 + row_panels * 2.25 + e.held + drawing;
        break;
    case coupling_storage::float_:
    case coupling_storage::double_:
        e.held = euler ? entries * (storage == coupling_storage::float_ ? 8.0 : 12.0) + row_panels * 2.25 : e.synapses * 12.0;
        e.build = euler ? e.held + drawing : e.synapses * 12.0 + e.held;
        break;
    }
    const bool procedural = storage == coupling_storage::procedural;
    const bool sparse = euler && m.product == coupling_product::sparse;
    if (sparse) sparse_coupling_estimate(e, m, part, rank);
    // Per unit: x, eta, phi, bias and PETSc's Vecs (~12 doubles), plus ghost values and their
    // scatter indices for presynaptic units on other ranks (at most min(N, synapses); every
    // other unit with procedural coupling, which also lists them: 8 B more each).
    const double others = static_cast<double>(m.net.size()) - n;
    const double ghosts = procedural ? others : std::min(others, e.synapses);
    e.state = 96.0 * n + (procedural ? 32.0 : 24.0) * std::max(ghosts, 0.0);
    if (euler && !procedural && !sparse) e.state += 8.0 * (n + std::max(ghosts, 0.0));  // x with the padding's 0
    // The sparse product: the list of every other gid (8 B), no ghost values or scatter; the
    // exchange's mask and values (sent, gathered) and the (gid, value) list, at most all units.
    if (sparse) e.state = 96.0 * n + 8.0 * others + 28.0 * static_cast<double>(m.net.size());
    // ACF of x, eta and phi for each recorded unit of this rank, as autocovariance_accumulator
    // holds it: the first L-1 samples, the window [history ++ block] of n_fft = 2^ceil(log2 2L)
    // samples, and L lagged sums, in doubles.
    std::uint64_t rec = 0;
    for (auto g : m.recorded) rec += (part.owner(g) == rank);
    const double lags = static_cast<double>(m.acf_lags);
    const double n_fft = std::exp2(std::ceil(std::log2(std::max(2.0 * lags, 1.0))));
    e.analysis = 3.0 * 8.0 * (2.0 * lags + n_fft) * static_cast<double>(rec);
    // /state/time: every rank builds the times of all trace samples (8 B each) to write them.
    e.analysis += 8.0 * static_cast<double>(m.run_steps / m.trace_every);
    e.fixed = fixed_bytes;
    return e;
}

// ---- LIF -------------------------------------------------------------------------------------
namespace {

// Owned gids of population `pop` on `rank`.
std::uint64_t owned_in(const lif_network_params& net, const partition& part, int rank, std::size_t pop) {
    const gid_type a0 = net.offset(pop), a1 = a0 + net.populations[pop].size;
    const gid_type lo = std::max(part.first(rank), a0);
    const gid_type hi = std::min(part.first(rank) + part.count(rank), a1);
    return hi > lo ? hi - lo : 0;
}

// Expected inputs of one target in projection pr: K, or p times the candidate sources (the target
// itself excluded without autapses), as input_sampler draws them.
double inputs_per_target(const lif_network_params& net, const lif_projection_params& pr) {
    const auto candidates = static_cast<double>(net.candidates(pr));
    switch (pr.rule) {
    case lif_connectivity_kind::fixed_indegree: return static_cast<double>(pr.indegree);
    case lif_connectivity_kind::bernoulli: return pr.probability * candidates;
    case lif_connectivity_kind::fixed_total_number:
        return static_cast<double>(pr.number) / static_cast<double>(net.populations[pr.target].size);
    case lif_connectivity_kind::all_to_all: return candidates;
    }
    return 0.0;
}

// Bytes of one synapse of projection pr in synapse_index: 4 B target, 8 B drawn weight, 1 or 2 B
// delay when the projection's delays vary (a range below 256 steps, or not).
double synapse_bytes(const lif_network_params& net, const lif_projection_params& pr) {
    const auto range = net.delay_max_steps(pr) - net.delay_steps(pr);
    return 4.0 + (pr.drawn_weights ? 8.0 : 0.0) + (range == 0 ? 0.0 : range < 256 ? 1.0 : 2.0);
}

// synapse_index: the synapses, and n_sources + 1 offsets of 8 B per projection on every rank
// whatever it owns; while building, as many cursors again.
void lif_synapses(const lif_network_params& net, const partition& part, int rank, memory_estimate& e) {
    double bytes = 0, offsets = 0;
    for (const auto& pr : net.projections) {
        const double syn = static_cast<double>(owned_in(net, part, rank, pr.target)) * inputs_per_target(net, pr);
        e.synapses += syn;
        bytes += syn * synapse_bytes(net, pr);
        offsets += 8.0 * static_cast<double>(net.populations[pr.source].size + 1);
    }
    e.held = bytes + offsets;
    e.build = e.held + offsets;
}

// Per owned neuron: V (8), r (4), the delay ring (8 B a slot), with a two-channel model in any
// population the g_i ring, and the named state of the network (the union over its populations'
// models, held for every owned neuron: 8 B a name); spike_statistics (72), the counts and the
// rates of the result (16).
double lif_bytes_per_neuron(const lif_network_params& net) {
    const double slots = static_cast<double>(net.max_delay_steps() + 1);
    double b = 12.0 + 8.0 * slots + 88.0;
    b += 8.0 * static_cast<double>(network_state_names(net).size());  // the models' named state
    if (network_channels(net) == 2) b += 8.0 * slots;                   // the second delay ring
    return b;
}

// The E/I input split of the recorded E neurons (analysis/lif_input_split), on every rank that
// records: a copy of the offsets of every projection onto E (8 B per source + 1) and, per
// recorded neuron owned here, its synapses (as synapse_bytes), two rings (8 B a slot each) and e, i.
double lif_input_split_bytes(const lif_network_params& net, double recorded_here) {
    const double slots = static_cast<double>(net.max_delay_steps() + 1);
    double b = recorded_here * (16.0 * slots + 16.0);
    for (const auto& pr : net.projections) {
        if (pr.target != 0) continue;
        b += 8.0 * static_cast<double>(net.populations[pr.source].size + 1);
        b += recorded_here * inputs_per_target(net, pr) * synapse_bytes(net, pr);
    }
    return b;
}

// What the observers hold beside the per-neuron terms, on every rank: for the pair-count
// correlation the sampled rows' counts of the bins of one flush interval (and the bin being
// filled), five sums per pair and the pairs; per population the histogram bins of one flush
// interval (and the bin being filled) and their reduced copy (the rest is streamed into the file);
// the per-step series of chi and rho_EI since the last flush (3 exact local sums
// per step, kept as expansions: a count byte and, for V and filtered inputs, two doubles each;
// grown by push_back: 1.5 x on average), the rounded copies their reduction returns and the
// accumulators of one block (1024 entries) of it; this rank's V traces (and E, I current traces:
// 3 series) of one flush interval (written into the file at every flush; push_back: 1.5 x).
double lif_observer_bytes(const lif_network_params& net, const lif_run_shape& s, const partition& part, int rank) {
    const auto window = static_cast<double>(s.window);
    const double held = std::min(window, static_cast<double>(s.held_steps));
    const auto n_e = net.populations.front().size;
    const double ne = static_cast<double>(n_e);
    double b = 0;
    if (n_e >= 2) {
        const double rows = ne * (1.0 - std::pow(1.0 - 1.0 / ne, 2.0 * static_cast<double>(s.n_pairs)));
        const double bins = std::min(std::floor(window / static_cast<double>(s.fano_bin)),
                                     std::ceil(held / static_cast<double>(s.fano_bin)) + 1.0);
        b += 8.0 * rows * (bins + 1.0) + (40.0 + 16.0) * static_cast<double>(s.n_pairs);
    }
    const double rate_bins = std::min(std::floor(window / static_cast<double>(s.rate_bin)),
                                      std::ceil(held / static_cast<double>(s.rate_bin)) + 1.0);
    b += 16.0 * static_cast<double>(net.populations.size()) * rate_bins;
    const std::uint64_t n_rec = std::min(s.n_record, n_e);
    if (n_rec == 0) return b;
    b += (1.5 * 3.0 * 17.0 + 24.0) * held + 1024.0 * static_cast<double>(sizeof(exact_sum));
    std::uint64_t traced = 0, recorded = 0;  // recorded gids k N_E / n_rec (k < v_traces: traced) owned by `rank`
    for (std::uint64_t k = 0; k < n_rec; ++k) {
        const bool here = part.owner(k * n_e / n_rec) == rank;
        recorded += here;
        traced += here && k < s.v_traces;
    }
    b += lif_input_split_bytes(net, static_cast<double>(recorded));
    const double series = s.current_traces ? 3.0 : 1.0;
    const double samples = std::ceil(held / static_cast<double>(s.trace_every)) + 1.0;
    return b + 1.5 * series * 8.0 * static_cast<double>(traced) * samples;
}

// run.trials > 1 (analysis/trial_counts.hpp): per neuron and count bin a counter and two sums;
// the per-neuron results of a population gathered on every rank (4 doubles per neuron).
void trial_count_bytes(const config& cfg, double dt, step_type window, std::uint64_t n, double& per_neuron,
                       double& fixed) {
    if (cfg.integer("run.trials") < 2) return;
    const double bin_ms = cfg.real("trials.bin");
    const double bins = bin_ms > 0 ? std::floor(static_cast<double>(window) / std::max(1.0, std::round(bin_ms / dt))) : 1.0;
    per_neuron = 20.0 * bins + 24.0;
    fixed = 32.0 * static_cast<double>(n);
}

// The spikes of one flush interval (the run streams them into its file): this rank's buffer, the
// gathered and the sorted copies of every rank's, the largest population's list of pointers
// (push_back: up to 2 x) and this rank's slice of it (ids and timestamps).
double output_spike_bytes(double local, double all, double largest_population, int ranks) {
    return spike_bytes * (local + 2.0 * all) + 16.0 * largest_population + spike_bytes * largest_population / ranks;
}

// Steps of spikes a run holds: the flush interval, rounded up to whole chunks.
step_type held_steps(const config& cfg, double dt, step_type chunk, step_type steps) {
    const auto flush = std::max<step_type>(1, std::llround(cfg.real("output.flush_interval") / dt));
    return std::min(steps, (flush + chunk - 1) / chunk * chunk);
}

constexpr double assumed_rate_hz = 20.0;  // where no theory predicts the rate

double siegert_rate_hz(const config& cfg, const lif_network_params& lif) {
    if (lif_general_network(cfg)) {  // nu_E and nu_I of the general network, weighted by size
        siegert_fixed_point fp;
        try {
            fp = siegert_solve(lif_siegert_network(lif));
        } catch (const meanfield_error&) {  // a network file beyond the Siegert mapping
            return assumed_rate_hz;
        }
        double spikes = 0.0;
        for (std::size_t a = 0; a < lif.populations.size(); ++a)
            spikes += fp.rate_hz[a] * static_cast<double>(lif.populations[a].size);
        return spikes / static_cast<double>(lif.size());
    }
    const brunel_model_a m = lif_model_a_from_config(cfg);
    auto net = lif_siegert_network(m);
    if (cfg.string("lif.mode") == "feedforward") {  // as lif_run's prediction: phi at nu_in
        const double nu_in = lif_feedforward_rate(cfg);
        net.projections.clear();
        net.inputs.push_back({0, static_cast<double>(m.c_e) * nu_in, m.j});
        net.inputs.push_back({0, static_cast<double>(m.c_i) * nu_in, -m.g * m.j});
        return siegert_scan_fixed_points(net, 1).front().rate_hz.front();
    }
    const auto roots = siegert_scan_fixed_points(net);
    for (const auto& r : roots)
        if (r.stable) return r.rate_hz.front();
    return roots.empty() ? 1e3 / std::max(m.t_ref, m.dt) : roots.front().rate_hz.front();
}

}  // namespace

lif_run_shape lif_run_shape_from_config(const config& cfg, const lif_network_params& net) {
    lif_run_shape s;
    s.steps = net.steps(cfg.real("lif.T"));
    s.window = s.steps - net.steps(cfg.real("lif.warmup"));
    s.fano_bin = std::max<step_type>(1, net.steps(cfg.real("lif_analysis.fano_bin")));
    s.rate_bin = std::max<step_type>(1, net.steps(cfg.real("lif_analysis.rate_bin")));
    s.trace_every = std::max<step_type>(1, net.steps(cfg.real("lif_output.v_trace_dt")));
    s.n_record = static_cast<std::uint64_t>(cfg.integer("lif_analysis.n_record"));
    s.n_pairs = static_cast<std::uint64_t>(cfg.integer("lif_analysis.n_pairs"));
    s.v_traces = static_cast<std::uint64_t>(cfg.integer("lif_output.v_traces"));
    s.current_traces = cfg.boolean("lif_output.current_traces");
    s.held_steps = held_steps(cfg, net.dt, lif_run_chunk, s.steps);
    s.generic_bytes = observer_set::bytes(cfg, net.dt, s.held_steps);
    trial_count_bytes(cfg, net.dt, s.window, net.size(), s.trial_bytes_per_neuron, s.trial_bytes);
    if (cfg.applies("perturbation.kind") && cfg.string("perturbation.kind") != "none") {
        // The run's, a copy's and their symmetric difference's spikes (lif_perturbation), per neuron
        // per Hz; per population and bin two exact sums and two counts (spike_divergence).
        s.perturbation_spikes = 3.0 * spike_bytes * static_cast<double>(s.steps) * net.dt * 1e-3;
        const double bins = std::floor(cfg.real("lif.T") / cfg.real("perturbation.bin"));
        s.perturbation_bytes = static_cast<double>(net.populations.size()) * bins * (2.0 * sizeof(exact_sum) + 16.0);
    }
    if (net.common_model() == neuron_model::delta) {
        s.rate_hz = siegert_rate_hz(cfg, net);
        s.rate_source = lif_general_network(cfg) ? "two-population Siegert prediction, mean over neurons"
                                                 : "Siegert prediction";
    } else {
        s.rate_hz = assumed_rate_hz;
        s.rate_source = "assumed for cuba, coba, adex and mixed networks";
    }
    return s;
}

memory_estimate lif_memory_estimate(const lif_network_params& net, const lif_run_shape& shape,
                                    const partition& part, int rank) {
    memory_estimate e;
    lif_synapses(net, part, rank, e);
    const auto n_local = static_cast<double>(part.count(rank));
    e.state = lif_bytes_per_neuron(net) * n_local;
    e.analysis = lif_observer_bytes(net, shape, part, rank) + shape.generic_bytes +
                 shape.trial_bytes_per_neuron * n_local + shape.trial_bytes +
                 (shape.perturbation_spikes * shape.rate_hz + 32.0) * (shape.perturbation_bytes > 0 ? n_local : 0.0) +
                 shape.perturbation_bytes;
    const double per_neuron = shape.rate_hz * static_cast<double>(shape.held_steps) * net.dt * 1e-3;
    std::uint64_t largest = 0;
    for (const auto& p : net.populations) largest = std::max(largest, p.size);
    e.spikes = output_spike_bytes(per_neuron * n_local, per_neuron * static_cast<double>(net.size()),
                                  per_neuron * static_cast<double>(largest), part.n_ranks());
    e.fixed = spiking_fixed_bytes;
    return e;
}

// ---- SCN -------------------------------------------------------------------------------------

scn_run_shape scn_run_shape_from_config(const config& cfg, const scn_params& p) {
    scn_run_shape s;
    s.steps = p.steps(cfg.real("scn.T"));
    s.sample_every = std::max<step_type>(1, p.steps(cfg.real("scn_output.signal_dt")));
    s.held_steps = held_steps(cfg, p.dt, scn_run_chunk, s.steps);
    s.generic_bytes = observer_set::bytes(cfg, p.dt, s.held_steps);
    const step_type window = s.steps - p.steps(cfg.real("scn.warmup"));
    trial_count_bytes(cfg, p.dt, window, p.n, s.trial_bytes_per_neuron, s.trial_bytes);
    if (s.trial_bytes > 0) s.trial_bytes += 16.0 * p.dim * static_cast<double>(window);  // x^ sums, every rank
    s.currents = cfg.boolean("scn_analysis.currents");
    if (s.currents && cfg.applies("scn_output.current_traces"))
        s.current_traces = static_cast<std::uint64_t>(cfg.integer("scn_output.current_traces"));
    if (p.rule == scn_spike_rule::greedy && p.max_spikes_per_step > 0) {
        s.spikes_per_step = static_cast<double>(p.max_spikes_per_step);
        s.spikes_source = "bound: scn.max_spikes per step";
    } else {
        s.spikes_per_step = 1.0;
        s.spikes_source = "assumed: 1 per step";
    }
    return s;
}

memory_estimate scn_memory_estimate(const scn_params& p, const scn_run_shape& shape,
                                    const partition& part, int rank) {
    memory_estimate e;
    const double jn = 8.0 * static_cast<double>(p.dim) * static_cast<double>(p.n);
    const bool given = p.decoder == scn_decoder_kind::given;
    // The decoder on every rank (given: also in the run's and the engine's parameters); reading a
    // given one holds the file's layout and the column-major copy. Rank 0 gathers it row by row
    // (push_back: up to 2 x) for /network/decoder.
    e.synapses = static_cast<double>(p.dim) * static_cast<double>(p.n);  // the decoder's entries
    e.held = given ? 3.0 * jn : jn;
    e.build = e.held + (given ? jn : 0.0) +
              (p.knockout.kind == scn_knockout_kind::random ? 16.0 * static_cast<double>(p.n) : 0.0);
    if (rank == 0) e.held += 2.0 * jn;
    // Per owned neuron: V, r, T, knock-out flag, three spike_statistics (run, before and after a
    // knock-out), the counts and rates; the E/I current sums when enabled.
    const auto n_local = static_cast<double>(part.count(rank));
    e.state = n_local * (25.0 + 3.0 * 72.0 + 16.0 + (shape.currents ? 88.0 : 0.0));
    // Samples of t, x~ and x^ (1 + 2 J doubles, grown by insert), E and I of the traced neurons.
    const double samples = std::floor(static_cast<double>(shape.steps) / static_cast<double>(shape.sample_every)) + 1;
    const double traced = std::ceil(static_cast<double>(shape.current_traces) / part.n_ranks());
    e.analysis = 1.5 * samples * (8.0 * (1.0 + 2.0 * p.dim) + 16.0 * traced) + shape.generic_bytes +
                 shape.trial_bytes_per_neuron * n_local + shape.trial_bytes;
    const double all = shape.spikes_per_step * static_cast<double>(shape.held_steps);
    const double local = all * n_local / static_cast<double>(std::max<std::uint64_t>(p.n, 1));
    e.spikes = output_spike_bytes(local, all, all, part.n_ranks());
    e.fixed = spiking_fixed_bytes;
    return e;
}

void require_memory(const context& ctx, double bytes_this_rank, const std::string& remedy) {
    const double need = ctx.node_sum(bytes_this_rank);
    const double avail = static_cast<double>(available_memory_bytes());
    // The worst node decides for all ranks, so that every rank throws or none does.
    const double ratio = avail > 0 ? need / avail : 0.0;
    const double worst = ctx.max(ratio);
    if (worst <= 1.0) return;
    const double worst_need = ctx.max(ratio == worst ? need : 0.0);
    const double worst_avail = ctx.max(ratio == worst ? avail : 0.0);
    throw config_error("memory", mib_text(worst_need) + " estimated for the ranks of one node",
                       "at most the " + mib_text(worst_avail) + " available there (MemAvailable); " +
                           remedy + ", or spread the ranks over more nodes "
                           "(run.memory_check = false skips this check)");
}

void require_lif_memory(const config& cfg, const context& ctx) {
    const lif_network_params net = lif_params_from_config(cfg);
    const partition part(net.size(), ctx.size(), ctx.rank());
    require_memory(ctx, lif_memory_estimate(net, lif_run_shape_from_config(cfg, net), part, ctx.rank()).total(),
                   "reduce lif.n_e, lif.n_i, lif.c_e, lif.c_i (cuba, coba: lif.p) or output.flush_interval");
}

void require_scn_memory(const config& cfg, const context& ctx) {
    const scn_params p = scn_params_from_config(cfg);
    const partition part(p.n, ctx.size(), ctx.rank());
    require_memory(ctx, scn_memory_estimate(p, scn_run_shape_from_config(cfg, p), part, ctx.rank()).total(),
                   "reduce scn.N or scn.dim");
}

void require_rate_memory(const config& cfg, const context& ctx) {
    const rate_model m = rate_model::build(rate_params_from_config(cfg));
    require_memory(ctx, rate_peak_bytes(m, partition(m.net.size(), ctx.size(), 0), ctx.rank()),
                   "reduce network.N or network.K, set network.coupling = float or procedural, "
                   "or shorten run.T (or raise output.trace_dt: 8 B per trace sample on every rank)");
}

}  // namespace balnet
