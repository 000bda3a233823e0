// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/ei_input_correlation.hpp>

#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

double pearson(std::span<const double> x, std::span<const double> y) {
    const double n = static_cast<double>(x.size());
    double mx = 0.0, my = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) { mx += x[k]; my += y[k]; }
    mx /= n;
    my /= n;
    double sxx = 0.0, syy = 0.0, sxy = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) {
        sxx += (x[k] - mx) * (x[k] - mx);
        syy += (y[k] - my) * (y[k] - my);
        sxy += (x[k] - mx) * (y[k] - my);
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

}  // namespace

ei_input_correlation::ei_input_correlation(std::vector<std::size_t> local, step_type t0,
                                           double tau_f, double dt)
    : local_(std::move(local)), t0_(t0), decay_(std::exp(-dt / tau_f)), dt_(dt),
      fe_(local_.size(), 0.0), fi_(local_.size(), 0.0), shift_e_(local_.size(), 0.0),
      shift_i_(local_.size(), 0.0), s_(local_.size()) {}

void ei_input_correlation::add(step_type k, std::span<const double> e, std::span<const double> i) {
    const bool in_window = k >= t0_;
    double pe = 0.0, pi = 0.0;
    for (std::size_t n = 0; n < local_.size(); ++n) {
        const double en = e[local_[n]], in = i[local_[n]];
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
        pe += fe_[n];
        pi += fi_[n];
        raw_e_ += en;
        raw_i_ += in;
    }
    if (!in_window) return;
    pop_e_.push_back(pe);
    pop_i_.push_back(pi);
    ++n_samples_;
}

void ei_input_correlation::local_rho(double& sum_rho, double& n_rho) const {
    const double m = static_cast<double>(n_samples_);
    sum_rho = 0.0;
    n_rho = 0.0;
    for (const auto& s : s_) {
        const double vxx = s.see - s.se * s.se / m, vyy = s.sii - s.si * s.si / m;
        const double vxy = s.sei - s.se * s.si / m;
        if (!(vxx > 0.0) || !(vyy > 0.0)) continue;
        sum_rho += vxy / std::sqrt(vxx * vyy);
        n_rho += 1.0;
    }
}

ei_correlation_result ei_input_correlation::finish(double sum_rho, double n_rho, double n_total,
                                                   double raw_e, double raw_i, std::vector<double> pop_e,
                                                   std::vector<double> pop_i) const {
    ei_correlation_result r;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.n_neurons = static_cast<std::uint64_t>(n_total);
    r.rho = n_rho > 0 ? sum_rho / n_rho : nan;
    r.rho_pop = pop_e.empty() ? nan : pearson(pop_e, pop_i);
    const double denom = n_total * static_cast<double>(n_samples_) * dt_;
    r.mean_e = denom > 0 ? raw_e / denom : nan;
    r.mean_i = denom > 0 ? raw_i / denom : nan;
    r.balance = std::fabs(r.mean_e - r.mean_i) / r.mean_e;
    return r;
}

ei_correlation_result ei_input_correlation::result() const {
    double sr = 0.0, nr = 0.0;
    local_rho(sr, nr);
    return finish(sr, nr, static_cast<double>(local_.size()), raw_e_, raw_i_, pop_e_, pop_i_);
}

ei_correlation_result ei_input_correlation::result(const context& ctx) const {
    double sr = 0.0, nr = 0.0;
    local_rho(sr, nr);
    std::vector<double> scal{sr, nr, static_cast<double>(local_.size()), raw_e_, raw_i_};
    ctx.sum_inplace(scal);
    auto pe = pop_e_, pi = pop_i_;
    ctx.sum_inplace(pe);
    ctx.sum_inplace(pi);
    return finish(scal[0], scal[1], scal[2], scal[3], scal[4], std::move(pe), std::move(pi));
}

// Layout: n neurons, n_samples, raw_e, raw_i, then per neuron (fe, fi, shift_e, shift_i, se,
// si, see, sii, sei), then the population series pop_e and pop_i (n_samples each).
std::vector<double> ei_input_correlation::serialise() const {
    std::vector<double> v{static_cast<double>(local_.size()), static_cast<double>(n_samples_), raw_e_, raw_i_};
    for (std::size_t n = 0; n < local_.size(); ++n) {
        const auto& s = s_[n];
        v.insert(v.end(), {fe_[n], fi_[n], shift_e_[n], shift_i_[n], s.se, s.si, s.see, s.sii, s.sei});
    }
    v.insert(v.end(), pop_e_.begin(), pop_e_.end());
    v.insert(v.end(), pop_i_.begin(), pop_i_.end());
    return v;
}

void ei_input_correlation::restore(std::span<const double> state) {
    constexpr std::size_t per_neuron = 9;
    const std::size_t n = local_.size();
    if (state.size() < 4 || state[0] != static_cast<double>(n))
        throw internal_error("ei_input_correlation::restore: state of another size");
    const auto samples = static_cast<std::uint64_t>(state[1]);
    if (state.size() != 4 + per_neuron * n + 2 * samples)
        throw internal_error("ei_input_correlation::restore: truncated state");
    n_samples_ = samples;
    raw_e_ = state[2];
    raw_i_ = state[3];
    for (std::size_t k = 0; k < n; ++k) {
        const auto x = state.subspan(4 + per_neuron * k, per_neuron);
        fe_[k] = x[0]; fi_[k] = x[1]; shift_e_[k] = x[2]; shift_i_[k] = x[3];
        s_[k] = {x[4], x[5], x[6], x[7], x[8]};
    }
    const auto series = state.subspan(4 + per_neuron * n);
    pop_e_.assign(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(samples));
    pop_i_.assign(series.begin() + static_cast<std::ptrdiff_t>(samples), series.end());
}

}  // namespace balnet
