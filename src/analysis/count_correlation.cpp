// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/count_correlation.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

pair_count_correlation count_correlation::counts_of(const run_view& view, std::uint64_t pairs, step_type window) {
    if (view.populations.empty() || view.populations.front().size < 2 || window < 1 || pairs < 1)
        throw internal_error("count_correlation: >= 2 neurons, window >= 1, pairs >= 1, bins >= 1");
    const auto& pop = view.populations.front();
    // Substream 2: not the pairs of the E pair correlation (item 5.4, substream 1).
    return pair_count_correlation(view.seed, pop.first, pop.size, pairs, view.t0, std::max(view.t0, view.t1),
                                  window, 2);
}

count_correlation::count_correlation(const run_view& view, std::uint64_t pairs, step_type window,
                                     std::uint64_t bins)
    : view_(view), window_(window), bins_(bins), counts_(counts_of(view, pairs, window)) {
    if (bins < 1) throw internal_error("count_correlation: >= 2 neurons, window >= 1, pairs >= 1, bins >= 1");
}

namespace {

void add_keys(config_schema& schema) {
    const key_condition spiking{"run.model", {"lif", "scn"}};
    key_spec pairs{"count_correlation.pairs", value_kind::integer, "1000", "1", range_bound{0, true},
                   range_bound{1e7, true}, {},
                   "neuron pairs of the first population (lif: E, scn: all) sampled for the distribution of "
                   "spike-count correlation coefficients (docs/models.md 2.5 item 5.12); 0 = off",
                   {spiking}, {}};
    key_spec window{"count_correlation.window", value_kind::real, "50", "ms", range_bound{0, false},
                    range_bound{1e9, false}, {},
                    "count window of the spike-count correlations; rounded to whole steps", {spiking}, {}};
    key_spec bins{"count_correlation.bins", value_kind::integer, "40", "1", range_bound{1, true},
                  range_bound{1e6, true}, {}, "histogram bins of the coefficients on [-1, 1]", {spiking}, {}};
    for (auto* k : {&pairs, &window, &bins}) schema.add(std::move(*k));
}

step_type window_steps(const config& cfg, double dt_ms) {
    return std::max<step_type>(1, std::llround(cfg.real("count_correlation.window") / dt_ms));
}

std::unique_ptr<observer> make(const config& cfg, const run_view& view) {
    const auto pairs = cfg.integer("count_correlation.pairs");
    if (pairs <= 0 || view.populations.empty() || view.populations.front().size < 2) return nullptr;
    return std::make_unique<count_correlation>(view, static_cast<std::uint64_t>(pairs),
                                               window_steps(cfg, view.dt_ms),
                                               static_cast<std::uint64_t>(cfg.integer("count_correlation.bins")));
}

// Per pair its two rows and five sums, two sampled gids, and the counts of every sampled row for
// the windows of one flush interval (and the window being filled).
double bytes(const config& cfg, double dt_ms, step_type held_steps) {
    if (!cfg.applies("count_correlation.pairs")) return 0.0;
    const auto pairs = static_cast<double>(cfg.integer("count_correlation.pairs"));
    const auto window = static_cast<double>(window_steps(cfg, dt_ms));
    return pairs * (16.0 + 40.0 + 16.0) + 16.0 * pairs * (static_cast<double>(held_steps) / window + 2.0);
}

}  // namespace

observer_kind count_correlation::kind() { return {"count_correlation", add_keys, make, bytes}; }

void count_correlation::add_spikes(std::span<const spike> spikes) { counts_.add(spikes); }

void count_correlation::sync(const context& ctx, step_type now) { counts_.sync(ctx, now); }

std::vector<double> count_correlation::serialise() const { return counts_.serialise(); }

void count_correlation::restore(std::span<const double> state) { counts_.restore(state); }

count_correlation_result count_correlation::result() const {
    count_correlation_result r;
    r.histogram.assign(bins_, 0);
    const auto all = counts_.coefficients();
    r.n_sampled = all.size();
    for (const double c : all) {
        if (std::isnan(c)) continue;
        r.coefficients.push_back(c);
        const auto bin = static_cast<std::uint64_t>(std::floor((c + 1.0) / 2.0 * static_cast<double>(bins_)));
        ++r.histogram[std::min<std::uint64_t>(bin, bins_ - 1)];
    }
    const double m = static_cast<double>(r.coefficients.size());
    double sum = 0.0;
    for (const double c : r.coefficients) sum += c;
    r.mean = m > 0 ? sum / m : std::numeric_limits<double>::quiet_NaN();
    double sq = 0.0;
    for (const double c : r.coefficients) sq += (c - r.mean) * (c - r.mean);
    r.sd = m > 1 ? std::sqrt(sq / (m - 1.0)) : std::numeric_limits<double>::quiet_NaN();
    return r;
}

std::string count_correlation::finish(const context& ctx, output_sink& out) {
    sync(ctx, view_.t1);
    const auto r = result();
    const std::string g = "/analysis/count_correlation/";
    out.write_array(g + "histogram", std::span<const std::uint64_t>(r.histogram), "1");
    std::vector<double> edges;
    for (std::uint64_t b = 0; b <= bins_; ++b) edges.push_back(-1.0 + 2.0 * static_cast<double>(b) / static_cast<double>(bins_));
    out.write_array(g + "bin_edges", std::span<const double>(edges), "1");
    out.write_array(g + "coefficients", std::span<const double>(r.coefficients), "1");
    out.write_scalar(g + "mean", r.mean, "1");
    out.write_scalar(g + "sd", r.sd, "1");
    out.write_scalar(g + "n_pairs", static_cast<std::uint64_t>(r.coefficients.size()), "1");
    out.write_scalar(g + "n_sampled", static_cast<std::uint64_t>(r.n_sampled), "1");
    out.write_attribute("/analysis/count_correlation", "population", view_.populations.front().name);
    out.write_attribute("/analysis/count_correlation", "window_ms", static_cast<double>(window_) * view_.dt_ms);
    out.write_attribute("/analysis/count_correlation", "n_windows", static_cast<std::uint64_t>(counts_.bins_synced()));
    char line[200];
    std::snprintf(line, sizeof line, "  count correlation (%s, %.4g ms windows): mean %.4g, sd %.4g over %zu of %llu pairs\n",
                  view_.populations.front().name.c_str(), static_cast<double>(window_) * view_.dt_ms, r.mean, r.sd,
                  r.coefficients.size(), static_cast<unsigned long long>(r.n_sampled));
    return line;
}

}  // namespace balnet
