// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/scn_signal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

namespace balnet {
namespace {

using matrix = std::vector<double>;

matrix multiply(const matrix& x, const matrix& y, std::uint32_t n) {
    matrix out(std::size_t{n} * n, 0.0);
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t k = 0; k < n; ++k) {
            const double xik = x[i * n + k];
            for (std::uint32_t j = 0; j < n; ++j) out[i * n + j] += xik * y[k * n + j];
        }
    return out;
}

double norm1(std::span<const double> m, std::uint32_t n) {
    double best = 0.0;
    for (std::uint32_t j = 0; j < n; ++j) {
        double s = 0.0;
        for (std::uint32_t i = 0; i < n; ++i) s += std::fabs(m[i * n + j]);
        best = std::max(best, s);
    }
    return best;
}

bool is_diagonal(std::span<const double> a, std::uint32_t n) {
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t j = 0; j < n; ++j)
            if (i != j && a[i * n + j] != 0.0) return false;
    return true;
}

// Phi and Gamma of a diagonal A, element by element: exact up to the exp/expm1 rounding.
scn_propagator diagonal_propagators(std::span<const double> a, std::uint32_t n, double h) {
    scn_propagator p{matrix(std::size_t{n} * n, 0.0), matrix(std::size_t{n} * n, 0.0)};
    for (std::uint32_t m = 0; m < n; ++m) {
        const double am = a[m * n + m];
        const double phi = std::exp(am * h);
        p.phi[m * n + m] = phi;
        // (1 - e^{-lambda h}) / lambda for A = -lambda I, written as docs/models.md §2.4.2 writes b.
        p.gamma[m * n + m] = am == 0.0 ? h : (phi - 1.0) / am;
    }
    return p;
}

}  // namespace

std::vector<double> matrix_exponential(std::span<const double> m, std::uint32_t n) {
    BALNET_ASSERT(m.size() == std::size_t{n} * n);
    // Scale so that ||M / 2^s||_1 <= 1/2; 20 Taylor terms are then below round-off.
    const double nrm = norm1(m, n);
    int s = 0;
    if (nrm > 0.5) s = static_cast<int>(std::ceil(std::log2(nrm / 0.5)));
    const double scale = std::ldexp(1.0, -s);
    matrix x(m.begin(), m.end());
    for (double& v : x) v *= scale;
    matrix result(std::size_t{n} * n, 0.0), term(std::size_t{n} * n, 0.0);
    for (std::uint32_t i = 0; i < n; ++i) result[i * n + i] = term[i * n + i] = 1.0;
    for (int k = 1; k <= 20; ++k) {
        term = multiply(term, x, n);
        for (double& v : term) v /= k;
        for (std::size_t i = 0; i < result.size(); ++i) result[i] += term[i];
    }
    for (int k = 0; k < s; ++k) result = multiply(result, result, n);
    return result;
}

scn_propagator scn_propagators(std::span<const double> a, std::uint32_t n, double h) {
    BALNET_ASSERT(a.size() == std::size_t{n} * n);
    if (is_diagonal(a, n)) return diagonal_propagators(a, n, h);
    // expm([[A h, I h], [0, 0]]) = [[Phi, Gamma], [0, I]] (Van Loan's block trick).
    const std::uint32_t n2 = 2 * n;
    matrix aug(std::size_t{n2} * n2, 0.0);
    for (std::uint32_t i = 0; i < n; ++i) {
        for (std::uint32_t j = 0; j < n; ++j) aug[i * n2 + j] = a[i * n + j] * h;
        aug[i * n2 + n + i] = h;
    }
    const matrix e = matrix_exponential(aug, n2);
    scn_propagator p{matrix(std::size_t{n} * n), matrix(std::size_t{n} * n)};
    for (std::uint32_t i = 0; i < n; ++i)
        for (std::uint32_t j = 0; j < n; ++j) {
            p.phi[i * n + j] = e[i * n2 + j];
            p.gamma[i * n + j] = e[i * n2 + n + j];
        }
    return p;
}

std::vector<scn_command_term> scn_circle_command(std::span<const double> a, std::uint32_t n,
                                                 double radius, double frequency_hz) {
    BALNET_ASSERT(n >= 2 && a.size() == std::size_t{n} * n);
    const double w = 2.0 * std::numbers::pi * frequency_hz * 1e-3;  // [1/ms]
    // x = R (cos wt, sin wt): c_m = alpha_m cos wt + beta_m sin wt.
    scn_command_term cos_part, sin_part;
    cos_part.type = sin_part.type = scn_command_term::kind::cosine;
    cos_part.frequency_hz = sin_part.frequency_hz = frequency_hz;
    cos_part.amplitude.resize(n);
    sin_part.amplitude.resize(n);
    sin_part.phase.assign(n, -std::numbers::pi / 2);  // sin wt = cos(wt - pi/2)
    for (std::uint32_t m = 0; m < n; ++m) {
        cos_part.amplitude[m] = -radius * a[m * n + 0] + (m == 1 ? radius * w : 0.0);
        sin_part.amplitude[m] = -radius * a[m * n + 1] - (m == 0 ? radius * w : 0.0);
    }
    return {cos_part, sin_part};
}

