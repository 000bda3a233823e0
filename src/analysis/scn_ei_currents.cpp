// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/scn_ei_currents.hpp>

#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {

scn_ei_currents::scn_ei_currents(const scn_engine& eng, step_type t0, step_type t1)
    : first_(eng.part().begin()), dim_(eng.params().dim),
      decay_(std::exp(-eng.params().lambda * eng.params().dt)), t0_(t0), t1_(t1) {
    const auto n = eng.part().local_size();
    lat_e_.assign(n, 0.0);
    lat_i_.assign(n, 0.0);
    e_.assign(n, 0.0);
    i_.assign(n, 0.0);
    shift_e_.assign(n, 0.0);
    shift_i_.assign(n, 0.0);
    s_.assign(n, {});
    // E, I of the initial state (r = 0): the feed-forward components only.
    const auto x = eng.target();
    for (std::size_t k = 0; k < n; ++k) {
        const auto di = eng.column(first_ + k);
        for (std::uint32_t m = 0; m < dim_; ++m) {
            const double comp = di[m] * x[m];
            if (comp > 0.0) e_[k] += comp;
            else i_[k] -= comp;
        }
    }
}

void scn_ei_currents::add(const scn_engine& eng) {
    const auto x = eng.target();
    const auto spikes = eng.last_spikes();
    const bool in_window = eng.now() >= t0_ && eng.now() < t1_;
    for (std::size_t k = 0; k < e_.size(); ++k) {
        const gid_type gid = first_ + k;
        const auto di = eng.column(gid);
        double le = lat_e_[k] * decay_, li = lat_i_[k] * decay_;
        for (gid_type j : spikes) {
            if (j == gid) continue;
            const auto dj = eng.column(j);
            double w = 0.0;  // W_ij = -D_i . D_j
            for (std::uint32_t m = 0; m < dim_; ++m) w -= di[m] * dj[m];
            if (w > 0.0) le += w;
            else li -= w;
        }
        lat_e_[k] = le;
        lat_i_[k] = li;
        double fe = le, fi = li;
        for (std::uint32_t m = 0; m < dim_; ++m) {
            const double comp = di[m] * x[m];
            if (comp > 0.0) fe += comp;
            else fi -= comp;
        }
        e_[k] = fe;
        i_[k] = fi;
        if (!in_window) continue;
        if (n_samples_ == 0) {
            shift_e_[k] = fe;
            shift_i_[k] = fi;
        }
        const double de = fe - shift_e_[k], dd = fi - shift_i_[k];
        auto& s = s_[k];
        s.se += de;
        s.si += dd;
        s.see += de * de;
        s.sii += dd * dd;
        s.sei += de * dd;
    }
    if (in_window) ++n_samples_;
}

std::vector<double> scn_ei_currents::mean_e() const {
    std::vector<double> out(s_.size());
    const double n = static_cast<double>(n_samples_);
    for (std::size_t k = 0; k < s_.size(); ++k) out[k] = shift_e_[k] + s_[k].se / n;
    return out;
}

std::vector<double> scn_ei_currents::mean_i() const {
    std::vector<double> out(s_.size());
    const double n = static_cast<double>(n_samples_);
    for (std::size_t k = 0; k < s_.size(); ++k) out[k] = shift_i_[k] + s_[k].si / n;
    return out;
}

std::vector<double> scn_ei_currents::correlation() const {
    std::vector<double> out(s_.size(), std::numeric_limits<double>::quiet_NaN());
    const double n = static_cast<double>(n_samples_);
    for (std::size_t k = 0; k < s_.size(); ++k) {
        const auto& s = s_[k];
        const double ve = s.see / n - (s.se / n) * (s.se / n);
        const double vi = s.sii / n - (s.si / n) * (s.si / n);
        const double c = s.sei / n - (s.se / n) * (s.si / n);
        if (n_samples_ > 1 && ve > 0.0 && vi > 0.0) out[k] = c / std::sqrt(ve * vi);
    }
    return out;
}

