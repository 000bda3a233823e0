// SPDX-License-Identifier: BSD-3-Clause
// Diffusion approximation of LIF neurons with delta synapses (docs/models.md §2.2.6): the Siegert
// rate, Brunel's CV of the interspike intervals, the input moments (mu, sigma) of a population
// whose sources fire as independent Poisson processes, and the self-consistent rates.
//
// Pure functions, no partition, no MPI. Units: time ms, voltage mV, rates Hz.
// Numerics: the integrands are scaled so that nothing overflows or cancels. With
// y_theta = (theta - mu)/sigma, y_r = (v_reset - mu)/sigma,
//   y_theta <= 0:  1/nu = t_ref + tau sqrt(pi) int_{-y_theta}^{-y_r} erfcx(v) dv,
//   y_theta  > 0:  nu = e^{-y_theta^2} / (t_ref e^{-y_theta^2} + tau sqrt(pi) S),
//                  S = int_{y_r}^{y_theta} e^{-y_theta^2} erfcx(-u) du,
// where e^{-y_theta^2} erfcx(-u) is evaluated as e^{(u - y_theta)(u + y_theta)} (1 + erf u) for
// u >= 0 and e^{-y_theta^2} erfcx(|u|) for u < 0, both bounded by 2: this is the S of docs/models.md
// with the Dawson terms folded back into one bounded integrand. The CV double integral is scaled
// by e^{-2E}, E = max(y_theta, 0)^2, as docs/models.md prescribes. Adaptive Gauss-Kronrod throughout.
//
// Invariants: sigma > 0, tau_m > 0, t_ref >= 0, theta > v_reset (meanfield_error otherwise).
// Every solver returns its residual and its assumptions, and throws meanfield_error where it
// finds no fixed point rather than returning a number.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace balnet {

/// Neuron constants entering the Siegert formula.
struct siegert_neuron {
    double tau_m = 20.0;   // [ms]
    double t_ref = 2.0;    // [ms]
    double theta = 20.0;   // [mV]
    double v_reset = 10.0; // [mV]
    /// [ms] synaptic time constant for the Fourcaud-Brunel colored-noise shift of y_theta and
    /// y_r by +(alpha/2) sqrt(tau_s / tau_m); 0 = white noise (delta synapses).
    double tau_s = 0.0;
};
// Exponential current synapses (Fourcaud & Brunel 2002, Neural Comput 14:2057, eq. 4.13, to
// first order in sqrt(tau_s/tau_m)): a PSC J e^{-t/tau_s} / C_m enters mu and sigma through its
// charge, the delta-equivalent jump J tau_s / C_m, and the colored noise shifts threshold and
// reset by (alpha/2) sqrt(tau_s/tau_m) sigma, alpha = sqrt(2) |zeta(1/2)|: in the scaled
// bounds y_theta and y_r by (alpha/2) sqrt(tau_s/tau_m). NNMT (Layer et al. 2022,
// nnmt.lif.exp, method "shift") computes the microcircuit's rates the same way.

/// e^{x^2} erfc(x) for x >= 0 (accurate to a few ulp; no overflow for large x).
double erfcx_nonneg(double x);

/// (alpha/2) sqrt(tau_s/tau_m), alpha = sqrt(2) |zeta(1/2)| (Fourcaud & Brunel 2002).
double colored_noise_shift(double tau_s, double tau_m);

/// Stationary rate [Hz] of a LIF neuron with free membrane potential mean mu [mV] and noise
/// amplitude sigma [mV] (variance sigma^2/2).
double siegert_rate(double mu, double sigma, const siegert_neuron& n);

/// CV of the ISIs (Brunel 2000, App. A.1) at the rate nu_hz (usually siegert_rate(mu, sigma, n);
/// t_ref enters only through nu).
double siegert_cv(double mu, double sigma, const siegert_neuron& n, double nu_hz);

/// A network in the diffusion approximation: populations, recurrent projections and Poisson
/// inputs of fixed rate (external drive, or the feed-forward mode of docs/models.md §2.2.7).
struct siegert_network {
    struct projection {
        std::size_t target = 0;
        std::size_t source = 0;
        double indegree = 0.0;  ///< K_ab
        double weight = 0.0;    // [mV] J_ab (signed)
    };
    struct poisson_input {
        std::size_t target = 0;
        double rate_hz = 0.0;  // [Hz] total rate of the input (K_ext nu_ext)
        double weight = 0.0;   // [mV] signed jump per spike
    };
    std::vector<std::string> names;
    std::vector<siegert_neuron> neurons;
    std::vector<projection> projections;
    std::vector<poisson_input> inputs;
    /// [mV] constant drive R I_dc per population, added to mu (empty: none).
    std::vector<double> mu_dc;
};

/// mu_a and sigma_a of every population at the source rates nu_hz (docs/models.md §2.2.6).
struct siegert_moments {
    std::vector<double> mu;     // [mV]
    std::vector<double> sigma;  // [mV]
};
siegert_moments siegert_input_moments(const siegert_network& net, const std::vector<double>& nu_hz);

struct siegert_fixed_point {
    std::vector<double> rate_hz;
    std::vector<double> mu;     // [mV]
    std::vector<double> sigma;  // [mV]
    std::vector<double> cv;
    double residual = 0.0;  ///< max_a |phi_a(nu) - nu_a| [Hz]
    bool stable = true;     ///< of the pseudo-dynamics d nu/ds = phi(nu) - nu
    std::string method;
    std::string assumptions;
};

/// "" when every population's input is in the diffusion limit at the rates nu_hz, else a
/// sentence starting with " WARNING" naming the population, what it receives and the keys behind
/// it: a jump larger than (theta - V_r)/4, or fewer than 10 input spikes per tau_m (Brunel 2000's
/// small-J and many-inputs conditions; thresholds and their measurement in siegert.cpp). Every
/// fixed point's `assumptions` ends with it.
std::string diffusion_limit_warning(const siegert_network& net, const std::vector<double>& nu_hz);

/// One unknown shared by every population (Brunel's model A: identical E and I neurons, equal
/// in-degree structure): every root of F(nu) = phi(nu) - nu in [0, 1/t_ref), found by a scan
/// of `n_scan` points and bracketing (toms748). Requires all neurons and all per-target input
/// sums to be identical (meanfield_error otherwise). Roots sorted by rate.
std::vector<siegert_fixed_point> siegert_scan_fixed_points(const siegert_network& net,
                                                           std::size_t n_scan = 4000);

/// Any number of populations: relaxes d nu/ds = -nu + phi(nu) from nu = 0, then polishes with
/// Newton's method (finite-difference Jacobian); meanfield_error without convergence.
siegert_fixed_point siegert_solve(const siegert_network& net, double tolerance_hz = 1e-10);

}  // namespace balnet