scn_command_term scn_hold_command(std::span<const double> a, std::span<const double> xc) {
    const std::size_t n = xc.size();
    BALNET_ASSERT(a.size() == n * n);
    scn_command_term t;
    t.type = scn_command_term::kind::constant;
    t.amplitude.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) t.amplitude[i] -= a[i * n + j] * xc[j];
    return t;
}

scn_signal::scn_signal(const scn_params& p)
    : dim_(p.dim), dt_(p.dt), seed_(p.seed), terms_(p.command),
      prop_(scn_propagators(p.dynamics(), p.dim, p.dt)), x_(p.dim, 0.0), c_(p.dim, 0.0),
      tmp_(p.dim, 0.0) {
    if (!p.x0.empty()) x_ = p.x0;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        const auto& term = terms_[t];
        on_.push_back(p.steps(term.t_on));
        off_.push_back(std::isinf(term.t_off) ? std::numeric_limits<step_type>::max() : p.steps(term.t_off));
        ou_.emplace_back();
        if (term.type != scn_command_term::kind::ou) continue;
        // Stationary start: y_m(0) ~ N(0, amplitude_m^2), substream 0.
        for (std::uint32_t m = 0; m < dim_; ++m) {
            rng_stream rng(seed_, rng_purpose::signal, (gid_type{t} << 32) | m, 0);
            ou_.back().push_back(term.amplitude[m] * rng.normal());
        }
    }
    evaluate();
}

void scn_signal::evaluate() {
    std::fill(c_.begin(), c_.end(), 0.0);
    const double t_ms = static_cast<double>(k_) * dt_;
    for (std::size_t t = 0; t < terms_.size(); ++t) {
        const auto& term = terms_[t];
        if (term.type == scn_command_term::kind::ou && k_ > 0) {
            // Exact OU update over one step: y <- y e^{-h/tau} + sd sqrt(1 - e^{-2h/tau}) xi.
            const double e = std::exp(-dt_ / term.tau), s = std::sqrt(-std::expm1(-2.0 * dt_ / term.tau));
            for (std::uint32_t m = 0; m < dim_; ++m) {
                rng_stream rng(seed_, rng_purpose::signal, (gid_type{t} << 32) | m,
                               static_cast<std::uint32_t>(k_));
                ou_[t][m] = ou_[t][m] * e + term.amplitude[m] * s * rng.normal();
            }
        }
        if (k_ < on_[t] || k_ >= off_[t]) continue;
        for (std::uint32_t m = 0; m < dim_; ++m) {
            switch (term.type) {
            case scn_command_term::kind::constant: c_[m] += term.amplitude[m]; break;
            case scn_command_term::kind::cosine: {
                const double ph = term.phase.empty() ? 0.0 : term.phase[m];
                c_[m] += term.amplitude[m] *
                         std::cos(2.0 * std::numbers::pi * term.frequency_hz * 1e-3 * t_ms + ph);
                break;
            }
            case scn_command_term::kind::ou: c_[m] += ou_[t][m]; break;
            }
        }
    }
}

void scn_signal::step() {
    const auto& phi = prop_.phi;
    const auto& gam = prop_.gamma;
    for (std::uint32_t i = 0; i < dim_; ++i) {
        double s = 0.0;
        for (std::uint32_t j = 0; j < dim_; ++j) s += phi[i * dim_ + j] * x_[j] + gam[i * dim_ + j] * c_[j];
        tmp_[i] = s;
    }
    std::swap(x_, tmp_);
    ++k_;
    evaluate();
}

scn_signal_state scn_signal::state() const {
    scn_signal_state s{k_, x_, c_, {}};
    for (const auto& y : ou_) s.ou.insert(s.ou.end(), y.begin(), y.end());
    return s;
}

void scn_signal::restore(const scn_signal_state& s) {
    std::size_t n_ou = 0;
    for (const auto& y : ou_) n_ou += y.size();
    if (s.steps < 0 || s.x.size() != dim_ || s.c.size() != dim_ || s.ou.size() != n_ou)
        throw internal_error("scn_signal::restore: state of another signal");
    k_ = s.steps;
    x_ = s.x;
    c_ = s.c;
    auto from = s.ou.begin();
    for (auto& y : ou_) {
        std::copy(from, from + static_cast<std::ptrdiff_t>(y.size()), y.begin());
        from += static_cast<std::ptrdiff_t>(y.size());
    }
}

}  // namespace balnet
