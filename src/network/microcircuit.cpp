// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/microcircuit.hpp>

#include <charconv>
#include <cmath>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

// PD14 Table 5, "Connectivity": p_ab onto target a (rows) from source b (columns), population
// order L23E L23I L4E L4I L5E L5I L6E L6I (the same table in NEST's network_params.py,
// conn_probs).
constexpr microcircuit::matrix pd14_probability{{
    {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
    {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
    {0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
    {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
    {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
    {0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
    {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
    {0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443},
}};

// The shortest text that reads back as v (what the user wrote, for an error message).
std::string shortest(double v) {
    char b[32];
    const auto r = std::to_chars(b, b + sizeof b, v);
    return std::string(b, r.ptr);
}

void require_factor(const char* key, double v) {
    if (!(v > 0.0 && v <= 1.0))
        throw config_error(key, shortest(v), "in (0, 1] (a fraction of the full-scale microcircuit)");
}

// Halves to even, as numpy's round in NEST's example (1065 * 0.1 = 106.5 -> 106 L5I neurons),
// so that a scaled table has NEST's sizes.
double even_round(double x) { return std::nearbyint(x); }

// PD14 eq. 1 for the full-scale table `m`, before rounding.
double equation_one(const microcircuit& m, std::size_t a, std::size_t b) {
    return total_synapse_number(m.probability[a][b], static_cast<double>(m.size[b]), static_cast<double>(m.size[a]));
}

// The mean input current [pA] that in-degree scaling by k removes, per unit of (1 - sqrt k),
// with the full-scale in-degrees of eq. 1 unrounded (as NEST's example).
double lost_mean_current(const microcircuit& full, std::size_t a) {
    double rate_sum = full.psc_ext * full.k_ext[a] * full.nu_ext;  // pA Hz
    for (std::size_t b = 0; b < microcircuit::n_pop; ++b)
        rate_sum += full.psc_mean[a][b] * equation_one(full, a, b) / static_cast<double>(full.size[a]) *
                    full.reference_rates[b];
    return 1e-3 * full.tau_syn * rate_sum;  // ms Hz = 1e-3
}

}  // namespace

double total_synapse_number(double p, double n_pre, double n_post) {
    if (!(p >= 0.0 && p < 1.0) || !(n_pre >= 1.0) || !(n_post >= 1.0))
        throw internal_error("total_synapse_number: needs 0 <= p < 1 and populations of >= 1 neuron");
    if (p == 0.0) return 0.0;
    // log1p: 1/(n_pre n_post) is about 1e-9 at full scale, where log(1 - x) would lose 8 digits.
    return std::log1p(-p) / std::log1p(-1.0 / (n_pre * n_post));
}

microcircuit potjans_diesmann_2014() {
    microcircuit m;
    m.names = {"L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"};
    m.size = {20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948};  // PD14 Table 5, "Populations"
    m.probability = pd14_probability;
    // PD14 Table 5, "Connectivity" and "Synapses": w = 87.8 pA (PSP 0.15 mV), g = -4 for
    // inhibitory sources, 2w from L4E onto L23E; delays d_e = 1.5 ms, d_i = 0.75 ms.
    const double w = 87.8, g = -4.0;
    for (std::size_t a = 0; a < microcircuit::n_pop; ++a) {
        for (std::size_t b = 0; b < microcircuit::n_pop; ++b) {
            m.synapses[a][b] = even_round(equation_one(m, a, b));
            m.psc_mean[a][b] = m.excitatory(b) ? w : g * w;
            m.delay_mean[a][b] = m.excitatory(b) ? 1.5 : 0.75;
        }
    }
    m.psc_mean[0][2] = 2.0 * w;  // L4E -> L23E
    // PD14 Table 5, "Input": K_ext (the layer-specific background in-degrees), 8 Hz, weight w;
    // NEST's example delays the background by 1.5 ms.
    m.k_ext = {1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};
    m.psc_ext = w;
    // Initial potentials: NEST's example, V0_type "optimized" (its default; population-wise
    // means and sds that avoid the initial burst; "original" is N(-58, 10) mV for all).
    m.v0_mean = {-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43};
    m.v0_sd = {5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48};
    // Full-scale rates [Hz] of NEST's example (network_params.py, full_mean_rates: one
    // full-scale NEST simulation), the reference of the DC compensation, as NEST uses them.
    m.reference_rates = {0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829};
    return m;
}

std::uint64_t microcircuit::total_neurons() const {
    std::uint64_t n = 0;
    for (const auto s : size) n += s;
    return n;
}

double microcircuit::total_synapses() const {
    double k = 0.0;
    for (const auto& r : synapses)
        for (const double s : r) k += s;
    return k;
}

microcircuit microcircuit::scaled(double n_scale, double k_scale) const {
    require_factor("lif.scale", n_scale);
    require_factor("lif.k_scale", k_scale);
    if (neuron_scale != 1.0 || indegree_scale != 1.0)
        throw internal_error("microcircuit::scaled: scale the full-scale table, not a scaled one");
    microcircuit m = *this;
    m.neuron_scale = n_scale;
    m.indegree_scale = k_scale;
    const double w_factor = 1.0 / std::sqrt(k_scale);
    for (std::size_t a = 0; a < n_pop; ++a) {
        m.size[a] = static_cast<std::uint64_t>(even_round(static_cast<double>(size[a]) * n_scale));
        if (m.size[a] == 0)
            throw config_error("lif.scale", shortest(n_scale),
                               "large enough that population " + names[a] + " keeps a neuron");
        m.k_ext[a] = even_round(k_ext[a] * k_scale);
        m.dc[a] = dc[a] + (1.0 - std::sqrt(k_scale)) * lost_mean_current(*this, a);
        for (std::size_t b = 0; b < n_pop; ++b) {
            m.synapses[a][b] = even_round(equation_one(*this, a, b) * n_scale * k_scale);
            m.psc_mean[a][b] = psc_mean[a][b] * w_factor;
        }
    }
    m.psc_ext = psc_ext * w_factor;
    return m;
}

}  // namespace balnet
