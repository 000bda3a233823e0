// SPDX-License-Identifier: BSD-3-Clause
// A rate run, resolved: the network (docs/models.md §1.1–1.4), the response function, the protocol
// (§1.5) and what is recorded. `rate_params` mirrors the configuration keys one to one;
// `rate_model::build` applies the paper's rules (K-scaling of weights and bias, E–I split with
// round-half-even, recorded units) and is a pure function, run identically on every rank.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/network/network_spec.hpp>
#include <balnet/rate/rate_file_network.hpp>
#include <balnet/rate/coupling_matrix.hpp>
#include <balnet/core/response_function.hpp>

namespace balnet {

enum class rate_integrator { euler, ts };

/// The configuration keys of a rate run (see `balnet run --help` for units and ranges).
struct rate_params {
    bool ei = false;                 // network.type
    std::uint64_t N = 1000, K = 1000;
    connectivity_rule rule = connectivity_rule::fixed_indegree;
    double rho_e = 0.5;
    bool autapses = true;
    coupling_storage coupling = coupling_storage::double_;
    coupling_product product = coupling_product::auto_;
    weight_kind distribution = weight_kind::gamma;
    double nu = 0.5, scale_bias = 0.0;
    double J0 = 2.0, g = 2.0;        // inhibitory network
    double J_ee = 1, J_ei = 2, J_ie = 1, J_ii = 1.2, g_ee = 1, g_ei = 1, g_ie = 1, g_ii = 1;
    double I0 = 1.0, I_E = 2.0, I_I = 1.0;
    response_kind response = response_kind::rect_tanh;
    double power = 2.0;
    double T = 2000, warmup = 10, dt = 0.02;  // [tau]
    rate_integrator integrator = rate_integrator::euler;
    seed_type seed = 1, init_seed = 1;
    std::uint64_t record_units = 1000;
    double record_dt = 0.02, ncorr = 40;      // [tau]
    std::uint64_t trace_units = 100;
    double trace_dt = 0.2;                    // [tau]
    /// network.type = file: the network and biases from the file; the keys above that describe
    /// the network (ei ... I_I) are then unused, and x(0) = init_sd N(0,1).
    std::optional<rate_file_network> file;
    double init_sd = 1.0;
};

struct rate_model {
    network_spec net;
    std::vector<double> bias;        ///< per population, K-scaled
    response_function phi;
    double dt = 0.02;                ///< [tau]; tau = 1
    step_type warmup_steps = 0;      ///< floor(warmup / dt)
    step_type run_steps = 0;         ///< floor(T / dt) steps after the warm-up
    step_type record_every = 1;      ///< rcEvery = round(record.dt / dt)
    step_type trace_every = 1;       ///< in steps, a multiple of record_every
    std::uint64_t acf_lags = 0;      ///< L = floor(ncorr / record.dt)
    std::vector<gid_type> recorded;  ///< the recorded subset (ACF), sorted
    std::uint64_t trace_units = 0;   ///< the first trace_units of `recorded` get traces
    rate_integrator integrator = rate_integrator::euler;
    coupling_storage coupling = coupling_storage::double_;
    coupling_product product = coupling_product::dense;  ///< resolved: dense or sparse, never auto
    seed_type init_seed = 1;
    double init_std = 2.0;           ///< x(0) = init_std * N(0,1); g_ii, not K-scaled
    double alpha_factor = 0.0;       ///< alpha = m * alpha_factor = m sqrt(K) (J_ii/g_ii)^2

    static rate_model build(const rate_params& p);

    /// Number of recorded steps R.
    step_type recorded_steps() const noexcept { return run_steps / record_every; }
    /// Whether step s (1-based, counted from the start) is recorded: docs/models.md §1.5.
    bool is_recorded(step_type s) const noexcept {
        const step_type r = s - warmup_steps;
        return r > 0 && r % record_every == 0;
    }
};

}  // namespace balnet
