// SPDX-License-Identifier: BSD-3-Clause
#include "perturbation_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <balnet/analysis/spike_divergence.hpp>
#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

namespace balnet::detail {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The neurons of the copies: `first` (or drawn) for copy 0, drawn for the others, every one
// different. Draws come from the (run.seed, sampling) streams at keys 2^62 + copy (no unit's
// sampling key): substream a = the a-th try, until an unused neuron comes up.
std::vector<gid_type> perturbed_units(std::int64_t first, std::size_t count, gid_type n, seed_type seed) {
    std::vector<gid_type> out;
    for (std::size_t c = 0; c < count; ++c) {
        if (c == 0 && first >= 0) {
            out.push_back(static_cast<gid_type>(first));
            continue;
        }
        for (std::uint32_t a = 0;; ++a) {
            rng_stream rng(seed, rng_purpose::sampling, (gid_type{1} << 62) + c, a);
            const gid_type g = rng.uniform_int(n);
            if (std::find(out.begin(), out.end(), g) == out.end()) {
                out.push_back(g);
                break;
            }
        }
    }
    return out;
}

step_type on_steps(double t, double dt) { return static_cast<step_type>(std::llround(t / dt)); }

}  // namespace

perturbation_plan perturbation_plan_from_config(const config& cfg, double dt, step_type total, gid_type n,
                                                seed_type seed, std::uint64_t trial) {
    perturbation_plan p;
    if (!cfg.applies("perturbation.kind")) return p;
    p.kind = parse_perturbation_kind(cfg.string("perturbation.kind"));
    if (!p.enabled()) return p;
    const auto neuron = cfg.integer("perturbation.neuron");
    const auto count = static_cast<std::uint64_t>(cfg.integer("perturbation.count"));
    if ((neuron >= 0 && static_cast<gid_type>(neuron) >= n) || count > n)  // refused by the schema
        throw internal_error("perturbation: neuron or count beyond the network");
    p.dt = dt;
    p.total = total;
    p.trial = trial;
    p.k0 = on_steps(cfg.real("perturbation.t0"), dt);
    p.bin = on_steps(cfg.real("perturbation.bin"), dt);
    p.fit_window = std::max<step_type>(1, on_steps(cfg.real("perturbation.fit_window"), dt));
    p.kick = cfg.real("perturbation.kick");
    p.decorrelated = cfg.real("perturbation.decorrelated");
    if (cfg.applies("perturbation.delta")) p.delta = on_steps(cfg.real("perturbation.delta"), dt);
    if (cfg.applies("perturbation.tau")) p.tau_steps = cfg.real("perturbation.tau") / dt;
    p.gids = perturbed_units(neuron, count, n, seed);
    return p;
}

double mean_after(const perturbation_plan& plan, std::span<const double> series) {
    double s = 0.0;
    std::size_t m = 0;
    for (std::size_t b = 0; b < series.size(); ++b)
        if (static_cast<step_type>(b) * plan.bin >= plan.k0) {
            s += series[b];
            ++m;
        }
    return m ? s / static_cast<double>(m) : nan;
}

// Decorrelation: the first bin ending after t0 whose distance reaches f * saturation. Growth
// rate: over the bins ending in (t0, t0 + fit_window] and before the mean distance first reaches
// f * saturation, from the smallest mean log distance on (below), the least-squares slope of the mean
// over copies of log distance against time (bins where a copy's distance is 0 are left out: the
// log of 0 is no point of an exponential).
divergence_summary summarise_divergence(const perturbation_plan& plan, const std::vector<std::vector<double>>& copies,
                                        double saturation, double floor) {
    divergence_summary s;
    s.saturation = saturation;
    const double f_level = plan.decorrelated * saturation;
    const double level = f_level > floor ? f_level : std::numeric_limits<double>::infinity();
    const std::size_t nb = plan.n_bins();
    const double t0 = static_cast<double>(plan.k0) * plan.dt;
    for (const auto& d : copies) {
        double t = nan;
        for (std::size_t b = 0; b < nb; ++b)
            if (plan.time(b) > t0 && d[b] >= level) {  // never when level is infinite
                t = plan.time(b) - t0;
                break;
            }
        s.decorrelation.push_back(t);
    }
    s.mean.assign(nb, 0.0);
    std::vector<double> x, y;
    bool saturated = false;
    for (std::size_t b = 0; b < nb; ++b) {
        double sum = 0.0, logs = 0.0;
        bool positive = true;
        for (const auto& d : copies) {
            sum += d[b];
            positive = positive && d[b] > 0;
            logs += positive ? std::log(d[b]) : 0.0;
        }
        s.mean[b] = sum / static_cast<double>(copies.size());
        const double t = plan.time(b);
        if (t <= t0 || t > t0 + static_cast<double>(plan.fit_window) * plan.dt || saturated) continue;
        if (s.mean[b] >= level) saturated = true;
        if (saturated || !positive) continue;
        x.push_back(t);
        y.push_back(std::exp(logs / static_cast<double>(copies.size())));
    }
    // The growth phase starts where the distance is smallest (a kick's part along contracting
    // directions decays first) when it grows from there by at least a factor e by the window's
    // end; a distance that does not is fitted whole: its decay rate.
    const auto lowest = static_cast<std::size_t>(std::min_element(y.begin(), y.end()) - y.begin());
    if (y.size() - lowest >= 3 && y.back() >= std::exp(1.0) * y[lowest]) {
        x.erase(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(lowest));
        y.erase(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(lowest));
    }
    s.growth_rate = log_slope(x, y);
    s.n_fit = x.size();
    return s;
}

std::string perturbation_head(const perturbation_plan& plan, const std::string& kick_unit, const std::string& time_unit) {
    char line[256];
    const double t0 = static_cast<double>(plan.k0) * plan.dt;
    if (plan.kind == perturbation_kind::kick)
        std::snprintf(line, sizeof line, "  perturbation: kick of %g%s%s at t0 = %g %s, %zu copies\n", plan.kick,
                      kick_unit.empty() ? "" : " ", kick_unit.c_str(), t0, time_unit.c_str(), plan.gids.size());
    else
        std::snprintf(line, sizeof line, "  perturbation: %s at t0 = %g %s, %zu copies\n", to_string(plan.kind).c_str(), t0,
                      time_unit.c_str(), plan.gids.size());
    return line;
}

std::string perturbation_line(const std::string& name, const divergence_summary& s, const std::string& time_unit) {
    std::vector<double> t;
    for (const double d : s.decorrelation)
        if (!std::isnan(d)) t.push_back(d);
    std::sort(t.begin(), t.end());
    const double median = t.empty() ? nan : t[t.size() / 2];
    char line[256];
    std::snprintf(line, sizeof line,
                  "  %s: saturation %.4g, decorrelated in %zu of %zu copies (median %.4g %s after t0), growth rate %.4g / %s\n",
                  name.c_str(), s.saturation, t.size(), s.decorrelation.size(), median, time_unit.c_str(), s.growth_rate,
                  time_unit.c_str());
    return line;
}

}  // namespace balnet::detail
