// SPDX-License-Identifier: BSD-3-Clause
// User parameters of a spike-coding network (SCN; Boerlin, Machens & Denève 2013; docs/models.md
// §2.4): the signal dynamics dx/dt = A x + c(t) of dimension J, the command generators that make
// c(t), the decoder D (J x N), leak lambda, costs mu and nu, voltage noise, the spiking rule and
// an optional knock-out. A value type, identical on every rank; `validate()` checks every field
// (config_error naming the field) before anything is built, so no collective precedes an error.
// Units: time ms, rates 1/ms (lambda), frequencies Hz; signal, decoder and voltages are
// dimensionless.
#pragma once
#include <cstdint>
#include <limits>
#include <vector>

#include <balnet/core/types.hpp>

namespace balnet {

/// One additive generator of the command c(t), active on [t_on, t_off) (grid steps
/// round(t_on / dt) <= k < round(t_off / dt)).
struct scn_command_term {
    enum class kind {
        constant,  ///< c_m = amplitude_m (with t_on/t_off: a step or a pulse)
        cosine,    ///< c_m = amplitude_m cos(2 pi f t + phase_m), f in Hz, t in ms / 1000
        ou,        ///< Ornstein-Uhlenbeck, mean 0, stationary SD amplitude_m, time constant tau
    };
    kind type = kind::constant;
    std::vector<double> amplitude;  ///< J values
    std::vector<double> phase;      ///< cosine: J phases [rad]; empty = all 0
    double frequency_hz = 0.0;      // [Hz] cosine
    double tau = 0.0;               // [ms] ou
    double t_on = 0.0;              // [ms]
    double t_off = std::numeric_limits<double>::infinity();  // [ms]
};

enum class scn_decoder_kind {
    random,   ///< i.i.d. Gaussian columns normalised to gamma, keyed (seed, weights, gid)
    regular,  ///< J = 2: angles 2 pi (i + 1/2) / N, norm gamma
    given,    ///< decoder_matrix (e.g. read from a file by the app)
};

enum class scn_spike_rule {
    greedy,     ///< global argmax of V - T, ties to the lowest gid, at most max_spikes_per_step
    all_above,  ///< every live neuron above threshold at once, applied in gid order
};

enum class scn_knockout_kind {
    none,
    random,      ///< round(fraction N) neurons: the smallest keyed uniforms (seed, sampling, gid)
    list,        ///< the gids in `gids`
    half_plane,  ///< every neuron with D[component, i] > 0
};

struct scn_knockout {
    scn_knockout_kind kind = scn_knockout_kind::none;
    double time = 0.0;             // [ms] t_ko: from the step k with k dt >= t_ko on
    double fraction = 0.5;         ///< random
    std::vector<gid_type> gids;    ///< list
    std::uint32_t component = 1;   ///< half_plane: D_2i > 0 by default (docs/models.md §2.4.3)
};

struct scn_params {
    std::uint64_t n = 50;      ///< neurons N (< 2^31: the global argmax carries the gid as int)
    std::uint32_t dim = 2;     ///< signal dimension J
    double dt = 0.1;           // [ms] step h
    double lambda = 0.05;      // [1/ms] read-out and voltage leak
    double mu = 1e-3;          ///< quadratic cost
    double nu = 0.0;           ///< linear cost
    double sigma_v = 0.0;      // [ms^-1/2] voltage noise
    /// A, J x J row-major; empty = -lambda I (leaky integrator, Omega_s = 0).
    std::vector<double> a;
    std::vector<double> x0;    ///< x(0), J values; empty = 0
    std::vector<scn_command_term> command;
    scn_decoder_kind decoder = scn_decoder_kind::random;
    double gamma = 0.1;        ///< column norm ||D_i|| (random, regular)
    /// given: J x N, column-major (column i = decoder_matrix[i J, (i + 1) J)).
    std::vector<double> decoder_matrix;
    scn_spike_rule rule = scn_spike_rule::greedy;
    std::uint64_t max_spikes_per_step = 1;  ///< greedy: S_max; 0 = until none is above threshold
    scn_knockout knockout;
    seed_type seed = 1;        ///< keys the decoder, the signal and the knock-out set
    std::uint64_t trial = 0;   ///< run.trial: the voltage noise is keyed by trial_seed(seed, trial)

    /// Throws config_error naming the first offending field.
    void validate() const;

    step_type steps(double ms) const noexcept;  ///< round(ms / dt)
    /// A (J x J row-major) with the default filled in.
    std::vector<double> dynamics() const;
    /// true when A = -lambda I exactly (then Omega_s = 0 and V = D^T(x~ - x^) - mu r holds).
    bool leaky_integrator() const;
};

}  // namespace balnet
