// SPDX-License-Identifier: BSD-3-Clause
// Test helper: the observables of docs/models.md §1.6 computed directly from full stored [t][i]
// matrices, two-pass and in long double, with no streaming. Independent of balnet::analysis
// except for the result struct it fills.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include <balnet/analysis/rate_observables.hpp>

namespace balnet::testing {

/// Full trajectories: value of unit i at recorded step t is v[t * n + i].
struct full_series {
    std::size_t n = 0, r = 0;
    std::vector<double> x, eta, phi;
};

using ld = long double;

/// mean and sample variance (denominator R - 1) over t of a series; NaN propagates.
inline std::pair<double, double> mean_var(const std::vector<ld>& v) {
    ld s = 0;
    for (ld a : v) s += a;
    const ld m = s / static_cast<ld>(v.size());
    ld q = 0;
    for (ld a : v) q += (a - m) * (a - m);
    return {static_cast<double>(m), static_cast<double>(q / static_cast<ld>(v.size() - 1))};
}

/// C summed over units with nonzero variance, divided by their number; NaN for k >= R.
inline std::vector<double> naive_acf(const std::vector<double>& v, std::size_t n, std::size_t r,
                                     const std::vector<gid_type>& units, std::size_t lags,
                                     std::uint64_t* kept_out = nullptr) {
    std::vector<ld> sum(lags, 0);
    std::uint64_t kept = 0;
    for (auto u : units) {
        ld mean = 0;
        for (std::size_t t = 0; t < r; ++t) mean += v[t * n + u];
        mean /= static_cast<ld>(r);
        bool varies = false;
        for (std::size_t t = 1; t < r; ++t) varies |= v[t * n + u] != v[u];
        if (!varies) continue;
        ++kept;
        for (std::size_t k = 0; k < lags && k < r; ++k) {
            ld c = 0;
            for (std::size_t t = 0; t + k < r; ++t)
                c += (v[t * n + u] - mean) * (v[(t + k) * n + u] - mean);
            sum[k] += c / static_cast<ld>(r - k);
        }
    }
    if (kept_out) *kept_out = kept;
    std::vector<double> out(lags);
    for (std::size_t k = 0; k < lags; ++k)
        out[k] = k < r ? static_cast<double>(sum[k] / static_cast<ld>(kept))
                       : std::numeric_limits<double>::quiet_NaN();
    return out;
}

/// Population statistics over the gid range [lo, hi).
inline population_summary naive_population(const full_series& s, std::size_t lo, std::size_t hi) {
    std::vector<ld> f, mu, m, xb, eb;
    for (std::size_t t = 0; t < s.r; ++t) {
        ld n_on = 0, phi_on = 0, phi = 0, x = 0, eta = 0;
        for (std::size_t i = lo; i < hi; ++i) {
            const std::size_t j = t * s.n + i;
            if (s.x[j] > 0) n_on += 1, phi_on += s.phi[j];
            phi += s.phi[j], x += s.x[j], eta += s.eta[j];
        }
        const ld size = static_cast<ld>(hi - lo);
        f.push_back(n_on / size);
        mu.push_back(n_on > 0 ? phi_on / n_on : std::numeric_limits<ld>::quiet_NaN());
        m.push_back(phi / size), xb.push_back(x / size), eb.push_back(eta / size);
    }
    population_summary p;
    std::tie(p.f, p.var_f) = mean_var(f);
    std::tie(p.mu, p.var_mu) = mean_var(mu);
    p.m = mean_var(m).first, p.xbar = mean_var(xb).first, p.etabar = mean_var(eb).first;
    return p;
}

/// Temporal and quenched variance of one variable (docs/models.md §1.6), two-pass.
inline std::pair<double, double> naive_tv_qv(const std::vector<double>& v, std::size_t n,
                                             std::size_t r) {
    std::vector<ld> mean(n, 0);
    for (std::size_t t = 0; t < r; ++t)
        for (std::size_t i = 0; i < n; ++i) mean[i] += v[t * n + i];
    ld grand = 0, tv = 0, qv = 0;
    for (auto& m : mean) m /= static_cast<ld>(r), grand += m;
    grand /= static_cast<ld>(n);
    for (std::size_t t = 0; t < r; ++t)
        for (std::size_t i = 0; i < n; ++i) tv += (v[t * n + i] - mean[i]) * (v[t * n + i] - mean[i]);
    for (auto m : mean) qv += (m - grand) * (m - grand);
    return {static_cast<double>(tv / static_cast<ld>(r) / static_cast<ld>(n)),
            static_cast<double>(qv / static_cast<ld>(n))};
}

inline rate_summary naive_summary(const full_series& s, const std::vector<population_range>& pops,
                                  const std::vector<gid_type>& recorded, std::size_t lags,
                                  double rc_dt) {
    rate_summary out;
    out.n_steps = s.r;
    const auto all = naive_population(s, 0, s.n);
    out.m = all.m, out.f = all.f, out.var_f = all.var_f, out.mu = all.mu, out.var_mu = all.var_mu;
    out.xbar = all.xbar, out.etabar = all.etabar;
    for (const auto& p : pops) {
        auto ps = naive_population(s, p.first, p.first + p.size);
        ps.name = p.name;
        out.populations.push_back(ps);
    }
    std::tie(out.tvx, out.qvx) = naive_tv_qv(s.x, s.n, s.r);
    std::tie(out.tveta, out.qveta) = naive_tv_qv(s.eta, s.n, s.r);
    out.r_eta = naive_acf(s.eta, s.n, s.r, recorded, lags, &out.n_acf_units);
    out.r_x = naive_acf(s.x, s.n, s.r, recorded, lags);
    out.r_phi = naive_acf(s.phi, s.n, s.r, recorded, lags);
    // beta written out from docs/models.md §1.6: R(0) / (rc_dt [sum R - (R(0) + R(L-1))/2]).
    ld total = 0;
    for (double c : out.r_eta) total += c;
    out.beta = static_cast<double>(
        out.r_eta.front() /
        (rc_dt * (total - 0.5L * (ld(out.r_eta.front()) + ld(out.r_eta.back())))));
    for (std::size_t i = 0; i < s.n; ++i) {
        ld on = 0;
        for (std::size_t t = 0; t < s.r; ++t) on += s.x[t * s.n + i] > 0 ? 1 : 0;
        out.on_fraction.push_back(static_cast<double>(on / static_cast<ld>(s.r)));
    }
    return out;
}

/// |a - b| <= rtol * max(|b|, scale), NaN only against NaN.
inline bool close(double a, double b, double rtol, double scale = 0.0) {
    if (std::isnan(b)) return std::isnan(a);
    return std::abs(a - b) <= rtol * std::max(std::abs(b), scale);
}

/// Every field of got within rtol of want (curves relative to their lag-0 value).
inline void expect_summary_near(const rate_summary& got, const rate_summary& want, double rtol) {
    EXPECT_EQ(got.n_steps, want.n_steps);
    const double scalars_got[] = {got.m,   got.f,     got.var_f, got.mu,  got.var_mu, got.xbar,
                                  got.etabar, got.tvx, got.qvx,   got.tveta, got.qveta, got.beta};
    const double scalars_want[] = {want.m,   want.f,     want.var_f, want.mu,  want.var_mu,
                                   want.xbar, want.etabar, want.tvx,  want.qvx, want.tveta,
                                   want.qveta, want.beta};
    const char* names[] = {"m",   "f",   "var_f", "mu",    "var_mu", "xbar",
                           "etabar", "tvx", "qvx", "tveta", "qveta", "beta"};
    for (std::size_t j = 0; j < std::size(names); ++j)
        EXPECT_TRUE(close(scalars_got[j], scalars_want[j], rtol))
            << names[j] << ": " << scalars_got[j] << " vs " << scalars_want[j];
    ASSERT_EQ(got.populations.size(), want.populations.size());
    for (std::size_t p = 0; p < want.populations.size(); ++p) {
        const auto& a = got.populations[p];
        const auto& b = want.populations[p];
        EXPECT_EQ(a.name, b.name);
        const double pa[] = {a.m, a.f, a.var_f, a.mu, a.var_mu, a.xbar, a.etabar};
        const double pb[] = {b.m, b.f, b.var_f, b.mu, b.var_mu, b.xbar, b.etabar};
        for (std::size_t j = 0; j < std::size(pa); ++j)
            EXPECT_TRUE(close(pa[j], pb[j], rtol)) << b.name << " field " << j << ": " << pa[j]
                                                  << " vs " << pb[j];
    }
    EXPECT_EQ(got.n_acf_units, want.n_acf_units);
    auto curve = [rtol](const std::vector<double>& a, const std::vector<double>& b,
                        const char* name) {
        ASSERT_EQ(a.size(), b.size()) << name;
        for (std::size_t k = 0; k < b.size(); ++k)
            EXPECT_TRUE(close(a[k], b[k], rtol, std::abs(b[0])))
                << name << "[" << k << "]: " << a[k] << " vs " << b[k];
    };
    curve(got.r_eta, want.r_eta, "r_eta");
    curve(got.r_x, want.r_x, "r_x");
    curve(got.r_phi, want.r_phi, "r_phi");
}

}  // namespace balnet::testing
