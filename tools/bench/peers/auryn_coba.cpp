// SPDX-License-Identifier: BSD-3-Clause
// The COBA benchmark of Brette et al. (2007) in Auryn, for tools/bench/compare_peers.py: the same
// network as balnet's inputs/examples/coba.ini. 3200 E and 800 I neurons (Auryn's TIFGroup:
// E_L = -60 mV, theta = -50 mV, reset to E_L, E_e = 0, E_i = -80 mV, tau_m = 20 ms, exponential
// conductances tau_e = 5 ms, tau_i = 10 ms), t_ref = 5 ms, connection probability 0.02, weights
// 0.6 and 6.7 g_L, V(0) ~ N(-65, 5) mV, g_e(0) ~ N(4, 1.5) g_L, g_i(0) ~ N(20, 12) g_L.
// What differs: Auryn integrates in float (Euler) and delivers after its fixed 0.8 ms axonal
// delay (balnet: one step, as Brian); the harness checks that the rates agree.
#include <chrono>

#include "auryn.h"
#include "auryn_report.hpp"

using namespace auryn;

int main(int ac, char* av[]) {
    const auto start = std::chrono::steady_clock::now();
    namespace po = boost::program_options;
    po::options_description desc("auryn_coba");
    desc.add_options()("simtime", po::value<double>()->default_value(1.0), "seconds")
        ("dir", po::value<std::string>()->default_value("/tmp"), "output folder");
    po::variables_map vm;
    po::store(po::parse_command_line(ac, av, desc), vm);
    const std::string dir = vm["dir"].as<std::string>();
    auryn_init(ac, av, dir, "auryn_coba", "", NONE, NONE);
    sys->quiet = true;
    auto make = [](unsigned n, unsigned seed) {
        auto* grp = new TIFGroup(n);
        grp->set_refractory_period(5e-3);
        grp->random_mem(-65e-3, 5e-3);
        grp->get_state_vector("g_ampa")->set_random_normal(4.0, 1.5, seed);
        grp->get_state_vector("g_gaba")->set_random_normal(20.0, 12.0, seed + 1);
        return grp;
    };
    TIFGroup* e = make(3200, 11);
    TIFGroup* i = make(800, 21);
    new SparseConnection(e, e, 0.6, 0.02, GLUT);
    new SparseConnection(e, i, 0.6, 0.02, GLUT);
    new SparseConnection(i, e, 6.7, 0.02, GABA);
    new SparseConnection(i, i, 6.7, 0.02, GABA);
    return run_and_report(e, dir, "auryn_coba", vm["simtime"].as<double>(), start);
}
