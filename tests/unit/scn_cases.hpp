// SPDX-License-Identifier: BSD-3-Clause
// The standard SCN test configurations of docs/models.md §2.4.3 (SCN-2D), shared by the SCN tests,
// and a one-process run helper that collects every step's x~, x^ and spikes.
#pragma once
#include <cmath>
#include <numbers>
#include <vector>

#include <balnet/spiking/scn_engine.hpp>

namespace balnet::test {

/// SCN-2D: J = 2, random decoder of norm 0.1, lambda = 0.05 / ms, mu = 1e-3, h = 0.1 ms, the
/// circle x = (cos 2 pi 2 Hz t, sin 2 pi 2 Hz t) written out as c = dx/dt + lambda x.
inline scn_params scn_2d_circle(std::uint64_t n, seed_type seed = 1) {
    scn_params p;
    p.n = n;
    p.dim = 2;
    p.seed = seed;
    p.x0 = {1.0, 0.0};
    p.command = scn_circle_command(p.dynamics(), 2, 1.0, 2.0);
    return p;
}

/// c(t) of the circle computed directly: (lambda cos wt - w sin wt, lambda sin wt + w cos wt).
inline std::vector<double> circle_command_direct(double t_ms, double lambda = 0.05) {
    const double w = 2.0 * std::numbers::pi * 2.0 * 1e-3;
    return {lambda * std::cos(w * t_ms) - w * std::sin(w * t_ms),
            lambda * std::sin(w * t_ms) + w * std::cos(w * t_ms)};
}

struct scn_trace {
    std::vector<std::vector<double>> x, xhat;  // per state k = 1..steps
    std::vector<spike> spikes;
};

inline scn_trace run_scn(scn_engine& eng, step_type steps) {
    scn_trace t;
    eng.set_step_probe([&](const scn_engine& e) {
        t.x.emplace_back(e.target().begin(), e.target().end());
        t.xhat.emplace_back(e.readout().begin(), e.readout().end());
    });
    eng.advance(steps);
    t.spikes = eng.take_spikes();
    eng.set_step_probe({});
    return t;
}

/// NRMSE (docs/models.md §2.5 item 5.10) over the states k in [k0, k1) of a trace, written out directly.
inline double naive_nrmse(const scn_trace& t, step_type k0, step_type k1) {
    double err = 0, sq = 0;
    for (step_type k = k0; k < k1; ++k) {
        const auto& x = t.x[static_cast<std::size_t>(k - 1)];
        const auto& y = t.xhat[static_cast<std::size_t>(k - 1)];
        for (std::size_t m = 0; m < x.size(); ++m) {
            err += (x[m] - y[m]) * (x[m] - y[m]);
            sq += x[m] * x[m];
        }
    }
    return std::sqrt(err / sq);
}

}  // namespace balnet::test
