// SPDX-License-Identifier: BSD-3-Clause
#include "scn_output.hpp"
#include <balnet/run/provenance.hpp>
#include "summary_words.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <balnet/core/error.hpp>
#include <balnet/core/state_blocks.hpp>

namespace balnet::detail {
namespace {

step_type ms_steps(const config& c, const std::string& key, double dt) {
    return static_cast<step_type>(std::llround(c.real(key) / dt));
}

// fano_bin: scn_analysis.fano_bin in steps, cut to the window when it is longer.
statistics_window window_of(step_type t0, step_type t1, std::uint64_t min_isis, step_type fano_bin) {
    statistics_window w;
    w.t0 = t0;
    w.t1 = t1;
    w.fano_bin = std::max<step_type>(1, std::min<step_type>(fano_bin, t1 - t0));
    w.min_isis = min_isis;
    return w;
}

}  // namespace

scn_observers::scn_observers(const config& c, const scn_engine& eng)
    : window(window_of(ms_steps(c, "scn.warmup", eng.dt()), ms_steps(c, "scn.T", eng.dt()),
                       static_cast<std::uint64_t>(c.integer("scn_analysis.min_isis")),
                       ms_steps(c, "scn_analysis.fano_bin", eng.dt()))),
      stats(eng.part().begin(), eng.part().local_size(), window), error(window.t0, window.t1),
      pre(window.t0, std::max(window.t0, eng.knockout_step())),
      post(eng.knockout_step() + (eng.knockout_step() >= 0 ? ms_steps(c, "scn_knockout.skip", eng.dt()) : 0), window.t1),
      sample_every(ms_steps(c, "scn_output.signal_dt", eng.dt())), first_(eng.part().begin()),
      n_neurons_(eng.part().global_size()),
      ko_pre_(eng.part().begin(), eng.part().local_size(), window_of(pre.t0(), std::max(pre.t1(), pre.t0() + 1), 1, window.fano_bin)),
      ko_post_(eng.part().begin(), eng.part().local_size(), window_of(post.t0(), std::max(post.t1(), post.t0() + 1), 1, window.fano_bin)) {
    if (c.boolean("scn_analysis.currents")) currents.emplace(eng, window.t0, window.t1);
    const auto n_traced = static_cast<std::uint64_t>(c.integer("scn_output.current_traces"));
    const auto& part = eng.part();
    for (std::uint64_t q = 0; q < n_traced; ++q) {
        const gid_type g = q * part.global_size() / n_traced;
        if (part.owns(g)) {
            if (traced_local.empty()) traced_col0 = q;
            traced_local.push_back(g - part.begin());
        }
        traced.push_back(g);
    }
    if (!currents) {
        traced_local.clear();
        traced.clear();
    }
    counts.assign(part.local_size(), 0.0);
    run_view v;
    v.populations.push_back({"scn", 0, part.global_size()});
    v.owned_begin = part.begin();
    v.owned_end = part.end();
    v.dt_ms = eng.dt();
    v.t0 = window.t0;
    v.t1 = window.t1;
    v.seed = eng.params().seed;
    generic = observer_set::from_config(c, v);
    sample(eng);  // the initial state, k = 0
}

void scn_observers::sample(const scn_engine& eng) {
    t.push_back(static_cast<double>(eng.now()) * eng.dt());
    x.insert(x.end(), eng.target().begin(), eng.target().end());
    xhat.insert(xhat.end(), eng.readout().begin(), eng.readout().end());
    if (!currents) return;
    for (std::size_t k : traced_local) {
        trace_e.push_back(currents->e()[k]);
        trace_i.push_back(currents->i()[k]);
    }
}

void scn_observers::add_step(const scn_engine& eng) {
    const step_type k = eng.now();
    error.add(k, eng.target(), eng.readout());
    pre.add(k, eng.target(), eng.readout());
    post.add(k, eng.target(), eng.readout());
    if (currents) currents->add(eng);
    if (k % sample_every == 0) sample(eng);
}

void scn_observers::add_spikes(std::span<const spike> local) {
    generic.add_spikes(local);
    stats.add(local);
    ko_pre_.add(local);
    ko_post_.add(local);
    for (const auto& s : local)
        if (s.step >= window.t0 && s.step < window.t1) counts[s.gid - first_] += 1.0;
}

namespace {

constexpr std::size_t stats_per_neuron = 9;  // spike_statistics::serialise(): [length, 9 per neuron]
constexpr std::size_t currents_per_neuron = 11;  // scn_ei_currents::serialise(): [samples, 11 per neuron]


std::span<const double> after(std::span<const double> v, std::size_t n) {
    if (v.size() < n) throw internal_error("scn_observers: state of another shape");
    return v.subspan(n);
}

// serialise() of spike_statistics with its length prefix, for restore().
std::vector<double> with_length(std::span<const double> rows) {
    std::vector<double> v;
    put_block(v, rows);
    return v;
}

}  // namespace

// Everything by neuron id (the per-neuron accumulators and counts: items of the N neurons; the
// traces: items of the traced neurons, one value per sample) or shared (read-out errors, sampled
// signal, the sample count of the currents, the generic observers' sums; their unsynced counts
// summed), so any rank count resumes it.
named_state scn_observers::checkpoint_state() const {
    constexpr auto shared = state_field::scope::shared;
    const std::uint64_t first = first_, n = n_neurons_;
    named_state s;
    s.add_reals("error", error.serialise(), shared);
    s.add_reals("pre", pre.serialise(), shared);
    s.add_reals("post", post.serialise(), shared);
    s.add_reals("t", t, shared);
    s.add_reals("x", x, shared);
    s.add_reals("xhat", xhat, shared);
    if (currents) {
        const auto c = currents->serialise();
        s.add_reals("currents_samples", std::span<const double>(c).first(1), shared);
        s.add_item_reals("currents", after(c, 1), first, n, currents_per_neuron);
        const std::size_t rows = t.size(), cols = traced_local.size();
        s.add_item_rows("trace_e", transposed(trace_e, rows, cols, "scn_observers traces"), traced_col0, traced.size(), rows);
        s.add_item_rows("trace_i", transposed(trace_i, rows, cols, "scn_observers traces"), traced_col0, traced.size(), rows);
    }
    const std::pair<const char*, const spike_statistics*> stats_of[] = {
        {"stats", &stats}, {"ko_pre", &ko_pre_}, {"ko_post", &ko_post_}};
    for (const auto& [name, st] : stats_of)
        s.add_item_reals(name, after(st->serialise(), 1), first, n, stats_per_neuron);
    s.add_item_reals("counts", counts, first, n);
    generic.checkpoint_state(s);
    return s;
}

void scn_observers::restore(const named_state& s) {
    error.restore(s.reals("error"));
    pre.restore(s.reals("pre"));
    post.restore(s.reals("post"));
    const std::size_t dim = x.size() / t.size();  // a fresh object holds the initial sample
    const auto &st = s.reals("t"), &sx = s.reals("x"), &sxhat = s.reals("xhat");
    if (sx.size() != st.size() * dim || sxhat.size() != sx.size())
        throw internal_error("scn_observers::restore: sampled rows of another shape");
    t = st;
    x = sx;
    xhat = sxhat;
    if (currents) {
        std::vector<double> c = s.reals("currents_samples");
        c.insert(c.end(), s.reals("currents").begin(), s.reals("currents").end());
        currents->restore(c);
        const std::size_t rows = t.size(), cols = traced_local.size();
        trace_e = transposed(s.reals("trace_e"), cols, rows, "scn_observers traces");
        trace_i = transposed(s.reals("trace_i"), cols, rows, "scn_observers traces");
    }
    const std::pair<const char*, spike_statistics*> stats_of[] = {
        {"stats", &stats}, {"ko_pre", &ko_pre_}, {"ko_post", &ko_post_}};
    for (const auto& [name, stat] : stats_of) stat->restore(with_length(s.reals(name)));
    const auto& c = s.reals("counts");
    if (c.size() != counts.size()) throw internal_error("scn_observers::restore: counts of another shape");
    std::copy(c.begin(), c.end(), counts.begin());
    generic.restore(s);
}

scn_observers::result scn_observers::finish(const scn_engine& eng, const context& ctx) const {
    result r;
    r.spikes = stats.summary(ctx);
    if (currents) r.ei = currents->result(ctx);
    if (eng.knockout_step() >= 0) {
        const auto a = ko_pre_.summary(ctx), b = ko_post_.summary(ctx);
        const double s_pre = static_cast<double>(pre.t1() - pre.t0()) * eng.dt() * 1e-3;
        const double s_post = static_cast<double>(post.t1() - post.t0()) * eng.dt() * 1e-3;
        const double alive = static_cast<double>(eng.params().n - eng.n_knocked_out());
        r.ko_rate_pre = static_cast<double>(a.n_spikes) / (static_cast<double>(eng.params().n) * s_pre);
        r.ko_rate_post = alive > 0 ? static_cast<double>(b.n_spikes) / (alive * s_post) : 0.0;
    }
    return r;
}

void write_scn_provenance(h5_file& f, const config& cfg, const scn_engine& eng, const context& ctx,
                          const std::string& cl) {
    const auto& p = eng.params();
    write_provenance(f, ctx, "scn", cl);
    f.write_attribute("/", "dt", p.dt);
    f.write_attribute("/", "time_units", std::string("ms"));
    f.write_attribute("/", "seed", cfg.integer("run.seed"));
    f.write_attribute("/config", "ini", cfg.resolved_ini());
    for (const auto& [k, v] : cfg.items()) f.write_attribute("/config", k, v);
    f.write_attribute("/network", "population_names", std::vector<std::string>{"scn"});
    f.write_attribute("/network", "population_sizes", std::span<const double>(std::vector<double>{static_cast<double>(p.n)}));
    f.write_attribute("/network", "dim", static_cast<std::int64_t>(p.dim));
    f.write_attribute("/network", "decoder_kind", cfg.string("scn.decoder"));
    const auto dyn = p.dynamics();
    f.write_attribute("/network", "A", std::span<const double>(dyn));
    // /network/decoder [J, N], as the decoder file format: rank 0 writes the whole matrix.
    auto ds = f.create_2d<double>("/network/decoder", p.dim, p.n, "1", p.dim);
    std::vector<double> rows;
    if (ctx.rank() == 0)
        for (std::uint32_t m = 0; m < p.dim; ++m)
            for (gid_type i = 0; i < p.n; ++i) rows.push_back(eng.decoder()[i * p.dim + m]);
    ds.write_block(0, ctx.rank() == 0 ? p.dim : 0, 0, ctx.rank() == 0 ? p.n : 0, rows);
    ds.close();
}

void write_scn_signal(h5_file& f, const scn_engine& eng, const scn_observers& obs) {
    const std::uint32_t J = eng.params().dim;
    const auto n = static_cast<std::uint64_t>(obs.t.size());
    f.write_array("/signal/time", std::span<const double>(obs.t), "ms");
    f.write_attribute("/signal", "description", std::string("x: the target x~ as the network integrates it "
                                                            "(docs/models.md 2.4.2); xhat: the read-out D r; rows = /signal/time"));
    const bool root = eng.part().rank() == 0;
    for (const auto& [name, values] : {std::pair{"/signal/x", &obs.x}, std::pair{"/signal/xhat", &obs.xhat}}) {
        auto ds = f.create_2d<double>(name, n, J, "1", std::min<std::uint64_t>(n, 4096));
        ds.write_block(0, root ? n : 0, 0, root ? J : 0,
                       root ? std::span<const double>(*values) : std::span<const double>());
        ds.close();
    }
    if (obs.traced.empty()) return;
    const auto cols = static_cast<std::uint64_t>(obs.traced.size());
    const auto local = static_cast<std::uint64_t>(obs.traced_local.size());
    f.write_array("/state/currents/gids", std::span<const std::uint64_t>(obs.traced), "");
    f.write_attribute("/state/currents", "description",
                      std::string("E and I input currents (docs/models.md 2.5.9) of the neurons in gids; rows = /signal/time"));
    for (const auto& [name, values] : {std::pair{"/state/currents/E", &obs.trace_e}, std::pair{"/state/currents/I", &obs.trace_i}}) {
        auto ds = f.create_2d<double>(name, n, cols, "1", std::min<std::uint64_t>(n, 4096));
        ds.write_block(0, local ? n : 0, obs.traced_col0, local, *values);
        ds.close();
    }
}

void write_scn_analysis(h5_file& f, const scn_engine& eng, const scn_observers& obs,
                        const scn_observers::result& r) {
    const double dt = eng.dt();
    const auto& w = obs.window;
    const auto& s = r.spikes;
    f.write_attribute("/analysis", "window_ms", std::span<const double>(std::vector<double>{
                                                    static_cast<double>(w.t0) * dt, static_cast<double>(w.t1) * dt}));
    f.write_scalar("/analysis/rate", s.rate_hz(w, dt), "Hz");
    f.write_scalar("/analysis/rate_sd", s.rate_sd_hz(w, dt), "Hz");
    f.write_scalar("/analysis/silent_fraction", static_cast<double>(s.n_silent) / static_cast<double>(s.n_neurons), "1");
    f.write_scalar("/analysis/cv", s.mean_cv(), "1");
    f.write_scalar("/analysis/n_cv", static_cast<std::uint64_t>(s.n_cv), "1");
    f.write_attribute("/analysis", "fano_bin_ms", static_cast<double>(w.fano_bin) * dt);
    f.write_scalar("/analysis/fano_time", s.mean_fano(), "1");  // across time bins of one trial (5.3)
    f.write_scalar("/analysis/n_spikes", static_cast<std::uint64_t>(s.n_spikes), "1");
    f.write_scalar("/analysis/nrmse", obs.error.nrmse(), "1");
    f.write_scalar("/analysis/rmse", obs.error.rmse(), "1");
    const double window_s = static_cast<double>(w.t1 - w.t0) * dt * 1e-3;
    std::vector<double> rates;
    for (double c : obs.counts) rates.push_back(c / window_s);
    f.write_distributed("/analysis/neuron_rates", std::span<const double>(rates), eng.part().begin(),
                        eng.params().n, "Hz");
    if (obs.currents) {
        f.write_scalar("/analysis/rho_ei", r.ei.rho, "1");
        f.write_scalar("/analysis/n_rho_ei", static_cast<std::uint64_t>(r.ei.n_rho), "1");
        f.write_scalar("/analysis/balance_index", r.ei.balance, "1");
        f.write_scalar("/analysis/mean_e_current", r.ei.mean_e, "1");
        f.write_scalar("/analysis/mean_i_current", r.ei.mean_i, "1");
        const auto me = obs.currents->mean_e(), mi = obs.currents->mean_i(), rho = obs.currents->correlation();
        f.write_distributed("/analysis/neuron_mean_e", std::span<const double>(me), eng.part().begin(), eng.params().n, "1");
        f.write_distributed("/analysis/neuron_mean_i", std::span<const double>(mi), eng.part().begin(), eng.params().n, "1");
        f.write_distributed("/analysis/neuron_rho_ei", std::span<const double>(rho), eng.part().begin(), eng.params().n, "1");
    }
    if (eng.knockout_step() < 0) return;
    f.write_scalar("/analysis/ko_time", static_cast<double>(eng.knockout_step()) * dt, "ms");
    f.write_scalar("/analysis/ko_n_removed", static_cast<std::uint64_t>(eng.n_knocked_out()), "1");
    std::vector<std::uint64_t> gids;
    for (gid_type g = 0; g < eng.params().n; ++g)
        if (eng.knocked_out(g)) gids.push_back(g);
    f.write_array("/analysis/ko_gids", std::span<const std::uint64_t>(gids), "");
    f.write_scalar("/analysis/ko_nrmse_pre", obs.pre.nrmse(), "1");
    f.write_scalar("/analysis/ko_nrmse_post", obs.post.nrmse(), "1");
    f.write_scalar("/analysis/ko_rmse_pre", obs.pre.rmse(), "1");
    f.write_scalar("/analysis/ko_rmse_post", obs.post.rmse(), "1");
    f.write_scalar("/analysis/ko_rmse_ratio", obs.post.rmse() / obs.pre.rmse(), "1");
    f.write_scalar("/analysis/ko_rate_pre", r.ko_rate_pre, "Hz");
    f.write_scalar("/analysis/ko_rate_post_survivors", r.ko_rate_post, "Hz");
    f.write_attribute("/analysis", "ko_windows_ms", std::span<const double>(std::vector<double>{
        static_cast<double>(obs.pre.t0()) * dt, static_cast<double>(obs.pre.t1()) * dt,
        static_cast<double>(obs.post.t0()) * dt, static_cast<double>(obs.post.t1()) * dt}));
}

std::string scn_summary_text(const std::string& path, const scn_engine& eng, const scn_observers& obs,
                             const scn_observers::result& r, int ranks, double wall_s) {
    std::ostringstream o;
    o.precision(4);
    o << "balnet run (scn): " << path << " (" << ranks_text(ranks) << ", " << wall_s << " s wall)\n";
    o << "  N " << eng.params().n << ", J " << eng.params().dim << ": rate " << r.spikes.rate_hz(obs.window, eng.dt())
      << " Hz, CV " << cv_text(r.spikes.mean_cv(), obs.window.min_isis) << ", NRMSE " << obs.error.nrmse();
    if (obs.currents) o << ", rho_EI " << r.ei.rho;
    o << "\n";
    if (eng.knockout_step() >= 0)
        o << "  knock-out of " << eng.n_knocked_out() << " neurons: NRMSE " << obs.pre.nrmse() << " -> "
          << obs.post.nrmse() << ", rate " << r.ko_rate_pre << " -> " << r.ko_rate_post << " Hz (survivors)\n";
    return o.str();
}

}  // namespace balnet::detail
