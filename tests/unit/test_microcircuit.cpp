// SPDX-License-Identifier: BSD-3-Clause
// The Potjans & Diesmann (2014) table (network/microcircuit.hpp): sizes and derived synapse
// numbers against independent sources, and the down-scaling of van Albada et al. (2015).
#include <balnet/network/microcircuit.hpp>

#include <cmath>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

using mc = microcircuit;

// Mean in-degrees K_ab / N_a of the original model as published with the Bos et al. (2016,
// PLoS CB 12:e1005132) mean-field code and NNMT (Layer et al. 2022): the K table of NNMT's
// tests/fixtures/integration/config/network_params.yaml (the original model; Bos et al.'s variant
// lowers L4E <- L4I to 675 and K_ext of L4E to 1780).
constexpr mc::matrix published_indegree{{
    {2199.86486, 1079.32007, 979.241261, 467.578108, 159.240826, 0.0, 109.819852, 0.0},
    {2990.00583, 860.261056, 703.691807, 289.693864, 380.735859, 0.0, 60.5863901, 0.0},
    {159.875428, 34.5225188, 1117.17312, 794.596213, 32.6043349, 0.319552818, 667.325211, 0.0},
    {1480.97354, 16.9432378, 1813.02026, 953.325789, 16.0313926, 0.0, 1608.12283, 0.0},
    {2188.36598, 374.651134, 1135.62969, 31.3195876, 420.770722, 496.471959, 296.694639, 0.0},
    {1165.66761, 159.083568, 570.579343, 12.0666667, 300.095775, 404.17277, 124.332394, 0.0},
    {325.197985, 38.632025, 467.354637, 91.7147621, 285.670372, 21.1899271, 581.635915, 752.183189},
    {766.90502, 5.83683853, 74.6380597, 2.74016282, 136.240841, 8.55427408, 979.791723, 459.402985},
}};

TEST(Microcircuit, SizesAndTotals) {
    const mc m = potjans_diesmann_2014();
    EXPECT_EQ(m.total_neurons(), 77169u);  // PD14 abstract and Table 5
    // PD14: "about 0.3 billion synapses"; the sum of eq. 1 over the table is 2.9888e8.
    EXPECT_NEAR(m.total_synapses(), 2.9888e8, 0.0001e8);
}

// Eq. 1 in long double from its other form, K = ln(1 - p) / ln((N N' - 1) / (N N')), against
// the table's counts (eq. 1 rounded), and the in-degrees against the published table.
TEST(Microcircuit, SynapseNumbersFollowEquationOne) {
    const mc m = potjans_diesmann_2014();
    for (std::size_t a = 0; a < mc::n_pop; ++a) {
        for (std::size_t b = 0; b < mc::n_pop; ++b) {
            const long double prod = static_cast<long double>(m.size[a]) * static_cast<long double>(m.size[b]);
            const long double k = std::log(1.0L - static_cast<long double>(m.probability[a][b])) /
                                  std::log((prod - 1.0L) / prod);
            EXPECT_LE(std::fabs(m.synapses[a][b] - static_cast<double>(k)), 0.5) << m.names[a] << " <- " << m.names[b];
            EXPECT_EQ(m.synapses[a][b], std::floor(m.synapses[a][b]));  // a count
            // The published in-degrees are eq. 1 truncated (an integer conversion of the older
            // implementations) over N_a, e.g. 45499805 / 20683 = 2199.86486 for L23E <- L23E where
            // eq. 1 gives 45499805.54: within one synapse of this table's counts (and their 9 digits).
            const double n_a = static_cast<double>(m.size[a]);
            EXPECT_NEAR(m.indegree(a, b), published_indegree[a][b], 1.0 / n_a + 1e-8 * published_indegree[a][b])
                << m.names[a] << " <- " << m.names[b];
        }
    }
}

