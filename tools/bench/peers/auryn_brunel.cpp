// SPDX-License-Identifier: BSD-3-Clause
// Brunel's model A in Auryn, for tools/bench/compare_peers.py: the same network as balnet's
// `lif.network = A` (docs/models.md §2.2) as far as Auryn can say it. tau = 20 ms, theta = 20 mV,
// V_r = 10 mV, t_ref = 2 ms, delta synapses J = 0.1 mV and -gJ, delay 1.5 ms, external Poisson
// drive of rate C_E eta nu_thr with weight J per neuron (Auryn's PoissonStimulator). What differs:
// Auryn draws the connections Bernoulli with p = C/N (balnet: fixed in-degree C), integrates in
// float with Euler's scheme (balnet: exact, double) and draws V(0) ~ U(0, theta) from its own
// generator; the harness checks that the E rates agree. Built against an Auryn build tree by
// compare_peers.py (it prints the command). Prints one line the harness parses.
#include <chrono>
#include <random>

#include "auryn.h"
#include "auryn_report.hpp"

using namespace auryn;

int main(int ac, char* av[]) {
    const auto start = std::chrono::steady_clock::now();
    namespace po = boost::program_options;
    po::options_description desc("auryn_brunel");
    desc.add_options()("ne", po::value<unsigned>()->default_value(10000), "excitatory neurons")
        ("ni", po::value<unsigned>()->default_value(2500), "inhibitory neurons")
        ("ce", po::value<double>()->default_value(1000), "mean excitatory in-degree")
        ("ci", po::value<double>()->default_value(250), "mean inhibitory in-degree")
        ("simtime", po::value<double>()->default_value(1.0), "seconds")
        ("dir", po::value<std::string>()->default_value("/tmp"), "output folder");
    po::variables_map vm;
    po::store(po::parse_command_line(ac, av, desc), vm);
    const unsigned ne = vm["ne"].as<unsigned>(), ni = vm["ni"].as<unsigned>();
    const double pe = vm["ce"].as<double>() / ne, pi = vm["ci"].as<double>() / ni, j = 0.1e-3, g = 5.0;
    const double nu_thr = 20e-3 / (j * vm["ce"].as<double>() * 20e-3), rate_ext = 2.0 * nu_thr * vm["ce"].as<double>();
    const std::string dir = vm["dir"].as<std::string>();
    auryn_init(ac, av, dir, "auryn_brunel", "", NONE, NONE);
    sys->quiet = true;
    auto make = [](unsigned n) {
        auto* grp = new IafPscDeltaGroup(n);
        grp->set_tau_mem(20e-3);
        grp->set_tau_ref(2e-3);
        grp->e_rest = 0;
        grp->e_reset = 10e-3;
        grp->thr = 20e-3;
        grp->set_delay(15);  // 1.5 ms at Auryn's 0.1 ms step
        std::mt19937 rng(1 + sys->mpi_rank());  // V(0) ~ U(0, theta), as balnet's default
        std::uniform_real_distribution<float> u(0.0f, 20e-3f);
        for (NeuronID k = 0; k < grp->get_rank_size(); ++k) grp->mem->set(k, u(rng));
        return grp;
    };
    IafPscDeltaGroup* e = make(ne);
    IafPscDeltaGroup* i = make(ni);
    new PoissonStimulator(e, rate_ext, j);
    new PoissonStimulator(i, rate_ext, j);
    new SparseConnection(e, e, j, pe, MEM);
    new SparseConnection(e, i, j, pe, MEM);
    new SparseConnection(i, e, -g * j, pi, MEM);
    new SparseConnection(i, i, -g * j, pi, MEM);
    return run_and_report(e, dir, "auryn_brunel", vm["simtime"].as<double>(), start);
}
