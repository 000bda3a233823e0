// SPDX-License-Identifier: BSD-3-Clause
// What both Auryn benchmark programs do after building their network: a population-rate monitor on
// the E group, the timed run, and the one line compare_peers.py parses.
#pragma once
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "auryn.h"

inline int run_and_report(auryn::SpikingGroup* e, const std::string& dir, const std::string& name,
                          double simtime, std::chrono::steady_clock::time_point start) {
    using clock = std::chrono::steady_clock;
    std::ostringstream f;
    f << dir << "/" << name << "." << auryn::sys->mpi_rank() << ".prate";
    new auryn::PopulationRateMonitor(e, f.str(), 0.01);
    const double built = std::chrono::duration<double>(clock::now() - start).count();
    const auto before = clock::now();  // Auryn's own timer counts whole seconds
    auryn::sys->run(simtime);
    const double sim = std::chrono::duration<double>(clock::now() - before).count();
    auryn::sys->flush_devices();
    std::ifstream in(f.str());
    double t = 0, r = 0, sum = 0;
    long n = 0;
    while (in >> t >> r) { sum += r; ++n; }
    std::cout << "auryn rank " << auryn::sys->mpi_rank() << ": build " << built << " s simulation " << sim
              << " s E rate " << (n ? sum / n : -1.0) << " Hz\n";
    auryn::auryn_free();
    return 0;
}