TEST(Microcircuit, WeightsDelaysAndUnits) {
    const mc m = potjans_diesmann_2014();
    EXPECT_DOUBLE_EQ(m.psc_mean[0][2], 175.6);  // L4E -> L23E doubled
    EXPECT_DOUBLE_EQ(m.psc_mean[0][0], 87.8);
    EXPECT_DOUBLE_EQ(m.psc_mean[4][5], -351.2);  // g = -4
    EXPECT_DOUBLE_EQ(m.delay_mean[3][2], 1.5);
    EXPECT_DOUBLE_EQ(m.delay_mean[3][3], 0.75);
    // g = R I: 87.8 pA * 10 ms / 250 pF = 3.512 mV; the charge 87.8 pA * 0.5 ms / 250 pF.
    EXPECT_NEAR(m.weight_mv(0, 0), 3.512, 1e-12);
    EXPECT_NEAR(m.delta_equivalent_mv(87.8), 0.1756, 1e-12);
    // The PSC of NEST's example comes from a 0.15 mV PSP peak (Hanuschkin et al. 2010, eq. 5):
    // the peak of the PSP of a 87.8 pA PSC, computed here, is 0.15 mV to 3 digits.
    const double tm = m.tau_m, ts = m.tau_syn;
    const double t_peak = tm * ts / (tm - ts) * std::log(tm / ts);
    const double psp = 87.8 / m.c_m * tm * ts / (tm - ts) * (std::exp(-t_peak / tm) - std::exp(-t_peak / ts));
    EXPECT_NEAR(psp, 0.15, 0.0005);
}

TEST(Microcircuit, ScalingKeepsMeanAndVariance) {
    const mc full = potjans_diesmann_2014();
    const mc small = full.scaled(0.1, 1.0);
    EXPECT_EQ(small.size[0], 2068u);  // round(2068.3)
    EXPECT_EQ(small.size[5], 106u);   // 106.5: half to even, as numpy in NEST's example
    EXPECT_NEAR(small.synapses[0][0], full.synapses[0][0] * 0.1, 0.51);
    EXPECT_EQ(small.dc, full.dc);  // neurons alone: in-degrees and weights unchanged
    // In-degrees scaled by k (neurons kept, so that the rounding of N does not enter).
    const double k = 0.25;
    const mc s = full.scaled(1.0, k);
    EXPECT_DOUBLE_EQ(s.k_ext[0], 400.0);
    EXPECT_NEAR(s.psc_mean[0][1], -351.2 / 0.5, 1e-12);  // 1/sqrt(k) = 2
    EXPECT_NEAR(s.psc_ext, 87.8 * 2.0, 1e-12);
    // Mean input current (recurrent at the reference rates + background + DC) and its variance, to the 1e-5 that
    // rounding the synapse numbers to integers leaves (proportional to K J^2 for the variance).
    for (std::size_t a = 0; a < mc::n_pop; ++a) {
        double mean_full = full.psc_ext * full.k_ext[a] * full.nu_ext, mean_s = s.psc_ext * s.k_ext[a] * s.nu_ext;
        double var_full = full.psc_ext * full.psc_ext * full.k_ext[a] * full.nu_ext;
        double var_s = s.psc_ext * s.psc_ext * s.k_ext[a] * s.nu_ext;
        for (std::size_t b = 0; b < mc::n_pop; ++b) {
            const double r = full.reference_rates[b];
            mean_full += full.psc_mean[a][b] * full.indegree(a, b) * r;
            mean_s += s.psc_mean[a][b] * s.indegree(a, b) * r;
            var_full += full.psc_mean[a][b] * full.psc_mean[a][b] * full.indegree(a, b) * r;
            var_s += s.psc_mean[a][b] * s.psc_mean[a][b] * s.indegree(a, b) * r;
        }
        // DC [pA] stands for a rate of charge: mean current = I_dc / (1e-3 tau_syn) in pA Hz.
        mean_s += s.dc[a] / (1e-3 * s.tau_syn);
        EXPECT_NEAR(mean_s, mean_full, 1e-5 * std::fabs(mean_full)) << s.names[a];
        EXPECT_NEAR(var_s, var_full, 1e-5 * var_full) << s.names[a];
    }
}

TEST(Microcircuit, ScaleFactorsAreChecked) {
    const mc full = potjans_diesmann_2014();
    EXPECT_THROW((void)full.scaled(0.0, 1.0), config_error);
    EXPECT_THROW((void)full.scaled(1.0, 1.5), config_error);
    EXPECT_THROW((void)full.scaled(1e-4, 1.0), config_error);  // L5I would have no neuron
    EXPECT_THROW((void)full.scaled(0.5, 1.0).scaled(0.5, 1.0), internal_error);
    const mc same = full.scaled(1.0, 1.0);
    EXPECT_EQ(same.dc, full.dc);
}

}  // namespace
}  // namespace balnet
