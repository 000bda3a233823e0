// SPDX-License-Identifier: BSD-3-Clause
// The cortical microcircuit of Potjans & Diesmann (2014, Cereb Cortex 24:785, "PD14"): 8
// populations (L2/3, L4, L5, L6; E and I each) of current-based LIF neurons with exponential
// post-synaptic currents (NEST's iaf_psc_exp), connected by the "fixed total number" rule with
// multapses and without autapses, driven by Poisson background. A value type: the full-scale
// table of the paper, and `scaled` for the down-scaled versions with the DC compensation of
// van Albada, Helias & Diesmann (2015, PLoS CB 11:e1004490). It knows nothing about ranks or
// engines; a builder turns it into the engine's network, the mean field into a Siegert network.
//
// Definitions (PD14 Methods, "Connectivity"; NEST's Potjans_2014 example, helpers.py):
//  - synapses[a][b]: the TOTAL number of synapses onto population a from population b. The
//    paper's connection probability p_ab is the probability that a (source, target) pair has
//    at least one synapse when K_ab synapses are placed at random with replacement among the
//    N_a N_b pairs: p = 1 - (1 - 1/(N_a N_b))^K, hence
//        K_ab = log(1 - p_ab) / log(1 - 1/(N_a N_b))                                   (PD14 eq. 1)
//    rounded to an integer (half to even), at full scale too, as NEST's example does (the
//    fixed_total_number rule takes a count; the in-degrees published with Bos et al. 2016 and
//    NNMT are eq. 1 truncated, over N_a: at most one synapse apart); scaled tables round eq. 1
//    times the scales;
//  - the mean in-degree of a target of a is synapses[a][b] / N_a (each synapse's target is
//    drawn uniformly, so in-degrees vary; the fixed_total_number rule);
//  - weights are PSC amplitudes [pA], drawn per synapse from a normal of relative sd 0.1,
//    redrawn until the sign is the mean's (NEST: nest.math.redraw at 0); delays [ms] normal of
//    relative sd 0.5, redrawn below the grid step (NEST: min = dt/2 before rounding);
//  - the engine's exponential-current neuron (spiking/exp_synapse_neuron.hpp) integrates
//    tau_m dv/dt = -(v - E_L) + g, g = R I with R = tau_m / C_m, so a PSC amplitude J [pA] is a
//    jump of J tau_m / C_m [mV] of g (`*_mv` below); its time integral moves v by
//    J tau_syn / C_m [mV] (`delta_equivalent_mv`: what the diffusion approximation sees).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace balnet {

struct microcircuit {
    static constexpr std::size_t n_pop = 8;
    using row = std::array<double, n_pop>;
    using matrix = std::array<row, n_pop>;  ///< [target][source]

    std::array<std::string, n_pop> names{};
    std::array<std::uint64_t, n_pop> size{};  ///< neurons N_a
    matrix probability{};  ///< p_ab, PD14 Table 5 (onto a from b)
    matrix synapses{};     ///< total synapse number K_ab (see above)
    matrix psc_mean{};     // [pA] signed mean PSC amplitude
    double psc_rel_sd = 0.1;
    matrix delay_mean{};   // [ms]
    double delay_rel_sd = 0.5;
    bool multapses = true;   ///< fixed_total_number: pairs may repeat
    bool autapses = false;   ///< no neuron is its own source
    // The neuron (iaf_psc_exp), the same in every population (PD14 Table 5).
    double c_m = 250.0;      // [pF]
    double tau_m = 10.0;     // [ms]
    double tau_syn = 0.5;    // [ms] excitatory and inhibitory
    double e_l = -65.0;      // [mV] resting potential
    double v_th = -50.0;     // [mV]
    double v_reset = -65.0;  // [mV]
    double t_ref = 2.0;      // [ms]
    row v0_mean{};           // [mV] V(0) ~ N(v0_mean, v0_sd^2) per population
    row v0_sd{};             // [mV]
    // Background: K_ext independent Poisson trains of nu_ext each, PSC amplitude psc_ext, delay
    // delay_ext; plus a constant current dc (pA; 0 at full scale, the compensation when scaled).
    row k_ext{};
    double nu_ext = 8.0;       // [Hz]
    double psc_ext = 0.0;      // [pA]
    double delay_ext = 1.5;    // [ms]
    row dc{};                  // [pA]
    /// Full-scale rates [Hz] from which `scaled` computes the DC compensation.
    row reference_rates{};
    double neuron_scale = 1.0;    ///< N relative to the full-scale model
    double indegree_scale = 1.0;  ///< in-degrees relative to the full-scale model

    /// Mean in-degree onto a target of a from b: synapses / N_a.
    double indegree(std::size_t a, std::size_t b) const { return synapses[a][b] / static_cast<double>(size[a]); }
    double psc_to_mv() const { return tau_m / c_m; }         ///< R [mV/pA]: jump of g per pA of PSC
    double weight_mv(std::size_t a, std::size_t b) const { return psc_mean[a][b] * psc_to_mv(); }
    double psc_ext_mv() const { return psc_ext * psc_to_mv(); }
    double dc_mv(std::size_t a) const { return dc[a] * psc_to_mv(); }  ///< R I_dc: mean shift of v
    /// The charge of one PSC as a voltage jump [mV]: J tau_syn / C_m.
    double delta_equivalent_mv(double psc_pa) const { return psc_pa * tau_syn / c_m; }
    bool excitatory(std::size_t b) const { return b % 2 == 0; }  ///< E, I alternate (L23E first)
    std::uint64_t total_neurons() const;
    double total_synapses() const;

    /// Neurons scaled by neuron_scale, total synapse numbers by neuron_scale * indegree_scale
    /// (in-degrees scale by indegree_scale), K_ext by indegree_scale, each rounded half to even
    /// as NEST's example does; with indegree_scale < 1, weights (recurrent and external) are
    /// multiplied by 1/sqrt(indegree_scale), which keeps the input variance, and the lost mean
    ///     dc_a += 1e-3 tau_syn (1 - sqrt(k)) (sum_b J_ab K_ab nu_b + J_ext K_ext,a nu_ext)  [pA]
    /// (K_ab the full-scale in-degrees of eq. 1 before rounding, nu_b = reference_rates) comes
    /// back as a DC current (van Albada et al. 2015; NEST's
    /// helpers.adjust_weights_and_input_to_synapse_scaling). Scales compose from the full-scale
    /// table only (internal_error if this one is scaled); config_error for a factor outside
    /// (0, 1] (naming lif.scale / lif.k_scale) or when a population would be empty.
    microcircuit scaled(double neuron_scale, double indegree_scale) const;
};

/// The full-scale model: 77 169 neurons, about 3.0e8 synapses (PD14 Tables 4, 5; values as in
/// NEST's Potjans_2014 example, network_params.py).
microcircuit potjans_diesmann_2014();

/// PD14 eq. 1: K = log(1 - p) / log(1 - 1/(n_pre n_post)), p in [0, 1).
double total_synapse_number(double p, double n_pre, double n_post);

}  // namespace balnet
