// SPDX-License-Identifier: BSD-3-Clause
#include "lif_observers.hpp"

#include <algorithm>
#include <limits>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>
#include <balnet/run/checkpoint_file.hpp>

#include "lif_output.hpp"

namespace balnet::detail {

namespace {

// The run as the generic observers see it: populations E, I, ...; the analysis window.
run_view lif_run_view(const lif_network_params& net, const partition& part, const statistics_window& w) {
    run_view v;
    for (std::size_t p = 0; p < net.populations.size(); ++p)
        v.populations.push_back({net.populations[p].name, net.offset(p), net.populations[p].size});
    v.owned_begin = part.begin();
    v.owned_end = part.end();
    v.dt_ms = net.dt;
    v.t0 = w.t0;
    v.t1 = w.t1;
    v.seed = net.seed;
    return v;
}

}  // namespace

lif_observers::lif_observers(const config& cfg, lif_engine& eng) : eng_(eng) {
    const auto& net = eng.params();
    const auto& part = eng.part();
    w_.t0 = net.steps(cfg.real("lif.warmup"));
    w_.t1 = net.steps(cfg.real("lif.T"));
    w_.fano_bin = net.steps(cfg.real("lif_analysis.fano_bin"));
    w_.min_isis = static_cast<std::uint64_t>(cfg.integer("lif_analysis.min_isis"));
    rate_bin_ = net.steps(cfg.real("lif_analysis.rate_bin"));
    trace_every_ = net.steps(cfg.real("lif_output.v_trace_dt"));
    for (std::size_t p = 0; p < net.populations.size(); ++p) {
        const gid_type first = net.offset(p), size = net.populations[p].size;
        const gid_type b = std::clamp(part.begin(), first, first + size);
        const gid_type e = std::clamp(part.end(), first, first + size);
        pops_.push_back({net.populations[p].name, first, b, size, e - b, spike_statistics(b, e - b, w_),
                         population_histogram(first, size, w_.t0, w_.t1, rate_bin_),
                         population_spectrum(first, size, w_.t0, w_.t1, net.dt),
                         std::vector<double>(e - b, 0.0)});
    }
    const std::uint64_t n_e = net.populations.front().size;
    generic_ = observer_set::from_config(cfg, lif_run_view(net, part, w_));
    pairs_ = std::make_unique<pair_count_correlation>(
        net.seed, 0, n_e, static_cast<std::uint64_t>(cfg.integer("lif_analysis.n_pairs")), w_.t0,
        w_.t1, w_.fano_bin);
    // Recorded E neurons: gid_k = floor(k N_E / n_rec), evenly spaced, the same for any np.
    n_rec_ = std::min<std::uint64_t>(static_cast<std::uint64_t>(cfg.integer("lif_analysis.n_record")), n_e);
    n_traced_ = static_cast<std::uint64_t>(cfg.integer("lif_output.v_traces"));
    bool first_found = false;
    for (std::uint64_t k = 0; k < n_rec_; ++k) {
        const gid_type g = k * n_e / n_rec_;
        if (g < part.begin() || g >= part.end()) continue;
        if (!first_found) rec_first_k_ = k;
        first_found = true;
        rec_local_.push_back(g - part.begin());
        if (k < n_traced_) ++local_traced_;
    }
    chi_ = std::make_unique<synchrony_accumulator>(rec_local_.size());
    scratch_.resize(rec_local_.size());
    if (n_rec_ == 0) return;
    eng.set_voltage_probe([this](step_type k, std::span<const double> v) { on_voltage(k, v); });
    ei_ = std::make_unique<ei_input_correlation>(rec_local_.size(), w_.t0, cfg.real("lif_analysis.tau_f"), net.dt);
    current_traces_ = cfg.boolean("lif_output.current_traces") && n_traced_ > 0;
    // conductances: g_i increments are >= 0 (the recorded neurons are the first population's)
    i_sign_ = net.populations.front().conductance_synapses() ? 1.0 : -1.0;
    sum_e_.assign(current_traces_ ? local_traced_ : 0, 0.0);
    sum_i_.assign(sum_e_.size(), 0.0);
    input_ = std::make_unique<lif_input_split>(
        eng, rec_local_, [this](step_type k, std::span<const double> e, std::span<const double> i) { on_input(k, e, i); });
}

// V after step k, i.e. at t_{k+1}; samples from the window start on.
void lif_observers::on_voltage(step_type k, std::span<const double> v) {
    if (k < w_.t0 || k >= w_.t1) return;
    for (std::size_t n = 0; n < rec_local_.size(); ++n) scratch_[n] = v[rec_local_[n]];
    chi_->add(scratch_);
    if ((k + 1 - w_.t0) % trace_every_ != 0 || n_traced_ == 0) return;
    traces_.insert(traces_.end(), scratch_.begin(), scratch_.begin() + static_cast<std::ptrdiff_t>(local_traced_));
    ++n_trace_samples_;
}

// Input of step k of the recorded neurons (rec_local_ order; the traced ones first); a current
// sample ends with the V sample of the same step (the input comes once per exchange interval,
// after its V samples, into separate sums).
void lif_observers::on_input(step_type k, std::span<const double> e, std::span<const double> i) {
    ei_->add(k, e, i);
    if (!current_traces_ || k < w_.t0 || k >= w_.t1) return;
    for (std::size_t n = 0; n < sum_e_.size(); ++n) {
        sum_e_[n] += e[n];
        sum_i_[n] += i[n];
    }
    if ((k + 1 - w_.t0) % trace_every_ != 0) return;
    const double interval_ms = static_cast<double>(trace_every_) * eng_.dt();
    for (std::size_t n = 0; n < sum_e_.size(); ++n) {
        traces_e_.push_back(sum_e_[n] / interval_ms);
        const double in_i = sum_i_[n] / interval_ms;
        traces_i_.push_back(i_sign_ > 0.0 ? in_i : 0.0 - in_i);  // 0 - i: no -0 without input
        sum_e_[n] = sum_i_[n] = 0.0;
    }
}

void lif_observers::add_spikes(std::span<const spike> spikes) {
    generic_.add_spikes(spikes);
    pairs_->add(spikes);
    for (auto& p : pops_) {
        p.stats.add(spikes);
        p.hist.add(spikes);
        p.spectrum.add(spikes);
        for (const auto& s : spikes)
            if (s.gid >= p.local_first && s.gid < p.local_first + p.local_n && s.step >= w_.t0 && s.step < w_.t1)
                p.counts[s.gid - p.local_first] += 1.0;
    }
}

namespace {
// 2: current traces; 3: spike-fed state, no replay; 4: the input split's rings (were the engine's)
constexpr double observers_state_version = 5.0;  // 5: trace rows streamed
constexpr const char* where = "lif_observers::restore";
}  // namespace

// Layout: version, number of trace samples, then the blocks traces, chi, rho_EI, the input split
// (empty without recorded neurons), the current
// traces E, I and their partial sums (sum_e ++ sum_i; empty without current traces), the pair
// counts, and per population its statistics, histogram, spectrum and per-neuron counts.
std::vector<double> lif_observers::serialise() const {
    std::vector<double> v{observers_state_version, static_cast<double>(n_trace_samples_),
                          static_cast<double>(trace_rows_written_)};
    put_block(v, traces_);
    put_block(v, chi_->serialise());
    put_block(v, ei_ ? ei_->serialise() : std::vector<double>{});
    put_block(v, input_ ? input_->serialise() : std::vector<double>{});
    put_block(v, traces_e_);
    put_block(v, traces_i_);
    std::vector<double> sums = sum_e_;
    sums.insert(sums.end(), sum_i_.begin(), sum_i_.end());
    put_block(v, sums);
    put_block(v, pairs_->serialise());
    put_block(v, generic_.serialise());
    for (const auto& p : pops_) {
        put_block(v, p.stats.serialise());
        put_block(v, p.hist.serialise());
        put_block(v, p.spectrum.serialise());
        put_block(v, p.counts);
    }
    return v;
}

void lif_observers::restore(std::span<const double> state) {
    if (state.size() < 3 || state[0] != observers_state_version)
        throw internal_error("lif_observers::restore: state of another version");
    n_trace_samples_ = static_cast<std::uint64_t>(state[1]);
    trace_rows_written_ = static_cast<std::uint64_t>(state[2]);
    if (trace_rows_written_ > n_trace_samples_) throw internal_error("lif_observers::restore: more trace rows than samples");
    std::size_t pos = 3;
    const auto traces = take_block(state, pos, where);
    traces_.assign(traces.begin(), traces.end());
    chi_->restore(take_block(state, pos, where));
    const auto ei = take_block(state, pos, where);
    if (ei_) ei_->restore(ei);
    else if (!ei.empty()) throw internal_error("lif_observers::restore: rho_EI state without recorded neurons");
    const auto input = take_block(state, pos, where);
    if (input_) input_->restore(input);
    else if (!input.empty()) throw internal_error("lif_observers::restore: input split without recorded neurons");
    const auto te = take_block(state, pos, where), ti = take_block(state, pos, where);
    const auto sums = take_block(state, pos, sum_e_.size() + sum_i_.size(), where);
    if (te.size() != ti.size()) throw internal_error("lif_observers::restore: current traces of another shape");
    traces_e_.assign(te.begin(), te.end());
    traces_i_.assign(ti.begin(), ti.end());
    std::copy(sums.begin(), sums.begin() + static_cast<std::ptrdiff_t>(sum_e_.size()), sum_e_.begin());
    std::copy(sums.begin() + static_cast<std::ptrdiff_t>(sum_e_.size()), sums.end(), sum_i_.begin());
    pairs_->restore(take_block(state, pos, where));
    generic_.restore(take_block(state, pos, where));
    for (auto& p : pops_) {
        p.stats.restore(take_block(state, pos, where));
        p.hist.restore(take_block(state, pos, where));
        p.spectrum.restore(take_block(state, pos, where));
        const auto counts = take_block(state, pos, p.counts.size(), where);
        std::copy(counts.begin(), counts.end(), p.counts.begin());
    }
    if (pos != state.size()) throw internal_error("lif_observers::restore: state of another shape");
}

namespace {

constexpr auto shared = state_field::scope::shared;
constexpr std::size_t stats_per_neuron = 9;  // spike_statistics::serialise(): [length, 9 per neuron]
constexpr std::size_t ei_per_neuron = 11;    // ei_input_correlation::serialise(): [n, samples, 11 per neuron, ...]

std::span<const double> part(std::span<const double> v, std::size_t from, std::size_t n) {
    if (from > v.size() || n > v.size() - from) throw internal_error("lif_observers: state of another shape");
    return v.subspan(from, n);
}

std::vector<double> joined(std::initializer_list<std::span<const double>> parts) {
    std::vector<double> v;
    for (const auto p : parts) v.insert(v.end(), p.begin(), p.end());
    return v;
}

// A state whose last block (length-prefixed) holds whole-number counts not yet reduced over
// ranks (population_histogram: 6 values first; population_spectrum: 2 values and a block): the
// head shared, the counts summed.
void add_pending_state(named_state& s, const std::string& name, std::span<const double> state, std::size_t head) {
    std::size_t pos = head;
    const auto pending = take_block(state, pos, "lif_observers");
    s.add_reals(name, state.first(head), shared);
    s.add_reals(name + "_pending", pending, state_field::scope::summed);
}

std::vector<double> pending_state(const named_state& s, const std::string& name) {
    std::vector<double> v = s.reals(name);
    put_block(v, s.reals(name + "_pending"));
    return v;
}

}  // namespace

named_state lif_observers::checkpoint_state() const {
    if (!traces_.empty() || !traces_e_.empty() || !traces_i_.empty())
        throw internal_error("lif_observers::checkpoint_state: trace rows not yet synced");
    named_state s;
    s.add_counts("head", std::vector<std::uint64_t>{n_trace_samples_, trace_rows_written_},
                 std::numeric_limits<std::uint64_t>::max(), shared);
    const std::size_t n = rec_local_.size();
    const std::uint64_t rec0 = std::min<std::uint64_t>(rec_first_k_, n_rec_);
    // chi: [n, samples, shift (n), sum (n), sq (n), moments and sample sums (reduced: shared)]
    const auto chi = chi_->serialise();
    const auto c = std::span<const double>(chi);
    std::vector<double> per(3 * n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < 3; ++k) per[3 * i + k] = c[2 + k * n + i];
    s.add_reals("chi_head", joined({part(c, 1, 1), part(c, 2 + 3 * n, c.size() - 2 - 3 * n)}), shared);
    s.add_item_reals("chi", per, rec0, n_rec_, 3);
    if (ei_) {  // [n, samples, 11 per neuron, the population moments and sums (reduced: shared)]
        const auto ei = ei_->serialise();
        const auto e = std::span<const double>(ei);
        s.add_reals("ei_head", joined({part(e, 1, 1), part(e, 2 + ei_per_neuron * n, e.size() - 2 - ei_per_neuron * n)}),
                    shared);
        s.add_item_reals("ei", part(e, 2, ei_per_neuron * n), rec0, n_rec_, ei_per_neuron);
        // the input split: [next, n, slots, rows of the E ring, rows of the I ring]: by neuron
        const auto in = input_->serialise();
        const auto slots = static_cast<std::size_t>(in.at(2));
        const auto rings = part(in, 3, 2 * slots * n);
        const auto pos = transposed(rings.first(slots * n), slots, n, "lif_observers input split");
        const auto neg = transposed(rings.subspan(slots * n), slots, n, "lif_observers input split");
        std::vector<double> both;
        for (std::size_t i = 0; i < n; ++i) {
            both.insert(both.end(), pos.begin() + static_cast<std::ptrdiff_t>(i * slots), pos.begin() + static_cast<std::ptrdiff_t>((i + 1) * slots));
            both.insert(both.end(), neg.begin() + static_cast<std::ptrdiff_t>(i * slots), neg.begin() + static_cast<std::ptrdiff_t>((i + 1) * slots));
        }
        s.add_reals("input_head", part(in, 0, 1), shared);
        s.add_item_reals("input", both, rec0, n_rec_, 2 * slots);
    }
    if (current_traces_) {
        const std::uint64_t traced = std::min(n_traced_, n_rec_);
        std::vector<double> sums;
        for (std::size_t i = 0; i < sum_e_.size(); ++i) sums.insert(sums.end(), {sum_e_[i], sum_i_[i]});
        s.add_item_reals("trace_sums", sums, std::min(rec0, traced), traced, 2);
    }
    s.append(pairs_->checkpoint_state(), "pairs.");
    generic_.checkpoint_state(s);
    for (const auto& p : pops_) {
        const std::uint64_t first = p.local_first - p.first;
        const auto st = p.stats.serialise();
        s.add_item_reals(p.name + ".stats", part(st, 1, st.size() - 1), first, p.size, stats_per_neuron);
        s.add_item_reals(p.name + ".counts", p.counts, first, p.size);
        add_pending_state(s, p.name + ".hist", p.hist.serialise(), 6);
        const auto sp = p.spectrum.serialise();
        add_pending_state(s, p.name + ".spectrum", sp, 3 + static_cast<std::size_t>(sp.at(2)));
    }
    return s;
}

void lif_observers::restore(const named_state& s) {
    const auto& head = s.counts("head");
    if (head.size() != 2 || head[1] != head[0]) throw internal_error("lif_observers::restore: state of another shape");
    n_trace_samples_ = head[0];
    trace_rows_written_ = head[1];
    traces_.clear();
    traces_e_.clear();
    traces_i_.clear();
    const std::size_t n = rec_local_.size();
    const auto& ch = s.reals("chi_head");
    const auto& per = s.reals("chi");
    if (ch.empty() || per.size() != 3 * n) throw internal_error("lif_observers::restore: chi of another shape");
    std::vector<double> chi{static_cast<double>(n), ch.front()};
    for (std::size_t k = 0; k < 3; ++k)
        for (std::size_t i = 0; i < n; ++i) chi.push_back(per[3 * i + k]);
    chi.insert(chi.end(), ch.begin() + 1, ch.end());
    chi_->restore(chi);
    if (ei_) {
        const auto& eh = s.reals("ei_head");
        if (eh.empty()) throw internal_error("lif_observers::restore: rho_EI of another shape");
        std::vector<double> ei{static_cast<double>(n), eh.front()};
        ei.insert(ei.end(), s.reals("ei").begin(), s.reals("ei").end());
        ei.insert(ei.end(), eh.begin() + 1, eh.end());
        ei_->restore(ei);
        const auto& both = s.reals("input");
        const std::size_t slots = n > 0 ? both.size() / (2 * n) : 0;
        std::vector<double> pos, neg;
        for (std::size_t i = 0; i < n; ++i) {
            const auto b = both.begin() + static_cast<std::ptrdiff_t>(2 * slots * i);
            pos.insert(pos.end(), b, b + static_cast<std::ptrdiff_t>(slots));
            neg.insert(neg.end(), b + static_cast<std::ptrdiff_t>(slots), b + static_cast<std::ptrdiff_t>(2 * slots));
        }
        const auto fresh = input_->serialise();  // for the ring's slot count of an empty rank
        const std::size_t ring_slots = static_cast<std::size_t>(fresh.at(2));
        if (n > 0 && slots != ring_slots) throw internal_error("lif_observers::restore: input split of another shape");
        std::vector<double> in{s.reals("input_head").at(0), static_cast<double>(n), static_cast<double>(ring_slots)};
        const auto tp = transposed(pos, n, ring_slots, "lif_observers input split");
        const auto tn = transposed(neg, n, ring_slots, "lif_observers input split");
        in.insert(in.end(), tp.begin(), tp.end());
        in.insert(in.end(), tn.begin(), tn.end());
        input_->restore(in);
    }
    if (current_traces_) {
        const auto& sums = s.reals("trace_sums");
        if (sums.size() != 2 * sum_e_.size()) throw internal_error("lif_observers::restore: trace sums of another shape");
        for (std::size_t i = 0; i < sum_e_.size(); ++i) {
            sum_e_[i] = sums[2 * i];
            sum_i_[i] = sums[2 * i + 1];
        }
    }
    pairs_->restore(s.part(pairs_->checkpoint_state(), "pairs."));
    generic_.restore(s);
    for (auto& p : pops_) {
        p.stats.restore(joined({std::vector<double>{static_cast<double>(s.reals(p.name + ".stats").size())},
                                s.reals(p.name + ".stats")}));
        const auto& counts = s.reals(p.name + ".counts");
        if (counts.size() != p.counts.size()) throw internal_error("lif_observers::restore: counts of another shape");
        std::copy(counts.begin(), counts.end(), p.counts.begin());
        p.hist.restore(pending_state(s, p.name + ".hist"));
        p.spectrum.restore(pending_state(s, p.name + ".spectrum"));
    }
}

std::vector<std::string> lif_observers::streamed_paths() const {
    std::vector<std::string> paths;
    for (const auto& p : pops_) paths.push_back(lif_histogram_stream_path(p.name));
    for (const auto& [path, units] : trace_sets()) paths.push_back(path);
    return paths;
}

std::vector<std::pair<std::string, std::string>> lif_observers::trace_sets() const {
    if (n_traced_ == 0 || n_rec_ == 0) return {};
    std::vector<std::pair<std::string, std::string>> sets{{"/state/E/V", "mV"}};
    if (current_traces_) {
        const std::string units = lif_input_units(eng_.params());
        sets.emplace_back("/state/E/i_e", units);
        sets.emplace_back("/state/E/i_i", units);
    }
    return sets;
}

// Collective: the [sample, neuron] trace datasets of the whole window, made at the start (a
// resumed run reopens them: rows past its checkpoint are written again, with the same bits).
void lif_observers::open_traces(h5_file& f) {
    const std::uint64_t traced = std::min(n_traced_, n_rec_);
    const auto samples = static_cast<std::uint64_t>((w_.t1 - w_.t0) / trace_every_);
    for (const auto& [path, units] : trace_sets())
        trace_sets_.push_back(f.exists(path) ? f.open_2d<double>(path)
                                             : f.create_2d<double>(path, samples, traced, units,
                                                                   std::max<std::uint64_t>(1, std::min<std::uint64_t>(samples, 1024))));
}

// Collective: the samples since the last sync into their rows; the buffers are emptied (memory
// holds one flush interval of samples). Every step's current sample is complete at a chunk end.
void lif_observers::flush_traces() {
    if (trace_sets_.empty() || n_trace_samples_ == trace_rows_written_) return;  // the same on every rank
    const std::uint64_t rows = local_traced_ > 0 ? n_trace_samples_ - trace_rows_written_ : 0;
    const std::uint64_t col0 = local_traced_ > 0 ? rec_first_k_ : 0;
    std::vector<double>* buffers[3] = {&traces_, &traces_e_, &traces_i_};
    for (std::size_t s = 0; s < trace_sets_.size(); ++s) {
        if (buffers[s]->size() != rows * local_traced_) throw internal_error("lif_observers: a trace sample is missing");
        trace_sets_[s].write_block(trace_rows_written_, rows, col0, local_traced_, *buffers[s]);
        buffers[s]->clear();
    }
    trace_rows_written_ = n_trace_samples_;
}

void lif_observers::stream_to(h5_file& f, const std::string& checkpoint, const context& ctx) {
    out_ = &f;
    open_traces(f);
    std::vector<std::uint64_t> held;
    for (const auto& p : pops_) held.push_back(f.array_length(lif_histogram_stream_path(p.name)));  // collective
    restore_collectively(checkpoint, ctx, [&] {  // a fresh run has synced nothing: always passes
        for (std::size_t k = 0; k < pops_.size(); ++k)
            if (held[k] < pops_[k].hist.bins_synced())
                throw checkpoint_damage("it counted " + std::to_string(pops_[k].hist.bins_synced()) + " bins of " +
                                        lif_histogram_stream_path(pops_[k].name) + ", the output file " + f.path() +
                                        " holds only " + std::to_string(held[k]));
    });
    for (const auto& p : pops_) {
        const std::string path = lif_histogram_stream_path(p.name);
        f.truncate_array(path, p.hist.bins_synced());
        f.append_array(path, {}, "Hz");  // creates it in a new file
    }
}

// The bins ended by `now`, summed over ranks, appended to the file as rates (rank 0's block).
void lif_observers::sync_histogram(const context& ctx, pop& p, step_type now) {
    const auto counts = p.hist.sync(ctx, now);
    if (counts.empty() || !out_) return;  // the same on every rank
    const auto rates = ctx.rank() == 0 ? p.hist.rates_hz(counts, eng_.dt()) : std::vector<double>{};
    out_->append_array(lif_histogram_stream_path(p.name), rates, "Hz");
}

void lif_observers::sync(const context& ctx, step_type now) {
    generic_.sync(ctx, now);
    flush_traces();
    for (auto& p : pops_) sync_histogram(ctx, p, now);
    pairs_->sync(ctx, now);
    for (auto& p : pops_) p.spectrum.sync(ctx, now);
    chi_->sync(ctx);
    if (ei_) ei_->sync(ctx);  // ei_ exists on every rank or on none (n_rec_ is global)
}

lif_run_result lif_observers::finish(const context& ctx) {
    lif_run_result r;
    r.window = w_;
    r.rate_bin = rate_bin_;
    const double window_s = static_cast<double>(w_.t1 - w_.t0) * eng_.dt() * 1e-3;
    for (auto& p : pops_) {
        lif_population_result pr;
        pr.name = p.name;
        pr.summary = p.stats.summary(ctx);
        sync_histogram(ctx, p, w_.t1);  // the run's last flush has synced every bin already
        pr.population_fano = p.hist.fano();
        p.spectrum.sync(ctx, w_.t1);
        pr.spectrum_power = p.spectrum.synced_power();
        pr.spectrum = p.spectrum.peak(pr.spectrum_power);
        pr.spectrum.n_segments = p.spectrum.segments_synced();
        pr.spectrum_df_hz = p.spectrum.frequency_hz(1);
        pr.spectrum_bin_ms = p.spectrum.bin_ms();
        for (const double c : p.counts) pr.local_rates.push_back(c / window_s);
        pr.local_offset = p.local_first - p.first;
        pr.size = p.size;
        r.populations.push_back(std::move(pr));
    }
    pairs_->sync(ctx, w_.t1);
    r.pairs = pairs_->result();
    r.n_recorded = n_rec_;
    r.chi = n_rec_ > 0 ? chi_->chi(ctx) : std::numeric_limits<double>::quiet_NaN();
    if (ei_) r.ei = ei_->result(ctx);
    return r;
}

void lif_observers::write_traces(h5_file& f, const context& ctx) {
    if (n_traced_ == 0 || n_rec_ == 0) return;
    const std::uint64_t traced = std::min(n_traced_, n_rec_);
    flush_traces();  // the run's last flush has written every row already
    close_traces();
    if (current_traces_) {
        const std::string q = lif_input_quantity(eng_.params()) + "; the mean over each sampling interval ending at /state/E/time";
        f.write_attribute("/state/E/i_e", "quantity", "the E part of the " + q);
        f.write_attribute("/state/E/i_i", "quantity", std::string("the I part, signed as the model adds it (") +
                                                          (eng_.params().populations.front().conductance_synapses() ? ">= 0, a conductance" : "<= 0") +
                                                          "), of the " + q);
    }
    std::vector<double> t;
    std::vector<std::uint64_t> gids;
    for (std::uint64_t s = 0; s < n_trace_samples_; ++s)
        t.push_back(static_cast<double>(w_.t0 + static_cast<step_type>((s + 1)) * trace_every_) * eng_.dt());
    const std::uint64_t n_e = eng_.params().populations.front().size;
    for (std::uint64_t k = 0; k < traced; ++k) gids.push_back(k * n_e / n_rec_);
    f.write_array("/state/E/time", std::span<const double>(t), "ms");
    f.write_array("/state/E/node_ids", std::span<const std::uint64_t>(gids), "");
    (void)ctx;
}

}  // namespace balnet::detail
