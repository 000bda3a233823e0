// SPDX-License-Identifier: BSD-3-Clause
// Population-level description of a sparse-balance rate network (docs/models.md §1.1–1.4), the only
// input of the mean-field closures. It is a plain value filled by the caller from the run
// configuration; nothing here knows about ranks, partitions or drawn weights. Invariants checked
// by `validate`: K's positive, the response and weight names are known, rect_power has λ > 0,
// and the E–I fields are used only when `type == ei`. Weight statistics follow §1.2.1 exactly:
// mean J K^(-1/2), std g K^(-nu/2), with the presynaptic in-degree K_b in place of K.
#pragma once
#include <string>

#include <balnet/core/response_function.hpp>

namespace balnet {

enum class mf_network_type { inhibitory, ei };

mf_network_type parse_mf_network_type(const std::string& name);  ///< "inhibitory" | "ei"

struct rate_population_model {
    mf_network_type type = mf_network_type::inhibitory;
    // Pure-inhibitory network (type == inhibitory).
    double K = 1000.0;  ///< in-degree
    double J0 = 2.0;    ///< J_ii
    double g = 2.0;     ///< g_ii
    double I0 = 1.0;    ///< bias I_i
    // E–I network (type == ei): J_ab / g_ab is the projection from b onto a (all magnitudes).
    double K_E = 500.0, K_I = 500.0;
    double J_EE = 1.0, J_EI = 2.0, J_IE = 1.0, J_II = 1.2;
    double g_EE = 1.0, g_EI = 1.0, g_IE = 1.0, g_II = 1.0;
    double I_E = 2.0, I_I = 1.0;
    // Shared.
    double nu = 0.5;          ///< std exponent: sigma = g K^(-nu/2)
    double scale_bias = 0.0;  ///< bias used is I * K^scale_bias (K of the unit's own population)
    response_kind response = response_kind::rect_tanh;
    double power = 2.0;             ///< λ of rect_power
    std::string weights = "gamma";  ///< gamma | lognormal | normal | bernoulli | constant
    /// Network size, for the dilution K/N of the closures that assume sparse connectivity;
    /// 0 = not given (taken as N -> infinity, K/N -> 0).
    double N = 0.0;
};

/// Throws meanfield_error naming the first invalid field.
void validate(const rate_population_model& model);

/// Statistics of one projection b → a as seen by a unit of a (docs/models.md §1.2.1–1.2.2).
struct projection_moments {
    double K = 0.0;      ///< presynaptic in-degree K_b
    double mean = 0.0;   ///< Jbar, mean weight magnitude
    double std = 0.0;    ///< sigma (bernoulli: sqrt(Jbar(1-Jbar)); constant: 0)
    double sign = -1.0;  ///< +1 excitatory source, −1 inhibitory source
    /// Mean recurrent input per unit rate of the source: sign · K Jbar = sign · J sqrt(K).
    double mean_gain() const noexcept { return sign * K * mean; }
    /// Quenched input variance per unit second moment of the source rate: K sigma^2.
    double variance_gain() const noexcept { return K * std * std; }
};

/// Number of populations: 1 (inhibitory) or 2 (E = 0, I = 1).
int population_count(const rate_population_model& model) noexcept;
/// The projection from population b onto population a (indices as above).
projection_moments projection(const rate_population_model& model, int a, int b);
/// The bias I_a K_a^scale_bias actually applied to population a.
double bias(const rate_population_model& model, int a);

/// For a closure that models the weights as a gamma law and does not refuse other laws (moment-gamma):
/// "" for gamma weights, else a sentence starting with "WARNING" that says the network is outside
/// the closure's assumptions (it keeps only the weights' mean and variance). Appended to the
/// closure's `assumptions`, which `balnet mft`, /meanfield and the run's table show.
std::string gamma_weights_warning(const rate_population_model& model);

// ---- Assumptions the closures share, each with one wording (docs/models.md 1.7): a closure
// refuses (meanfield_error, "not applicable" in `balnet mft` and the run's table) or flags (a
// sentence starting with " WARNING" appended to its assumptions) with these, so that the same
// network outside the same assumption reads the same in every closure. ----

/// Throws meanfield_error unless the network is the pure-inhibitory one: `closure` (its name in
/// `balnet mft`) is written for it alone (docs/models.md `section`); names network.type = ei.
void require_inhibitory(const rate_population_model& model, const std::string& closure,
                        const std::string& section);

/// Why the recurrent input is not Gaussian ("" when it is): a Gaussian closure needs many
/// comparable contributions, so weights whose std falls more slowly than the mean (nu < 1) with a
/// skewed law (gamma, lognormal), or bernoulli weights (in effect nu = 1/2, docs/models.md 1.2.2).
/// Normal and constant weights give Gaussian input at any nu. Names weights.nu or
/// weights.distribution with its value.
std::string non_gaussian_input(const rate_population_model& model);

/// For the Gaussian DMFT's temporal predictions: "" when K/N <= 1/2 (or N not given), else a
/// WARNING sentence. Its own validation (docs/models.md 1.7.6) is at K/N = 1/2; at N = K every
/// pair of units shares all its inputs and the measured tvx is about half the prediction.
std::string dilution_warning(const rate_population_model& model);

}  // namespace balnet
