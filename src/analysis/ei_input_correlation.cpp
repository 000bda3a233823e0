// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/ei_input_correlation.hpp>

#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

ei_input_correlation::ei_input_correlation(std::size_t n_local, step_type t0, double tau_f, double dt)
    : n_(n_local), t0_(t0), decay_(std::exp(-dt / tau_f)), dt_(dt), fe_(n_, 0.0), fi_(n_, 0.0),
      shift_e_(n_, 0.0), shift_i_(n_, 0.0), s_(n_) {}

void ei_input_correlation::add(step_type k, std::span<const double> e, std::span<const double> i) {
    const bool in_window = k >= t0_;
    for (std::size_t n = 0; n < n_; ++n) {
        const double en = e[n], in = i[n];
        fe_[n] = fe_[n] * decay_ + en;
        fi_[n] = fi_[n] * decay_ + in;
        if (!in_window) continue;
        if (n_samples_ == 0) {
            shift_e_[n] = fe_[n];
            shift_i_[n] = fi_[n];
        }
        const double x = fe_[n] - shift_e_[n], y = fi_[n] - shift_i_[n];
        auto& s = s_[n];
        s.se += x; s.si += y; s.see += x * x; s.sii += y * y; s.sei += x * y;
        s.raw_e += en;
        s.raw_i += in;
    }
    if (!in_window) return;
    step_e_.clear();
    step_i_.clear();
    step_e_.add(std::span<const double>(fe_));
    step_i_.add(std::span<const double>(fi_));
    pop_e_.push_back(step_e_);
    pop_i_.push_back(step_i_);
    ++n_samples_;
}

void ei_input_correlation::local_rho(exact_sum& sum_rho, std::uint64_t& n_rho) const {
    const double m = static_cast<double>(n_samples_);
    sum_rho.clear();
    n_rho = 0;
    for (const auto& s : s_) {
        const double vxx = s.see - s.se * s.se / m, vyy = s.sii - s.si * s.si / m;
        const double vxy = s.sei - s.se * s.si / m;
        if (!(vxx > 0.0) || !(vyy > 0.0)) continue;
        sum_rho.add(vxy / std::sqrt(vxx * vyy));
        ++n_rho;
    }
}

// The steps not yet synced (pop_e, pop_i: sums over every recorded neuron) are folded into a copy.
ei_correlation_result ei_input_correlation::finish(double sum_rho, double n_rho, double n_total,
                                                   double raw_e, double raw_i, std::span<const double> pop_e,
                                                   std::span<const double> pop_i) const {
    ei_correlation_result r;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.n_neurons = static_cast<std::uint64_t>(n_total);
    r.rho = n_rho > 0 ? sum_rho / n_rho : nan;
    shifted_moments pop = pop_;
    for (std::size_t k = 0; k < pop_e.size(); ++k) pop.add(pop_e[k], pop_i[k]);
    r.rho_pop = pop.pearson();
    const double denom = n_total * static_cast<double>(n_samples_) * dt_;
    r.mean_e = denom > 0 ? raw_e / denom : nan;
    r.mean_i = denom > 0 ? raw_i / denom : nan;
    r.balance = std::fabs(r.mean_e - r.mean_i) / r.mean_e;
    return r;
}

void ei_input_correlation::sync(const context& ctx) {
    const auto pe = ctx.sum_exact(pop_e_);
    const auto pi = ctx.sum_exact(pop_i_);
    for (std::size_t k = 0; k < pe.size(); ++k) pop_.add(pe[k], pi[k]);
    pop_e_.clear();
    pop_i_.clear();
}

void ei_input_correlation::local_raw(exact_sum& raw_e, exact_sum& raw_i) const {
    raw_e.clear();
    raw_i.clear();
    for (const auto& s : s_) {
        raw_e.add(s.raw_e);
        raw_i.add(s.raw_i);
    }
}

ei_correlation_result ei_input_correlation::result() const {
    exact_sum sr, re, ri;
    std::uint64_t nr = 0;
    local_rho(sr, nr);
    local_raw(re, ri);
    return finish(sr.to_double(), static_cast<double>(nr), static_cast<double>(n_),
                  re.to_double(), ri.to_double(), pop_e_.rounded(), pop_i_.rounded());
}

ei_correlation_result ei_input_correlation::result(const context& ctx) const {
    exact_sum totals[3];
    std::uint64_t nr = 0;
    local_rho(totals[0], nr);
    local_raw(totals[1], totals[2]);
    std::vector<std::uint64_t> counts{nr, n_};
    ctx.sum_inplace(std::span<std::uint64_t>(counts));
    ctx.sum_exact(std::span<exact_sum>(totals));
    const auto pe = ctx.sum_exact(pop_e_);
    const auto pi = ctx.sum_exact(pop_i_);
    return finish(totals[0].to_double(), static_cast<double>(counts[0]), static_cast<double>(counts[1]),
                  totals[1].to_double(), totals[2].to_double(), pe, pi);
}

// Layout: n neurons, n_samples, then per neuron (fe, fi, shift_e, shift_i, se, si, see, sii,
// sei, raw_e, raw_i), the moments of the population sums (shifted_moments::to_array), then the
// population sums not yet synced, pop_e and pop_i (exact_series::serialise).
std::vector<double> ei_input_correlation::serialise() const {
    std::vector<double> v{static_cast<double>(n_), static_cast<double>(n_samples_)};
    for (std::size_t n = 0; n < n_; ++n) {
        const auto& s = s_[n];
        v.insert(v.end(), {fe_[n], fi_[n], shift_e_[n], shift_i_[n], s.se, s.si, s.see, s.sii, s.sei,
                           s.raw_e, s.raw_i});
    }
    const auto moments = pop_.to_array();
    v.insert(v.end(), moments.begin(), moments.end());
    for (const auto& part : {pop_e_.serialise(), pop_i_.serialise()}) v.insert(v.end(), part.begin(), part.end());
    return v;
}

void ei_input_correlation::restore(std::span<const double> state) {
    constexpr std::size_t per_neuron = 11;
    const std::size_t n = n_, head = 2 + per_neuron * n;
    if (state.size() < 2 || state[0] != static_cast<double>(n))
        throw internal_error("ei_input_correlation::restore: state of another size");
    if (state.size() < head + shifted_moments::n_values || !(state[1] >= 0.0 && state[1] < 9.0e15))
        throw internal_error("ei_input_correlation::restore: truncated state");
    const auto samples = static_cast<std::uint64_t>(state[1]);
    shifted_moments pop;
    std::size_t pos = head + shifted_moments::n_values;
    exact_series pe, pi;
    const bool moments_ok = pop.from_array(state.subspan(head, shifted_moments::n_values));
    pos += pe.restore(state.subspan(pos));
    pos += pi.restore(state.subspan(pos));
    if (!moments_ok || pos != state.size() || pe.size() != pi.size() || pop.n + pe.size() != samples)
        throw internal_error("ei_input_correlation::restore: state of another shape");
    n_samples_ = samples;
    pop_ = pop;
    pop_e_ = std::move(pe);
    pop_i_ = std::move(pi);
    for (std::size_t k = 0; k < n; ++k) {
        const auto x = state.subspan(2 + per_neuron * k, per_neuron);
        fe_[k] = x[0]; fi_[k] = x[1]; shift_e_[k] = x[2]; shift_i_[k] = x[3];
        s_[k] = {x[4], x[5], x[6], x[7], x[8], x[9], x[10]};
    }
}

}  // namespace balnet