// Exact sums over the owned neurons (core/exact_sum.hpp): the totals over ranks are the same
// bits however the neurons are split.
void scn_ei_currents::local_sums(exact_sum totals[4], std::uint64_t counts[2]) const {
    for (int j = 0; j < 4; ++j) totals[j].clear();
    counts[0] = counts[1] = 0;
    if (n_samples_ == 0) return;
    const auto me = mean_e(), mi = mean_i(), rho = correlation();
    for (std::size_t k = 0; k < s_.size(); ++k) {
        if (!std::isnan(rho[k])) {
            totals[0].add(rho[k]);
            ++counts[0];
        }
        totals[1].add(std::fabs(me[k] - mi[k]) / me[k]);
        totals[2].add(me[k]);
        totals[3].add(mi[k]);
        ++counts[1];
    }
}

namespace {

// {sum rho, n rho, sum balance, sum <E>, sum <I>, n neurons}, rounded.
scn_ei_result finish(const exact_sum totals[4], const std::uint64_t counts[2]) {
    const double s[6] = {totals[0].to_double(), static_cast<double>(counts[0]), totals[1].to_double(),
                         totals[2].to_double(), totals[3].to_double(), static_cast<double>(counts[1])};
    scn_ei_result r;
    r.n_rho = static_cast<std::uint64_t>(s[1]);
    r.n_neurons = static_cast<std::uint64_t>(s[5]);
    r.rho = s[1] > 0 ? s[0] / s[1] : std::numeric_limits<double>::quiet_NaN();
    r.balance = s[5] > 0 ? s[2] / s[5] : std::numeric_limits<double>::quiet_NaN();
    r.mean_e = s[5] > 0 ? s[3] / s[5] : std::numeric_limits<double>::quiet_NaN();
    r.mean_i = s[5] > 0 ? s[4] / s[5] : std::numeric_limits<double>::quiet_NaN();
    return r;
}

}  // namespace

scn_ei_result scn_ei_currents::result() const {
    exact_sum totals[4];
    std::uint64_t counts[2];
    local_sums(totals, counts);
    return finish(totals, counts);
}

scn_ei_result scn_ei_currents::result(const context& ctx) const {
    exact_sum totals[4];
    std::uint64_t counts[2];
    local_sums(totals, counts);
    ctx.sum_exact(std::span<exact_sum>(totals, 4));
    ctx.sum_inplace(std::span<std::uint64_t>(counts, 2));
    return finish(totals, counts);
}

// Layout: n_samples, then per neuron lat_e, lat_i, e, i, shift_e, shift_i, se, si, see, sii, sei.
namespace {
constexpr std::size_t per_neuron = 11;
}

std::vector<double> scn_ei_currents::serialise() const {
    std::vector<double> out{static_cast<double>(n_samples_)};
    out.reserve(1 + per_neuron * e_.size());
    for (std::size_t k = 0; k < e_.size(); ++k) {
        const auto& s = s_[k];
        out.insert(out.end(), {lat_e_[k], lat_i_[k], e_[k], i_[k], shift_e_[k], shift_i_[k], s.se, s.si, s.see,
                               s.sii, s.sei});
    }
    return out;
}

void scn_ei_currents::restore(std::span<const double> state) {
    if (state.size() != 1 + per_neuron * e_.size())
        throw internal_error("scn_ei_currents::restore: state of another shape");
    n_samples_ = static_cast<std::uint64_t>(state[0]);
    for (std::size_t k = 0; k < e_.size(); ++k) {
        const double* q = &state[1 + per_neuron * k];
        lat_e_[k] = q[0];
        lat_i_[k] = q[1];
        e_[k] = q[2];
        i_[k] = q[3];
        shift_e_[k] = q[4];
        shift_i_[k] = q[5];
        s_[k] = {q[6], q[7], q[8], q[9], q[10]};
    }
}

}  // namespace balnet
